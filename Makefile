# The commands a user runs. `make run` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: setup run test test-fast bench eval lint worker beat clean

setup: $(STAMP)

$(STAMP): requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

run: setup
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py seed_demo
	@echo "Workbench: http://127.0.0.1:$(PORT)/   admin: http://127.0.0.1:$(PORT)/admin/"
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: setup
	DEBUG=true $(BIN)/python -m pytest

bench: setup
	DEBUG=true $(BIN)/python tests/bench/run_all.py

eval: setup
	DEBUG=true $(BIN)/python tests/bench/eval_extraction.py

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

worker: setup
	$(BIN)/celery -A factcheck.celery worker --loglevel=info

beat: setup
	$(BIN)/celery -A factcheck.celery beat --loglevel=info

clean:
	rm -rf $(VENV) staticfiles test-output .pytest_cache .mypy_cache .ruff_cache
