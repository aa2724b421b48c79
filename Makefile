# Two commands on a fresh machine: `make demo` and `make test`. Each creates .venv itself.
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test bench system-deps clean

# The replica sites (replicas/, for the demo and the tests) are not in the package: the .pth puts
# the checkout's root on the virtualenv's path, so every command run from it can import them.
# Then the lemma tries (archive/lemmas.py) are built once, before the first crawl or test needs them.
$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	$(BIN)/python -c 'import pathlib, sysconfig; pathlib.Path(sysconfig.get_path("purelib"), "health_archive_checkout.pth").write_text("$(CURDIR)\n")'
	$(BIN)/python -c 'from archive.stemming import warm_up; warm_up()'
	touch $(STAMP)

## make demo: start the replica sites, crawl them, serve the archive on http://127.0.0.1:8001
demo: $(STAMP)
	$(BIN)/health-archive demo

## make test: install everything the tests need (Python and Debian packages), run them on
## every core (pytest-xdist; each test module stays on one worker, so its shared crawl or
## server is set up once)
test: $(STAMP) system-deps
	@$(BIN)/pytest -q -n auto --dist loadscope --no-loadscope-reorder; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; exit 0; fi; exit $$rc

## make bench: run every benchmark, each beside its baseline
bench: $(STAMP) system-deps
	@command -v nginx >/dev/null || (apt-get install -y -qq nginx-light >/dev/null 2>&1) \
	  || echo "warning: no nginx; the crawl benchmark serves with Python's (slower) server"
	$(BIN)/python benchmarks/run_all.py

# Debian packages used by the browser, distributed-crawl and PostgreSQL-dump tests (Debian keeps
# PostgreSQL's initdb and pg_ctl in /usr/lib/postgresql/<version>/bin, off PATH).
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
	  || echo "warning: could not install$$missing"; \
	fi

clean:
	rm -rf $(VENV) data test-artifacts
