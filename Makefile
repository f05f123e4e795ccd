# The two set-up commands of the README: `make demo` and `make test`.
# Both create .venv in the repo and install the hashed lock files into it.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: demo test install install-dev lint typecheck unit schema

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python
	$(PIP) install --require-hashes -r requirements/run.lock
	$(PIP) install --no-deps --no-build-isolation -e .

install-dev: $(BIN)/python
	$(PIP) install --require-hashes -r requirements/dev.lock
	$(PIP) install --no-deps --no-build-isolation -e .

demo: install
	$(BIN)/eventwire demo

lint:
	$(BIN)/ruff check src tests scripts benchmarks

typecheck:
	$(BIN)/mypy

unit:
	$(BIN)/pytest

test: install-dev lint typecheck unit

schema:
	$(BIN)/python scripts/write_schema.py
