"""A node that failed inside a run that otherwise finished is named, never passed over."""

from pipelines.summary import RunSummary, failed_nodes


def _summary(executions: dict[str, str]) -> RunSummary:
    return RunSummary(
        run_id="r",
        rows={},
        anomalies={},
        metrics={},
        slice_metrics={},
        blessed=True,
        failed_checks=[],
        serving=None,
        pushed_version=None,
        pushed_path=None,
        executions=executions,
    )


def test_a_failed_resolver_is_named() -> None:
    executions = {"Trainer": "COMPLETE", "LatestBlessedModelResolver": "FAILED", "Evaluator": "COMPLETE", "Transform": "CACHED"}
    assert failed_nodes(_summary(executions)) == ["LatestBlessedModelResolver"]


def test_complete_and_cached_runs_have_none() -> None:
    assert failed_nodes(_summary({"Trainer": "COMPLETE", "Transform": "CACHED"})) == []


def test_the_previous_statistics_resolver_fails_on_every_first_run_and_is_not_counted() -> None:
    assert failed_nodes(_summary({"PreviousValidatedStatistics": "FAILED", "DataGate": "COMPLETE"})) == []
