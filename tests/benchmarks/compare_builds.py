#!/usr/bin/env python3
"""Two builds of neurosim side by side: the same runs, alternately, on one core.

  tests/benchmarks/compare_builds.py OLD_NEUROSIM NEW_NEUROSIM [CASE ...]

CASE is a name of run_benchmarks.py's CASES (default: cuba izhikevich2003 song2000-stdp
masquelier2008). Each case runs NEUROSIM_BENCH_REPEATS times (default 5) with each binary in
turn, so both see the same load; prints the median wall and CPU times and the ratio old/new
(above 1: the new build is faster). On a busy machine the CPU time is the steadier figure.
"""
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from run_benchmarks import CASES, pinned  # noqa: E402

MEASURE = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode\n"
    "wall = time.perf_counter() - t\n"
    "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(rc, wall, r.ru_utime + r.ru_stime)\n"
)


def run(binary, scenario, duration_ms, extra, out):
    # --threads is left out: an older build may not know it; on one core the default is 1.
    cmd = pinned(1) + [binary, "run", scenario, "--out", out, "--overwrite"]
    cmd += extra if extra else ["--duration", str(duration_ms)]
    rc, wall, cpu = subprocess.run([sys.executable, "-c", MEASURE] + cmd, capture_output=True, text=True, check=True).stdout.split()
    if int(rc) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed with exit status {rc}")
    return float(wall), float(cpu)


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    old, new = sys.argv[1], sys.argv[2]
    names = sys.argv[3:] or ["cuba", "izhikevich2003", "song2000-stdp", "masquelier2008"]
    repeats = int(os.environ.get("NEUROSIM_BENCH_REPEATS", "5"))
    print(f"old {old}\nnew {new}\n{repeats} runs each, alternately, one core; load average {os.getloadavg()[0]:.1f}")
    print(f"{'case':<18}{'old wall':>10}{'new wall':>10}{'ratio':>7}{'old CPU':>10}{'new CPU':>10}{'ratio':>7}")
    for name, scenario, duration_ms, _, extra, _, _ in (c for c in CASES if c[0] in names):
        times = {old: [], new: []}
        with tempfile.TemporaryDirectory() as tmp:
            for _ in range(repeats):
                for binary in (old, new):
                    times[binary].append(run(binary, scenario, duration_ms, extra, tmp))
        ow, oc = (statistics.median(t[i] for t in times[old]) for i in (0, 1))
        nw, nc = (statistics.median(t[i] for t in times[new]) for i in (0, 1))
        print(f"{name:<18}{ow:>10.3f}{nw:>10.3f}{ow / nw:>7.2f}{oc:>10.3f}{nc:>10.3f}{oc / nc:>7.2f}")


if __name__ == "__main__":
    main()
