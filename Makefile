# Phlov's two commands: `make demo` runs it, `make test` runs the whole test suite.
# Everything else here is what those two need on a fresh machine.

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | sha1sum | cut -c1-12)
PYTEST_ARGS ?=

.PHONY: demo test test-only setup system-deps lint typecheck lock clean

demo: setup
	PHLOV_DEMO=1 $(BIN)/phlov demo

test: setup system-deps $(VENV)/.installed-spark
	$(MAKE) test-only

# Plain load balancing: with --dist loadgroup or loadfile, schemathesis's generated tests
# collapse into one item and most API operations would go untested.
test-only:
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

setup: $(STAMP) node_modules/.installed phlov/locale/km/LC_MESSAGES/django.mo

$(STAMP): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	rm -f $(VENV)/.installed-*; touch $@

# Spark only for the tests (the linkage engine's second backend, run in local mode).
$(VENV)/.installed-spark: $(STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev,spark]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The Khmer catalogues are compiled here; .mo files are build output and not in git.
phlov/locale/km/LC_MESSAGES/django.mo: $(shell find phlov -name django.po) | $(STAMP)
	@command -v msgfmt >/dev/null || $(MAKE) system-deps
	PHLOV_TESTING=1 $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0
	touch $@

# Debian packages the tests need: chromium for the browser tests, gettext for the catalogues,
# a Java runtime for Spark.
system-deps:
	@missing=""; \
	 test -x /usr/bin/chromium || missing="$$missing chromium"; \
	 command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	 command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	 if [ -n "$$missing" ]; then \
	   echo "Installing from Debian:$$missing"; \
	   apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	 fi

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck:
	PHLOV_TESTING=1 $(BIN)/mypy phlov

# Re-pin what CI installs after changing pyproject.toml.
lock:
	$(BIN)/pip freeze --exclude-editable --disable-pip-version-check | grep -v '^-e ' > constraints.txt

clean:
	rm -rf $(VENV) node_modules var
