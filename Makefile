# The book's two set-up commands are `make book` and `make test` (see README.md).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PROFILE ?= quick
CHAPTERS ?=
JOBS ?= 1
JB_FLAGS := -W -n --keep-going
export REPRO_PROGRESS := 0
export PYTHONHASHSEED := 0
# The build machinery (papermill runner, pages, archive) lives in book/_ext, outside the package.
EXT := $(CURDIR)/book/_ext
BOOKKIT := PYTHONPATH=$(EXT) $(PY) -m bookkit.book

.PHONY: help venv execute book html pages dashboard status test test-unit test-notebooks test-nbval test-nbval-ci nbval test-book bench archive lint format claims clean

help:
	@echo "make book [PROFILE=quick|full]   execute every chapter, build dashboard and HTML (_build/html)"
	@echo "make test                        lint, unit tests, chapter execution (once), key-number regression, book build"
	@echo "make nbval                       nbval over every committed notebook (re-executes them all)"
	@echo "make html                        render the committed notebooks only (fast)"
	@echo "make execute CHAPTERS='a b'      re-execute chosen chapters in place (quick profile)"
	@echo "make bench                       print the library's benchmarks"
	@echo "make lint / make format          check / apply the house style (ruff)"
	@echo "make archive CHAPTERS='a b'      run the full profile from a clean tree into archive/KEY.json"
	@echo "make status                      regenerate README's reproduction-status section"
	@echo "make claims                      list every claim of the committed notebooks"

# ---------------------------------------------------------------- environment
$(VENV)/.installed: requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

venv: $(VENV)/.installed

# ---------------------------------------------------------------- chapters
execute: venv
	$(BOOKKIT) execute $(CHAPTERS) --profile $(PROFILE) --jobs $(JOBS)

pages: venv
	$(BOOKKIT) dashboard
	$(BOOKKIT) runtimes-page

dashboard: pages

status: venv
	$(BOOKKIT) readme

html: pages
	PYTHONPATH=$(EXT) $(VENV)/bin/jupyter-book build . $(JB_FLAGS)

ifeq ($(PROFILE),quick)
book: venv
	$(BOOKKIT) execute --profile quick --jobs $(JOBS)
	$(MAKE) --no-print-directory html
else
# Full-profile outputs never overwrite the committed quick-profile notebooks.
book: venv
	rm -rf _build/full/src && mkdir -p _build/full/src
	cp -r _config.yml _toc.yml book notebooks _build/full/src/
	$(BOOKKIT) execute --profile $(PROFILE) --out _build/full/src/notebooks --jobs $(JOBS)
	$(BOOKKIT) dashboard
	$(BOOKKIT) runtimes-page
	cp book/dashboard.md _build/full/src/book/ && mkdir -p _build/full/src/book/_generated && cp book/_generated/runtimes.md _build/full/src/book/_generated/
	PYTHONPATH=$(EXT) $(VENV)/bin/jupyter-book build _build/full/src --path-output _build/full $(JB_FLAGS)
	@echo "full-profile book: _build/full/_build/html/index.html"
endif

# Archived full-profile runs (text only: key numbers, claims, glued numbers, provenance).
# Needs a clean tree; commit archive/*.json afterwards.
archive: venv
	$(BOOKKIT) archive $(CHAPTERS) --jobs $(JOBS)

# ---------------------------------------------------------------- tests
# CI runs each chapter once (papermill, test-notebooks); the regression check compares its
# key-numbers cell with the committed notebook (tests/test_book_runs.py). nbval over every
# chapter is the maintainers' command (`make nbval`); CI runs it on one fast chapter so that
# the nbval set-up cannot rot.
NBVAL_CI_CHAPTERS ?= coal-dewatering
test: lint test-unit test-notebooks test-nbval-ci test-book

claims: venv
	PYTHONPATH=$(EXT) $(PY) -m bookkit.claims_cli notebooks

test-unit: venv
	$(PY) -m pytest tests -q -n 2 --dist loadfile -m "not book"

# Chapters run with the network guard of tests/offline: only loopback connections work.
OFFLINE := REPRO_OFFLINE=1 REPRO_OFFLINE_LOG=$(CURDIR)/_build/offline-guard.log PYTHONPATH=$(CURDIR)/tests/offline:$(EXT)

# Execute every chapter from its twin into _build/executed (committed notebooks stay as they are).
test-notebooks: venv
	mkdir -p _build && rm -f _build/offline-guard.log
	$(OFFLINE) $(PY) -m bookkit.book execute --profile quick --out _build/executed --jobs 2

NBVAL = $(OFFLINE) $(PY) -m pytest --nbval-lax --nbval-current-env \
	--nbval-sanitize-with tests/nbval_sanitize.cfg -n 2 --dist loadfile -p no:cacheprovider

nbval test-nbval: venv
	$(NBVAL) notebooks/*.ipynb

test-nbval-ci: venv
	$(NBVAL) $(foreach k,$(NBVAL_CI_CHAPTERS),notebooks/$(k).ipynb)

# Needs the executed chapters (test-notebooks) and the HTML (html).
test-book: html
	$(PY) -m pytest tests -q -m book -n 2 --dist loadfile

# The house style (ruff: lint, import order, format; settings in pyproject.toml).
LINT_PATHS := src tests benchmarks book/_ext notebooks
lint: venv
	$(VENV)/bin/ruff check $(LINT_PATHS)
	$(VENV)/bin/ruff format --check src tests benchmarks book/_ext notebooks/*.py

format: venv
	$(VENV)/bin/ruff check --fix $(LINT_PATHS)
	$(VENV)/bin/ruff format src tests benchmarks book/_ext notebooks/*.py

bench: venv
	$(PY) benchmarks/run.py

clean:
	rm -rf _build book/dashboard.md book/_generated
