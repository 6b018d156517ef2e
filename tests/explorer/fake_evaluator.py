#!/usr/bin/env python3
"""A stand-in external evaluator for the tests and benchmarks (docs/evaluators.md).

Measures a design with a made-up but deterministic formula of its config and
can misbehave on purpose. Requests are counted across every process of one
run in a state file (--state), so "the 3rd request" means the same thing when
archex restarts the evaluator or runs several.

  --sleep S             seconds per request (a slow simulator)
  --version V           declared version (default 1.0)
  --fail MODE@N         on the N-th request (1-based, over all processes):
                        crash (exit 9 without answering), hang (never answer),
                        garbage (print a non-JSON line), error (answer {"error"}),
                        kill-parent (SIGKILL the archex process that started it)
                        repeatable; MODE@N+ means from the N-th request on
  --starts-ok K         only the first K starts work; later ones exit at start
  --no-energy           never report energy_uj
  --log FILE            append "pid parent-pid request-id" per answered request
"""
import argparse
import fcntl
import json
import os
import signal
import sys
import time
import zlib


def bump(state, key):
    """Increments counter `key` in the state file; returns the new value."""
    if not state:
        bump.local[key] = bump.local.get(key, 0) + 1
        return bump.local[key]
    with open(state, "a+") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        f.seek(0)
        text = f.read()
        counts = json.loads(text) if text.strip() else {}
        counts[key] = counts.get(key, 0) + 1
        f.seek(0)
        f.truncate()
        f.write(json.dumps(counts))
        return counts[key]


bump.local = {}


def failure_for(rules, n):
    for mode, at, onwards in rules:
        if n == at or (onwards and n >= at):
            return mode
    return None


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--sleep", type=float, default=0.0)
    p.add_argument("--version", default="1.0")
    p.add_argument("--fail", action="append", default=[])
    p.add_argument("--starts-ok", type=int, default=None)
    p.add_argument("--no-energy", action="store_true")
    p.add_argument("--state", default=None)
    p.add_argument("--log", default=None)
    a = p.parse_args()
    rules = []
    for rule in a.fail:
        mode, at = rule.split("@")
        rules.append((mode, int(at.rstrip("+")), at.endswith("+")))

    starts = bump(a.state, "starts")
    if a.starts_ok is not None and starts > a.starts_ok:
        print("fake-sim: license server unavailable", file=sys.stderr, flush=True)
        sys.exit(3)
    print(json.dumps({"archex_evaluator": 1, "name": "fake-sim", "version": a.version}), flush=True)

    for line in sys.stdin:
        request = json.loads(line)
        n = bump(a.state, "requests")
        mode = failure_for(rules, n)
        if mode == "crash":
            print("fake-sim: segmentation fault (simulated)", file=sys.stderr, flush=True)
            os._exit(9)
        if mode == "hang":
            time.sleep(3600)
        if mode == "garbage":
            print("Warning: cache model not calibrated", flush=True)
            continue
        if mode == "kill-parent":
            os.kill(os.getppid(), signal.SIGKILL)
            time.sleep(3600)
        if a.sleep:
            time.sleep(a.sleep)
        if mode == "error":
            print(json.dumps({"id": request["id"], "error": "simulator rejected the config"}), flush=True)
            continue
        config = request["config"]
        digest = zlib.crc32(json.dumps(config, sort_keys=True).encode())
        latency = 0.05 + (digest % 1000) / 2000.0
        answer = {"id": request["id"], "latency_ms": latency, "feasible": True}
        if not a.no_energy:
            answer["energy_uj"] = latency * 30.0
        if a.log:
            with open(a.log, "a") as log:
                log.write("%d %d %d\n" % (os.getpid(), os.getppid(), request["id"]))
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
