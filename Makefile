# The two commands of the README. Each sets everything up from a fresh clone.
#   make demo   install, then run the bundled sample articles into eventwire.duckdb and show what was found
#   make test   install (with test extras, Debian's chromium for the browser tests), then lint, check the
#               built web assets and run every test
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= eventwire.duckdb

.PHONY: demo test install install-test lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,web,spark]'
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
	@# The committed web assets must be what web/ builds (skipped where npm is missing).
	@if command -v npm >/dev/null 2>&1; then cd web && npm ci --silent && npm run --silent check; \
		else echo "npm not found: web asset check skipped" >&2; fi
	$(BIN)/python -m pytest

lint: install-test
	$(BIN)/ruff check eventwire tests bench scripts

clean:
	rm -rf $(VENV) $(DB) .pytest_cache .ruff_cache
