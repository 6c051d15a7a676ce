#!/usr/bin/env python3
"""Izhikevich cells and STDP exported to PyNN, run on Brian2, against NeuroSim.

  tests/benchmarks/pynn_models.py [BUILD_DIR] [--seeds 3] [--duration 1000] [--codegen numpy]

1. izhikevich2003-sparse (tests/benchmarks/izhikevich2003-sparse.json: izhikevich2003's neurons,
   parameters and thalamic noise with sparse coupling at dt = 0.25 ms), exported with
   `--to pynn`: the script draws its own network, so both sides are averaged over SEEDS seeds.
   Fails when a population's mean rate differs by more than 10 %.
2. song2000-small (tests/data/scenarios/song2000-small.json: additive all-to-all STDP from 200
   Poisson inputs), exported with `--to sonata`, so both start from the same weights (the Poisson
   inputs are drawn anew on each side): the mean weight must move the same way on both sides, and,
   averaged over the seeds, the output rate must agree within 10 % and the final mean weight
   within 5 %. (The ctest check_brian2_stdp.py compares the two on the very same input spikes.)
Needs Debian's python3-pynn, python3-brian and python3-h5py (run it with /usr/bin/python3).
"""
import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile

import h5py
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))


def rates(text):
    out = {}
    for line in text.splitlines():
        w = line.split()
        if len(w) >= 4 and w[-1] == "Hz":
            out[w[0]] = float(w[-2])
    return out


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), r.stderr[-3000:]))
    return r.stdout


def weights(path):
    return np.array([float(r["w"]) for r in csv.DictReader(open(path))])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build", nargs="?", default=os.path.join(root, "build"))
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--duration", default="1000")
    parser.add_argument("--codegen", default="numpy")
    parser.add_argument("--skip-izhikevich", action="store_true")
    a = parser.parse_args()
    neurosim = os.path.join(a.build, "app", "neurosim")
    work = tempfile.mkdtemp(prefix="pynn-models-")
    ok = True

    izh = os.path.join(here, "izhikevich2003-sparse.json")
    script = os.path.join(work, "izh.py")
    run([neurosim, "export", izh, "--to", "pynn", "--out", script])
    ours, theirs = {}, {}
    for seed in range(1, 0 if a.skip_izhikevich else a.seeds + 1):
        for pop, r in rates(run([neurosim, "run", izh, "--seed", str(seed), "--duration", a.duration, "--out", os.path.join(work, "izh-run"),
                                  "--overwrite"])).items():
            ours.setdefault(pop, []).append(r)
        out = run([sys.executable, script, "--simulator", "brian2", "--codegen", a.codegen, "--seed", str(seed), "--duration", a.duration,
                   "--out", os.path.join(work, "izh-%d.h5" % seed)])
        for pop, r in rates(out).items():
            theirs.setdefault(pop, []).append(r)
    print("izhikevich2003-sparse, %s ms, mean over %d seeds: population, NeuroSim Hz, PyNN (Brian2) Hz, difference" % (a.duration, a.seeds))
    for pop, rs in ours.items():
        m, n = statistics.mean(rs), statistics.mean(theirs.get(pop, [float("nan")]))
        d = abs(n - m) / m
        ok = ok and d <= 0.10
        print("  %-8s %8.3f (%s) %8.3f (%s) %6.1f %%" % (pop, m, " ".join("%.2f" % r for r in rs), n, " ".join("%.2f" % r for r in theirs.get(pop, [])), 100 * d))

    song = os.path.join(root, "tests", "data", "scenarios", "song2000-small.json")
    print("song2000-small, 3000 ms, additive STDP: seed, side, output Hz, mean weight start -> end (pA), below 10 % / above 90 % of w_max")
    song_rates, song_weights = {}, {}
    for seed in range(1, a.seeds + 1):
        sonata = os.path.join(work, "song-%d" % seed)
        run([neurosim, "export", song, "--set", "seed=%d" % seed, "--to", "sonata", "--out", sonata])
        with h5py.File(os.path.join(sonata, "network", "inputs_neuron_edges.h5"), "r") as f:
            start = f["edges/inputs_neuron/0/syn_weight"][()].mean() * 1000.0
        out = run([neurosim, "run", song, "--seed", str(seed), "--out", os.path.join(work, "song-run"), "--overwrite"])
        w_ours = weights(os.path.join(work, "song-run", "weights_final.csv"))
        out2 = run([sys.executable, os.path.join(sonata, "run_pynn.py"), "--simulator", "brian2", "--codegen", a.codegen, "--seed", str(seed),
                    "--out", os.path.join(work, "song-%d.h5" % seed), "--weights", os.path.join(work, "song-%d.csv" % seed)])
        w_theirs = weights(os.path.join(work, "song-%d.csv" % seed))
        for side, text, w in (("NeuroSim", out, w_ours), ("PyNN", out2, w_theirs)):
            print("  %d %-8s %7.2f  %6.2f -> %6.2f  %3d / %3d" % (seed, side, rates(text)["neuron"], start, w.mean(), (w < 7).sum(), (w > 63).sum()))
        same = np.sign(w_ours.mean() - start) == np.sign(w_theirs.mean() - start)
        ok = ok and same
        if not same:
            print("    the mean weight moves in opposite directions")
        for side, text, w in (("NeuroSim", out, w_ours), ("PyNN", out2, w_theirs)):
            song_rates.setdefault(side, []).append(rates(text)["neuron"])
            song_weights.setdefault(side, []).append(w.mean())
    if a.seeds:
        r0, r1 = statistics.mean(song_rates["NeuroSim"]), statistics.mean(song_rates["PyNN"])
        w0, w1 = statistics.mean(song_weights["NeuroSim"]), statistics.mean(song_weights["PyNN"])
        print("  mean over %d seeds: output %.2f / %.2f Hz (%.1f %%), final mean weight %.2f / %.2f pA (%.1f %%) (NeuroSim / PyNN)"
              % (a.seeds, r0, r1, 100 * abs(r1 - r0) / r0, w0, w1, 100 * abs(w1 - w0) / w0))
        ok = ok and abs(r1 - r0) <= 0.10 * r0 and abs(w1 - w0) <= 0.05 * w0
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
