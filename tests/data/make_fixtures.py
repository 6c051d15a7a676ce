#!/usr/bin/env python3
"""Writes the test fixtures for NeuroSim's input readers (run from anywhere; Python 3 stdlib only).

  tests/data/inflate/      data compressed by Python's zlib (an independent DEFLATE encoder) in every
                           block type, for tests/io/test_inflate.cpp
  tests/data/bad_inputs/   malformed input files; EXPECTED.tsv lists the message each must give
                           (tests/io/test_input_files.cpp)
  tests/data/idx/          three 28 x 28 images (gzip), their labels and a non-digit labels file, for the command-line
                           tests of --images and --labels (tests/app/data.cmake)

The files are committed; rerun this only to change them.
"""
import gzip
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def raw_deflate(data, level=9, strategy=zlib.Z_DEFAULT_STRATEGY):
    c = zlib.compressobj(level, zlib.DEFLATED, -15, 9, strategy)
    return c.compress(data) + c.flush()


def mixed_data(n=20000):
    """Text-like bytes with long and short repeats, so that matches of every length and distance code occur."""
    x = 12345
    out = bytearray()
    alphabet = b"ACGT acgt\n0123456789,."
    while len(out) < n:
        x = (x * 1103515245 + 12345) % (1 << 31)
        if len(out) > 300 and (x >> 20) % 5 == 0:
            dist = (x >> 4) % min(len(out), 32768) + 1
            length = (x >> 9) % 258 + 3
            start = len(out) - dist
            for i in range(length):
                out.append(out[start + i])
        else:
            out.append(alphabet[(x >> 16) % len(alphabet)])
    return bytes(out[:n])


def inflate_fixtures():
    d = os.path.join(HERE, "inflate")
    data = mixed_data()
    write(os.path.join(d, "mixed.bin"), data)
    write(os.path.join(d, "mixed-dynamic.deflate"), raw_deflate(data))
    write(os.path.join(d, "mixed-fixed.deflate"), raw_deflate(data, 9, zlib.Z_FIXED))
    write(os.path.join(d, "mixed-stored.deflate"), raw_deflate(data, 0))
    write(os.path.join(d, "mixed.gz"), gzip.compress(data, 6, mtime=0))
    # Two gzip members, the second with a file name and a header CRC (FNAME | FHCRC).
    second = b"world\n"
    header = b"\x1f\x8b\x08" + bytes([0x08 | 0x02]) + b"\x00\x00\x00\x00\x00\x03" + b"second.txt\x00"
    header += struct.pack("<H", zlib.crc32(header) & 0xFFFF)
    member2 = header + raw_deflate(second) + struct.pack("<II", zlib.crc32(second), len(second))
    write(os.path.join(d, "two-members.gz"), gzip.compress(b"hello ", 9, mtime=0) + member2)


def idx_bytes(kind, dims, payload):
    return bytes([0, 0, 0x08, len(dims)]) + b"".join(struct.pack(">I", v) for v in dims) + payload


