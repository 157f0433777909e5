# attrit: every target installs what it needs into .venv first.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
EXTRAS ?= dev,distributed

.PHONY: demo test lint bench docs install clean baseline

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "need $(PYTHON) (set PYTHON=...)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[$(EXTRAS)]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/attrit validate examples/iraq-2015.yaml
	$(BIN)/attrit simulate examples/iraq-2015.yaml --replicates 200 --days 120 --export demo-results/daily.parquet
	$(BIN)/attrit compare examples/iraq-2015.yaml --replicates 200 --days 120 -i stop-the-theft -i pay-troops-directly -i anbar-offensive


test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests || true

docs: $(STAMP)
	$(BIN)/attrit params --write docs/parameters.md
	$(BIN)/attrit model --write docs/engine.md

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache demo-results

baseline: $(STAMP)
	$(BIN)/python tests/baseline/regenerate.py --write
