#!/usr/bin/env python3
"""Runs a gradient-training preset briefly, then reads model.nir back with h5py and checks every
node and parameter against model.json and the .npy weights (read with numpy), in the layout of
the NIR 1.0 reference writer (neuromorphs/NIR, nir/write.py), and the beta -> tau mapping:
tau = dt / (1 - beta), r = tau / dt, v_leak = 0, v_threshold = threshold.

usage: check_nir.py OUT_DIR NEUROSIM run PRESET [ARGS ...]
Prints SKIPPED (and exits 0) when h5py or numpy is missing."""
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

out, cmd = sys.argv[1], sys.argv[2:]
shutil.rmtree(out, ignore_errors=True)
subprocess.run(cmd + ["--out", out], check=True)
model = json.load(open(os.path.join(out, "model.json")))
dt = model["network"]["dt_ms"] / 1000.0
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def text(ds):
    v = ds[()]
    return v.decode("utf8") if isinstance(v, bytes) else str(v)


with h5py.File(os.path.join(out, "model.nir"), "r") as f:
    check(text(f["version"]).startswith("1.0"), "version")
    node = f["node"]
    check(text(node["type"]) == "NIRGraph", "node/type")
    nodes = node["nodes"]
    edges = [tuple(x.decode("utf8") if isinstance(x, bytes) else x for x in e) for e in node["edges"][()]]
    names = ["input"]
    check(list(nodes["input"]["shape"][()]) == model["network"]["input"], "input shape")
    for layer in model["layers"]:
        i, t = layer["index"], layer["type"]
        params = {k: np.load(os.path.join(out, v["file"])) for k, v in layer.get("params", {}).items()}
        if t == "Conv2d":
            n = nodes[f"conv{i}"]
            names.append(f"conv{i}")
            check(text(n["type"]) == "Conv2d", f"conv{i} type")
            check(np.array_equal(n["weight"][()], params["weight"]), f"conv{i} weight")
            check(n["weight"].dtype == np.float32, f"conv{i} weight dtype")
            check(np.array_equal(n["bias"][()], params["bias"]), f"conv{i} bias")
            check(list(n["stride"][()]) == [layer["stride"]] * 2, f"conv{i} stride")
            check(list(n["padding"][()]) == [layer["padding"]] * 2, f"conv{i} padding")
            check(list(n["dilation"][()]) == [1, 1], f"conv{i} dilation")
            check(int(n["groups"][()]) == 1, f"conv{i} groups")
        elif t == "AvgPool2d":
            n = nodes[f"pool{i}"]
            names.append(f"pool{i}")
            check(text(n["type"]) == "AvgPool2d", f"pool{i} type")
            for key, want in (("kernel_size", [layer["kernel"]] * 2), ("stride", [layer["kernel"]] * 2), ("padding", [0, 0])):
                check(list(n[key][()]) == want, f"pool{i} {key}")
        elif t == "Flatten":
            n = nodes[f"flatten{i}"]
            names.append(f"flatten{i}")
            check(text(n["type"]) == "Flatten", f"flatten{i} type")
            check(int(n["start_dim"][()]) == 0 and int(n["end_dim"][()]) == -1, f"flatten{i} dims")
            check(list(n["input_type"][()]) == layer["in_shape"], f"flatten{i} input_type")
        elif t == "Linear":
            n = nodes[f"affine{i}"]
            names.append(f"affine{i}")
            check(text(n["type"]) == "Affine", f"affine{i} type")
            check(np.array_equal(n["weight"][()], params["weight"]), f"affine{i} weight")
            check(np.array_equal(n["bias"][()], params["bias"]), f"affine{i} bias")
        elif t in ("LIF", "Readout"):
            key = f"lif{i}" if t == "LIF" else f"readout{i}"
            n = nodes[key]
            names.append(key)
            beta = float(params["beta"][0])
            shape = [s for s in layer["out_shape"]] if layer["out_shape"][1:] != [1, 1] else [layer["out_shape"][0]]
            check(list(n["tau"].shape) == shape, f"{key} shape {list(n['tau'].shape)} != {shape}")
            tau = dt / (1 - beta)
            check(np.allclose(n["tau"][()], tau, rtol=1e-6), f"{key} tau")
            check(np.allclose(n["r"][()], tau / dt, rtol=1e-6), f"{key} r")
            check(np.all(n["v_leak"][()] == 0), f"{key} v_leak")
            if t == "LIF":
                check(text(n["type"]) == "LIF", f"{key} type")
                check(np.allclose(n["v_threshold"][()], float(params["threshold"][0])), f"{key} v_threshold")
            else:
                check(text(n["type"]) == "LI", f"{key} type")
        else:
            failures.append(f"unexpected layer type {t}")
    names.append("output")
    check(text(nodes["output"]["type"]) == "Output", "output type")
    check(sorted(nodes.keys()) == sorted(names), f"node names {sorted(nodes.keys())}")
    check(edges == list(zip(names[:-1], names[1:])), f"edges {edges}")

if failures:
    print("model.nir does not match model.json:\n  " + "\n  ".join(failures))
    sys.exit(1)
print(f"model.nir: {len(names)} nodes, every parameter matches model.json")