def bad_inputs():
    d = os.path.join(HERE, "bad_inputs")
    files = {
        "ragged.csv": b"a,b,c,d\n1,0,0,1\n0,1,0\n",
        "extra_value.csv": b"0,1\n1,0\n1,0,1\n",
        "not_a_number.csv": b"t_ms,a,b\n0,1,0\n1,abc,0\n",
        "nan.csv": b"0,1\n1,nan\n",
        "inf.csv": b"0.5,2.5\n-inf,1\n",
        "negative_rate.csv": b"10,20,30\n10,-5,30\n",
        "fractional_spike.csv": b"0,1\n0.5,0\n",
        "empty.csv": b"",
        "blank.csv": b"\n  \n\t\n",
        "only_header.csv": b"t_ms,n0,n1\n",
        "time_backwards.csv": b"t_ms,n0\n0,1\n5,0\n3,1\n",
        "negative_time.csv": b"t_ms,n0\n-1,1\n",
        "overflow.csv": b"1,2\n3,1e39\n",
        "empty_field.csv": b"1,,2\n",
        "only_time.csv": b"t_ms\n1\n2\n",
        "binary.csv": bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D]) + b"IHDR" + bytes(range(256)),
        "control_byte.csv": b"1,2\n3,\x01\x02\n",
        "utf16.csv": "t_ms,a\n0,1\n".encode("utf-16"),  # with a byte-order mark
        "utf16_nobom.csv": "0,1\n1,0\n".encode("utf-16-le"),
        "malformed.json": b'{"dt_ms": 1,\n "data": [[0, 1],\n          [1, 0]\n}\n',
        "json_nan.json": b'{"data": [[0, NaN]]}',
        "json_ragged.json": b'{"dt_ms": 1, "data": [[0, 1, 0], [1, 0]]}',
        "json_string.json": b'{"data": [[0, 1], [1, "x"]]}',
        "json_unknown_key.json": b'{"dt": 1, "data": [[0]]}',
        "json_duplicate.json": b'{"data": [[0]], "data": [[1]]}',
        "json_both.json": b'{"data": [[0]], "spikes": [{"t_ms": 1, "neuron": 0}]}',
        "json_nothing.json": b'{"dt_ms": 1}',
        "json_array.json": b'[[0, 1], [1, 0]]',
        "json_spike_missing.json": b'{"spikes": [{"t_ms": 1, "neuron": 0}, {"t_ms": 2}]}',
        "json_spike_neuron.json": b'{"spikes": [{"t_ms": 1, "neuron": -3}]}',
        "json_negative_rate.json": b'{"data": [[5, 10], [5, -1]]}',
        "json_empty.json": b"  \n",
        "images_wrong_magic.idx": b"\x89PNG\r\n\x1a\n" + bytes(64),
        "images_truncated.idx": idx_bytes(8, [10, 28, 28], bytes(784 * 3)),
        "images_labels_type.idx": idx_bytes(8, [10], bytes(10)),
        "images_float.idx": bytes([0, 0, 0x0D, 3]) + struct.pack(">III", 1, 2, 2) + bytes(16),
        "images_extra.idx": idx_bytes(8, [1, 2, 2], bytes(4 + 7)),
        "images_truncated.idx.gz": gzip.compress(idx_bytes(8, [2, 4, 4], bytes(32)), 9, mtime=0)[:-12],
        "images_bad_crc.idx.gz": None,  # filled below
        "images_empty.idx": b"",
        # Limits found by fuzzing: counts, times and numbers past what a run can hold.
        "spike_count_huge.csv": b"a,b\n0,1\n1e10,0\n",
        "spike_count_3e8.csv": b"3e8\n",
        "json_spike_count_huge.json": b'{"data": [[0], [1e10]]}',
        "time_huge.csv": b"t_ms,a\n0,1\n1e300,1\n",
        "json_event_time_huge.json": b'{"spikes": [{"t_ms": 1, "neuron": 0}, {"t_ms": 1e300, "neuron": 0}]}',
        "json_duration_huge.json": b'{"duration_ms": 1e300, "data": [[1]]}',
        "time_beyond_double.csv": b"t_ms,a\n0,1\n1e400,1\n",
        "value_beyond_double.csv": b"1,2\n3,1e400\n",
        "gzip_huge_isize.idx.gz": None,  # filled below
    }
    good = gzip.compress(idx_bytes(8, [2, 4, 4], bytes(range(32))), 9, mtime=0)
    files["images_bad_crc.idx.gz"] = good[:-8] + bytes([good[-8] ^ 0xFF]) + good[-7:]
    # A trailer that claims 4 GiB for a member of 32 bytes: the reader must not believe it.
    files["gzip_huge_isize.idx.gz"] = good[:-4] + struct.pack("<I", 0xFFFFFFF0)
    for name, data in files.items():
        write(os.path.join(d, name), data)
    # The bad labels go with a good images file.
    write(os.path.join(d, "good_images.idx"), idx_bytes(8, [3, 2, 2], bytes(12)))
    write(os.path.join(d, "labels_count.idx"), idx_bytes(8, [4], bytes(4)))


def idx_fixtures():
    """Three 28 x 28 images: a square, a bar, a cross; labels 0, 1, 4."""
    d = os.path.join(HERE, "idx")
    pixels = bytearray()
    for k in range(3):
        for y in range(28):
            for x in range(28):
                lit = (8 < x < 20 and 8 < y < 20) if k == 0 else (x == 14) if k == 1 else (x == 14 or y == 14)
                pixels.append(255 if lit else 0)
    write(os.path.join(d, "tiny-images-idx3-ubyte.gz"), gzip.compress(idx_bytes(8, [3, 28, 28], bytes(pixels)), 9, mtime=0))
    write(os.path.join(d, "tiny-labels-idx1-ubyte"), idx_bytes(8, [3], bytes([0, 1, 4])))
    # The same three images with a label that is not a digit (run --test-labels must refuse it).
    write(os.path.join(d, "labels-over-nine-idx1-ubyte"), idx_bytes(8, [3], bytes([0, 1, 12])))


if __name__ == "__main__":
    inflate_fixtures()
    bad_inputs()
    idx_fixtures()
    print("fixtures written under", HERE)
