# Lingodocs task runner. `make run` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The UI catalogs, compiled when their .po changes (the service reads only .mo files).
CATALOGS := $(patsubst %.po,%.mo,$(wildcard locales/*/LC_MESSAGES/messages.po))
# JavaScript the browser tests inject into pages (axe-core), from the npm registry by the
# lock file; without npm (or the registry) the tests that need it are skipped, not failed.
JS := tests/js
JS_STAMP := $(JS)/node_modules/.installed

.PHONY: install test-js run test test-slow lint typecheck ingest serve bench bench-quick judged relevance clean \
	messages compile-messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

locales/%/LC_MESSAGES/messages.mo: locales/%/LC_MESSAGES/messages.po | $(STAMP)
	$(BIN)/pybabel compile --domain messages --directory locales --locale $*

# The service's bytecode, written once here: a process started with PYTHONDONTWRITEBYTECODE
# (as CI and the container run) otherwise compiles every module of it at each start, a
# sixth of a server's start at 20x the corpus. Up-to-date files are skipped.
install: $(STAMP) $(CATALOGS)
	@$(BIN)/python -m compileall -q service

$(JS_STAMP): $(JS)/package.json $(JS)/package-lock.json
	@if command -v npm >/dev/null; then \
	  npm ci --prefix $(JS) --no-audit --no-fund --loglevel=error && touch $@ \
	  || echo "npm ci failed: the axe accessibility tests will be skipped" >&2; \
	else echo "npm not found: the axe accessibility tests will be skipped" >&2; fi

test-js: $(JS_STAMP)  ## install the browser tests' JavaScript (axe-core) into tests/js/node_modules

run: install  ## create the venv, install, ingest content/, serve on 127.0.0.1:8000
	$(BIN)/lingodocs ingest
	$(BIN)/lingodocs serve

test: install $(JS_STAMP)  ## install and run the whole suite (lint, import rules, types, tests)
	$(BIN)/ruff check service tests bench
	$(BIN)/ruff format --check service tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/pytest

test-slow: install  ## the many more runs of the random crash cases (.ci/run runs them too)
	$(BIN)/pytest -m slow

lint: install
	$(BIN)/ruff check service tests bench
	$(BIN)/ruff format --check service tests bench
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy

ingest: install
	$(BIN)/lingodocs ingest

serve: install
	$(BIN)/lingodocs serve

messages: install  ## extract UI strings into locales/messages.pot and merge them into each .po
	$(BIN)/pybabel extract --mapping-file babel.cfg --no-location --sort-output \
		--project lingodocs --version 1.0 --copyright-holder "Lingodocs contributors" \
		--output-file locales/messages.pot .
	$(BIN)/pybabel update --domain messages --input-file locales/messages.pot \
		--output-dir locales --no-fuzzy-matching --ignore-obsolete

compile-messages: install  ## compile every locales/*/LC_MESSAGES/messages.po into its .mo
	$(BIN)/pybabel compile --domain messages --directory locales --statistics

bench: install  ## benchmarks vs baselines (~28 min; not part of `make test`); needs wrk, nginx-light
	$(BIN)/python -m bench.run $(BENCH_ARGS)

bench-quick: install  ## the same with fewer/shorter runs and no 20x corpus (~7 min)
	$(BIN)/python -m bench.run --quick $(BENCH_ARGS)

relevance: install  ## search recall@1/@3, MRR, nDCG on the hard judged queries of bench/relevance (~1 min; needs ../shared)
	$(BIN)/python -m bench.relevance $(RELEVANCE_ARGS)

judged: install  ## search relevance, quality-check precision, recall on both injected sets and the controls (~6 min; needs ../shared)
	$(BIN)/python -m bench.judged $(JUDGED_ARGS)

clean:
	rm -rf $(VENV) $(JS)/node_modules .index .pytest_cache .mypy_cache .ruff_cache
