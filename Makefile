# Everything runs inside .venv, created and kept in step with pyproject.toml.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: demo test test-all test-browser lint bench stress clean

$(INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "articlediff needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

demo: $(INSTALLED)
	$(BIN)/articlediff demo

lint: $(INSTALLED)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

test: $(INSTALLED) lint
	$(BIN)/python -m pytest -m "not slow"

test-all: $(INSTALLED) lint
	$(BIN)/python -m pytest

# Browser tests of the static site: Debian's chromium and chromium-driver (installed here
# when missing, if apt-get and root are available) and the browser extra (Selenium).
test-browser: $(INSTALLED)
	$(BIN)/python -m pip install --quiet -e '.[test,browser]'
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
		if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
			apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver; \
		else \
			echo "chromium or chromedriver missing and apt-get as root unavailable: browser tests will skip"; \
		fi; \
	fi
	$(BIN)/python -m pytest -m browser

# Concurrent writers, SIGKILLed saves and imports, two clones syncing under 200 SIGKILLs for
# 60 s, and the large fuzz runs (slow; the slow suite runs a shorter two-clone run).
stress: $(INSTALLED)
	ARTICLEDIFF_STRESS_SYNC_SECONDS=60 ARTICLEDIFF_STRESS_SYNC_KILLS=200 \
		$(BIN)/python -m pytest -m slow tests/stress tests/fuzz

bench: $(INSTALLED)
	$(BIN)/python benchmarks/run

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
