# attrit: every target installs what it needs into .venv first.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
EXTRAS ?= dev,distributed,calibrate,dashboard
WORKERS ?= 2
DEMO   := demo-results
STORE  := $(DEMO)/runs.duckdb

.PHONY: demo test lint bench docs install clean baseline extract-quality reliability assumptions readme-figure

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "need $(PYTHON) (set PYTHON=...)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[$(EXTRAS)]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -rf $(DEMO) && mkdir -p $(DEMO)
	$(BIN)/attrit validate examples/iraq-2015.yaml
	$(BIN)/attrit fit examples/iraq-2015.yaml --population 150 --generations 6 --budget 4000 \
		--workers $(WORKERS) --store $(STORE)
	$(BIN)/attrit forecast $$($(BIN)/attrit fits --ids --store $(STORE)) --replicates 200 \
		--days 170 --workers $(WORKERS) --store $(STORE)
	$(BIN)/attrit export $$($(BIN)/attrit runs --ids --store $(STORE)) \
		--out $(DEMO)/daily.parquet --store $(STORE)
	$(BIN)/attrit compare examples/iraq-2015.yaml --fit $$($(BIN)/attrit fits --ids --store $(STORE)) \
		--replicates 200 --days 170 --workers $(WORKERS) --store $(STORE) --day 167 \
		-i stop-the-theft -i pay-troops-directly -i anbar-offensive \
		--without qf-bonuses --without qf-supplies --without qf-necessities \
		--without qf-training-courses
	$(BIN)/attrit sensitivity examples/iraq-2015.yaml --unit ashoura-anbar-1 --output front_fill \
		--day 60 --method morris --samples 10 --replicates 10 --workers $(WORKERS) \
		--store $(STORE) --quiet
	$(BIN)/attrit report $$($(BIN)/attrit runs --ids --store $(STORE)) \
		--store $(STORE) --out $(DEMO)/report.html

test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m attrit.model.warm
	$(BIN)/python -m pytest -q -m "not load and not atheris and not heavy" -n $(WORKERS) --dist worksteal

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests || true

docs: $(STAMP)
	$(BIN)/attrit params --write docs/parameters.md
	$(BIN)/attrit model --write docs/engine.md
	$(BIN)/attrit commands --write docs/cli.md
	$(BIN)/attrit evidence kinds --write docs/evidence.md
	$(BIN)/python -m attrit.model.describe docs/model.md

$(VENV)/.fuzz-installed: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[$(EXTRAS),fuzz]"
	touch $@

reliability: $(VENV)/.fuzz-installed
	rm -f .reliability.log
	start=$$(date +%s); \
	ATTRIT_RELIABILITY_LOG=$(CURDIR)/.reliability.log ATTRIT_FUZZ_EXAMPLES=1000 \
		ATTRIT_EXTRACT_FUZZ_EXAMPLES=4000 ATTRIT_ATHERIS_RUNS=600 ATTRIT_INTERRUPTS=20 \
		ATTRIT_CLI_FUZZ_EXAMPLES=360 ATTRIT_KILLS=3 \
		$(BIN)/python -m pytest -q -n $(WORKERS) --dist worksteal -m reliability && \
	$(BIN)/python tests/support/reliability_table.py .reliability.log docs/reliability.md \
		$$(( $$(date +%s) - start ))

# the README's figure: the demo report's paired effects of the countermeasures (run make demo first)
readme-figure: $(STAMP)
	$(BIN)/python -c "import base64, re, sys; \
	m = re.search(r'<figure id=\"cmp0-effects\"><img src=\"data:image/png;base64,([^\"]+)', \
	open('$(DEMO)/report.html').read()); \
	m or sys.exit('no comparison figure in $(DEMO)/report.html: run make demo'); \
	open('docs/img/demo-effects.png', 'wb').write(base64.b64decode(m[1]))"

# the example's assumptions register with a Morris screening of the 400-man battalion
assumptions: $(STAMP)
	$(BIN)/attrit sensitivity examples/iraq-2015.yaml --unit ashoura-anbar-1 --output front_fill \
		--day 60 --method morris --samples 10 --replicates 10 --workers $(WORKERS) --no-store \
		--json > docs/data/morris-iraq-2015.json
	$(BIN)/attrit assumptions examples/iraq-2015.yaml --screening docs/data/morris-iraq-2015.json \
		--write docs/assumptions.md

extract-quality: $(STAMP)
	PYTHONPATH=tests $(BIN)/python tests/support/extract_quality.py --write docs/extract-quality.md

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache demo-results

baseline: $(STAMP)
	PYTHONPATH=tests $(BIN)/python tests/support/baseline/regenerate.py --write
