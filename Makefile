# Partnerskap: the two quick-start commands are `make run` and `make test`.
# Everything else here is what they are made of.

PYTHON ?= python3
VENV   ?= .venv
HOST   ?= 127.0.0.1
PORT   ?= 8000
BIN     = $(VENV)/bin
PIP     = $(BIN)/python -m pip --disable-pip-version-check --quiet
APP     = $(BIN)/partnerskap

.DEFAULT_GOAL := help
.PHONY: help run serve setup assets test test-fast lint typecheck pytest lock clean

help:
	@echo "make run    install, migrate, load the demo partnership and serve on http://$(HOST):$(PORT) (with a job worker)"
	@echo "make test   install the test extras and run ruff, mypy and the whole test suite"
	@echo "make test-fast   the suite without the browser tests and the long API fuzzing (no ruff, no mypy)"
	@echo "make lock   re-resolve requirements/*.lock from pyproject.toml"

# ---------------------------------------------------------------- environment
$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Partnerskap needs Python 3.11 or newer; set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.base-installed: requirements/base.lock pyproject.toml | $(BIN)/python
	$(PIP) install --require-hashes --no-deps -r requirements/base.lock
	$(PIP) install --no-deps -e .
	@touch $@

$(VENV)/.test-installed: requirements/test.lock pyproject.toml | $(BIN)/python
	$(PIP) install --require-hashes --no-deps -r requirements/test.lock
	$(PIP) install --no-deps -e .
	@touch $@ $(VENV)/.base-installed

VENDOR = src/partnerskap/core/static/vendor
DS     = node_modules/@digdir/designsystemet-css/dist
INTER  = node_modules/@fontsource/inter

$(VENDOR)/.built: package-lock.json
	@command -v npm >/dev/null || { echo "Partnerskap needs Node.js and npm to build its CSS (apt-get install nodejs npm)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)/designsystemet $(VENDOR)/inter/files
	cp $(DS)/theme/designsystemet.css $(VENDOR)/designsystemet/theme.css
	cp $(DS)/src/index.css $(VENDOR)/designsystemet/index.css
	cp $(INTER)/latin-400.css $(INTER)/latin-500.css $(INTER)/latin-600.css $(VENDOR)/inter/
	cp $(INTER)/files/inter-latin-[456]00-normal.woff* $(VENDOR)/inter/files/
	@touch $@

assets: $(VENDOR)/.built

setup: $(VENV)/.base-installed assets
	@mkdir -p var

# ---------------------------------------------------------------- quick start
run: setup
	DEBUG=$${DEBUG:-true} $(APP) migrate --noinput
	DEBUG=$${DEBUG:-true} $(APP) collectstatic --noinput -v0
	DEBUG=$${DEBUG:-true} $(APP) demo
	DEBUG=$${DEBUG:-true} $(APP) documents-process
	DEBUG=$${DEBUG:-true} $(APP) serve $(HOST):$(PORT)   # web server + job worker; Ctrl-C stops both

test: $(VENV)/.test-installed assets lint typecheck pytest

# The suite runs in one process per core (pytest-xdist), each with its own test database:
# PYTEST_WORKERS=0 runs it in this process (a debugger, -x at the first failure, …).
PYTEST_WORKERS ?= auto
PYTEST_PARALLEL = $(if $(filter 0,$(PYTEST_WORKERS)),-p no:xdist,-n $(PYTEST_WORKERS))

test-fast: $(VENV)/.test-installed assets
	@mkdir -p var
	$(BIN)/pytest $(PYTEST_PARALLEL) -m "not browser and not slow" $(PYTEST_ARGS)

lint: $(VENV)/.test-installed
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(VENV)/.test-installed
	$(BIN)/mypy

pytest: $(VENV)/.test-installed
	@mkdir -p var
	$(BIN)/pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

# ---------------------------------------------------------------- maintenance
lock: | $(BIN)/python
	$(PIP) install pip-tools
	cd requirements && ../$(BIN)/pip-compile -q --generate-hashes --strip-extras --allow-unsafe -o base.lock ../pyproject.toml
	cd requirements && ../$(BIN)/pip-compile -q --generate-hashes --strip-extras --allow-unsafe --extra test -o test.lock ../pyproject.toml

clean:
	rm -rf $(VENV) var/*.sqlite3 .mypy_cache .pytest_cache .ruff_cache node_modules $(VENDOR)
