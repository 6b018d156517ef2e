#!/usr/bin/env python3
"""Measures the Python module against the C++ CLI (figures in README.md and
docs/python.md):

  1. evaluate_many on MobileNetV2, 100,000 random configs, against
     `archex bench cost-model --n 100000` (one C++ thread): on the calling
     thread only (threads=1) and on every core;
  2. a 10,000-trial random study from Python: study.run() (archex's engine)
     and an ask/tell loop in Python with archex.evaluate as the evaluator.

    PYTHONPATH=build/release/python python3 scripts/bench-python.py [--archex build/release/archex]
"""

import argparse
import json
import os
import subprocess
import tempfile
import time

import numpy as np

import archex


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--archex", default="build/release/archex", help="the archex CLI to compare with")
    parser.add_argument("--n", type=int, default=100_000, help="configs for evaluate_many")
    parser.add_argument("--trials", type=int, default=10_000, help="trials of the random study")
    args = parser.parse_args()

    cli = json.loads(subprocess.run([args.archex, "bench", "cost-model", "--workload", "mobilenet_v2", "--n",
                                     str(args.n), "--json"], check=True, capture_output=True, text=True).stdout)
    cpp_rate = cli["evals_per_second"]
    print(f"archex bench cost-model (C++, one thread): {cpp_rate:,.0f} evaluations/s")

    rng = np.random.default_rng(1)
    indices = np.stack([rng.integers(0, len(values), args.n) for _, values in archex.space()], axis=1)
    archex.evaluate_many("mobilenet_v2", indices[:1000])  # warm-up: loads and prepares the workload
    for threads, label in ((1, "one thread"), (0, f"all {os.cpu_count()} cores")):
        start = time.perf_counter()
        out = archex.evaluate_many("mobilenet_v2", indices, threads=threads)
        seconds = time.perf_counter() - start
        rate = args.n / seconds
        print(f"archex.evaluate_many, {args.n:,} configs, {label}: {rate:,.0f} evaluations/s "
              f"({rate / cpp_rate:.0%} of the C++ rate; {out['feasible'].mean():.1%} mappable)")

    with tempfile.TemporaryDirectory() as tmp:
        study = archex.Study(os.path.join(tmp, "bench.db"), "engine", optimizer="random", trials=args.trials, seed=0)
        summary = study.run()
        print(f"Study.run(), random, {args.trials:,} trials: {summary['elapsed_s']:.2f} s "
              f"({summary['trials_per_s']:,.0f} trials/s)")

        study = archex.Study(os.path.join(tmp, "bench.db"), "ask-tell", optimizer="random", trials=args.trials,
                             seed=0)
        start = time.perf_counter()
        while (trial := study.ask()) is not None:
            m = archex.evaluate("mobilenet_v2", trial.config, per_layer=False)
            study.tell(trial, {"latency_ms": m["latency_ms"], "energy_uj": m["energy_uj"], "area_mm2": m["area_mm2"],
                               "feasible": m["feasible"], "reason": m["reason"]})
        seconds = time.perf_counter() - start
        print(f"ask/tell loop in Python, random, {args.trials:,} trials: {seconds:.2f} s "
              f"({args.trials / seconds:,.0f} trials/s)")


if __name__ == "__main__":
    main()
