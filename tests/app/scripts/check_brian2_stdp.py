#!/usr/bin/env python3
"""The exported STDP rule on PyNN's Brian2 backend against NeuroSim, spike pair by spike pair and in
a plastic network fed the very same input spikes.

usage: check_brian2_stdp.py OUT_DIR NEUROSIM [DURATION_MS] [SEED]

One scenario, written here, holds two networks, so that one Brian2 run covers both:

1. Pairs. Ten presynaptic spike trains (a file population, so both sides play the same spikes)
   reach one LIF neuron that a driver forces to fire at chosen times, through three plastic
   projections: additive STDP with a delay of one step, the same with a delay of 2 ms, and the
   multiplicative rule. Each input probes one case: pre 10 ms before or after every post spike,
   in the same step, one step either side, bursts (all-to-all sums over several pairs), runs into
   w_max and into 0 (the clips), irregular times, no spikes at all. The final weight of every
   synapse must equal, within 1e-4 pA, the rule as Song, Miller & Abbott 2000 define it (Nat.
   Neurosci. 3:919, Methods: all-to-all pairs, dw = A+ exp(-dt / tau+) for pre before post,
   -A- exp(dt / tau-) for post before pre, the weight clipped to [0, w_max] after each change)
   computed here by direct sums over the spike times (no traces), on NeuroSim's side and on
   Brian2's. A spike pairs when its neuron fires, whatever the delay, and a pre and a post spike
   in the same step count as pre before post.
2. song2000-small (tests/data/scenarios/song2000-small.json) with its 200 Poisson inputs drawn
   once here (SEED, default 1, also seeds the initial weights) and played from a file: the same
   initial weights and input spikes on both sides.
   The output's spike count and the mean final weight must agree within 2 %, and the final weights
   synapse by synapse within 2 % of w_max (RMS). PyNN's own STDPMechanism on Brian2 depresses a
   synapse before it delivers the spike and pairs spikes at their arrival: there the neuron fires
   at about half NeuroSim's rate under this rule.

Needs Debian's python3-pynn, python3-brian, python3-h5py and python3-numpy (prints SKIPPED and
exits 0 without them). Brian2 runs with its numpy code generation (no compiler).
"""
import csv
import json
import math
import os
import shutil
import subprocess
import sys

try:
    import brian2  # noqa: F401
    import h5py
    import numpy as np
    import pyNN  # noqa: F401
except ImportError as e:
    print(f"SKIPPED: {e}")
    sys.exit(0)

DT = 0.1
TAU = 20.0
W_MAX = 10.0
A_PLUS, A_MINUS = 0.5, 0.525
DRIVER_MS = [50.0, 60.0, 100.0, 150.0, 157.0, 250.0, 300.0, 360.0]
POST_LAG = 2  # steps from a driver spike to the forced post spike (checked below)
PAIRS = [("pairs_additive", 0.1, 0), ("pairs_delayed", 2.0, 0), ("pairs_multiplicative", 0.1, 1)]

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(os.path.dirname(here)))
out = os.path.abspath(sys.argv[1])
neurosim = sys.argv[2]
duration = float(sys.argv[3]) if len(sys.argv) > 3 else 1000.0
seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)


def step(t_ms):
    return int(round(t_ms / DT))


def pre_trains():
    """The ten probe trains (ms), each against the post spikes at driver + POST_LAG steps."""
    post = [t + POST_LAG * DT for t in DRIVER_MS]
    irregular = np.random.default_rng(7).uniform(20.0, 380.0, 25)
    trains = [
        [p - 10.0 for p in post],                                   # 0 pre 10 ms before post
        [p + 10.0 for p in post],                                   # 1 pre 10 ms after post
        list(post),                                                 # 2 the same step
        [p + DT for p in post],                                     # 3 one step after
        [p - DT for p in post],                                     # 4 one step before
        [p + d for p in post for d in (-5.0, -3.0, -1.0, 2.0, 4.0)],  # 5 bursts around each
        [p - d for p in post for d in (4.0, 3.0, 2.0, 1.5)],        # 6 into w_max
        [p + d for p in post for d in (1.0, 1.5, 2.5, 3.0)],        # 7 into 0
        list(irregular),                                            # 8 irregular
        [],                                                         # 9 silent
    ]
    return [sorted({round(t / DT) * DT for t in tr}) for tr in trains]


def write_spike_csv(path, trains):
    """A file population's CSV: t_ms, then one 0/1 column per neuron, one row per spiking step."""
    rows = {}
    for i, tr in enumerate(trains):
        for t in tr:
            rows.setdefault(step(t), set()).add(i)
    with open(path, "w") as f:
        f.write("t_ms," + ",".join("n%d" % i for i in range(len(trains))) + "\n")
        for s in sorted(rows):
            f.write("%s,%s\n" % (repr(round(s * DT, 10)), ",".join("1" if i in rows[s] else "0" for i in range(len(trains)))))


