#!/usr/bin/env python3
"""Exports tests/data/nir/feedforward.json to NIR, reads the file back with h5py and checks the
NIR 1.0 layout (neuromorphs/NIR, nir/write.py: root `version`, group `node` with type NIRGraph,
`nodes/<name>/` with `type` and one dataset per parameter, `edges` as src/dst names), every
parameter against the scenario with the unit mapping of io/nir.hpp, and every Affine weight
(post x pre) against the weights.csv that `neurosim run` writes for the same scenario.

usage: check_nir_export.py OUT_DIR NEUROSIM SCENARIO_JSON
Prints SKIPPED (and exits 0) when h5py or numpy is missing."""
import csv
import json
import os
import shutil
import subprocess
import sys

try:
    import h5py
    import numpy as np
except ImportError as e:
    print(f"SKIPPED: {e}")
    sys.exit(0)

out, neurosim, scenario = sys.argv[1:4]
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)
nir = os.path.join(out, "ff.nir")
subprocess.run([neurosim, "export", scenario, "--to", "nir", "--out", nir], check=True)
subprocess.run([neurosim, "run", scenario, "--duration", "1", "--out", os.path.join(out, "run")], check=True, stdout=subprocess.DEVNULL)
spec = json.load(open(scenario))
pops = {p["name"]: p for p in spec["populations"]}
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def text(ds):
    v = ds[()]
    return v.decode("utf8") if isinstance(v, bytes) else str(v)


def same(ds, value, what, n):
    a = np.asarray(ds[()], dtype=float)
    check(a.shape == (n,), f"{what}: shape {a.shape}, expected ({n},)")
    check(np.allclose(a, value, rtol=1e-12, atol=0), f"{what}: {a[:3]} != {value}")


with h5py.File(nir, "r") as f:
    check(text(f["version"]).startswith("1.0"), "version")
    node = f["node"]
    check(text(node["type"]) == "NIRGraph", "node/type")
    nodes = node["nodes"]
    check(sorted(nodes.keys()) == ["hidden", "hidden_out", "in", "in_hidden", "out", "out_output"], f"nodes: {sorted(nodes.keys())}")
    edges = {tuple(x.decode("utf8") if isinstance(x, bytes) else x for x in e) for e in node["edges"][()]}
    check(edges == {("in", "in_hidden"), ("in_hidden", "hidden"), ("hidden", "hidden_out"), ("hidden_out", "out"), ("out", "out_output")},
          f"edges: {edges}")
    check(text(nodes["in"]["type"]) == "Input" and list(nodes["in"]["shape"][()]) == [12], "in: Input of shape [12]")
    check(text(nodes["out_output"]["type"]) == "Output" and list(nodes["out_output"]["shape"][()]) == [3], "out_output: Output of shape [3]")
    h = pops["hidden"]["params"]
    g = nodes["hidden"]
    check(text(g["type"]) == "CubaLIF", "hidden: CubaLIF")
    same(g["tau_syn"], h["tau_syn_e"] / 1000, "hidden/tau_syn (s)", 6)
    same(g["tau_mem"], h["tau_m"] / 1000, "hidden/tau_mem (s)", 6)
    same(g["r"], h["tau_m"] / h["C_m"], "hidden/r (mV/pA)", 6)
    same(g["v_leak"], h["E_L"], "hidden/v_leak", 6)
    same(g["v_threshold"], h["V_th"], "hidden/v_threshold", 6)
    same(g["v_reset"], h["V_reset"], "hidden/v_reset", 6)
    same(g["w_in"], h["tau_syn_e"] / 1000, "hidden/w_in", 6)
    o = pops["out"]["params"]
    g = nodes["out"]
    check(text(g["type"]) == "LIF", "out: LIF")
    same(g["tau"], o["tau_m"] / 1000, "out/tau (s)", 3)
    same(g["r"], o["tau_m"] / 1000, "out/r", 3)
    same(g["v_leak"], o["E_L"], "out/v_leak", 3)
    same(g["v_threshold"], o["V_th"], "out/v_threshold", 3)
    same(g["v_reset"], o["V_reset"], "out/v_reset", 3)
    # Biases: CubaLIF steady current w_in b = I_bias; LIF r b = (tau_m / C_m) I_bias.
    check(np.allclose(nodes["in_hidden"]["bias"][()], h["I_bias"] / (h["tau_syn_e"] / 1000), rtol=1e-6), "in_hidden/bias")
    check(np.allclose(nodes["hidden_out"]["bias"][()], o["I_bias"] * (o["tau_m"] / o["C_m"]) / (o["tau_m"] / 1000), rtol=1e-6), "hidden_out/bias")
    scale = {p["name"]: p.get("weight_scale", 1.0) for p in spec["projections"]}
    built = {"in_hidden": np.zeros((6, 12)), "hidden_out": np.zeros((3, 6))}
    with open(os.path.join(out, "run", "weights.csv")) as w:
        for row in csv.DictReader(w):
            built[row["projection"]][int(row["post"]), int(row["pre"])] = float(row["w"]) * scale[row["projection"]]
    for name, m in built.items():
        check(text(nodes[name]["type"]) == "Affine", f"{name}: Affine")
        got = nodes[name]["weight"][()]
        check(got.shape == m.shape, f"{name}/weight: shape {got.shape}, expected {m.shape} (post x pre)")
        if got.shape == m.shape:
            check(np.allclose(got, m, rtol=1e-5, atol=1e-5), f"{name}/weight differs from weights.csv by {np.abs(got - m).max()}")

if failures:
    print("FAILED:\n  " + "\n  ".join(failures))
    sys.exit(1)
print("ok: NIR layout, parameters and weights")
