#!/usr/bin/env python3
"""`neurosim run mnist-input --images FILE --labels FILE` on small IDX files made here, plain and
gzipped (used by tests/app/data.cmake).

Three 28 x 28 images (a square, a vertical bar, a horizontal bar; labels 3, 1, 4) are written as
IDX (LeCun's format: magic 00 00 08 03 / 00 00 08 01, big-endian counts and sizes, then unsigned
bytes), once plain and once through Python's gzip module. Each run must rate-code exactly the
image of its presentation window: in window k (500 ms: 350 ms shown, 150 ms rest) the input
population fires only while the image is shown, only at lit pixels of image k % 3, and at every
lit pixel (white fires at 63.75 Hz, so a lit pixel stays silent for 350 ms with probability
e^-22). Plain and gzipped files give the same spikes.

usage: check_images.py OUT_DIR NEUROSIM
"""
import csv
import gzip
import os
import shutil
import struct
import subprocess
import sys

SIDE = 28
WINDOW_MS, SHOWN_MS = 500.0, 350.0


def images():
    square = [[255 if 8 < x < 20 and 8 < y < 20 else 0 for x in range(SIDE)] for y in range(SIDE)]
    vbar = [[255 if x == 14 else 0 for x in range(SIDE)] for y in range(SIDE)]
    hbar = [[200 if y == 5 and x > 3 else 0 for x in range(SIDE)] for y in range(SIDE)]
    return [square, vbar, hbar], [3, 1, 4]


def idx_images(imgs):
    data = bytes(v for img in imgs for row in img for v in row)
    return struct.pack(">BBBBIII", 0, 0, 8, 3, len(imgs), SIDE, SIDE) + data


def idx_labels(labels):
    return struct.pack(">BBBBI", 0, 0, 8, 1, len(labels)) + bytes(labels)


def run(neurosim, out, images_path, labels_path):
    shutil.rmtree(out, ignore_errors=True)
    cmd = [neurosim, "run", "mnist-input", "--duration", "1500", "--images", images_path, "--labels", labels_path, "--out", out]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"FAIL: {' '.join(cmd)} exited with {r.returncode}\n{r.stdout}\n{r.stderr}")
    with open(os.path.join(out, "spikes.csv"), newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["t_ms", "population", "neuron"], rows[0]
    return [(float(t), int(n)) for t, pop, n in rows[1:] if pop == "input"]


def check(spikes, imgs, what):
    lit = [{y * SIDE + x for y in range(SIDE) for x in range(SIDE) if img[y][x] > 0} for img in imgs]
    fired = [set() for _ in range(3)]
    for t, n in spikes:
        k = int(t // WINDOW_MS)
        if t - k * WINDOW_MS >= SHOWN_MS:
            raise SystemExit(f"FAIL ({what}): input spike at {t} ms, in the rest after window {k}'s image")
        if n not in lit[k % 3]:
            raise SystemExit(f"FAIL ({what}): neuron {n} fired at {t} ms, but pixel {n} of image {k % 3} is dark")
        fired[k % 3].add(n)
    for k in range(3):
        if fired[k] != lit[k]:
            raise SystemExit(f"FAIL ({what}): image {k}: {len(fired[k])} of {len(lit[k])} lit pixels fired")
    print(f"{what}: {len(spikes)} input spikes, every one at a lit pixel of the image on show")


def main():
    out, neurosim = sys.argv[1], sys.argv[2]
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    imgs, labels = images()
    files = {
        "images.idx": idx_images(imgs),
        "labels.idx": idx_labels(labels),
        "images.idx.gz": gzip.compress(idx_images(imgs), mtime=0),
        "labels.idx.gz": gzip.compress(idx_labels(labels), mtime=0),
    }
    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    plain = run(neurosim, os.path.join(out, "plain"), os.path.join(out, "images.idx"), os.path.join(out, "labels.idx"))
    check(plain, imgs, "plain IDX")
    packed = run(neurosim, os.path.join(out, "gzip"), os.path.join(out, "images.idx.gz"), os.path.join(out, "labels.idx.gz"))
    check(packed, imgs, "gzipped IDX")
    if plain != packed:
        raise SystemExit("FAIL: plain and gzipped files gave different spikes")
    print("ok")


if __name__ == "__main__":
    main()