trains = pre_trains()
write_spike_csv(os.path.join(out, "pairs_pre.csv"), trains)
write_spike_csv(os.path.join(out, "pairs_driver.csv"), [DRIVER_MS])

song = json.load(open(os.path.join(root, "tests", "data", "scenarios", "song2000-small.json")))
song_pops = {p["name"]: p for p in song["populations"]}
n_inputs, input_rate = song_pops["inputs"]["size"], song_pops["inputs"]["params"]["rate"]
draw = np.random.default_rng([2000, seed])
inputs = []
for _ in range(n_inputs):
    t = draw.uniform(0.0, duration, draw.poisson(input_rate * duration / 1000.0))
    inputs.append(sorted({s * DT for s in np.round(t / DT).astype(int) if 1 <= s < step(duration)}))
write_spike_csv(os.path.join(out, "song_inputs.csv"), inputs)
song_proj = song["projections"][0]


def stdp(delay, multiplicative):
    p = {"A_plus": A_PLUS, "A_minus": A_MINUS, "tau_plus": TAU, "tau_minus": TAU, "w_min": 0, "w_max": W_MAX, "pairing": 0}
    if multiplicative:
        p.update(A_plus=0.1, A_minus=0.105, multiplicative=1)
    return {"rule": "stdp", "params": p}


post_params = {"tau_m": 10, "C_m": 250, "E_L": -70, "V_th": -55, "V_reset": -70, "t_ref": 5, "tau_syn_e": 0.5, "tau_syn_i": 0.5, "I_bias": 0}
scenario = {
    "name": "stdp-agreement", "dt_ms": DT, "duration_ms": duration, "seed": seed,
    "populations": [
        {"name": "pairs_pre", "model": "file", "input": {"path": "pairs_pre.csv", "as": "spikes", "loop": False}},
        {"name": "pairs_driver", "model": "file", "input": {"path": "pairs_driver.csv", "as": "spikes", "loop": False}},
        {"name": "pairs_post", "model": "lif", "size": 1, "params": post_params, "initial": {"V": -70}},
        {"name": "song_inputs", "model": "file", "input": {"path": "song_inputs.csv", "as": "spikes", "loop": False}},
        dict(song_pops["neuron"], name="song_neuron"),
    ],
    "projections": [
        # 60 nA for a 0.5 ms synapse: the post neuron fires POST_LAG steps after each driver spike.
        {"name": "drive", "pre": "pairs_driver", "post": "pairs_post", "connectivity": {"rule": "all_to_all"}, "weight": 60000, "receptor": "exc"},
    ] + [
        {"name": name, "pre": "pairs_pre", "post": "pairs_post", "connectivity": {"rule": "all_to_all"}, "weight": {"uniform": [0, W_MAX]},
         "delay_ms": delay, "receptor": "exc", "plasticity": stdp(delay, mult)} for name, delay, mult in PAIRS
    ] + [
        dict(song_proj, name="song", pre="song_inputs", post="song_neuron"),
    ],
    "monitors": {"rate_bin_ms": 100, "report_interval_ms": 1000},
}
scenario_path = os.path.join(out, "stdp-agreement.json")
json.dump(scenario, open(scenario_path, "w"), indent=1)


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("failed: %s\n%s%s" % (" ".join(cmd), r.stdout[-2000:], r.stderr[-4000:]))
    return r.stdout


sonata = os.path.join(out, "sonata")
run([neurosim, "export", scenario_path, "--to", "sonata", "--out", sonata])
run([neurosim, "run", scenario_path, "--out", os.path.join(out, "run")])
run([sys.executable, os.path.join(sonata, "run_pynn.py"), "--simulator", "brian2", "--codegen", "numpy",
     "--out", os.path.join(out, "brian2.h5"), "--weights", os.path.join(out, "brian2_weights.csv")])


def weights_of(path):
    w = {}
    for r in csv.DictReader(open(path)):
        w.setdefault(r["projection"], {})[int(r["pre"])] = float(r["w"])
    return w


def initial_weights():
    """Each plastic projection's starting weights by presynaptic index, from the SONATA edges."""
    edge_types = {}
    for line in open(os.path.join(sonata, "edge_types.csv")).read().splitlines()[1:]:
        w = line.split()
        edge_types[int(w[0])] = w[3]
    start = {}
    for name in os.listdir(os.path.join(sonata, "network")):
        if not name.endswith("_edges.h5"):
            continue
        with h5py.File(os.path.join(sonata, "network", name), "r") as f:
            for g in f["edges"].values():
                kinds = g["edge_type_id"][()]
                pre = g["source_node_id"][()]
                w = g["0"]["syn_weight"][()] * 1000.0  # nA -> pA
                for k, i, x in zip(kinds, pre, w):
                    start.setdefault(edge_types[int(k)], {})[int(i)] = float(x)
    return start


