# Rathaus – the two commands of the README are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := run
export UV_PYTHON_DOWNLOADS := never
PYTHON ?= python3
UV := $(PYTHON) -m uv
RUN := $(UV) run --frozen
HOST ?= 127.0.0.1
PORT ?= 8000
VENDOR := src/rathaus/portal/static/vendor
# `make run` and `make test` collect hashed static files without WhiteNoise's pre-compressed
# copies: compressing ~1,100 files (gzip + brotli) is 90 % of collectstatic's time (25 s of
# 27 s measured), and nobody needs it on one's own machine. Production runs `rathaus
# collectstatic` itself with the compressing default of the settings (README, Betrieb).
export RATHAUS_STATICFILES_BACKEND ?= django.contrib.staticfiles.storage.ManifestStaticFilesStorage
# Every target here works on a development installation: the development identity provider
# (test citizens at /dev-idp/) is on, which also lets Rathaus start with its public
# development SECRET_KEY. A production start sets neither and needs RATHAUS_SECRET_KEY (README).
export RATHAUS_DEV_IDP ?= 1

.PHONY: setup uv python-deps npm-deps vendor system-deps run test lint typecheck pytest bench bench-last bench-stoerung image smoke clean

uv:
	@$(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv

python-deps: uv
	@$(UV) sync --frozen --quiet

npm-deps:
	npm ci --no-audit --no-fund --loglevel=error

vendor: npm-deps
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/kern $(VENDOR)/axe $(VENDOR)/altcha
	cp node_modules/@kern-ux/native/dist/kern.min.css node_modules/@kern-ux/native/LICENSE.md $(VENDOR)/kern/
	cp -r node_modules/@kern-ux/native/dist/fonts $(VENDOR)/kern/fonts
	cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE $(VENDOR)/axe/
	cp node_modules/altcha/dist/workers/pbkdf2.js node_modules/altcha/LICENSE.txt $(VENDOR)/altcha/

# Chromium for the browser tests and fonts for the PDFs come from Debian.
system-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-dejavu-core; \
	  else echo "Chromium missing: run 'sudo apt-get install chromium'"; exit 1; fi; \
	fi

setup: python-deps vendor
	@echo "==> Statische Dateien sammeln / collecting static files"
	@$(RUN) rathaus collectstatic --noinput --verbosity 0

# The console of `make run` shows progress lines, the demo logins and the address; the
# server's own log stays at warnings (RATHAUS_LOG_LEVEL=INFO make run shows every request).
run: setup
	@echo "==> Datenbank einrichten / setting up the database"
	@$(RUN) rathaus migrate --noinput --verbosity 0
	@echo "==> Katalog und Demo-Daten laden / loading the catalogue and demo data"
	@RATHAUS_LOG_LEVEL=$${RATHAUS_LOG_LEVEL:-WARNING} $(RUN) rathaus bootstrap --data "$${RATHAUS_SHARED_DATA:-../shared/data}"
	@RATHAUS_LOG_LEVEL=$${RATHAUS_LOG_LEVEL:-WARNING} $(RUN) rathaus db_worker --queue-name default --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	echo ""; \
	echo "  Rathaus läuft / is running:  http://$(HOST):$(PORT)/"; \
	echo "  Online-Antrag mit echtem FIM-Formular / demo service with the online form:"; \
	echo "                               http://$(HOST):$(PORT)/leistungen/erlaubnis-zur-gewerbsmaigen-schaustellung-von-personen-verlangerung/"; \
	echo "  Verwaltung / admin:          http://$(HOST):$(PORT)/admin/  (Demo: admin / rathaus-demo; second factor: RATHAUS_DEV_IDP=1 $(RUN) rathaus demo_totp admin)"; \
	echo "  Arbeitsplatz / staff:        http://$(HOST):$(PORT)/arbeitsplatz/  (Demo: sb.gewerbe, leitung.gewerbe, sb.buergerbuero, sb.wohngeld, leitung.ordnungsamt, fachadmin / rathaus-demo;"; \
	echo "                               second factor: RATHAUS_DEV_IDP=1 $(RUN) rathaus demo_totp BENUTZER)"; \
	echo "  Bürger-Login / citizens:     http://$(HOST):$(PORT)/konto/  (test identities of the development IdP)"; \
	echo "  API:                         http://$(HOST):$(PORT)/api/v1/docs/"; \
	echo "  E-Mails / mails:             $${RATHAUS_DATA_DIR:-var}/mail/  (one file per mail while RATHAUS_EMAIL_HOST is unset)"; \
	echo ""; \
	RATHAUS_LOG_LEVEL=$${RATHAUS_LOG_LEVEL:-WARNING} $(RUN) rathaus runserver $(HOST):$(PORT) --noreload

# lint-imports checks the layering of the apps and the imports between them (pyproject.toml,
# [tool.importlinter]; allow-list in src/rathaus/config/importregeln.toml); under a second.
lint: python-deps
	$(RUN) ruff check src tests bench
	$(RUN) ruff format --check src tests bench
	$(RUN) lint-imports --no-cache --no-logo

typecheck: python-deps
	$(RUN) mypy

pytest: setup system-deps
	$(RUN) pytest $(PYTEST_ARGS)

test: lint typecheck pytest

bench: setup
	$(RUN) python -m bench

# The whole system on its own PostgreSQL, Redis and SMTP server (bench/dienste.py), each a
# run of several minutes; README, Benchmarks. Knobs: BENCH_DAUER, BENCH_NUTZER, BENCH_RPS …
bench-last: setup
	$(RUN) python -m bench.last

# Faults while N Anträge are submitted over HTTP: worker killed, PostgreSQL restarted,
# Redis flushed, SMTP refusing; then every Antrag checked. Knobs: BENCH_N, BENCH_FENSTER …
bench-stoerung: setup
	$(RUN) python -m bench.stoerung

# The production container image (Containerfile) with podman, and its test on this machine:
# PostgreSQL, Redis, web, worker and the migrate Job from deploy/ (README, "Container und
# Kubernetes"). IMAGE=… names the image; IMAGE_NO_CACHE=1 builds cold.
image:
	deploy/image

smoke:
	deploy/smoke

clean:
	rm -rf .venv node_modules var $(VENDOR)
