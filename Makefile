# API Generator: `make run` starts the product, `make test` runs every test.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
CLOUD_URL ?= http://127.0.0.1:8000

.PHONY: install run cloud test test-cloud test-desktop test-ui lint bench clean

install: $(VENV)/.installed desktop/node_modules/.installed

# uv when present (fast), plain venv + pip otherwise.
$(VENV)/.installed: cloud/requirements.txt cloud/pyproject.toml
	@if command -v uv >/dev/null; then \
		uv venv -q --allow-existing --python $(PYTHON) $(VENV) && \
		uv pip install -q --python $(PY) -r cloud/requirements.txt && \
		uv pip install -q --python $(PY) --no-deps -e cloud; \
	else \
		$(PYTHON) -m venv $(VENV) && \
		$(PY) -m pip install -q -r cloud/requirements.txt && \
		$(PY) -m pip install -q --no-deps -e cloud; \
	fi
	@touch $@

# The Electron binary is downloaded by its postinstall; where that is impossible
# (no internet) the install goes on without it and the headless CLI still works.
desktop/node_modules/.installed: desktop/package.json desktop/package-lock.json
	@cd desktop && (npm ci --no-audit --no-fund --loglevel=error 2>/dev/null \
		|| { echo "Electron's binary could not be downloaded: installing without it (the headless CLI and the browser mode work)."; \
		     ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error; })
	@touch $@

# The Cloud in the background, then the Desktop app; without a display (or
# without the Electron binary) the Cloud stays up for the headless CLI.
run: install
	@$(VENV)/bin/apigen-cloud serve & cloud=$$!; trap 'kill $$cloud 2>/dev/null' EXIT INT TERM; \
	for _ in $$(seq 1 60); do curl -fs $(CLOUD_URL)/health >/dev/null && break; sleep 0.5; done; \
	if [ -x desktop/node_modules/electron/dist/electron ] && [ -n "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]; then \
		cd desktop && APIGEN_CLOUD_URL=$(CLOUD_URL) node_modules/.bin/electron .; \
	else \
		echo; echo "The Cloud runs at $(CLOUD_URL) (Swagger UI: $(CLOUD_URL)/docs)."; \
		echo "The Electron window cannot open here (no display or no Electron binary). Instead:"; \
		echo "  node desktop/bin/apigen.js register --email you@example.com --password 'a long password'"; \
		echo "  node desktop/bin/apigen.js run --prompt 'A library API with books (title, isbn unique) and members (name, email)'"; \
		echo "  or the same UI in a browser: node desktop/src/browser-mode/server.js --cloud-url $(CLOUD_URL)"; \
		echo "Ctrl-C stops the Cloud."; wait $$cloud; \
	fi

cloud: install
	$(VENV)/bin/apigen-cloud serve

# Every test. PostgreSQL-backed tests run when APIGEN_TEST_POSTGRES_URL is set,
# Docker-backed ones when `docker info` works (.ci/run provides both).
test: install lint test-cloud test-desktop test-ui

test-cloud: install
	cd cloud && ../$(PY) -m pytest -q -p no:cacheprovider

test-desktop: install
	cd desktop && node --test --test-reporter=spec test/

test-ui: install
	cd desktop && node --test --test-reporter=spec test-ui/

lint: install
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check . && cd cloud && ../$(VENV)/bin/mypy apigen_cloud

bench: install
	@$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) desktop/node_modules desktop/test-output .apigen-data
