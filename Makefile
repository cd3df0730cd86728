# Every step of the suite has a name here; `make help` lists them.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
JOBS ?= 2

.PHONY: help install sysdeps data reports test lint lab bench stress clean

help: ## list the steps
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory sysdeps
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

install: $(STAMP) ## create .venv with the package and its pinned ranges from PyPI

sysdeps: ## Debian libraries for fast PDF font subsetting and PDF checks (skipped when not root)
	@if command -v dpkg >/dev/null && ! dpkg -s libharfbuzz-subset0 poppler-utils >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing libharfbuzz-subset0 poppler-utils"; \
	    (apt-get update -qq && apt-get install -y -qq libharfbuzz-subset0 poppler-utils >/dev/null) \
	      || echo "warning: apt-get failed; PDFs fall back to slower font subsetting"; \
	  else echo "note: install libharfbuzz-subset0 for fast PDF rendering"; fi; fi

data: $(STAMP) ## sources -> data/processed/: the table (csv, parquet, xlsx), datapackage.json, map boundaries
	$(PY) -m compare build

reports: data ## the table, then every report in reports/catalog.yml (ipynb, html, pdf)
	$(PY) -m compare reports --jobs $(JOBS)

test: data lint ## the lint and type gates, then the test suite (builds the table first)
	$(PY) -m pytest

lint: $(STAMP) ## ruff (rules and format) on everything, mypy on src/
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

lab: $(STAMP) ## open the notebooks in JupyterLab (as root too, as in containers)
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $$([ "$$(id -u)" = 0 ] && echo --allow-root)

bench: data ## measure build and rendering speed -> reports/benchmark.json
	$(PY) -m compare bench

ROUNDS ?= 30
stress: data ## interrupt --jobs 2 runs at random moments (ROUNDS=30; SIGINT, SIGTERM, SIGKILL), check nothing is lost or left
	STRESS_ROUNDS=$(ROUNDS) $(PY) -m pytest -q -s tests/test_interrupt.py -k stress

clean: ## remove generated tables and reports (not the venv)
	rm -f data/processed/indicators.* data/processed/codebook.csv data/processed/datapackage.json data/processed/boundaries.parquet ; find reports -mindepth 1 ! -name catalog.yml ! -name .gitkeep -delete
