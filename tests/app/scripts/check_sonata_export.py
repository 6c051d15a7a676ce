#!/usr/bin/env python3
"""Exports a scenario to SONATA, reads it back with h5py and checks SONATA's layout
(AllenInstitute/sonata, docs/SONATA_DEVELOPER_GUIDE.md: root attributes magic 0x0A7A and version;
/nodes/<pop>/ node_id, node_type_id, node_group_id, node_group_index, 0/; /edges/<pre>_<post>/
source_node_id and target_node_id with node_population, edge_type_id, edge_group_id,
edge_group_index, 0/syn_weight and 0/delay), the space-separated types tables, every edge's
source, target and weight against the weights.csv that `neurosim run` writes with the same seed,
and a file input's spike file against the spikes that run plays (spikes.csv).

usage: check_sonata_export.py OUT_DIR NEUROSIM SCENARIO
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
sonata = os.path.join(out, "sonata")
subprocess.run([neurosim, "export", scenario, "--to", "sonata", "--out", sonata], check=True)
subprocess.run([neurosim, "run", scenario, "--out", os.path.join(out, "run")], check=True, stdout=subprocess.DEVNULL)

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


circuit = json.load(open(os.path.join(sonata, "circuit_config.json")))
node_files = [n["nodes_file"].replace("$NETWORK_DIR", os.path.join(sonata, "network")) for n in circuit["networks"]["nodes"]]
edge_files = [e["edges_file"].replace("$NETWORK_DIR", os.path.join(sonata, "network")) for e in circuit["networks"]["edges"]]
with open(os.path.join(sonata, "node_types.csv")) as f:
    node_types = {int(r["node_type_id"]): r for r in csv.DictReader(f, delimiter=" ")}
with open(os.path.join(sonata, "edge_types.csv")) as f:
    edge_types = {int(r["edge_type_id"]): r for r in csv.DictReader(f, delimiter=" ")}

sizes = {}
for path in node_files:
    with h5py.File(path, "r") as f:
        check(f.attrs["magic"] == 0x0A7A, f"{path}: magic")
        check(list(f.attrs["version"]) == [0, 1], f"{path}: version")
        for name, pop in f["nodes"].items():
            n = len(pop["node_id"])
            sizes[name] = n
            check((pop["node_id"][()] == np.arange(n)).all(), f"{name}: node_id")
            check((pop["node_group_index"][()] == np.arange(n)).all(), f"{name}: node_group_index")
            check((pop["node_group_id"][()] == 0).all(), f"{name}: node_group_id")
            types = set(pop["node_type_id"][()].tolist())
            check(len(types) == 1 and node_types[types.pop()]["pop_name"] == name, f"{name}: node_type_id")
            check("0" in pop, f"{name}: group 0")

# weights.csv rows, by projection, in the order the synapses are stored.
rows = {}
with open(os.path.join(out, "run", "weights.csv")) as f:
    for r in csv.DictReader(f):
        rows.setdefault(r["projection"], []).append((int(r["pre"]), int(r["post"]), float(r["w"])))

seen = set()
for path in edge_files:
    with h5py.File(path, "r") as f:
        check(f.attrs["magic"] == 0x0A7A, f"{path}: magic")
        for name, pop in f["edges"].items():
            types = set(pop["edge_type_id"][()].tolist())
            check(len(types) == 1, f"{name}: one edge type")
            projection = edge_types[types.pop()]["projection"]
            seen.add(projection)
            pre = pop["source_node_id"].attrs["node_population"]
            post = pop["target_node_id"].attrs["node_population"]
            check(name == f"{pre}_{post}", f"{name}: node_population attributes {pre}, {post}")
            want = np.array(rows.get(projection, []), dtype=float).reshape(-1, 3)
            src, dst = pop["source_node_id"][()], pop["target_node_id"][()]
            w, d = pop["0/syn_weight"][()], pop["0/delay"][()]
            check(len(src) == len(want), f"{name}: {len(src)} edges, weights.csv has {len(want)}")
            if len(src) == len(want):
                check((src == want[:, 0]).all(), f"{name}: source_node_id")
                check((dst == want[:, 1]).all(), f"{name}: target_node_id")
                # conductances (IF_cond_exp targets) are positive in PyNN: NeuroSim adds the magnitude
                cond = any(t["pop_name"] == post and t["model_template"] == "pyNN:IF_cond_exp" for t in node_types.values())
                ref = np.abs(want[:, 2]) if cond else want[:, 2]
                check(np.allclose(w, ref * 1e-3, rtol=1e-6, atol=0), f"{name}: syn_weight (nA, uS) against weights.csv (pA, nS)")
            check(src.max(initial=0) < sizes[pre] and dst.max(initial=0) < sizes[post], f"{name}: ids within the populations")
            check((d > 0).all(), f"{name}: delays positive")
            check((pop["edge_group_index"][()] == np.arange(len(src))).all(), f"{name}: edge_group_index")
check(seen == set(rows), f"projections {sorted(seen)} against weights.csv's {sorted(rows)}")

# File inputs: the spike file holds the spikes NeuroSim's run plays (spikes.csv), loops included.
simulation = json.load(open(os.path.join(sonata, "simulation_config.json")))
with open(os.path.join(out, "run", "spikes.csv")) as f:
    played = list(csv.DictReader(f))
for name, source in simulation["inputs"].items():
    if source.get("module") != "h5":
        continue
    pop = source["node_set"]
    with h5py.File(source["input_file"].replace("$BASE_DIR", sonata), "r") as f:
        g = f["spikes"][pop]
        got = sorted(zip(np.round(g["timestamps"][()], 6).tolist(), g["node_ids"][()].tolist()))
    want = sorted((round(float(r["t_ms"]), 6), int(r["neuron"])) for r in played if r["population"] == pop)
    check(len(want) > 0 and got == want, f"{pop}: {len(got)} spikes in the spike file, the run played {len(want)}")

if failures:
    print("\n".join("FAIL: " + f for f in failures))
    sys.exit(1)
print(f"ok: {sum(len(v) for v in rows.values())} edges in {len(edge_files)} edge files match weights.csv")
