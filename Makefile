# CE Portal for Open edX - developer commands. `make help` lists them.
.DEFAULT_GOAL := help
SHELL := /bin/bash
.PHONY: help demo bench bench-sqlite bench-stack stack stack-deps test test-deps test-verawood test-ulmo test-mariadb fuzz platform-test platform-suite pii_check \
        quality \
        requirements upgrade extract_translations compile_translations dummy_translations validate_translations \
        pull_translations clean

# The current Open edX line (Verawood, Python 3.12) is the primary target; Ulmo (3.11) is tested too.
PYTHON ?= $(shell scripts/find-python 3.12)
PYTHON_ULMO ?= $(shell scripts/find-python 3.11)
VENV := .venv
VENV_ULMO := .venv-ulmo
PORT ?= 8000
PIP_QUIET := --quiet --disable-pip-version-check
MANAGE := cd demo && ../$(VENV)/bin/python manage.py
# The address statements print (verification link and QR code): the dev host's own, on the port it serves.
DEMO_URL ?= http://127.0.0.1:$(PORT)
DEMO_MANAGE := cd demo && DEVHOST_BASE_URL=$(DEMO_URL) ../$(VENV)/bin/python manage.py
PYTEST_ARGS ?=
# The in-platform suite: an openedx-platform checkout and the python of its test environment (default: the
# checkout's .venv or venv).
PLATFORM_DIR ?=
PLATFORM_PYTHON ?=
# Examples per fuzz family in `make fuzz` (`make test` runs CE_FUZZ_EXAMPLES, default 20, in tests/fuzz/strategies.py).
FUZZ_EXAMPLES ?= 10000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Debian packages the suite drives: headless Chromium and its driver (browser tests), GNU gettext (catalog check),
# the MariaDB server and what mysqlclient builds against (the MariaDB pass), Node.js and npm (axe-core, below).
TEST_PACKAGES := chromium chromium-driver gettext mariadb-server default-libmysqlclient-dev pkg-config nodejs npm
# The private MariaDB server of the test run (scripts/mariadb): data folder and socket outside the checkout.
MARIADB_DIR ?= $(or $(TMPDIR),/tmp)/ce-portal-mariadb-$(shell id -u)
# The LMS's serving stack for `make stack` and `make bench-stack` (scripts/stack): its folder, and the Debian
# packages it runs (Redis, the LMS's Celery broker; MariaDB; curl to see gunicorn answer).
STACK_DIR ?= $(or $(TMPDIR),/tmp)/ce-portal-stack-$(shell id -u)
STACK_PACKAGES := redis-server mariadb-server default-libmysqlclient-dev pkg-config curl
# axe-core, the accessibility checker the browser tests inject into each page: from npm, at the locked version.
AXE := node_modules/axe-core/axe.min.js

help: ## Show this help
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk -F ':.*?## ' '{printf "  %-22s %s\n", $$1, $$2}'

$(VENV)/bin/python:
	@test -n "$(PYTHON)" || { echo "Python 3.12 is needed (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(VENV)/bin/python requirements/verawood.txt requirements/base.in setup.py
	$(VENV)/bin/python -m pip install $(PIP_QUIET) --upgrade pip setuptools wheel
	$(VENV)/bin/python -m pip install $(PIP_QUIET) -r requirements/verawood.txt
	$(VENV)/bin/python -m pip install $(PIP_QUIET) --no-deps --no-build-isolation -e .
	touch $@

$(VENV_ULMO)/bin/python:
	@test -n "$(PYTHON_ULMO)" || { echo "Python 3.11 is needed (set PYTHON_ULMO=...)"; exit 1; }
	$(PYTHON_ULMO) -m venv $(VENV_ULMO)

$(VENV_ULMO)/.installed: $(VENV_ULMO)/bin/python requirements/ulmo.txt requirements/base.in setup.py
	$(VENV_ULMO)/bin/python -m pip install $(PIP_QUIET) --upgrade pip setuptools wheel
	$(VENV_ULMO)/bin/python -m pip install $(PIP_QUIET) -r requirements/ulmo.txt
	$(VENV_ULMO)/bin/python -m pip install $(PIP_QUIET) --no-deps --no-build-isolation -e .
	touch $@

demo: $(VENV)/.installed ## Install, migrate, seed the demo meeting (once) and serve the dev host on 127.0.0.1:$(PORT)
	$(DEMO_MANAGE) migrate --noinput
	$(DEMO_MANAGE) seed
	$(DEMO_MANAGE) runserver 127.0.0.1:$(PORT)

test: test-verawood test-mariadb test-ulmo platform-suite ## Every check and the whole suite: both lines, SQLite and MariaDB

test-deps: ## Install the Debian packages the tests drive (Chromium, gettext, MariaDB, npm) when missing
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null && command -v xgettext >/dev/null \
		&& command -v mariadbd >/dev/null && command -v mariadb_config >/dev/null && command -v pkg-config >/dev/null \
		&& command -v npm >/dev/null; \
	then echo "test packages present"; \
	else $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(TEST_PACKAGES); fi

$(AXE): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

test-verawood: test-deps $(VENV)/.installed $(AXE) ## Checks and the whole suite on the current line (Python 3.12, XBlock 6)
	$(VENV)/bin/ruff check ce_plugin ce_xblock demo tests benchmarks scripts
	$(MAKE) --no-print-directory pii_check
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS)

