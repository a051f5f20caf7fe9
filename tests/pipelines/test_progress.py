import io
import logging

from pipelines.progress import ProgressHandler


def _record(message: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord("absl", logging.INFO, __file__, 1, message, args, None)


def test_one_line_per_start_and_finish_with_cached_marked() -> None:
    out = io.StringIO()
    handler = ProgressHandler("fraud", stream=out)
    for message, args in [
        ("Component %s is running.", ("CsvExampleGen",)),
        ("Going to run a new execution %d", (3,)),
        ("Component %s is finished.", ("CsvExampleGen",)),
        ("node %s is running.", ("Trainer",)),  # BeamDagRunner's wording
        ("A cached execution %d is used.", (7,)),
        ("node %s is finished.", ("Trainer",)),
        ("unrelated %s", ("noise",)),
    ]:
        handler.emit(_record(message, *args))
    lines = out.getvalue().splitlines()
    assert len(lines) == 4
    assert lines[0] == "[fraud] CsvExampleGen                started"
    assert lines[1].startswith("[fraud] CsvExampleGen                finished in ") and lines[1].endswith("s")
    assert lines[3].endswith("s (cached)") and "Trainer" in lines[3]
    assert handler.cached == {"Trainer"}
    assert set(handler.durations) == {"CsvExampleGen", "Trainer"}
