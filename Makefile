# quizapp — two commands: `make run` and `make test` (plus `make test-fast` and `make lint` while editing). Both create .venv when missing and are
# safe to repeat: installs rerun only when pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
HOST   ?= 127.0.0.1
# gunicorn's rule of thumb, 2 × cores + 1, capped for small machines.
WORKERS ?= $(shell $(PYTHON) -c 'import os; print(min(2 * (os.cpu_count() or 1) + 1, 9))')
PYTEST_ARGS ?=
# Tests run in parallel, one pytest-xdist worker per core; `PYTEST_WORKERS=0 make test` runs them in
# one process. loadgroup keeps tests marked with the same xdist_group on one worker.
PYTEST_WORKERS ?= auto
XDIST  := -n $(PYTEST_WORKERS) --dist loadgroup
MYPY_ARGS ?= quizapp

.PHONY: run test test-fast lint install install-test serve migrate content clean help

help:
	@echo "make run   install into .venv, migrate, sync the content, serve on http://$(HOST):$(PORT)"
	@echo "make test  install with the test extra into .venv and run every test"
	@echo "make test-fast  every test except the browser ones (the edit loop)"
	@echo "make lint  ruff check, ruff format --check, mypy and import-linter's layer contracts"

$(BIN)/python:
	@echo ">> creating $(VENV)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	@echo ">> installing quizapp and its dependencies into $(VENV)"
	$(BIN)/python -m pip install --quiet -e ".[postgres]"
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	@echo ">> installing quizapp with the test extra into $(VENV)"
	$(BIN)/python -m pip install --quiet -e ".[postgres,test]"
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	@echo ">> applying database migrations"
	$(BIN)/quizapp db upgrade

content: migrate
	@echo ">> building, checking and loading the content"
	$(BIN)/quizapp content sync

serve:
	@echo ">> serving on http://$(HOST):$(PORT) with $(WORKERS) gunicorn workers (Ctrl-C stops)"
	$(BIN)/gunicorn --workers $(WORKERS) --bind $(HOST):$(PORT) --access-logfile - "quizapp:create_app()"

run: content serve

test: install-test
	@if [ ! -f .ci/node/node_modules/axe-core/axe.min.js ] && command -v npm >/dev/null; then \
	  echo ">> installing axe-core for the accessibility tests"; \
	  npm install --prefix .ci/node --no-save --no-audit --no-fund --silent axe-core@4 || true; \
	fi
	@echo ">> running the test suite"
	$(BIN)/python -m pytest -m "not serial" $(XDIST) $(PYTEST_ARGS)
	@echo ">> the tests that run in one process (marked serial)"
	$(BIN)/python -m pytest -m serial $(PYTEST_ARGS) || [ $$? -eq 5 ]

test-fast: install-test
	@echo ">> running the test suite without the browser tests"
	$(BIN)/python -m pytest -m "not browser and not serial" $(XDIST) $(PYTEST_ARGS)
	$(BIN)/python -m pytest -m "serial and not browser" $(PYTEST_ARGS) || [ $$? -eq 5 ]

lint: install-test
	@echo ">> ruff check"
	$(BIN)/ruff check .
	@echo ">> ruff format --check"
	$(BIN)/ruff format --check .
	@echo ">> mypy"
	$(BIN)/mypy $(MYPY_ARGS)
	@echo ">> import-linter (layers in pyproject.toml, described in the README)"
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
