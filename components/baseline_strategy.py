"""The Evaluator's baseline: the latest blessed model that is not the candidate itself.

TFX's `LatestBlessedModelStrategy` returns the latest blessed model, whatever it is. On a
rerun with unchanged inputs the Trainer comes from cache, so its model is the one the first
run blessed: the stock strategy returns the candidate as its own baseline, the Evaluator's
inputs differ from the first run's, and it scores the same model twice instead of coming
from cache (48 s of a 49 s rerun on the full fraud data, BENCHMARKS.md). Leaving the
candidate out gives the rerun the first run's baseline, hence its cached evaluation, and
compares a retrained model with the champion before it, as on the first run.
"""

from __future__ import annotations

from typing import Optional

import ml_metadata as mlmd
from tfx import types
from tfx.dsl.input_resolution.strategies.latest_blessed_model_strategy import LatestBlessedModelStrategy

CANDIDATE_KEY = "candidate"


class LatestBlessedOtherModelStrategy(LatestBlessedModelStrategy):
    """Inputs `model`, `model_blessing` (all of them) and `candidate` (the Trainer's model);
    resolves `model` and `model_blessing` as the stock strategy does, without the candidate,
    and passes `candidate` through (TFX's input resolution wants every input key back)."""

    def resolve_artifacts(
        self, store: mlmd.MetadataStore, input_dict: dict[str, list[types.Artifact]]
    ) -> Optional[dict[str, list[types.Artifact]]]:
        candidates = {artifact.id for artifact in input_dict.get(CANDIDATE_KEY, [])}
        others = {
            key: [a for a in artifacts if a.id not in candidates]
            for key, artifacts in input_dict.items()
            if key != CANDIDATE_KEY
        }
        resolved = super().resolve_artifacts(store, others)
        return None if resolved is None else {**resolved, CANDIDATE_KEY: input_dict.get(CANDIDATE_KEY, [])}
