#!/usr/bin/env python3
"""Writes damaged_vlen_heap_length.h5: a valid SONATA spike file whose variable-length string
attribute (/spikes/exc sorting = "by_time", kept in HDF5's global heap) has its heap object's
length overwritten with 738197509, as in tests/data/nir/damaged_vlen_heap_length.nir (a fuzzing
finding). libhdf5 1.10 trusts that length and copies ~700 MB past the heap when the attribute is
read. Needs h5py:  python3 make_damaged_sonata.py
"""
import os
import struct

import h5py
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
path = os.path.join(here, "damaged_vlen_heap_length.h5")
with h5py.File(path, "w") as f:
    g = f.create_group("spikes/exc")
    g.attrs.create("sorting", "by_time", dtype=h5py.string_dtype())
    g.create_dataset("timestamps", data=np.array([1.0, 2.0, 3.0]))
    g.create_dataset("node_ids", data=np.array([0, 1, 2], dtype=np.uint64))
data = bytearray(open(path, "rb").read())
heap = data.find(b"GCOL")
assert heap >= 0, "no global heap in the file"
# Collection header: "GCOL", version, 3 reserved, collection size (8); then object 1: index (2),
# reference count (2), reserved (4), size (8).
data[heap + 16 + 8:heap + 16 + 16] = struct.pack("<Q", 738197509)
open(path, "wb").write(bytes(data))
