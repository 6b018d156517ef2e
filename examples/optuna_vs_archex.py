#!/usr/bin/env python3
"""Optuna's TPE sampler driving archex through ask/tell, against archex's own
optimizers, on MobileNetV2 under an area budget (docs/python.md has a
measured run).

    PYTHONPATH=build/release/python python3 examples/optuna_vs_archex.py \
        --trials 300 --seeds 0,1,2 --optimizers random,evolution,gp-bandit

Each optimizer minimises MobileNetV2's latency on the apollo_edge template
with area <= budget. Optuna sees each parameter as an ordinal index
(suggest_int) and the budget as a constraint (TPESampler constraints_func);
archex's optimizers run as archex studies (SQLite, in a temporary folder).
Prints the median over seeds of the best feasible latency after 50, 100 and
all trials, the share of feasible trials and the wall time.
"""

import argparse
import os
import statistics
import tempfile
import time
import warnings

import archex


def optuna_run(trials: int, seed: int, budget: float) -> tuple[list[float], float, float]:
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    space = archex.space()
    sampler = optuna.samplers.TPESampler(seed=seed, constraints_func=lambda t: t.user_attrs["constraints"])
    study = optuna.create_study(direction="minimize", sampler=sampler)
    best, trajectory, feasible = float("inf"), [], 0
    start = time.perf_counter()
    for _ in range(trials):
        trial = study.ask()
        params = {name: values[trial.suggest_int(name, 0, len(values) - 1)] for name, values in space}
        m = archex.evaluate("mobilenet_v2", params, per_layer=False)
        ok = m["feasible"] and m["area_mm2"] <= budget
        # Over budget: by how much; unmappable: a positive violation as well.
        trial.set_user_attr("constraints", [m["area_mm2"] - budget if m["feasible"] else 1.0])
        study.tell(trial, m["latency_ms"] if m["feasible"] and m["latency_ms"] > 0 else 1e3)
        if ok:
            feasible += 1
            best = min(best, m["latency_ms"])
        trajectory.append(best)
    return trajectory, feasible / trials, time.perf_counter() - start


def archex_run(optimizer: str, trials: int, seed: int, budget: float, db: str) -> tuple[list[float], float, float]:
    study = archex.Study(db, f"{optimizer}-seed{seed}", workload="mobilenet_v2", budget=budget, optimizer=optimizer,
                         trials=trials, seed=seed)
    start = time.perf_counter()
    study.run()
    elapsed = time.perf_counter() - start
    records = study.trials()
    trajectory = [t["best_so_far"] if t["best_so_far"] is not None else float("inf") for t in records]
    feasible = sum(t["state"] == "complete" for t in records) / len(records)
    return trajectory, feasible, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trials", type=int, default=300)
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--optimizers", default="random,evolution,gp-bandit",
                        help="archex optimizers to compare with Optuna's TPE (archex.optimizers())")
    parser.add_argument("--budget", type=float, default=6.8, help="area budget, mm2")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    checkpoints = [c for c in (50, 100) if c < args.trials] + [args.trials]

    baseline = archex.evaluate("mobilenet_v2", None, per_layer=False)["latency_ms"]
    print(f"MobileNetV2 on apollo_edge, area <= {args.budget} mm2, {args.trials} trials x seeds {seeds}; "
          f"baseline {baseline:.4f} ms\n")
    header = "| optimizer | " + " | ".join(f"median best ms @{c}" for c in checkpoints) + " | feasible | time/seed |"
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "compare.db")
        for name in ["optuna-tpe"] + args.optimizers.split(","):
            runs = [optuna_run(args.trials, s, args.budget) if name == "optuna-tpe"
                    else archex_run(name, args.trials, s, args.budget, db) for s in seeds]
            cells = [f"{statistics.median(r[0][c - 1] for r in runs):.4f}" for c in checkpoints]
            feasible = statistics.mean(r[1] for r in runs)
            seconds = statistics.mean(r[2] for r in runs)
            print(f"| {name} | " + " | ".join(cells) + f" | {feasible:.0%} | {seconds:.1f} s |", flush=True)


if __name__ == "__main__":
    main()
