# Two commands matter: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
DATA ?= ../shared/data
KB ?= var/kb
HOST ?= 127.0.0.1
PORT ?= 8000
export TTHC_DATA := $(DATA)
export TTHC_KB_DIR := $(KB)
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: help venv build run test test-fast lint eval bench clean browser-deps test-deps rasa-actions

help: ## list targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c requirements.lock -e '.[dev]'
	touch $@

venv: $(VENV)/.installed ## create the virtual environment with pinned dependencies

build: venv ## build the knowledge base from $(DATA) into $(KB)
	$(VENV)/bin/tthc build --data $(DATA) --out $(KB)

run: build ## build the knowledge base and serve http://$(HOST):$(PORT)
	$(VENV)/bin/tthc serve --host $(HOST) --port $(PORT)

browser-deps: ## install headless Chromium + chromedriver (apt-get) when missing
	@if [ ! -x /usr/bin/chromium ] || ! command -v chromedriver >/dev/null; then \
		SUDO=$$([ "$$(id -u)" -eq 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver; \
	fi

test-deps: ## install redis-server, postgresql (session and interaction-store tests) and espeak-ng (/v1/speak) with apt-get when missing
	@PKGS="$$(command -v redis-server >/dev/null || echo redis-server) $$(ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || echo postgresql) $$(command -v espeak-ng >/dev/null || echo espeak-ng)"; \
	if [ -n "$${PKGS// /}" ]; then \
		SUDO=$$([ "$$(id -u)" -eq 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$PKGS; \
	fi

rasa-actions: venv ## run the Rasa action server on :5055 (see rasa/endpoints.yml)
	$(VENV)/bin/tthc rasa-actions --port 5055

test: venv browser-deps test-deps build ## install test needs, build the KB, run the whole suite (integration included)
	$(PY) -m pytest -m "not slow"

test-fast: venv ## unit tests only (no real data)
	$(PY) -m pytest -m "not integration and not slow and not browser"

lint: venv ## ruff + mypy
	$(VENV)/bin/ruff check kb ingestion assistant eval tests
	$(VENV)/bin/mypy kb assistant

eval: build ## quality reports (eval/reports/*.json + .md)
	$(PY) -m eval eval

bench: build ## speed/size reports (eval/reports/bench-*.json + .md)
	$(PY) -m eval bench

clean: ## remove the built knowledge base
	rm -rf $(KB)