$(VENV)/.mariadb: $(VENV)/.installed requirements/mariadb.txt
	$(VENV)/bin/python -m pip install $(PIP_QUIET) -r requirements/mariadb.txt
	touch $@

test-mariadb: test-deps $(VENV)/.mariadb ## The suite on MariaDB (row locks, as the LMS's MySQL), on a private server
	scripts/mariadb start $(MARIADB_DIR)
	CE_TEST_MARIADB_SOCKET=$(MARIADB_DIR)/mysqld.sock $(VENV)/bin/python -m pytest \
		--ds=devhost_project.test_settings_mariadb -m "not slow" $(PYTEST_ARGS); \
		status=$$?; scripts/mariadb stop $(MARIADB_DIR); exit $$status

test-ulmo: test-deps $(VENV_ULMO)/.installed $(AXE) ## The suite on the previous line (Python 3.11, XBlock 5.3); fuzz runs on Verawood
	$(VENV_ULMO)/bin/python -m pytest -m "not fuzz" $(PYTEST_ARGS)

fuzz: test-deps $(VENV)/.mariadb ## The extended fuzz run: FUZZ_EXAMPLES (10,000) examples per family, SQLite then MariaDB
	CE_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(VENV)/bin/python -m pytest -m fuzz -p no:cacheprovider $(PYTEST_ARGS)
	scripts/mariadb start $(MARIADB_DIR)
	CE_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) CE_TEST_MARIADB_SOCKET=$(MARIADB_DIR)/mysqld.sock $(VENV)/bin/python -m pytest \
		--ds=devhost_project.test_settings_mariadb -m fuzz -p no:cacheprovider $(PYTEST_ARGS); \
		status=$$?; scripts/mariadb stop $(MARIADB_DIR); exit $$status

platform-suite: # Part of `make test`: the in-platform suite when PLATFORM_DIR is given, else one line saying so
	@if [ -n "$(PLATFORM_DIR)" ]; then $(MAKE) --no-print-directory platform-test; \
	else echo "In-platform suite skipped: no PLATFORM_DIR given (make test PLATFORM_DIR=<openedx-platform checkout>)"; fi

platform-test: $(VENV)/.installed ## The suite inside openedx-platform: PLATFORM_DIR=<checkout> [PLATFORM_PYTHON=<its test env>]
	@test -n "$(PLATFORM_DIR)" || { echo "Give PLATFORM_DIR=<openedx-platform checkout> (docs/how-to/platform-tests.rst)"; exit 2; }
	scripts/platform-test "$(PLATFORM_DIR)" "$(PLATFORM_PYTHON)" $(VENV)/bin/python $(PYTEST_ARGS)

pii_check: $(VENV)/.installed ## Check the models' PII annotations with code_annotations and Open edX's OEP-30 configuration
	DJANGO_SETTINGS_MODULE=devhost_project.test_settings PYTHONPATH=demo:. $(VENV)/bin/code_annotations \
		django_find_annotations --config_file .pii_annotations.yml --app_name ce_plugin --lint --report --coverage

bench: bench-sqlite bench-stack ## Print every benchmark figure with its target (the stack part starts its own stack)

bench-sqlite: $(VENV)/.installed ## The benchmarks that need no server: claim page, statements, publish, import, ...
	for bench in benchmarks/bench_*.py; do $(VENV)/bin/python $$bench || exit 1; done

bench-stack: stack-deps $(VENV)/.stack ## Worker scaling and the 50-learner load on gunicorn, MariaDB, Redis, Celery
	$(VENV)/bin/python benchmarks/stack_load.py "$(STACK_DIR)-bench"

stack-deps: ## Install the Debian packages of the stack (Redis, MariaDB, curl) when missing
	@if command -v redis-server >/dev/null && command -v mariadbd >/dev/null && command -v mariadb_config >/dev/null \
		&& command -v pkg-config >/dev/null && command -v curl >/dev/null; \
	then echo "stack packages present"; \
	else $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(STACK_PACKAGES); fi

$(VENV)/.stack: $(VENV)/.mariadb requirements/stack.txt
	$(VENV)/bin/python -m pip install $(PIP_QUIET) -r requirements/stack.txt
	touch $@

stack: stack-deps $(VENV)/.stack ## The dev host on the LMS's stack (gunicorn, MariaDB, Redis, Celery workers) until Ctrl-C
	@trap 'scripts/stack stop "$(STACK_DIR)"' EXIT; scripts/stack start "$(STACK_DIR)" $(PORT) && \
		echo "Ctrl-C stops gunicorn, the workers, Redis and MariaDB" && while sleep 3600; do :; done

