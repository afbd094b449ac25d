# Two commands: `make run` (the demo edition on http://127.0.0.1:5000) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)
export FLASK_APP := wsgi

.PHONY: run test install translations messages bench bench-pages lint format serve-prod clean

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP) translations

# Compile the one catalog per language (seminar/translations/<lang>/LC_MESSAGES/messages.po).
translations: $(STAMP)
	@$(BIN)/pybabel compile --statistics -d seminar/translations 2>&1 | grep -v '^compiling' || true

# Extract every msgid from seminar/ and templates/ and add the new ones to es and pt (then translate).
messages: $(STAMP)
	$(BIN)/pybabel extract --quiet -F babel.cfg -k _l -k lazy_gettext -o build/messages.pot seminar templates
	$(BIN)/pybabel update --no-location -w 100 -i build/messages.pot -d seminar/translations

run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask demo load
	@if [ -n "$$MAIL_SERVER" ]; then \
		echo "MAIL_SERVER=$$MAIL_SERVER: starting the outbox worker"; \
		$(BIN)/flask outbox worker & \
	fi; \
	$(BIN)/flask run --host 127.0.0.1 --port 5000

test: install
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

bench: install
	@for f in tests/benchmarks/bench_*.py; do \
		echo "== $$f"; $(BIN)/python -m tests.benchmarks.$$(basename $$f .py) || exit 1; \
	done

# Organiser pages and exports at 2,000, 10,000 and 50,000 people (BENCH_SIZES=2000,10000 for less).
bench-pages: install
	$(BIN)/python -m tests.benchmarks.bench_pages

# ruff, then the import contracts in pyproject.toml (layers, no cycles, a pure allocation engine).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo --no-cache

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Production-like: gunicorn as the seminario-web unit runs it, deploy/gunicorn.conf.py (127.0.0.1:8000,
# 2 workers; GUNICORN_BIND, GUNICORN_WORKERS). Set SECRET_KEY, DATABASE_URL, PUBLIC_URL first.
serve-prod: install
	$(BIN)/flask db upgrade
	$(BIN)/gunicorn -c deploy/gunicorn.conf.py wsgi:app

clean:
	rm -rf $(VENV) instance .pytest_cache
