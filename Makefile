# Two commands do all set-up on a fresh machine with python3.11 and pip:
#   make report   create .venv if missing, install the pinned dependencies, check params.yaml, run
#                 `dvc repro --keep-going` (every locality it can), list failed localities (exit non-zero)
#   make test     same set-up, then the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Quarto renders the review when it is on PATH (params.yaml: report.renderer). Users install it from
# quarto.org; `make quarto` installs it into .tools/quarto for development and CI (from ../shared/tools/quarto).
QUARTO_PREFIX := .tools/quarto
# Stage commands call `python`, `papermill` and `dvc`: take them from the project's environment
# (and quarto from .tools/quarto when `make quarto` put it there).
export PATH := $(abspath $(BIN)):$(abspath $(QUARTO_PREFIX)/bin):$(PATH)
export QUARTO_PYTHON := $(abspath $(BIN))/python
export DVC_NO_ANALYTICS := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: report test lab bench template quarto

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-deps -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

report: $(STAMP)
	$(BIN)/python -m helpers.pipeline check
	$(BIN)/python -m helpers.pipeline repro
	@$(BIN)/python -m helpers.pipeline index --print

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=. $(if $(filter 0,$(shell id -u)),--allow-root)

bench: $(STAMP)
	$(BIN)/python -m helpers.tools.bench

template: $(STAMP)
	$(BIN)/python -m helpers.tools.workbook template data/raw/template.xlsx

quarto:
	@if command -v quarto >/dev/null 2>&1; then echo "quarto $$(quarto --version) on PATH: $$(command -v quarto)"; \
	elif [ -f ../shared/tools/quarto/install.sh ]; then bash ../shared/tools/quarto/install.sh $(QUARTO_PREFIX); \
	else echo "no quarto on PATH and no ../shared/tools/quarto/install.sh: install Quarto from https://quarto.org" >&2; exit 1; fi