quality: $(VENV)/.installed ## Lint with ruff (also part of make test)
	$(VENV)/bin/ruff check ce_plugin ce_xblock demo tests benchmarks scripts

requirements: $(VENV)/.installed ## Install the developer tools too
	$(VENV)/bin/python -m pip install $(PIP_QUIET) -r requirements/dev.txt

upgrade: requirements $(VENV_ULMO)/.installed ## Recompile the pinned requirement files from the .in files
	$(VENV_ULMO)/bin/python -m pip install $(PIP_QUIET) pip-tools
	cd requirements && ../$(VENV)/bin/pip-compile -q --upgrade --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links -o verawood.txt verawood.in
	cd requirements && ../$(VENV_ULMO)/bin/pip-compile -q --upgrade --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links -o ulmo.txt ulmo.in
	cd requirements && ../$(VENV)/bin/pip-compile -q --upgrade --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links -o dev.txt dev.in
	cd requirements && ../$(VENV)/bin/pip-compile -q --upgrade --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links -o mariadb.txt mariadb.in

# The catalogs (ADR 0018): the plugin's in ce_plugin/conf/locale, where the Open edX translation pipeline (OEP-58)
# takes a package's English source catalogs (en/) from, with the bundled languages beside them; the dev host's own
# in demo/devhost/locale. The top-level locale/ and ce_plugin/locale are links to ce_plugin/conf/locale.
LOCALE := ce_plugin/conf/locale
DEVHOST_LOCALE := demo/devhost/locale
CATALOGS = $(wildcard $(LOCALE)/*/LC_MESSAGES/*.po $(DEVHOST_LOCALE)/*/LC_MESSAGES/*.po)
# Catalogs merged with the English source by extract_translations: every language but the source and the
# generated Esperanto test language.
TRANSLATED = $(foreach po,$(CATALOGS),$(if $(findstring /en/LC_MESSAGES/,$(po))$(findstring /eo/LC_MESSAGES/,$(po)),,$(po)))
# openedx-translations' extraction workflow runs `make extract_translations` in a clone with its own Python and
# Django installed (and IS_OPENEDX_TRANSLATIONS_WORKFLOW set); elsewhere the project's virtualenv provides them.
ifdef IS_OPENEDX_TRANSLATIONS_WORKFLOW
I18N_ENV :=
DJANGO_ADMIN := django-admin
else
I18N_ENV := $(VENV)/.installed
DJANGO_ADMIN := $(CURDIR)/$(VENV)/bin/django-admin
endif
# Every link and folder that is not the product's code is left out (the links lead to the catalogs themselves).
MAKEMESSAGES := DJANGO_SETTINGS_MODULE= $(DJANGO_ADMIN) makemessages -l en --no-obsolete --ignore locale \
	--ignore node_modules --ignore build --ignore dist --ignore docs --ignore demo --ignore tests \
	--ignore scripts --ignore benchmarks
# Options for `atlas pull` in pull_translations, e.g. ATLAS_OPTIONS="--revision=release/verawood --filter=es,fr"
ATLAS_OPTIONS ?=

extract_translations: $(I18N_ENV) ## Refresh the English source catalogs from the code, and add new strings to es, fr
	$(MAKEMESSAGES)
	$(MAKEMESSAGES) -d djangojs
	cd demo/devhost && DJANGO_SETTINGS_MODULE= $(DJANGO_ADMIN) makemessages -l en --no-obsolete
	@for po in $(TRANSLATED); do \
		source=$$(dirname $$(dirname $$(dirname $$po)))/en/LC_MESSAGES/$$(basename $$po); \
		msgmerge --quiet --update --backup=none --no-fuzzy-matching $$po $$source && \
		msgattrib --no-obsolete -o $$po $$po || exit 1; done

dummy_translations: $(VENV)/.installed ## Write the Esperanto test catalogs (plugin and dev host) from the English ones
	$(VENV)/bin/python scripts/dummy_translations.py

compile_translations: ## Compile every .po catalog to its .mo (needs GNU gettext)
	@for po in $(CATALOGS); do msgfmt --check-format -o $${po%.po}.mo $$po || exit 1; done; echo "catalogs compiled"

validate_translations: $(VENV)/.installed ## Check every catalog compiles and es, fr are complete (needs GNU gettext)
	@for po in $(CATALOGS); do msgfmt --check-format -o /dev/null $$po || exit 1; done
	$(VENV)/bin/python scripts/check_catalogs.py

pull_translations: requirements ## Merge openedx-translations' catalogs over the bundled ones (atlas, OEP-58); compile
	PATH=$(CURDIR)/$(VENV)/bin:$$PATH scripts/pull_translations $(LOCALE) $(ATLAS_OPTIONS)
	$(MAKE) --no-print-directory compile_translations

clean: ## Remove virtualenvs, build output, the dev host database and the test MariaDB server's data
	-scripts/mariadb stop $(MARIADB_DIR)
	rm -rf $(VENV) $(VENV_ULMO) node_modules build dist *.egg-info demo/devhost.sqlite3 demo/media demo/records demo/staticfiles \
		$(MARIADB_DIR)
