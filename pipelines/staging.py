"""Stage a domain's input file for CsvExampleGen, refusing files that cannot be read.

CsvExampleGen reads a directory of plain CSV files and splits the header on bare commas.
The source may be gzipped and may quote its header (the ULB fraud file does), so the
file is copied once into `<inputs>/<sha256 prefix>/data.csv` with a plain header. The
directory is keyed by content, so an unchanged file keeps its path and modification
time and the ExampleGen execution is served from cache.
"""

from __future__ import annotations

import csv
import dataclasses
import gzip
import hashlib
import io
import os
import shutil
from pathlib import Path
from typing import IO

from pipelines.domains.spec import DomainSpec


class DataFileError(ValueError):
    """An input file that cannot be used; the message names the file and the problem."""


@dataclasses.dataclass(frozen=True)
class StagedData:
    source: Path
    sha256: str
    directory: Path
    columns: tuple[str, ...]


def _open_text(path: Path) -> IO[str]:
    raw = gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")
    return io.TextIOWrapper(raw, encoding="utf-8", newline="")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_header(path: Path) -> tuple[str, ...]:
    with _open_text(path) as f:
        header = f.readline()
        if not header.strip():
            raise DataFileError(f"data file {path} is empty")
        if not f.readline().strip():
            raise DataFileError(f"data file {path} has a header but no data rows")
    return tuple(name.strip() for name in next(csv.reader([header])))


def stage(source: Path, inputs_dir: Path, spec: DomainSpec) -> StagedData:
    """Check `source` against the domain's columns and copy it where CsvExampleGen reads."""
    if not source.is_file():
        raise DataFileError(f"data file not found: {source}")
    columns = _read_header(source)
    missing = [c for c in (*spec.features.all(), spec.label) if c not in columns]
    if missing:
        raise DataFileError(
            f"data file {source} lacks column(s) {', '.join(missing)} required by domain {spec.name!r}"
        )
    sha = _sha256(source)
    directory = inputs_dir / sha[:16]
    target = directory / "data.csv"
    if not target.exists():
        directory.mkdir(parents=True, exist_ok=True)
        partial = directory / ".data.csv.part"
        with _open_text(source) as src, partial.open("w", encoding="utf-8", newline="") as dst:
            src.readline()
            dst.write(",".join(columns) + "\n")
            shutil.copyfileobj(src, dst, 1 << 20)
        # Hidden until complete: ExampleGen globs the directory, a half file must never match.
        os.rename(partial, target)
    return StagedData(source=source, sha256=sha, directory=directory, columns=columns)