def spikes_neurosim():
    t = {}
    for r in csv.DictReader(open(os.path.join(out, "run", "spikes.csv"))):
        t.setdefault(r["population"], []).append(step(float(r["t_ms"])))
    return t


def spikes_brian2():
    with h5py.File(os.path.join(out, "brian2.h5"), "r") as f:
        return {p: [step(x) for x in f["spikes"][p]["timestamps"][()]] for p in f["spikes"]}


def reference(w0, pre_steps, post_steps, multiplicative):
    """Song, Miller & Abbott's all-to-all rule by direct sums, events in time order, in one step pre
    before post (so a pair in one step potentiates)."""
    a_plus, a_minus = (0.1, 0.105) if multiplicative else (A_PLUS, A_MINUS)
    events = sorted([(s, 0) for s in pre_steps] + [(s, 1) for s in post_steps])
    w = w0
    for s, kind in events:
        if kind == 0:
            total = sum(math.exp(-(s - q) * DT / TAU) for q in post_steps if q < s)
            dw = -a_minus * total * ((w - 0.0) if multiplicative else 1.0)
        else:
            total = sum(math.exp(-(s - q) * DT / TAU) for q in pre_steps if q <= s)
            dw = a_plus * total * ((W_MAX - w) if multiplicative else 1.0)
        w = min(max(w + dw, 0.0), W_MAX)
    return w


ours, theirs = spikes_neurosim(), spikes_brian2()
w_ours, w_theirs = weights_of(os.path.join(out, "run", "weights_final.csv")), weights_of(os.path.join(out, "brian2_weights.csv"))
start = initial_weights()
ok = True

post = [step(t) + POST_LAG for t in DRIVER_MS]
for side, spikes in (("NeuroSim", ours), ("Brian2", theirs)):
    if sorted(spikes.get("pairs_post", [])) != post:
        print("%s: the forced post neuron fired at steps %s, not %s" % (side, sorted(spikes.get("pairs_post", [])), post))
        ok = False

print("1. pairs: projection, input, start, reference, NeuroSim, Brian2 (pA); the largest difference from the reference")
worst = 0.0
for name, _, mult in PAIRS:
    for i, tr in enumerate(trains):
        ref = reference(start[name][i], [step(t) for t in tr], post, mult)
        a, b = w_ours[name][i], w_theirs[name][i]
        worst = max(worst, abs(a - ref), abs(b - ref))
        print("  %-21s %d %8.4f %9.5f %9.5f %9.5f" % (name, i, start[name][i], ref, a, b))
print("  largest difference %.2e pA (tolerance 1e-4)" % worst)
ok = ok and worst <= 1e-4

n_ours, n_theirs = len(ours.get("song_neuron", [])), len(theirs.get("song_neuron", []))
wa = np.array([w_ours["song"][i] for i in sorted(w_ours["song"])])
wb = np.array([w_theirs["song"][i] for i in sorted(w_theirs["song"])])
w0 = np.array([start["song"][i] for i in sorted(start["song"])])
w_max = song_proj["plasticity"]["params"]["w_max"]
rate = lambda n: n / (duration / 1000.0)  # noqa: E731
d_rate = abs(n_theirs - n_ours) / max(n_ours, 1)
d_mean = abs(wb.mean() - wa.mean()) / wa.mean()
rms = float(np.sqrt(np.mean((wa - wb) ** 2))) / w_max
same = sum(1 for s in set(ours.get("song_neuron", [])) & set(theirs.get("song_neuron", [])))
print("2. song2000-small on the same input spikes, %g ms:" % duration)
print("  output          NeuroSim %7.2f Hz, Brian2 %7.2f Hz (%.1f %%; %d of the spikes in the same step)"
      % (rate(n_ours), rate(n_theirs), 100 * d_rate, same))
print("  mean weight     start %.3f pA -> NeuroSim %.3f, Brian2 %.3f (%.2f %%)" % (w0.mean(), wa.mean(), wb.mean(), 100 * d_mean))
print("  weights         RMS difference %.2f %% of w_max; below 10 %% / above 90 %% of w_max: NeuroSim %d / %d, Brian2 %d / %d"
      % (100 * rms, (wa < 0.1 * w_max).sum(), (wa > 0.9 * w_max).sum(), (wb < 0.1 * w_max).sum(), (wb > 0.9 * w_max).sum()))
ok = ok and d_rate <= 0.02 and d_mean <= 0.02 and rms <= 0.02
print("agree" if ok else "DIFFER")
sys.exit(0 if ok else 1)
