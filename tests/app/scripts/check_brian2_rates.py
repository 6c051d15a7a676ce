#!/usr/bin/env python3
"""Runs a scenario in NeuroSim and its SONATA export on PyNN's Brian2 backend, and checks that every
population's rate agrees within a tolerance.

usage: check_brian2_rates.py OUT_DIR NEUROSIM SCENARIO DURATION_MS [TOLERANCE] [sonata|pynn]

The SONATA export (the default) carries the network exactly as NeuroSim builds it with the same
seed (every synapse, weight and delay); Poisson inputs and initial values are drawn anew, so the
rates agree statistically. The PyNN script (pynn) draws its own synapses with the same rules. A
file population (SpikeSourceArray on both routes) must play exactly NeuroSim's spikes. Brian2 runs with its numpy code generation, which needs no compiler and starts at
once (its default, cython, compiles for minutes here first). Prints SKIPPED (and exits 0) when
PyNN or Brian2 is missing.
"""
import os
import shutil
import subprocess
import sys

try:
    import brian2  # noqa: F401
    import h5py  # noqa: F401
    import pyNN  # noqa: F401
except ImportError as e:
    print(f"SKIPPED: {e}")
    sys.exit(0)


def rates(text):
    """Population -> rate from the lines ending in "<rate> Hz" that both runs print."""
    out = {}
    for line in text.splitlines():
        w = line.split()
        if len(w) >= 4 and w[-1] == "Hz":
            out[w[0]] = float(w[-2])
    return out


out, neurosim, scenario, duration = sys.argv[1:5]
tolerance = float(sys.argv[5]) if len(sys.argv) > 5 else 0.10
route = sys.argv[6] if len(sys.argv) > 6 else "sonata"
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)
ours = subprocess.run([neurosim, "run", scenario, "--duration", duration, "--out", os.path.join(out, "run")],
                      check=True, capture_output=True, text=True).stdout
if route == "pynn":
    script = os.path.join(out, "run_pynn.py")
    subprocess.run([neurosim, "export", scenario, "--to", "pynn", "--out", script], check=True, capture_output=True)
else:
    script = os.path.join(out, "sonata", "run_pynn.py")
    subprocess.run([neurosim, "export", scenario, "--to", "sonata", "--out", os.path.dirname(script)], check=True, capture_output=True)
theirs = subprocess.run([sys.executable, script, "--simulator", "brian2", "--codegen", "numpy",
                         "--duration", duration, "--out", os.path.join(out, "spikes.h5")], capture_output=True, text=True)
if theirs.returncode != 0:
    print(theirs.stderr[-4000:])
    sys.exit(1)
a, b = rates(ours), rates(theirs.stdout)
print(f"{scenario} over {duration} ms: population, NeuroSim Hz, Brian2 (numpy) Hz, difference")
bad = not a
for pop, ra in a.items():
    rb = b.get(pop)
    d = abs(rb - ra) / ra if rb is not None and ra > 0 else float("inf")
    print("  %-10s %9.3f %9.3f %6.1f %%" % (pop, ra, rb if rb is not None else float("nan"), 100 * d))
    bad = bad or d > tolerance
# File populations: NeuroSim's spikes, step for step.
import csv  # noqa: E402

import h5py  # noqa: E402

files = [line.split()[0] for line in ours.splitlines() if len(line.split()) >= 4 and line.split()[1] == "file"]
played = {}
for r in csv.DictReader(open(os.path.join(out, "run", "spikes.csv"))):
    if r["population"] in files:
        played.setdefault(r["population"], []).append((round(float(r["t_ms"]) * 1000), int(r["neuron"])))
with h5py.File(os.path.join(out, "spikes.h5"), "r") as f:
    for pop in files:
        g = f["spikes"][pop]
        got = sorted(zip((round(t * 1000) for t in g["timestamps"][()]), (int(i) for i in g["node_ids"][()])))
        same = got == sorted(played.get(pop, []))
        print("  %-10s %d spikes from the file, %s" % (pop, len(got), "the same as NeuroSim's" if same else "NOT NeuroSim's (%d there)" % len(played.get(pop, []))))
        bad = bad or not same
sys.exit(1 if bad else 0)
