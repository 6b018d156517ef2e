#!/usr/bin/env python3
"""An archex external evaluator (docs/evaluators.md) for a systolic-array simulator.

For each request archex sends (one JSON line: an apollo_edge config, the
workload as an archex workload file, the template), it writes a SCALE-Sim
input -- a .cfg describing the array and its SRAMs, and a topology CSV with
one row per conv / fully-connected layer -- runs the simulator and answers
with the measured latency. archex's own area model fills in the area, which
SCALE-Sim does not report.

  --simulator scalesim  run SCALE-Sim (python3 -m scalesim.scale; not a Debian
                        package: install it yourself) and read COMPUTE_REPORT.csv
  --simulator toy       a stand-in that computes the same output-stationary
                        cycle count SCALE-Sim's analytical compute model gives
                        (fill + drain + one cycle per reduction step, per fold),
                        without SRAM stalls; used by archex's tests
  --clock-mhz F         array clock (default 1000)
  --keep DIR            keep every simulator input and output under DIR

The mapping of apollo_edge onto one systolic array is illustrative: rows =
lanes_per_core, columns = pe_x * pe_y * cores_per_pe; IFMAP SRAM =
activation_memory, filter SRAM = pe_memory, OFMAP SRAM = core_memory; DRAM
bandwidth = io_bandwidth words per cycle.

Run it by hand to see the protocol:
  echo '{"id":1,"config":{"pe_x":4,"pe_y":4,"cores_per_pe":4,"lanes_per_core":32,
         "core_memory":131072,"pe_memory":524288,"activation_memory":1048576,
         "io_bandwidth":20},"workload":{"name":"lenet5","file":"lenet5.yaml"},
         "template":"apollo_edge","batch_size":1}' | examples/evaluators/scalesim_adapter.py --simulator toy
"""
import argparse
import csv
import json
import math
import os
import subprocess
import sys
import tempfile

import yaml  # Debian: python3-yaml

VERSION = "1.0"


def gemm_layers(workload_file):
    """(name, ifmap_h, ifmap_w, filter_h, filter_w, channels, filters, stride) per conv / FC layer."""
    with open(workload_file) as f:
        workload = yaml.safe_load(f)
    shapes = {}
    rows = []  # one per GEMM-like layer
    for layer in workload["layers"]:
        op = layer["op"]
        if "output" in layer:
            shapes[layer["name"]] = layer["output"]
        elif "shape" in layer:
            shapes[layer["name"]] = layer["shape"]
        inputs = layer.get("inputs", [])
        source = shapes.get(inputs[0]) if inputs else None
        if op == "conv2d" and source:
            kernel = layer.get("kernel", 1)
            kh, kw = (kernel, kernel) if isinstance(kernel, int) else kernel
            stride = layer.get("stride", 1)
            stride = stride if isinstance(stride, int) else stride[0]
            # Padding is folded into the input size SCALE-Sim expects; a grouped
            # conv becomes one GEMM whose filters each see their group's channels
            # (SCALE-Sim has no groups; the MAC count is exact).
            out_c, out_h, out_w = layer["output"]
            in_h = (out_h - 1) * stride + kh
            in_w = (out_w - 1) * stride + kw
            channels = layer["in_channels"] // layer.get("groups", 1)
            rows.append((layer["name"], in_h, in_w, kh, kw, channels, out_c, stride))
        elif op == "fully_connected":
            rows.append((layer["name"], 1, 1, 1, 1, layer["in_features"], layer["out_features"], 1))
    return rows


def array_of(config):
    rows = int(config.get("lanes_per_core", 32))
    cols = int(config.get("pe_x", 4)) * int(config.get("pe_y", 4)) * int(config.get("cores_per_pe", 1))
    return rows, cols


