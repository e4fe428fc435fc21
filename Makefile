# Every target sets up .venv itself, so a fresh clone needs nothing but Python 3.11+.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
PORT   ?= 8501
# The address `make run` listens on: ELICIT_BIND_ADDRESS (environment or .env), 127.0.0.1 unless set;
# `make run ADDRESS=0.0.0.0` for one run. Read when `run` starts, after .venv exists.
ADDRESS ?= $(shell $(PY) -c "from elicit.adapters.config import get_settings; print(get_settings().bind_address)")

.PHONY: setup tools run test test-fast bench lint clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# promptfoo and n8n's expression engine for the export tests, pinned in tests/tools/node/package-lock.json;
# without npm those tests skip, saying why (CI installs Node.js first, so there they run).
NODE_TOOLS := tests/tools/node
NODE_STAMP := $(NODE_TOOLS)/node_modules/.installed-stamp
$(NODE_STAMP): $(NODE_TOOLS)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		cd $(NODE_TOOLS) && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.installed-stamp; \
	else echo "npm is not installed: the export tests that run promptfoo and n8n will skip"; fi

tools: $(NODE_STAMP)

run: setup
	$(VENV)/bin/streamlit run elicit/ui/server.py --server.headless=true --server.port=$(PORT) \
		--server.address=$(ADDRESS) --browser.gatherUsageStats=false

# Every tier (tests/unit, storage, ui, llm, browser; see the README's Tests), then the 25 slowest tests.
# On JOBS workers (pytest-xdist), handed one test at a time so the long ones, started first, spread out;
# `make test JOBS=0` runs in one process.
JOBS ?= 2
test: setup tools
	$(VENV)/bin/pytest -q --durations=25 $(if $(filter 0,$(JOBS)),,-n $(JOBS) --maxschedchunk=1)

# The quick tiers only: the core, and the store, use cases and CLI on SQLite and PostgreSQL.
test-fast: setup
	$(VENV)/bin/pytest -q -m "unit or storage"

bench: setup
	$(PY) tests/benchmarks/bench_engine.py
	$(PY) tests/benchmarks/bench_wizard.py
	$(PY) tests/benchmarks/bench_pages.py
	$(PY) tests/benchmarks/bench_library.py
	$(PY) tests/benchmarks/bench_llm.py
	$(PY) tests/benchmarks/bench_export.py
	$(PY) tests/benchmarks/bench_memory.py
	$(PY) tests/benchmarks/bench_crowd.py
	$(PY) tests/benchmarks/bench_substance.py

lint: setup
	$(VENV)/bin/ruff check elicit tests app.py
	$(VENV)/bin/elicit guides validate

clean:
	rm -rf $(VENV) .pytest_cache
