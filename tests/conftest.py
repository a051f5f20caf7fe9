"""Test entry point: the environment TensorFlow reads at import, set before any test imports it."""

import os

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

# Session-wide pipeline runs that several modules read (see tests/scenarios.py).
pytest_plugins = ["tests.scenarios"]