def toy_cycles(config, layers):
    """SCALE-Sim's output-stationary compute cycles: per fold 2R + C + T - 2."""
    rows, cols = array_of(config)
    total = 0
    for _, ih, iw, fh, fw, ch, nf, stride in layers:
        oh = (ih - fh) // stride + 1
        ow = (iw - fw) // stride + 1
        sr, sc, t = oh * ow, nf, fh * fw * ch
        folds = math.ceil(sr / rows) * math.ceil(sc / cols)
        total += folds * (2 * rows + cols + t - 2)
    return total


def scalesim_cycles(config, layers, work):
    rows, cols = array_of(config)
    cfg = os.path.join(work, "archex.cfg")
    topo = os.path.join(work, "topology.csv")
    with open(cfg, "w") as f:
        f.write("[general]\nrun_name = archex\n\n[architecture_presets]\n")
        f.write("ArrayHeight : %d\nArrayWidth : %d\n" % (rows, cols))
        f.write("IfmapSramSzkB : %d\n" % max(1, int(config.get("activation_memory", 1 << 20)) // 1024))
        f.write("FilterSramSzkB : %d\n" % max(1, int(config.get("pe_memory", 1 << 19)) // 1024))
        f.write("OfmapSramSzkB : %d\n" % max(1, int(config.get("core_memory", 1 << 17)) // 1024))
        f.write("IfmapOffset : 0\nFilterOffset : 10000000\nOfmapOffset : 20000000\n")
        f.write("Dataflow : os\nBandwidth : %d\nMemoryBanks : 1\n\n" % int(config.get("io_bandwidth", 10)))
        f.write("[run_presets]\nInterfaceBandwidth : CALC\n")
    with open(topo, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Layer name", "IFMAP Height", "IFMAP Width", "Filter Height", "Filter Width", "Channels",
                    "Num Filter", "Strides", ""])
        for layer in layers:
            w.writerow(list(layer) + [""])
    out = os.path.join(work, "out")
    run = subprocess.run([sys.executable, "-m", "scalesim.scale", "-c", cfg, "-t", topo, "-p", out],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if run.returncode != 0:
        raise RuntimeError("SCALE-Sim failed: " + run.stdout.strip().splitlines()[-1] if run.stdout else "no output")
    for base, _, files in os.walk(out):
        if "COMPUTE_REPORT.csv" in files:
            with open(os.path.join(base, "COMPUTE_REPORT.csv")) as f:
                reader = csv.DictReader(f, skipinitialspace=True)
                return sum(int(float(row["Total Cycles"])) for row in reader)
    raise RuntimeError("SCALE-Sim wrote no COMPUTE_REPORT.csv under " + out)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--simulator", choices=["scalesim", "toy"], default="scalesim")
    p.add_argument("--clock-mhz", type=float, default=1000.0)
    p.add_argument("--keep", default=None)
    a = p.parse_args()
    if a.simulator == "scalesim":
        try:
            import scalesim  # noqa: F401
        except ImportError:
            # archex reports this line when the evaluator exits at start.
            print("scalesim_adapter: SCALE-Sim is not installed (python3 -m scalesim.scale); "
                  "use --simulator toy for the stand-in", file=sys.stderr, flush=True)
            sys.exit(2)
    name = "scalesim-adapter/" + a.simulator
    print(json.dumps({"archex_evaluator": 1, "name": name, "version": VERSION}), flush=True)
    layer_cache = {}
    for line in sys.stdin:  # ends when archex closes our stdin
        request = json.loads(line)
        answer = {"id": request["id"]}
        try:
            file = request["workload"]["file"]
            if file not in layer_cache:
                layer_cache[file] = gemm_layers(file)
            layers = layer_cache[file]
            config = request["config"]
            if a.simulator == "toy":
                cycles = toy_cycles(config, layers)
            else:
                work = tempfile.mkdtemp(dir=a.keep)
                cycles = scalesim_cycles(config, layers, work)
            cycles *= int(request.get("batch_size", 1))
            answer.update({"latency_ms": cycles / (a.clock_mhz * 1000.0), "latency_cycles": cycles,
                           "feasible": True})
        except Exception as e:  # the design, not the adapter, is at fault: archex stores the message
            answer["error"] = "%s: %s" % (type(e).__name__, e)
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
