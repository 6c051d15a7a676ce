#!/usr/bin/env python3
"""Speed and memory figures for NeuroSim's headless runner (run on demand: `make bench`).

Each case runs `neurosim run SCENARIO --duration MS` as a whole process pinned to one core,
a few times, and prints the best and median wall time, the real-time factor, neuron-steps/s,
synaptic events/s, peak memory and synapse storage per synapse, next to the targets.
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

# name, scenario, biological ms, target wall seconds (None: no target), extra arguments.
# An experiment's schedule sets its own length: those cases pass --set instead of --duration.
CASES = [
    ("cuba", "cuba", 10000, 0.3, None),
    ("izhikevich2003", "izhikevich2003", 10000, 0.2, None),
    ("cuba64k", os.path.join(HERE, "cuba64k.json"), 10000, None, None),
    # Learning (issue targets): Song, Miller & Abbott 2000 in <= 1 s for 100 s; Masquelier 2008
    # at least 20x faster than real time (60 s in <= 3 s).
    ("song2000-stdp", "song2000-stdp", 100000, 1.0, None),
    ("masquelier2008", "masquelier2008", 60000, 3.0,
     ["--set", "experiment.epochs=2", "--set", "experiment.final_window_ms=60000"]),
]
MAX_BYTES_PER_STATIC_SYNAPSE = 8.0

# Runs a command in a grandchild so that ru_maxrss measures that process alone.
MEASURE = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode\n"
    "wall = time.perf_counter() - t\n"
    "print(rc, wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def run_once(binary, scenario, duration_ms, extra, out_dir):
    cmd = [sys.executable, "-c", MEASURE]
    if shutil.which("taskset"):
        cmd += ["taskset", "-c", "0"]
    cmd += [binary, "run", scenario, "--out", out_dir, "--overwrite"]
    cmd += extra if extra else ["--duration", str(duration_ms)]
    rc, wall, rss_kib = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.split()
    if int(rc) != 0:
        raise SystemExit(f"neurosim run {scenario} failed with exit status {rc}")
    with open(os.path.join(out_dir, "experiment.json")) as f:
        experiment = json.load(f)
    return float(wall), int(rss_kib) / 1024.0, experiment


def synapse_figures(experiment):
    synapses = experiment.get("synapses")
    memory = experiment.get("synapse_bytes")
    if synapses and memory is not None:
        return synapses, memory / synapses
    return synapses, None


def main():
    build_dir = sys.argv[1] if len(sys.argv) > 1 else "build"
    binary = os.path.join(build_dir, "app", "neurosim")
    repeats = int(os.environ.get("NEUROSIM_BENCH_REPEATS", "3"))
    if not os.path.exists(binary):
        raise SystemExit(f"{binary} not found: build first (make build)")
    print(f"NeuroSim benchmarks: {binary}, one core, best of {repeats} runs, whole-process wall time")
    print(f"{'case':<16}{'bio s':>7}{'best s':>9}{'median s':>10}{'RT factor':>11}{'neuron-steps/s':>16}"
          f"{'syn events/s':>14}{'peak MB':>9}{'B/syn':>7}  target")
    failed = False
    for name, scenario, duration_ms, target, extra in CASES:
        walls = []
        with tempfile.TemporaryDirectory() as tmp:
            for _ in range(repeats):
                wall, rss_mb, experiment = run_once(binary, scenario, duration_ms, extra, tmp)
                walls.append(wall)
        best = min(walls)
        bio_s = duration_ms / 1000.0
        neurons = sum(p["size"] for p in experiment["scenario"]["populations"])
        steps = round(duration_ms / experiment["scenario"]["dt_ms"])
        events = experiment.get("synaptic_events", 0)
        synapses, bytes_per_syn = synapse_figures(experiment)
        verdict = ""
        if target is not None:
            ok = best <= target
            failed |= not ok
            verdict = f"<= {target} s: {'met' if ok else 'MISSED'}"
        # The 8-byte budget is for static synapses; plastic ones also keep traces and a transpose index.
        static = not any(p.get("plasticity") for p in experiment["scenario"].get("projections", []))
        if static and bytes_per_syn is not None and bytes_per_syn > MAX_BYTES_PER_STATIC_SYNAPSE:
            verdict += f"; {bytes_per_syn:.1f} B/synapse > {MAX_BYTES_PER_STATIC_SYNAPSE}"
            failed = True
        print(f"{name:<16}{bio_s:>7.1f}{best:>9.3f}{statistics.median(walls):>10.3f}{bio_s / best:>11.1f}"
              f"{neurons * steps / best:>16.3e}{events / best:>14.3e}{rss_mb:>9.1f}"
              f"{(f'{bytes_per_syn:.1f}' if bytes_per_syn is not None else '-'):>7}  {verdict}")
        rates = ", ".join(f"{k} {v:.2f} Hz" for k, v in experiment.get("mean_rate_hz", {}).items())
        if rates:
            print(f"{'':<16}mean rates: {rates}; synapses: {synapses}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
