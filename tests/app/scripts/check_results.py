#!/usr/bin/env python3
"""Runs `neurosim run ... --out DIR` and checks that every result file loads as numpy and pandas
load it without options (used by tests/app/data.cmake).

numpy and pandas are not needed: the checks are written from the formats' specifications (and
where numpy and pandas are installed, every file is also loaded with them, without options).
  CSV (what pd.read_csv(f) and np.genfromtxt(f, delimiter=",", names=True) assume): RFC 4180
      fields, a header row of unique, non-empty names, every row as wide as the header (no
      trailing commas), numbers in Python's float syntax with '.' as the decimal point.
  NPY 1.0 (numpy.lib.format, NEP 1): b"\\x93NUMPY", version 1.0, a little-endian uint16 header
      length, a Python dict literal with exactly the keys 'descr', 'fortran_order', 'shape',
      padded with spaces and ended by '\\n' so that the data starts at a multiple of 64 bytes,
      then prod(shape) records of the dtype 'descr' describes.
Then the files are compared with each other: spikes.npy holds exactly spikes.csv's rows,
weights.npy weights.csv's, and weights_final.csv is the rows of weights.csv whose projection
learns (experiment.json "weights"[k]["plastic"]).

usage: check_results.py OUT_DIR NEUROSIM ARGS...   (OUT_DIR is removed first; --out is added)
"""
import ast
import csv
import json
import math
import os
import shutil
import struct
import subprocess
import sys

NPY_TYPES = {"<i4": ("i", 4), "<f4": ("f", 4), "<f8": ("d", 8)}
failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message, file=sys.stderr)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    name = os.path.basename(path)
    if not rows:
        fail(f"{name}: no header row")
        return [], []
    header, data = rows[0], rows[1:]
    if any(h == "" for h in header):
        fail(f"{name}: an empty column name in {header} (a trailing comma?)")
    if len(set(header)) != len(header):
        fail(f"{name}: repeated column names in {header}")
    for i, row in enumerate(data, start=2):
        if len(row) != len(header):
            fail(f"{name}:{i}: {len(row)} fields, the header has {len(header)}")
            break
    # A column is numeric when every non-empty value is; pandas then gives it a float or int
    # dtype. Text columns must be text throughout (names), not a mix that hides a bad number.
    for c, column in enumerate(header):
        values = [row[c] for row in data if c < len(row) and row[c] != ""]
        numeric = 0
        for v in values:
            try:
                float(v)
                numeric += 1
            except ValueError:
                pass
        if 0 < numeric < len(values):
            fail(f"{name}: column {column} mixes numbers and text")
        if numeric and any("," in v for v in values):
            fail(f"{name}: column {column} has a ',' in a number")
    return header, data


def read_npy(path):
    name = os.path.basename(path)
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:6] != b"\x93NUMPY":
        fail(f"{name}: magic is {raw[:6]!r}")
        return None, []
    if raw[6:8] != b"\x01\x00":
        fail(f"{name}: version {raw[6]}.{raw[7]}, expected 1.0")
    (hlen,) = struct.unpack("<H", raw[8:10])
    start = 10 + hlen
    if start % 64 != 0:
        fail(f"{name}: data starts at byte {start}, not a multiple of 64")
    header = raw[10:start].decode("latin1")
    if not header.endswith("\n"):
        fail(f"{name}: the header does not end with a newline")
    body = header[:-1]
    if body[body.rfind("}") + 1:].strip(" ") != "":
        fail(f"{name}: something other than spaces pads the header")
    d = ast.literal_eval(header)
    if not isinstance(d, dict) or sorted(d) != ["descr", "fortran_order", "shape"]:
        fail(f"{name}: header keys {sorted(d) if isinstance(d, dict) else d}")
        return None, []
    if d["fortran_order"] is not False:
        fail(f"{name}: fortran_order is {d['fortran_order']}")
    shape = d["shape"]
    if not isinstance(shape, tuple) or not all(isinstance(n, int) and n >= 0 for n in shape):
        fail(f"{name}: shape {shape!r}")
        return None, []
    descr = d["descr"]
    fields = descr if isinstance(descr, list) else [("", descr)]
    fmt, names = "<", []
    for field_name, type_name in fields:
        if type_name not in NPY_TYPES:
            fail(f"{name}: field {field_name} has type {type_name}")
            return None, []
        fmt += NPY_TYPES[type_name][0]
        names.append(field_name)
    itemsize = struct.calcsize(fmt)
    count = math.prod(shape)
    if len(raw) - start != count * itemsize:
        fail(f"{name}: {len(raw) - start} data bytes, the header promises {count} x {itemsize}")
        return None, []
    records = [struct.unpack_from(fmt, raw, start + i * itemsize) for i in range(count)]
    return names, records


