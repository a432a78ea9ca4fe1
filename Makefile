# One entry point for people and CI. `make demo` and `make test` work from a fresh clone.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
NODE_STAMP := node_modules/.installed-stamp
VERSION := $(shell $(PYTHON) -c "import json; print(json.load(open('package.json'))['version'])")
VSIX := mlops-report-$(VERSION).vsix

.PHONY: setup node demo package test test-fast lint pytest client-test e2e fuzz bench clean codes

## setup: the Python environment (.venv) with the server and its test tools
setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

## node: the client's npm dependencies
node: $(NODE_STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

## package: build the VS Code extension (.vsix with the server and its Python dependencies)
package: node
	npm run --silent package

## demo: the checker on the bundled sample report (its findings are the point), then the .vsix
demo: setup package
	@echo "== mlops-report check examples/reports/README.md"
	@$(VENV)/bin/mlops-report check examples/reports/README.md; rc=$$?; test $$rc -le 1
	@echo
	@echo "== Built $(VSIX). Install it with:"
	@echo "   code --install-extension $(VSIX)"

## test: lint and type-check everything, then every test (Python, client, real editors)
test: lint pytest client-test e2e

## test-fast: the quick subset while working (no corpus, no property sweeps, no real editors)
test-fast: setup node
	$(PY) -m pytest -q -m "not corpus and not slow" --ignore=tests/editors
	npm run --silent test

lint: setup node
	$(VENV)/bin/ruff check server tests bench scripts
	$(VENV)/bin/ruff format --check server tests bench scripts
	$(VENV)/bin/mypy
	npm run --silent lint
	npm run --silent typecheck

## pytest: engine, command line, language server (pytest-lsp) and Neovim tests
pytest: setup
	$(PY) -m pytest -q

client-test: node
	npm run --silent test

## e2e: the built .vsix in real VS Code (code-server) driven in headless Chromium
e2e: setup node
	npm run --silent test:e2e

## fuzz: many more random edit scripts through the real server than `make test` runs
fuzz: setup
	FUZZ_EXAMPLES=2000 $(PY) -m pytest -q tests/lsp/test_robustness.py

## bench: keystroke-to-diagnostics latency through the real server, with the floor
bench: setup
	$(PY) bench/lsp.py

## codes: rewrite what derives from the finding registry (README, CONTRACT.md, package.json)
codes: setup
	$(PY) scripts/sync_codes.py

clean:
	rm -rf $(VENV) node_modules out dist bundled *.vsix
