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
	@echo "== Installing the Python environment ($(VENV))"
	@$(PY) -m pip install --quiet --quiet --upgrade pip
	@$(PY) -m pip install --quiet --quiet -e '.[dev]'
	@touch $@

## node: the client's npm dependencies
node: $(NODE_STAMP)

$(NODE_STAMP): package.json package-lock.json
	@echo "== Installing the client's npm packages (node_modules)"
	@npm ci --no-audit --no-fund --loglevel=error --silent
	@touch $@

## package: build the VS Code extension (.vsix with the server and its Python dependencies)
package: node
	npm run --silent package

## demo: build the .vsix quietly, then the checker on the bundled sample report (its findings last)
DEMO_LOG := .cache/demo-package.log
demo: setup node
	@mkdir -p $(dir $(DEMO_LOG))
	@echo "== Building the VS Code extension (log: $(DEMO_LOG))"
	@npm run --silent package >$(DEMO_LOG) 2>&1 || { cat $(DEMO_LOG); exit 1; }
	@echo "== Built $(VSIX). Install it with:"
	@echo "   code --install-extension $(VSIX)"
	@echo
	@echo "================================================================================"
	@echo "mlops-report check examples/reports/README.md"
	@echo "================================================================================"
	@$(VENV)/bin/mlops-report check examples/reports/README.md; rc=$$?; test $$rc -le 1

## test: lint and type-check everything, then every test (Python, client, real editors)
test: lint pytest client-test e2e

## test-fast: the quick subset while working (no corpus, no property sweeps, no real editors)
test-fast: setup node
	$(PY) -m pytest -q -m "not corpus and not slow" --ignore=tests/editors
	npm run --silent test

## lint: Python, TypeScript, the workflows (actionlint with shellcheck), action.yml, the hooks
lint: setup node
	$(VENV)/bin/ruff check server tests bench scripts
	$(VENV)/bin/ruff format --check server tests bench scripts
	$(VENV)/bin/mypy
	npm run --silent lint
	npm run --silent typecheck
	$(VENV)/bin/actionlint -shellcheck $(VENV)/bin/shellcheck .github/workflows/*.yml
	$(VENV)/bin/check-jsonschema --builtin-schema vendor.github-actions action.yml
	$(VENV)/bin/pre-commit validate-manifest .pre-commit-hooks.yaml

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

## bench: keystroke-to-diagnostics latency through the real server, with the floor; then
## `summary` on 500 reports against report.py check run once per report
bench: setup
	$(PY) bench/lsp.py
	$(PY) bench/summary.py

## codes: rewrite what derives from the finding registry (README, CONTRACT.md, package.json)
codes: setup
	$(PY) scripts/sync_codes.py

## clean: everything built, installed or cached in the clone (the ensure-*.sh caches stay)
clean:
	rm -rf $(VENV) node_modules out dist build bundled *.vsix .cache
	rm -rf .mypy_cache .ruff_cache .pytest_cache .hypothesis tests/e2e/artifacts
	find . -path ./.git -prune -o \( -name __pycache__ -o -name '*.egg-info' \) -type d \
		-prune -exec rm -rf {} +
