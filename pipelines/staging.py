"""Stage a domain's input file for CsvExampleGen, refusing files that cannot be used.

CsvExampleGen reads a directory of plain CSV files and splits the header on bare commas.
The source may be gzipped and may quote its header (some published data sets do), and the
domain may derive its label from another column (`num > 0`), drop columns and add
bands for slicing. So the file is rewritten once into `<inputs>/<key>/data.csv`; the key
hashes the file's bytes and the domain's shaping, so an unchanged input keeps its path
and modification time and the ExampleGen execution is served from cache.
"""

from __future__ import annotations

import csv
import dataclasses
import gzip
import hashlib
import io
import json
import os
import shutil
from pathlib import Path
from typing import IO

from pipelines.domains.spec import DomainSpec


# Beside each staged directory (outside it: ExampleGen reads every file inside): the file
# it was staged from, so that lineage can name a pushed model's data by path and SHA-256.
SOURCE_SUFFIX = ".source.json"


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


def _shape_key(spec: DomainSpec) -> str:
    """What, besides the file's bytes, decides the staged file's content."""
    shape = [str(spec.label_rule), spec.label, sorted(spec.drop), [(b.name, b.source, b.edges) for b in spec.bands]]
    return json.dumps(shape)


def _rewrite(source: Path, target: Path, spec: DomainSpec, columns: tuple[str, ...]) -> int:
    """Write the file CsvExampleGen reads: plain header, label derived, drops dropped, bands added."""
    rule = spec.label_rule
    dropped = {*spec.drop, rule.source, spec.label}
    keep = [i for i, column in enumerate(columns) if column not in dropped]
    label_at = columns.index(rule.source)
    bands = [(band, columns.index(band.source)) for band in spec.bands]
    rows = 0
    with _open_text(source) as src, target.open("w", encoding="utf-8", newline="") as dst:
        reader, writer = csv.reader(src), csv.writer(dst, lineterminator="\n")
        next(reader)
        writer.writerow([columns[i] for i in keep] + [band.name for band, _ in bands] + [spec.label])
        for row in reader:
            if not row:
                continue
            where = f"data file {source}, line {reader.line_num}"
            if len(row) != len(columns):
                raise DataFileError(f"{where}: {len(row)} fields where the header has {len(columns)}")
            try:
                label = rule(row[label_at])
            except ValueError as err:
                raise DataFileError(f"{where}: label column {rule.source!r} {err} (label rule: {rule})") from None
            try:
                derived = [band(row[at]) for band, at in bands]
            except ValueError:
                bad = next(band.source for band, at in bands if not _is_number(row[at]))
                raise DataFileError(f"{where}: column {bad!r} is not a number") from None
            writer.writerow([row[i] for i in keep] + derived + [label])
            rows += 1
    return rows


def _is_number(text: str) -> bool:
    try:
        float(text or 0)
        return True
    except ValueError:
        return False


def _record_source(path: Path, source: Path, sha256: str) -> None:
    partial = path.with_name(f".{path.name}.part")
    partial.write_text(json.dumps({"source": str(source), "sha256": sha256}, indent=2) + "\n")
    os.replace(partial, path)


def stage(source: Path, inputs_dir: Path, spec: DomainSpec) -> StagedData:
    """Check `source` against the domain and write the CSV that CsvExampleGen reads."""
    if not source.is_file():
        raise DataFileError(f"data file not found: {source}")
    try:
        return _stage(source, inputs_dir, spec)
    except UnicodeDecodeError as err:
        raise DataFileError(f"data file {source} is not UTF-8 text ({err.reason}: {err.object[err.start:err.end]!r})") from None
    except (gzip.BadGzipFile, EOFError) as err:
        raise DataFileError(f"data file {source} is not a readable gzip file: {err}") from None


def _stage(source: Path, inputs_dir: Path, spec: DomainSpec) -> StagedData:
    columns = _read_header(source)
    missing = [c for c in spec.required_columns() if c not in columns]
    if missing:
        raise DataFileError(
            f"data file {source} lacks column(s) {', '.join(missing)} required by domain {spec.name!r}"
        )
    sha = _sha256(source)
    key = hashlib.sha256(f"{sha}{_shape_key(spec)}".encode()).hexdigest()[:16]
    directory = inputs_dir / key
    target = directory / "data.csv"
    if not target.exists():
        directory.mkdir(parents=True, exist_ok=True)
        # Hidden until complete: ExampleGen globs the directory, a half file must never match.
        partial = directory / ".data.csv.part"
        try:
            _rewrite(source, partial, spec, columns)
        except BaseException:
            shutil.rmtree(directory)
            raise
        os.rename(partial, target)
    _record_source(inputs_dir / f"{key}{SOURCE_SUFFIX}", source, sha)
    return StagedData(source=source, sha256=sha, directory=directory, columns=columns)
