"""The baseline resolver leaves out the candidate, otherwise picks as TFX's LatestBlessedModelStrategy."""

from tfx.types import standard_artifacts

from components.baseline_strategy import CANDIDATE_KEY, LatestBlessedOtherModelStrategy


def _model(artifact_id: int) -> standard_artifacts.Model:
    model = standard_artifacts.Model()
    model.id = artifact_id
    return model


def _blessing(artifact_id: int, model_id: int, blessed: bool) -> standard_artifacts.ModelBlessing:
    blessing = standard_artifacts.ModelBlessing()
    blessing.id = artifact_id
    blessing.set_int_custom_property("current_model_id", model_id)
    blessing.set_int_custom_property("blessed", int(blessed))
    return blessing


def _resolve(models, blessings, candidate):
    inputs = {"model": models, "model_blessing": blessings, CANDIDATE_KEY: candidate}
    resolved = LatestBlessedOtherModelStrategy().resolve_artifacts(None, inputs)
    # TFX's input resolution fails on a key missing from the result (KeyError: 'candidate').
    assert resolved.keys() == inputs.keys() and resolved[CANDIDATE_KEY] == candidate
    return [a.id for a in resolved["model"]], [a.id for a in resolved["model_blessing"]]


def test_a_cached_candidate_is_not_its_own_baseline() -> None:
    models = [_model(1), _model(5)]
    blessings = [_blessing(3, 1, True), _blessing(7, 5, True)]
    assert _resolve(models, blessings, [models[1]]) == ([1], [3])


def test_the_candidate_as_the_only_blessed_model_leaves_no_baseline() -> None:
    models = [_model(5)]
    assert _resolve(models, [_blessing(7, 5, True)], [models[0]]) == ([], [])


def test_otherwise_the_latest_blessed_model() -> None:
    models = [_model(1), _model(5), _model(9), _model(12)]
    blessings = [_blessing(3, 1, True), _blessing(7, 5, True), _blessing(10, 9, False)]
    assert _resolve(models, blessings, [models[3]]) == ([5], [7])


def test_no_blessing_yet_leaves_no_baseline() -> None:
    assert _resolve([_model(5)], [], [_model(5)]) == ([], [])
