# Lingodocs task runner. `make run` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck ingest serve bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)  ## create the venv, install, ingest content/, serve on 127.0.0.1:8000
	$(BIN)/lingodocs ingest
	$(BIN)/lingodocs serve

test: $(STAMP)  ## install and run the whole suite (lint, types, tests)
	$(BIN)/ruff check service tests bench
	$(BIN)/mypy
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check service tests bench
	$(BIN)/ruff format --check service tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

ingest: $(STAMP)
	$(BIN)/lingodocs ingest

serve: $(STAMP)
	$(BIN)/lingodocs serve

clean:
	rm -rf $(VENV) .index .pytest_cache .mypy_cache .ruff_cache
