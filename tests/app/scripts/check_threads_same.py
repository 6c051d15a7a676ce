#!/usr/bin/env python3
"""`neurosim run` with --threads 1 and with --threads N writes the same result files.

Usage: check_threads_same.py OUT_DIR NEUROSIM N SCENARIO [RUN ARGUMENTS...]

Every file of the one-thread run must be in the N-thread run with the same bytes, except
experiment.json, whose timing fields (start time, build and wall time, speed) differ from run to
run: its other fields must be equal.
"""
import json
import os
import subprocess
import sys

TIMING = {"started_utc", "build_time_s", "wall_time_s", "steps_per_s", "real_time_factor"}


def run(neurosim, scenario, args, threads, out):
    cmd = [neurosim, "run", scenario, "--out", out, "--overwrite", "--threads", str(threads)] + args
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr}")


def main():
    out, neurosim, threads, scenario = sys.argv[1:5]
    args = sys.argv[5:]
    one, many = os.path.join(out, "threads-1"), os.path.join(out, f"threads-{threads}")
    run(neurosim, scenario, args, 1, one)
    run(neurosim, scenario, args, int(threads), many)
    names = sorted(os.listdir(one))
    if sorted(os.listdir(many)) != names:
        sys.exit(f"different files: {names} and {sorted(os.listdir(many))}")
    for name in names:
        a, b = os.path.join(one, name), os.path.join(many, name)
        if name == "experiment.json":
            ja, jb = (json.load(open(p)) for p in (a, b))
            for j in (ja, jb):
                for k in TIMING:
                    j.pop(k, None)
            if ja != jb:
                sys.exit(f"{name}: {[k for k in ja if ja.get(k) != jb.get(k)]} differ")
        elif open(a, "rb").read() != open(b, "rb").read():
            sys.exit(f"{name} differs between 1 and {threads} threads")
    print(f"{scenario}: {len(names)} files the same with 1 and {threads} threads: {' '.join(names)}")


if __name__ == "__main__":
    main()
