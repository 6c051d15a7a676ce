#!/usr/bin/env python3
"""Runs `neurosim run` with --spikes-format csv, npy and sonata (and --record) on one scenario and
checks that every format holds exactly the rows of spikes.csv for the recorded populations.

  check_spike_formats.py OUT_DIR NEUROSIM SCENARIO RECORD [args...]

spikes.npy is read with the standard library (NEP 1 header, then records <f8 <i4 <i4);
spikes.h5 with h5py (SONATA: /spikes/<population>/timestamps and node_ids, sorted by time).
Without h5py the SONATA part prints SKIPPED and the script exits 0 after the NPY part.
"""
import ast
import os
import shutil
import struct
import subprocess
import sys


def run(neurosim, out, scenario, extra):
    shutil.rmtree(out, ignore_errors=True)
    cmd = [neurosim, "run", scenario, "--out", out] + extra
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("FAILED: %s\n%s%s" % (" ".join(cmd), r.stdout, r.stderr))
    return r.stdout


def read_npy(path):
    with open(path, "rb") as f:
        data = f.read()
    assert data[:6] == b"\x93NUMPY" and data[6:8] == b"\x01\x00", "not NPY 1.0"
    (hlen,) = struct.unpack("<H", data[8:10])
    header = ast.literal_eval(data[10:10 + hlen].decode("latin1"))
    assert header["descr"] == [("t_ms", "<f8"), ("population", "<i4"), ("neuron", "<i4")], header
    (n,) = header["shape"]
    body = data[10 + hlen:]
    assert len(body) == 16 * n, "NPY data length %d for %d rows" % (len(body), n)
    return [struct.unpack_from("<dii", body, 16 * i) for i in range(n)]


def main():
    out, neurosim, scenario, record = sys.argv[1:5]
    extra = sys.argv[5:]
    pops = record.split(",")
    run(neurosim, os.path.join(out, "all"), scenario, extra)
    with open(os.path.join(out, "all", "spikes.csv")) as f:
        lines = f.read().splitlines()
    assert lines[0] == "t_ms,population,neuron"
    rows = [(float(t), p, int(n)) for t, p, n in (line.split(",") for line in lines[1:])]
    names = []  # population index -> name, in spikes.csv's order of first appearance is not enough:
    # the scenario's order comes from metrics.csv's header (<pop>_rate_hz, <pop>_spikes, ...).
    with open(os.path.join(out, "all", "metrics.csv")) as f:
        header = f.readline().strip().split(",")
    names = [h[: -len("_rate_hz")] for h in header if h.endswith("_rate_hz")]
    chosen = [r for r in rows if r[1] in pops]
    assert len(chosen) > 10 and len(chosen) < len(rows), (len(chosen), len(rows))

    run(neurosim, os.path.join(out, "csv"), scenario, extra + ["--record", record])
    with open(os.path.join(out, "csv", "spikes.csv")) as f:
        got = [(float(t), p, int(n)) for t, p, n in (line.split(",") for line in f.read().splitlines()[1:])]
    assert got == chosen, "spikes.csv with --record differs from the full file's rows"

    run(neurosim, os.path.join(out, "npy"), scenario, extra + ["--record", record, "--spikes-format", "npy"])
    assert not os.path.exists(os.path.join(out, "npy", "spikes.csv"))
    npy = [(t, names[p], n) for t, p, n in read_npy(os.path.join(out, "npy", "spikes.npy"))]
    assert npy == chosen, "spikes.npy differs from spikes.csv"
    print("csv and npy: %d of %d spikes, the rows of %s" % (len(chosen), len(rows), record))

    try:
        import h5py
    except ImportError:
        print("SKIPPED: h5py not installed (the SONATA part)")
        return
    run(neurosim, os.path.join(out, "sonata"), scenario, extra + ["--record", record, "--spikes-format", "sonata"])
    with h5py.File(os.path.join(out, "sonata", "spikes.h5"), "r") as f:
        assert sorted(f["spikes"].keys()) == sorted(pops), list(f["spikes"].keys())
        for p in pops:
            g = f["spikes"][p]
            assert g.attrs["sorting"] in (b"by_time", "by_time")
            assert g["timestamps"].attrs["units"] in (b"ms", "ms")
            ts, ids = list(g["timestamps"][:]), [int(i) for i in g["node_ids"][:]]
            want = [r for r in chosen if r[1] == p]
            assert ts == [r[0] for r in want] and ids == [r[2] for r in want], "spikes.h5 /spikes/%s differs" % p
    print("sonata: the same rows per population")


if __name__ == "__main__":
    main()
