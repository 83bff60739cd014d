# LESLIE Impact: every command of the README is a target here.
PY      ?= python3
VENV    ?= .venv
BIN     := $(VENV)/bin
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PORT    ?= 8501
WORKERS ?= 2

.PHONY: run test lint format bench demo templates browser oidc doctor backup clean-data help
.DEFAULT_GOAL := help

help:
	@echo "make run     set up, build the sample installation, serve the dashboard at http://127.0.0.1:$(PORT)"
	@echo "make test    set up (Python packages, Debian chromium, LibreOffice, caddy, a test OIDC provider) and run lint and every test"
	@echo "make bench   run every benchmark (1,000,000 and 10,000,000 enrollment rows, and many people at once)"
	@echo "make doctor  check the installation's health"
	@echo "make backup  write a backup archive to backups/ (BACKUP_DIR=...)"
	@echo "make lint | format | demo | templates"

$(BIN)/.runtime: requirements.txt
	@echo "Installing the Python packages into $(VENV) (first run only, a few minutes)..."
	@$(PY) -m venv $(VENV)
	@$(BIN)/pip install -q -q --disable-pip-version-check -r requirements.txt
	@$(BIN)/pip install -q -q --disable-pip-version-check --no-deps -e .
	@touch $@

$(BIN)/.dev: requirements-dev.txt $(BIN)/.runtime
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $@

# Debian's packages the tests use: Chromium for the browser tests (no browser download from
# elsewhere), LibreOffice Writer and Calc without a GUI to open the Word and Excel reports as a
# reader would, poppler for page images and text of PDFs, DejaVu fonts, Caddy for the tests
# behind the HTTPS proxy (deploy/Caddyfile).
SYSTEM_PACKAGES := chromium fonts-dejavu-core libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils caddy
browser:
	@command -v chromium >/dev/null 2>&1 && command -v soffice >/dev/null 2>&1 \
	  && command -v pdftoppm >/dev/null 2>&1 && command -v caddy >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; }

# A real OpenID Connect provider for the single sign-on browser test: Node.js and npm
# (Debian's, when missing) and the pinned npm package oidc-provider (tests/e2e/oidc,
# package-lock.json) in tests/e2e/oidc/node_modules.
OIDC_DIR := tests/e2e/oidc
oidc: $(OIDC_DIR)/node_modules/.installed
$(OIDC_DIR)/node_modules/.installed: $(OIDC_DIR)/package.json $(OIDC_DIR)/package-lock.json
	@command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm >/dev/null; }
	@npm ci --prefix $(OIDC_DIR) --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null
	@touch $@

demo: $(BIN)/.runtime
	@$(BIN)/python -m pipelines demo --quiet

# Streamlit listens on 127.0.0.1 only; to serve a network, put a reverse proxy with TLS in
# front (README, "Operating it").
run: demo
	@echo "Serving the dashboard at http://127.0.0.1:$(PORT) (Ctrl+C stops it)."
	@$(BIN)/python -m streamlit run dashboard/app.py --server.port $(PORT) \
	  --server.address 127.0.0.1 --server.headless true --browser.gatherUsageStats false

doctor: $(BIN)/.runtime
	@$(BIN)/python -m pipelines doctor

BACKUP_DIR ?= backups
backup: $(BIN)/.runtime
	@mkdir -p $(BACKUP_DIR)
	@$(BIN)/python -m pipelines backup --out $(BACKUP_DIR)/leslie-$$(date -u +%Y%m%dT%H%M%SZ).zip

lint: $(BIN)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The tests run in WORKERS parallel processes (pytest-xdist) and end with the slowest 25.
test: $(BIN)/.dev browser oidc lint
	$(BIN)/python -m pytest -n $(WORKERS) --durations=25

bench: $(BIN)/.dev
	$(BIN)/python -m benchmarks

templates: $(BIN)/.runtime
	$(BIN)/python -m pipelines templates
