# Lingodocs task runner. `make run` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-slow lint typecheck ingest serve bench bench-quick clean messages compile-messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/pybabel compile --domain messages --directory locales
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)  ## create the venv, install, ingest content/, serve on 127.0.0.1:8000
	$(BIN)/lingodocs ingest
	$(BIN)/lingodocs serve

test: $(STAMP)  ## install and run the whole suite (lint, types, tests)
	$(BIN)/ruff check service tests bench
	$(BIN)/ruff format --check service tests bench
	$(BIN)/mypy
	$(BIN)/pytest

test-slow: $(STAMP)  ## the many more runs of the random crash cases (.ci/run runs them too)
	$(BIN)/pytest -m slow

lint: $(STAMP)
	$(BIN)/ruff check service tests bench
	$(BIN)/ruff format --check service tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

ingest: $(STAMP)
	$(BIN)/lingodocs ingest

serve: $(STAMP)
	$(BIN)/lingodocs serve

messages: $(STAMP)  ## extract UI strings into locales/messages.pot and merge them into each .po
	$(BIN)/pybabel extract --mapping-file babel.cfg --no-location --sort-output \
		--project lingodocs --version 1.0 --copyright-holder "Lingodocs contributors" \
		--output-file locales/messages.pot .
	$(BIN)/pybabel update --domain messages --input-file locales/messages.pot \
		--output-dir locales --no-fuzzy-matching --ignore-obsolete

compile-messages: $(STAMP)  ## compile locales/*/LC_MESSAGES/messages.po into .mo files
	$(BIN)/pybabel compile --domain messages --directory locales --statistics

bench: $(STAMP)  ## benchmarks vs baselines (~28 min; not part of `make test`); needs wrk, nginx-light
	$(BIN)/python -m bench.run $(BENCH_ARGS)

bench-quick: $(STAMP)  ## the same with fewer/shorter runs and no 20x corpus (~7 min)
	$(BIN)/python -m bench.run --quick $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .index .pytest_cache .mypy_cache .ruff_cache
