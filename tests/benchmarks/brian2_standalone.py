#!/usr/bin/env python3
"""The benchmark networks in Brian2 2.5.1 (Debian's python3-brian), cpp_standalone, one thread.

Each case is generated and compiled once into CACHE/<case>/ (compiling takes a minute or more);
later runs reuse the compiled program, so that a benchmark times only `CACHE/<case>/main`, a
whole process that builds the network, runs 10 s and writes its spike monitor, as
`neurosim run` does.

  cuba         Brian2's examples/CUBA.py: 4000 LIF neurons, p = 0.02, exact integration
  cuba64k      the same neurons and weights, 64,000 of them with p = 0.00125 (80 inputs each)
  izhikevich2003  Izhikevich 2003 (IEEE TNN 14:1569), 1000 neurons, all-to-all, dt 1 ms, two
               half steps of v as in the published program

Usage (also imported by run_benchmarks.py):
  tests/benchmarks/brian2_standalone.py CACHE_DIR CASE [DURATION_MS]   build if needed, run once, print wall s
"""
import os
import shutil
import subprocess
import sys
import time

CASES = ("cuba", "cuba64k", "izhikevich2003")


def _script(case, duration_ms, directory):
    """Python source that builds the case's standalone project in `directory`."""
    head = f"""
import warnings
warnings.filterwarnings("ignore")
from brian2 import *
set_device('cpp_standalone', directory={directory!r}, build_on_run=False)
prefs.devices.cpp_standalone.openmp_threads = 0
seed(1)
"""
    if case in ("cuba", "cuba64k"):
        n, p = (4000, 0.02) if case == "cuba" else (64000, 0.00125)
        body = f"""
defaultclock.dt = 0.1*ms
taum = 20*ms; taue = 5*ms; taui = 10*ms; Vt = -50*mV; Vr = -60*mV; El = -49*mV
eqs = '''
dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
dge/dt = -ge/taue : volt
dgi/dt = -gi/taui : volt
'''
P = NeuronGroup({n}, eqs, threshold='v>Vt', reset='v = Vr', refractory=5*ms, method='exact')
P.v = 'Vr + rand() * (Vt - Vr)'
P.ge = 0*mV
P.gi = 0*mV
we = (60 * 0.27 / 10) * mV
wi = (-20 * 4.5 / 10) * mV
Ce = Synapses(P, P, on_pre='ge += we')
Ci = Synapses(P, P, on_pre='gi += wi')
Ce.connect('i<{n * 4 // 5}', p={p})
Ci.connect('i>={n * 4 // 5}', p={p})
s_mon = SpikeMonitor(P)
run({duration_ms}*ms)
"""
    elif case == "izhikevich2003":
        body = f"""
defaultclock.dt = 1*ms
Ne = 800; Ni = 200
G = NeuronGroup(Ne + Ni, '''
v : 1
u : 1
a : 1 (constant)
b : 1 (constant)
c : 1 (constant)
d : 1 (constant)
I : 1
noise_sd : 1 (constant)
''', threshold='v >= 30', reset='v = c; u += d', method=None)
G.v = -65
r = 'rand()'
G.run_regularly('''
I += noise_sd * randn()
v += 0.5 * (0.04 * v**2 + 5 * v + 140 - u + I)
v += 0.5 * (0.04 * v**2 + 5 * v + 140 - u + I)
u += a * (b * v - u)
I = 0
''', when='groups')
E = G[:Ne]; Inh = G[Ne:]
E.a = 0.02; E.b = 0.2; E.c = '-65 + 15 * rand()**2'; E.d = '8 - 6 * rand()**2'; E.noise_sd = 5
Inh.a = '0.02 + 0.08 * rand()'; Inh.b = '0.25 - 0.05 * rand()'; Inh.c = -65; Inh.d = 2; Inh.noise_sd = 2
G.u = 'b * v'
S = Synapses(G, G, 'w : 1', on_pre='I_post += w')
S.connect()
S.w = 'rand() * (0.5 * int(i < Ne) - 1.0 * int(i >= Ne))'
s_mon = SpikeMonitor(G)
run({duration_ms}*ms)
"""
    else:
        raise SystemExit(f"unknown case {case} (known: {', '.join(CASES)})")
    return head + body + "device.build(directory=" + repr(directory) + ", compile=True, run=False)\n"


def prepare(cache_dir, case, duration_ms=10000):
    """The compiled project of `case` (built once per case and duration): its directory."""
    directory = os.path.abspath(os.path.join(cache_dir, f"{case}-{duration_ms}ms"))
    main = os.path.join(directory, "main")
    if os.path.exists(main):
        return directory
    os.makedirs(cache_dir, exist_ok=True)
    shutil.rmtree(directory, ignore_errors=True)
    print(f"brian2: generating and compiling {case} in {directory} (once; a minute or more)", file=sys.stderr, flush=True)
    # Debian's Brian2 is the system Python's module.
    python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
    subprocess.run([python, "-c", _script(case, duration_ms, directory)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if not os.path.exists(main):
        raise SystemExit(f"brian2: {case}: no compiled program in {directory}")
    return directory


def run_command(directory):
    """The command that runs the compiled project (from its directory)."""
    return [os.path.join(directory, "main")]


def spike_count(directory):
    """Spikes recorded by the last run (Brian2 writes the monitor's arrays as raw binaries)."""
    results = os.path.join(directory, "results")
    for name in os.listdir(results):
        if name.startswith("_dynamic_array_spikemonitor_i"):
            return os.path.getsize(os.path.join(results, name)) // 4
    return None


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    duration = int(sys.argv[3]) if len(sys.argv) > 3 else 10000
    directory = prepare(sys.argv[1], sys.argv[2], duration)
    t = time.perf_counter()
    subprocess.run(run_command(directory), cwd=directory, check=True, stdout=subprocess.DEVNULL)
    print(f"{sys.argv[2]}: {time.perf_counter() - t:.3f} s, {spike_count(directory)} spikes")


if __name__ == "__main__":
    main()
