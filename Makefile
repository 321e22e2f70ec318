# civicpulse — the two quickstart commands are `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export CIVICPULSE_HOME ?= $(CURDIR)/var
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

.PHONY: setup demo test lint typecheck bench bench-stages docs clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

setup: $(STAMP) ## Create .venv from the lock file

demo: setup ## Sample city → ingest → build → publish → dashboard on http://127.0.0.1:8050
	$(BIN)/civicpulse demo

test: setup ## Browser dependencies (Debian chromium) + the whole test suite
	@command -v chromium >/dev/null || bash .ci/install-browser
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check civicpulse warehouse ingest ml dashboards samplecity

typecheck: setup
	$(BIN)/mypy warehouse ingest ml

bench: setup
	$(BIN)/python -m bench --events 1000000  # --events 10000000 writes ~25 GB of NDJSON (bench/RESULTS.md)
	$(MAKE) bench-stages

BENCH_SCALE ?= 0.1
BENCH_CITIES ?= 1
bench-stages: setup ## every pipeline stage at one scale (bench/pipeline_stages.py, bench/RESULTS.md)
	$(BIN)/python -m bench.pipeline_stages --scale $(BENCH_SCALE) --cities $(BENCH_CITIES)

docs: setup
	$(BIN)/civicpulse build --select "resource_type:seed" >/dev/null || true
	CIVICPULSE_WAREHOUSE=$(CIVICPULSE_HOME)/warehouse.duckdb $(BIN)/dbt docs generate --project-dir . --profiles-dir . --target-path $(CIVICPULSE_HOME)/dbt/target

clean:
	rm -rf $(VENV) var target logs
