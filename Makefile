# The two set-up commands (README): `make site` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
GONGKAI := $(BIN)/gongkai

.PHONY: site test lint format docs serve bench bench-data clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(VENV)/.installed $@

## site: build the demo county into site/ (pages dated by the last commit, so rebuilds are identical)
site: $(VENV)/.installed
	SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct 2>/dev/null) $(GONGKAI) build
	@echo "预览 (preview): $(GONGKAI) serve  →  http://127.0.0.1:8000/"

## serve: build, serve on 127.0.0.1:8000 and rebuild on every change
serve: $(VENV)/.installed
	$(GONGKAI) serve

## test: every check CI runs
test: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy
	$(GONGKAI) schema --check
	$(GONGKAI) fmt --check
	$(GONGKAI) lint
	$(BIN)/python -m pytest

## lint: ruff and mypy on the code (the catalogs are checked by `make test`)
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy

## format: ruff format the code, gongkai fmt the catalogs
format: $(VENV)/.installed-dev
	$(BIN)/ruff format src tests bench scripts
	$(BIN)/ruff check --fix src tests bench scripts
	$(GONGKAI) fmt

## docs: regenerate the generated references and schemas (tests fail when they are stale)
docs: $(VENV)/.installed-dev
	$(GONGKAI) schema
	$(GONGKAI) rules --markdown > docs/rules.md
	$(BIN)/python -m gongkai.clidocs > docs/cli.md
	$(BIN)/python -c "from gongkai.config import reference; print(reference(), end=\"\")" > docs/config.md

## bench-data: generate the benchmark counties (1k, 10k and 100k items) into bench/data/
bench-data: $(VENV)/.installed-dev
	$(BIN)/python bench/generate.py 1000 10000 100000

## bench: measure lint and build at 1k and 10k items and write docs/benchmarks.md (BENCH_SIZES to change)
BENCH_SIZES ?= 1000 10000
bench: $(VENV)/.installed-dev
	$(BIN)/python bench/run.py $(BENCH_SIZES)

clean:
	rm -rf $(VENV) site .site.* .pytest_cache .ruff_cache .gongkai-cache
