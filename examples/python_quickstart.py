#!/usr/bin/env python3
"""archex from Python in one page (docs/python.md).

    PYTHONPATH=build/release/python python3 examples/python_quickstart.py
"""

import os
import tempfile

import numpy as np

import archex

# Workloads and templates.
mnv2 = archex.workload("mobilenet_v2")
tmpl = archex.template()  # apollo_edge
print(f"{mnv2.name}: {len(mnv2)} layers, {mnv2.total_macs / 1e6:.0f} M MACs; template {tmpl.name}: "
      f"{tmpl.space_size:,.0f} configs, baseline {tmpl.area():.2f} mm2")

# One config, with the per-layer breakdown (the keys of `archex evaluate --json`).
m = archex.evaluate("mobilenet_v2", {"pe_x": 8, "lanes_per_core": 64})
slowest = max(m["layers"], key=lambda layer: layer["latency_ms"])
print(f"pe_x=8, lanes_per_core=64: {m['latency_ms']:.4f} ms, {m['area_mm2']:.2f} mm2, {m['energy_uj']:.1f} uJ; "
      f"slowest layer {slowest['name']} ({slowest['bound']}-bound)")

# 100,000 random configs at once, in C++ threads, into NumPy arrays.
rng = np.random.default_rng(0)
indices = np.stack([rng.integers(0, len(values), 100_000) for _, values in archex.space()], axis=1)
r = archex.evaluate_many("mobilenet_v2", indices)
fits = r["feasible"] & (r["area_mm2"] <= 6.8)
best = np.argmin(np.where(fits, r["latency_ms"], np.inf))
print(f"100,000 random configs: {fits.mean():.1%} fit 6.8 mm2, the best {r['latency_ms'][best]:.4f} ms")

with tempfile.TemporaryDirectory() as tmp:
    db = os.path.join(tmp, "archex.db")

    # A study run by archex's engine (C++), stored in SQLite.
    study = archex.Study(db, "mnv2-evolution", workload="mobilenet_v2", budget=6.8, optimizer="evolution",
                         trials=1000, seed=0)
    s = study.run()
    print(f"evolution, 1000 trials in {s['elapsed_s']:.2f} s: best {study.best()['value']:.4f} ms")

    # The same kind of study driven by your own evaluator through ask/tell.
    own = archex.Study(db, "mnv2-own", workload="mobilenet_v2", budget=6.8, optimizer="evolution", trials=50)
    while (trial := own.ask()) is not None:
        metrics = archex.evaluate("mobilenet_v2", trial.config, per_layer=False)  # or a simulator, a board...
        own.tell(trial, {"latency_ms": metrics["latency_ms"], "energy_uj": metrics["energy_uj"]})
    print(f"ask/tell, 50 trials: best {own.best()['value']:.4f} ms (trial {own.best()['number']})")

# archex's optimizers on any discrete space and Python function.
result = archex.optimize({"x": list(range(-20, 21)), "y": list(range(-20, 21))},
                         lambda p: (p["x"] - 3) ** 2 + (p["y"] + 4) ** 2, optimizer="gp-bandit", trials=40, seed=0)
print(f"gp-bandit on a 41x41 bowl: best {result.best['config']} -> {result.best['value']}")
