#!/usr/bin/env python3
"""Compares the population rates printed by two runs of the same scenario.

  compare_rates.py NEUROSIM_OUTPUT OTHER_OUTPUT [TOLERANCE]

Each file is a run's stdout, with one line per population ending in "<rate> Hz" (as `neurosim run`
and the exported scripts print them). Prints population, both rates and their difference; exits 1
when a population is missing from the second run or differs by more than TOLERANCE (default 0.10).
"""
import sys


def rates(path):
    out = {}
    for line in open(path):
        w = line.split()
        if len(w) >= 4 and w[-1] == "Hz":
            out[w[0]] = float(w[-2])
    return out


def main():
    a, b = rates(sys.argv[1]), rates(sys.argv[2])
    tolerance = float(sys.argv[3]) if len(sys.argv) > 3 else 0.10
    bad = False
    for pop, ra in a.items():
        rb = b.get(pop)
        d = abs(rb - ra) / ra if rb is not None and ra > 0 else float("inf")
        print("  %-10s %9.3f %9.3f %6.1f %%" % (pop, ra, rb if rb is not None else float("nan"), 100 * d))
        bad = bad or d > tolerance
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
