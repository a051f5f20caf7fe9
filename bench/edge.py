"""Size and single-example latency of a registry version's TFLite model against its SavedModel.

    .venv/bin/python -m bench.edge artifacts/registry/autonomous_vehicles/1 [--calls 1000] [--data FILE]

Rows come from the domain's own data (`--data` for another CSV, plain or gzipped), read
and typed as `models predict` reads them. Each call scores one row: `invoke()` of the
TFLite interpreter with the row's tensors already set (what an embedded loop pays), and
`serving_default` on one serialized tf.Example (what TF Serving's model pays, without
the network). Both run on one thread. The largest probability difference over the rows
is printed too.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import statistics
import time
from pathlib import Path
from typing import Callable

import numpy as np
import tensorflow as tf

from components import edge_model, serving_check
from pipelines import domains
from pipelines.models import predict, rows

WARMUP = 20


def _read_rows(path: Path, spec: domains.DomainSpec, count: int) -> list[dict[str, list[rows.Value]]]:
    """`count` rows spread evenly over the file, typed by the domain's schema."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", newline="", encoding="utf-8") as f:
        reader = csv.reader(io.StringIO(f.read()))
        header = next(reader)
        cells = [(reader.line_num, row) for row in reader if row]
    picked = cells[:: max(1, len(cells) // count)][:count]
    checks = rows.columns(rows.load_schema(spec.schema_path), spec.features.all())
    return list(rows.typed_rows(header, picked, checks, str(path)))


def _latency(call: Callable[[int], object], calls: int, prepare: Callable[[int], object] = lambda i: None) -> dict[str, float]:
    """Mean, p50 and p99 of `call(i)` in microseconds, after a warm-up; `prepare(i)` runs untimed before it."""
    times = []
    for i in range(WARMUP + calls):
        prepare(i)
        started = time.perf_counter()
        call(i)
        if i >= WARMUP:
            times.append((time.perf_counter() - started) * 1e6)
    times.sort()
    return {"mean": statistics.fmean(times), "p50": times[len(times) // 2], "p99": times[int(len(times) * 0.99) - 1]}


def _saved_model_bytes(version_dir: Path) -> int:
    """What TF Serving loads: saved_model.pb, variables/ and assets/ (not the TFLite model or the card)."""
    parts = [version_dir / "saved_model.pb", *(version_dir / "variables").rglob("*"), *(version_dir / "assets").rglob("*")]
    return sum(p.stat().st_size for p in parts if p.is_file())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("version_dir", type=Path, help="artifacts/registry/<domain>/<N>")
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--data", type=Path, help="a CSV with the domain's feature columns; default: the domain's data")
    args = parser.parse_args(argv)
    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    spec = domains.get(args.version_dir.resolve().parent.name)
    found = edge_model.read(args.version_dir)
    if found is None:
        raise SystemExit(f"error: no {edge_model.TFLITE_FILE} in {args.version_dir}")
    description, tflite_bytes = found
    data = _read_rows(args.data or spec.default_data, spec, args.calls)
    examples = [tf.constant([predict.to_example(row)]) for row in data]

    interpreter = tf.lite.Interpreter(model_path=str(args.version_dir / edge_model.TFLITE_FILE), num_threads=1)
    runner = interpreter.get_signature_runner(description.signature)
    index = {name: d["index"] for name, d in runner.get_input_details().items()}
    output_index = runner.get_output_details()[description.output]["index"]
    # The runner holds views into the interpreter's buffers: allocate_tensors() and invoke() refuse to run beside it.
    del runner
    interpreter.allocate_tensors()
    dtypes = {i.name: object if i.dtype == "string" else np.dtype(i.dtype) for i in description.inputs}
    feeds = [{name: np.array(row[name], dtypes[name]) for name in index} for row in data]

    def set_row(i: int) -> None:
        for name, value in feeds[i % len(feeds)].items():
            interpreter.set_tensor(index[name], value)

    serve = serving_check.load_signature(str(args.version_dir))

    def saved_model_call(i: int) -> None:
        serve(**{predict.INPUT: examples[i % len(examples)]})[predict.OUTPUT].numpy()

    differences = []
    for i, example in enumerate(examples):
        set_row(i)
        interpreter.invoke()
        lite = interpreter.get_tensor(output_index)[0, 0]
        differences.append(abs(lite - serve(**{predict.INPUT: example})[predict.OUTPUT].numpy()[0, 0]))

    results = {
        "TFLite invoke(), inputs already set": _latency(lambda i: interpreter.invoke(), args.calls, prepare=set_row),
        "TFLite set inputs, invoke(), read output": _latency(
            lambda i: (set_row(i), interpreter.invoke(), interpreter.get_tensor(output_index)), args.calls
        ),
        "SavedModel serving_default, 1 tf.Example": _latency(saved_model_call, args.calls),
    }

    print(f"version:    {args.version_dir}")
    print(f"tflite:     {tflite_bytes:,} bytes ({edge_model.TFLITE_FILE})")
    print(f"savedmodel: {_saved_model_bytes(args.version_dir):,} bytes (saved_model.pb, variables/, assets/)")
    print(f"rows:       {len(data)}; max |TFLite - SavedModel| probability {max(differences):.2e}")
    print(f"latency per single-example call, {args.calls} calls, one thread (microseconds):")
    for name, values in results.items():
        print(f"  {name:<42} mean {values['mean']:8.1f}  p50 {values['p50']:8.1f}  p99 {values['p99']:8.1f}")


if __name__ == "__main__":
    main()
