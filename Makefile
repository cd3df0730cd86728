# Every step of the suite has a name here; `make help` lists them.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
JOBS ?= 2
# pytest-xdist workers for `make test` (the catalog is still rendered once, shared by all)
TEST_JOBS ?= 2

.PHONY: help install kernelspec sysdeps data reports test test-full test-floors lint lab bench docs stress stress-build clean

help: ## list the steps
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory sysdeps
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip install --quiet --compile-bytecode --python $(PY) -e ".[test]"
	@$(MAKE) --no-print-directory kernelspec KPY=$(PY)
	touch $(STAMP)

# `ipykernel install` stages the kernel spec in a mkdtemp folder it never removes: give it a
# temporary folder of its own and remove that
kernelspec:
	@tmp=$$(mktemp -d) && TMPDIR=$$tmp $(KPY) -m ipykernel install --sys-prefix --name python3 >/dev/null; \
	  rc=$$?; rm -rf "$$tmp"; exit $$rc

install: $(STAMP) ## create .venv with the package and its pinned ranges from PyPI (installed by uv with bytecode compiled: the same versions as pip, 12-20 s against 67)

SYSDEPS := libharfbuzz-subset0 poppler-utils chromium chromium-driver

sysdeps: ## Debian packages: fast PDF font subsetting, PDF pages as PNG, headless Chromium for the landing-page test (skipped when not root)
	@if command -v dpkg >/dev/null && ! dpkg -s $(SYSDEPS) >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing $(SYSDEPS)"; \
	    (apt-get update -qq && apt-get install -y -qq $(SYSDEPS) >/dev/null) \
	      || echo "warning: apt-get failed; PDFs fall back to slower font subsetting"; \
	  else echo "note: install $(SYSDEPS) for fast PDF rendering and the browser test"; fi; fi

data: $(STAMP) ## sources -> data/processed/: the table (csv, parquet, xlsx), datapackage.json, map boundaries
	$(PY) -m compare build

reports: data ## the table, then every report in reports/catalog.yml (ipynb, html, pdf)
	$(PY) -m compare reports --jobs $(JOBS)

test: data lint ## the lint and type gates, then the test suite on two workers: a sample of the catalog that runs every notebook, rendered once and checked (builds the table first)
	$(PY) -m pytest -n $(TEST_JOBS) -m "not full" --durations=10

test-full: data ## what `make test` leaves out: every report of the catalog rendered once and checked, a fresh venv from the wheel, the benchmark's measurements, kills at set points of a run (CI runs both)
	COMPARE_TEST_CATALOG=full $(PY) -m pytest -q -n $(TEST_JOBS) -m "catalog or full" --durations=10

FLOORS := .venv-floors
# Packages a dependency needs that PyPI has only as source (pure Python); all else installs as wheels.
SDIST_ONLY := fontmeta

$(FLOORS)/.installed: pyproject.toml $(STAMP)
	rm -rf $(FLOORS)
	$(PYTHON) -m venv $(FLOORS)
	$(FLOORS)/bin/python -m pip install --quiet --upgrade pip
	PYTHONPATH=dev $(PY) -m compare_dev.floors > $(FLOORS)/floors.txt
	$(FLOORS)/bin/python -m pip install --quiet --only-binary=:all: --no-binary=$(SDIST_ONLY) -c $(FLOORS)/floors.txt -e ".[test]"
	@$(MAKE) --no-print-directory kernelspec KPY=$(FLOORS)/bin/python
	touch $@

test-floors: $(FLOORS)/.installed ## the fast tests on the lowest versions pyproject.toml allows (second venv .venv-floors)
	$(FLOORS)/bin/python -m compare build >/dev/null
	$(FLOORS)/bin/python -m pytest -q -n $(TEST_JOBS) -m "not slow and not full"

lint: $(STAMP) ## ruff (rules and format) on everything, mypy on src/
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

lab: $(STAMP) ## open the notebooks in JupyterLab (as root too, as in containers)
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $$([ "$$(id -u)" = 0 ] && echo --allow-root)

bench: data ## measure build and rendering speed (the 38-district synthetic catalog, locally and on Dask) -> reports/benchmark.json
	@$(PY) -c "import distributed" 2>/dev/null || $(PY) -m pip install --quiet -e ".[test,cluster]"
	$(PY) -m compare bench

stress-build: $(STAMP) ## kill builds at random points (STRESS_RUNS, default 40): one whole output set every time
	STRESS_RUNS=$${STRESS_RUNS:-40} $(PY) -m pytest -q -s tests/test_files.py -k killed

docs: ## README pictures (docs/*.png): first pages of the overview, an indicator report and three briefs, the index
	@test -f reports/overview-zh.pdf -a -f reports/indicator-forest_cover-en.pdf -a -f reports/index.html \
	  -a -f reports/brief-kaizhou-en.pdf -a -f reports/brief-tongnan-zh.pdf -a -f reports/brief-chongqing-en.pdf \
	  || $(MAKE) --no-print-directory reports
	pdftoppm -r 60 -f 1 -l 1 -singlefile -png reports/overview-zh.pdf docs/overview-zh
	pdftoppm -r 60 -f 1 -l 1 -singlefile -png reports/indicator-forest_cover-en.pdf docs/indicator-forest_cover-en
	for b in brief-kaizhou-en brief-tongnan-zh brief-chongqing-en; do \
	  pdftoppm -r 70 -f 1 -l 1 -singlefile -png reports/$$b.pdf docs/$$b; done
	chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
	  --no-first-run --hide-scrollbars --user-data-dir="$$(mktemp -d)" --window-size=1200,1500 \
	  --screenshot="$(CURDIR)/docs/index.png" "file://$(CURDIR)/reports/index.html" 2>/dev/null

ROUNDS ?= 30
stress: data ## the loops that hunt rare faults, long: interrupted runs (ROUNDS=30), killed builds (40), fuzz (400 + 2,500 cases, 3 corpora)
	STRESS_ROUNDS=$(ROUNDS) STRESS_RUNS=$${STRESS_RUNS:-40} FUZZ_BENIGN=$${FUZZ_BENIGN:-400} \
	  FUZZ_DESTRUCTIVE=$${FUZZ_DESTRUCTIVE:-2500} FUZZ_SEEDS=$${FUZZ_SEEDS:-3} \
	  $(PY) -m pytest -q -s -m stress --durations=10

clean: ## remove generated tables and reports (not the venv)
	find data/processed -mindepth 1 ! -name .gitkeep -delete ; find reports -mindepth 1 ! -name catalog.yml ! -name .gitkeep -delete
