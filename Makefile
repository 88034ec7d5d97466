# Deux commandes suffisent : `make plan` et `make test` (voir README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SESSION ?= data/toulouse-2021

.PHONY: plan test test-rapide lint bench clean outils-pdf

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

plan: $(VENV)/.installed
	$(BIN)/oraux planifier $(SESSION) --temps-max 60

test: $(VENV)/.installed-dev
	$(BIN)/ruff check scheduler tests benchmarks tools
	$(BIN)/mypy
	$(BIN)/python -m pytest

# La boucle du développeur, en moins d'une minute : ruff et les tests sans le
# marqueur « slow » (session entière, CLI de bout en bout, notebook), arrêt au premier échec.
test-rapide: $(VENV)/.installed-dev
	$(BIN)/ruff check scheduler tests benchmarks tools
	$(BIN)/python -m pytest -m "not slow" -x

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check scheduler tests benchmarks tools
	$(BIN)/mypy

bench: $(VENV)/.installed-dev
	$(BIN)/python -m benchmarks.run
	$(BIN)/python -m benchmarks.rerun
	$(BIN)/python -m benchmarks.commands
	$(BIN)/python -m benchmarks.hostile

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

# LibreOffice et poppler, pour vérifier le rendu imprimé des classeurs (Debian, root).
outils-pdf:
	apt-get update && apt-get install -y libreoffice-calc-nogui poppler-utils
