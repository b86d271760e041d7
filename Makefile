# CalmSkin: `make run` serves the app on SQLite; `make test` runs every test.
# Everything is installed into .venv from the committed uv.lock; nothing global.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON := $(BIN)/python
export UV_NO_PROGRESS := 1
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run test lint migrate bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml uv.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "CalmSkin needs Python 3.11 or newer (found $$($(PYTHON) --version))"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(BIN)/uv sync --frozen --all-extras --inexact --quiet
	mkdir -p var
	touch $@

migrate: setup
	$(BIN)/python manage.py migrate --noinput

run: migrate
	$(BIN)/python manage.py load_demo --if-empty
	@echo "CalmSkin is starting at http://$(HOST):$(PORT)/ (Ctrl+C stops it)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: setup
	$(BIN)/python bench/score_throughput.py
	$(BIN)/python bench/pk_population.py
	$(BIN)/python bench/visit_summary.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
