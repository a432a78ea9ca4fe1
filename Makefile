# One entry point for people and CI. `make demo` and `make test` work from a fresh clone.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: setup demo test lint pytest fuzz bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

## demo: the checker on the bundled sample report (its findings are the point, so exit 1 is fine)
demo: setup
	@echo "== mlops-report check examples/reports/README.md"
	@$(VENV)/bin/mlops-report check examples/reports/README.md; rc=$$?; test $$rc -le 1

## test: lint, type-check, and every test
test: setup lint pytest

lint: setup
	$(VENV)/bin/ruff check server tests
	$(VENV)/bin/ruff format --check server tests
	$(VENV)/bin/mypy

pytest: setup
	$(PY) -m pytest -q

clean:
	rm -rf $(VENV) node_modules out dist bundled *.vsix
