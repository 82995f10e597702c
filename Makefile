# Kua: `make run` (the demo) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export KUA_DATA_DIR ?= $(CURDIR)/var
PORT ?= 8000

.PHONY: install run test test-deps lint demo-code bench screens clean

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) || { echo "python3 -m venv failed: install it with 'apt-get install python3-venv'"; exit 1; }

$(VENV)/.installed: $(BIN)/python requirements.txt requirements-dev.txt pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

install: $(VENV)/.installed
	$(BIN)/python -m kua.i18n_compile
	@# Kua's bytecode, written once: under PYTHONDONTWRITEBYTECODE (set in many containers) every
	@# `kua` command would otherwise compile its ~100 modules from source (≈70 ms of start-up).
	$(BIN)/python -m compileall -q kua

run: install
	$(BIN)/kua demo --reuse --interviews 200
	$(BIN)/kua serve --port $(PORT)

demo-code: install
	@$(BIN)/kua demo-code $(WHO)

# Debian packages the browser and report tests need: installed with apt when missing (as root),
# otherwise one line says what to install.
test-deps:
	@bash scripts/test-deps.sh

test: install test-deps
	$(BIN)/ruff check kua tests
	$(BIN)/ruff format --check kua tests
	$(BIN)/mypy kua
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -q

bench: install
	@bash scripts/test-deps.sh --bench
	$(BIN)/python -m pip install --quiet -r requirements-bench.txt
	$(BIN)/python -m tests.bench.run_bench
	$(BIN)/python -m tests.bench.page_bench
	$(BIN)/python -m tests.bench.network_bench
	$(BIN)/python -m tests.bench.web_bench
	$(BIN)/python -m tests.bench.startup_bench

# Screenshots for the README (docs/screens/*.png) from a throw-away demo instance.
screens: install test-deps
	$(BIN)/python -m tests.screens.make_screens

lint: install
	$(BIN)/ruff check kua tests
	$(BIN)/ruff format --check kua tests
	$(BIN)/mypy kua
	$(BIN)/lint-imports --no-cache

clean:
	rm -rf $(VENV) var
