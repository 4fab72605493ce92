# Two commands do all set-up on a fresh machine with python3.11 and pip:
#   make report   create .venv if missing, install the pinned dependencies, check params.yaml, run
#                 `dvc repro --keep-going` (every locality it can), list failed localities (exit non-zero)
#   make test     same set-up, then the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Stage commands call `python`, `papermill` and `dvc`: take them from the project's environment.
export PATH := $(abspath $(BIN)):$(PATH)
export DVC_NO_ANALYTICS := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: report test lab bench template

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-deps -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

report: $(STAMP)
	$(BIN)/python -m helpers.pipeline check
	$(BIN)/python -m helpers.pipeline repro
	@$(BIN)/python -m helpers.report.index --print

test: $(STAMP)
	$(BIN)/python -m pytest

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=. $(if $(filter 0,$(shell id -u)),--allow-root)

bench: $(STAMP)
	$(BIN)/python -m helpers.tools.bench

template: $(STAMP)
	$(BIN)/python -m helpers.tools.workbook template data/raw/template.xlsx
