"""The harness's command line: refusals before anything runs, and redrawing from a results file."""

import json
from pathlib import Path

from bench import run
from bench.markdown import BEGIN, END
from bench.results import to_json
from tests.bench.test_markdown import HISTORY, _results


def test_unknown_domain_is_refused_before_any_run(tmp_path: Path, capsys) -> None:
    assert run.main(["--domains", "weather", "--no-scaling", "--work-dir", str(tmp_path / "work")]) == 2
    assert "unknown domain(s) weather" in capsys.readouterr().err
    assert not (tmp_path / "work").exists()


def test_render_only_writes_the_plot_and_the_block_from_the_json(tmp_path: Path) -> None:
    results_dir, page = tmp_path / "bench" / "results", tmp_path / "BENCHMARKS.md"
    results_dir.mkdir(parents=True)
    (results_dir / "latest.json").write_text(json.dumps(to_json(_results())))
    page.write_text(HISTORY)
    assert run.main(["--render-only", "--results-dir", str(results_dir), "--markdown", str(page)]) == 0
    text = page.read_text()
    assert text.startswith(HISTORY.rstrip()) and text.count(BEGIN) == 1 and text.rstrip().endswith(END)
    assert "(bench/results/fraud_scaling.png)" in text and "[bench/results/latest.json]" in text
    assert (results_dir / "fraud_scaling.png").read_bytes().startswith(b"\x89PNG")