def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


def main():
    out, command = sys.argv[1], sys.argv[2:]
    shutil.rmtree(out, ignore_errors=True)
    run = subprocess.run(command + ["--out", out], capture_output=True, text=True)
    if run.returncode != 0:
        print(run.stdout, run.stderr, file=sys.stderr)
        raise SystemExit(f"FAIL: {' '.join(command)} exited with {run.returncode}")
    files = sorted(os.listdir(out))
    print("files:", " ".join(files))
    with open(os.path.join(out, "experiment.json"), encoding="utf-8") as f:
        experiment = json.load(f)
    tables = {n: read_csv(os.path.join(out, n)) for n in files if n.endswith(".csv")}
    arrays = {n: read_npy(os.path.join(out, n)) for n in files if n.endswith(".npy")}
    for n, (header, data) in tables.items():
        print(f"{n}: {len(data)} rows, columns {','.join(header)}")
    for n, (names, records) in arrays.items():
        print(f"{n}: {len(records)} records, fields {names}")

    populations = [p["name"] for p in experiment["populations"]]
    projections = [w["projection"] for w in experiment["weights"]]
    plastic = {w["projection"] for w in experiment["weights"] if w["plastic"]}

    if "spikes.npy" in arrays:
        names, records = arrays["spikes.npy"]
        _, rows = tables["spikes.csv"]
        if names != ["t_ms", "population", "neuron"]:
            fail(f"spikes.npy fields {names}")
        elif len(records) != len(rows):
            fail(f"spikes.npy has {len(records)} records, spikes.csv {len(rows)} rows")
        else:
            for i, (rec, row) in enumerate(zip(records, rows)):
                if (rec[0], populations[rec[1]], rec[2]) != (float(row[0]), row[1], int(row[2])):
                    fail(f"spikes.npy record {i} {rec} differs from spikes.csv row {row}")
                    break
    if "weights.npy" in arrays:
        names, records = arrays["weights.npy"]
        _, rows = tables["weights.csv"]
        if names != ["projection", "pre", "post", "w"]:
            fail(f"weights.npy fields {names}")
        elif len(records) != len(rows):
            fail(f"weights.npy has {len(records)} records, weights.csv {len(rows)} rows")
        else:
            for i, (rec, row) in enumerate(zip(records, rows)):
                # The CSV's text is the float32's shortest form: it reads back to the same float32.
                if (projections[rec[0]], rec[1], rec[2], rec[3]) != (row[0], int(row[1]), int(row[2]), f32(float(row[3]))):
                    fail(f"weights.npy record {i} {rec} differs from weights.csv row {row}")
                    break
    if "weights_final.csv" in tables:
        if "weights.csv" not in tables:
            fail("weights_final.csv without weights.csv")
        else:
            expected = [row for row in tables["weights.csv"][1] if row[0] in plastic]
            if tables["weights_final.csv"][1] != expected:
                fail("weights_final.csv is not the plastic projections' rows of weights.csv")
            if tables["weights_final.csv"][0] != ["projection", "pre", "post", "w"]:
                fail(f"weights_final.csv columns {tables['weights_final.csv'][0]}")
    check_with_numpy(out, tables, arrays)
    if failures:
        raise SystemExit(f"{len(failures)} problems")
    print("ok")


def check_with_numpy(out, tables, arrays):
    """Where numpy and pandas are installed, loads every file with them, without options."""
    try:
        import numpy as np
        import pandas as pd
    except ImportError:
        print("numpy/pandas not installed here: the files were checked against the format specs only")
        return
    for n, (header, rows) in tables.items():
        frame = pd.read_csv(os.path.join(out, n))
        if list(frame.columns) != header or len(frame) != len(rows):
            fail(f"pandas reads {n} as {len(frame)} rows x {list(frame.columns)}")
        table = np.genfromtxt(os.path.join(out, n), delimiter=",", names=True, dtype=None, encoding="utf-8")
        if list(table.dtype.names) != header or table.size != len(rows):
            fail(f"numpy reads {n} as {table.size} rows x {table.dtype.names}")
    for n, (names, records) in arrays.items():
        array = np.load(os.path.join(out, n))
        if list(array.dtype.names) != names or len(array) != len(records):
            fail(f"np.load reads {n} as {len(array)} records of {array.dtype}")
        elif len(records) and tuple(array[0].tolist()) != tuple(records[0]):
            fail(f"np.load's first record of {n} {array[0]} differs from {records[0]}")
    print(f"numpy {np.__version__} and pandas {pd.__version__} load every file")


if __name__ == "__main__":
    main()
