# The README's commands. Every target creates .venv/ first if it is missing or stale.
DOMAIN ?= fraud
ARGS ?=
VENV := .venv
PY := $(VENV)/bin/python
# TFX 1.16's Trainer needs Keras 2 (tf-keras); see README "Why these versions".
export TF_USE_LEGACY_KERAS := 1

.PHONY: setup run test test-fast data bench lock clean

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml scripts/setup-env
	scripts/setup-env

run: setup
	$(PY) -m pipelines run --domain $(DOMAIN) $(ARGS)

test: setup
	$(PY) -m pytest $(ARGS)

test-fast: setup
	$(PY) -m pytest -m "not slow" $(ARGS)

data: setup
	$(PY) data/fraud/fetch.py

# Every domain end to end plus the fraud scaling series; rewrites BENCHMARKS.md's generated block.
# A subset while developing: make bench ARGS="--domains healthcare --no-scaling"
bench: data
	$(PY) -m bench $(ARGS)

# Re-resolve every version after changing pyproject.toml; commit the result.
lock: setup
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --extra bench --python-version 3.10 \
		--python-platform x86_64-unknown-linux-gnu --no-header --generate-hashes -o requirements.lock

clean:
	rm -rf artifacts
