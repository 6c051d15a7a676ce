#!/usr/bin/env python3
"""Runs a scenario in NeuroSim and its SONATA export on PyNN's Brian2 backend, and checks that every
population's rate agrees within a tolerance.

usage: check_brian2_rates.py OUT_DIR NEUROSIM SCENARIO DURATION_MS [TOLERANCE]

The export carries the network exactly as NeuroSim builds it with the same seed (every synapse,
weight and delay); Poisson inputs and initial values are drawn anew, so the rates agree
statistically. Brian2 runs with its numpy code generation, which needs no compiler and starts at
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
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)
ours = subprocess.run([neurosim, "run", scenario, "--duration", duration, "--out", os.path.join(out, "run")],
                      check=True, capture_output=True, text=True).stdout
sonata = os.path.join(out, "sonata")
subprocess.run([neurosim, "export", scenario, "--to", "sonata", "--out", sonata], check=True, capture_output=True)
theirs = subprocess.run([sys.executable, os.path.join(sonata, "run_pynn.py"), "--simulator", "brian2", "--codegen", "numpy",
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
sys.exit(1 if bad else 0)
