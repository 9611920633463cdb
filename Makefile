# presskit: `make demo` builds the example release pack; `make test` runs everything.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
# Debian packages the test suite reads outputs with (fonts for the PDF, poppler for
# pdftotext/pdffonts, qpdf to check PDFs, LibreOffice to open the DOCX as Word users do,
# Chromium to run the HTML page as a browser does).
SYSTEM_PACKAGES := fonts-dejavu-core fonts-noto-core fonts-wqy-zenhei fonts-morisawa-bizud-gothic fonts-nanum fonts-arphic-uming poppler-utils qpdf libreoffice-writer-nogui chromium
# Java runs the Nu Html Checker; npm installs axe-core and vnu-jar (package.json) for the browser tests.
TOOL_PACKAGES := default-jre-headless
# "Now" for the demo: the evening before the example's embargo lifts, so the pack shows it.
DEMO_NOW := 2025-12-10T18:00:00+00:00

.PHONY: demo test install install-test system-deps node-deps lint typecheck unit golden bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

node-deps: node_modules/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES) $(TOOL_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	command -v npm >/dev/null 2>&1 || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

demo: install
	$(VENV)/bin/presskit check releases/ --now $(DEMO_NOW)
	$(VENV)/bin/presskit build releases/ -o dist --now $(DEMO_NOW)
	@echo "open dist/gta-2025/en-GB/gta-2025.html (or .pdf, .docx, .txt, .ninjs.json, .email.html, .eml, .factsheet.pdf, social.txt, contacts.vcf)"

lint: install-test
	$(PY) -m ruff check presskit tests benchmarks
	$(PY) -m ruff format --check presskit tests benchmarks

typecheck: install-test
	$(PY) -m mypy

unit: install-test system-deps node-deps
	$(PY) -m pytest

test: install-test system-deps node-deps
	$(PY) -m ruff check presskit tests benchmarks
	$(PY) -m mypy
	$(PY) -m pytest

golden: install-test
	$(PY) -m pytest --update-golden tests/

bench: install
	$(PY) benchmarks/run.py

clean:
	rm -rf dist build .pytest_cache .mypy_cache .ruff_cache tests/artifacts node_modules
