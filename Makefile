# The two commands a newcomer needs: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test journeys install lint format migrate seed serve worker bench audit security messages db-stop clean-data

$(BIN)/activate: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e ".[dev]"
	touch $(BIN)/activate

install: $(BIN)/activate

migrate: install
	$(PY) manage.py migrate --noinput

# Demo data is loaded once: seed_demo does nothing when members already exist.
seed: migrate
	$(PY) manage.py seed_demo --if-empty

# A worker for every queue, with beat (its schedule under .data/): `make worker`, and `make serve` with REDIS_URL.
CELERY_WORKER = $(BIN)/celery -A diaspora worker --beat -s .data/celerybeat-schedule -Q default,email,matching,digests

# With REDIS_URL set (a .env copied from .env.example) tasks go through Redis: a Celery worker
# then runs beside the server and stops with it, or sign-up emails and matches would wait for one.
serve:
	@if [ -n "$$($(PY) -c 'import diaspora.settings as s; print(s.REDIS_URL)' 2>/dev/null)" ]; then \
		echo "REDIS_URL is set: starting a Celery worker beside the server"; \
		mkdir -p .data; \
		$(CELERY_WORKER) --loglevel=WARNING & \
		trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
		$(PY) manage.py runserver $(HOST):$(PORT); \
	else \
		$(PY) manage.py runserver $(HOST):$(PORT); \
	fi

run: seed serve

worker: install
	mkdir -p .data
	$(CELERY_WORKER) --loglevel=INFO

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Two pytest-xdist workers (the machines it runs on have two cores); each has its own test database,
# Redis database and media folder (README, "Two commands"). PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= 2
# Bytecode cached under .data/ even where the environment sets PYTHONDONTWRITEBYTECODE (as these
# machines do): every process the suite starts (each xdist worker, the Celery workers and
# subprocess checks) otherwise compiles the project and rewrites the tests anew, 5 s apiece.
test: export PYTHONDONTWRITEBYTECODE :=
test: export PYTHONPYCACHEPREFIX := $(CURDIR)/.data/pycache
test: lint
	$(PY) manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# The browser journeys again, leaving a screenshot of every step at 1280 and 360 px under
# test-artifacts/journeys/ and test-results/ (make test checks the same pages without them).
journeys: export PYTHONDONTWRITEBYTECODE :=
journeys: export PYTHONPYCACHEPREFIX := $(CURDIR)/.data/pycache
journeys: install
	JOURNEY_SCREENSHOTS=1 $(BIN)/pytest -n $(PYTEST_WORKERS) tests/browser $(PYTEST_ARGS)

# Benchmarks run on the large data set; use a database of their own (see README, "Benchmarks").
bench: migrate
	$(PY) manage.py seed_demo --scale large --if-empty
	$(PY) manage.py bench $(BENCH_ARGS)

# Lighthouse on the key pages of a production-like server (see .ci/audit); needs npm.
audit: install
	bash .ci/audit

# A manual audit, not part of `make test` or CI: bandit, wapiti and sqlmap against a production-like
# server on 127.0.0.1 (scripts/security-scan; findings in docs/security-scan.md).
security: install
	PROJECT_PYTHON=$(PY) scripts/security-scan

messages: install
	$(PY) manage.py makemessages -l es -l pt_BR --ignore=.venv --ignore=static/vendor --ignore=.data
	$(PY) manage.py compilemessages --ignore=.venv

db-stop:
	$(PY) -c "from pathlib import Path; from diaspora.database import stop_embedded; stop_embedded(Path('.data'))"

clean-data: db-stop
	rm -rf .data
