# Deux commandes suffisent : `make plan` et `make test` (voir README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SESSION ?= data/toulouse-2021

.PHONY: plan portail captures test test-rapide test-impression lint bench clean outils outils-pdf outils-portail

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

# Le portail de téléchargement sur la session, après « make plan » : publie la
# dernière version du plan (sans rien dupliquer si elle l'est déjà), puis le sert
# sur http://127.0.0.1:8000 (Ctrl+C pour l'arrêter).
portail: $(VENV)/.installed
	$(BIN)/oraux publier $(SESSION)
	$(BIN)/oraux portail $(SESSION)

# Les captures d'écran du portail dans le README, prises par son test dans Chromium.
captures: $(VENV)/.installed-dev outils-portail
	ORAUX_CAPTURES=docs/images $(BIN)/python -m pytest -q tests/portal/test_browser.py

# Les tests en deux processus (pytest-xdist), un module entier par processus : les deux
# cœurs de la CI, sous les 10 minutes.
test: $(VENV)/.installed-dev outils
	$(BIN)/ruff check scheduler tests benchmarks tools
	$(BIN)/mypy
	$(BIN)/python -m pytest -m "not whole_session_print" -n 2 --dist loadfile

# Les classeurs de toute la session fournie imprimés par LibreOffice (quelques minutes).
test-impression: $(VENV)/.installed-dev outils-pdf
	$(BIN)/python -m pytest -m whole_session_print

# La boucle du développeur, en deux minutes : ruff et les tests sans le
# marqueur « slow » (session entière, CLI de bout en bout, notebook), arrêt au premier échec.
test-rapide: $(VENV)/.installed-dev
	$(BIN)/ruff check scheduler tests benchmarks tools
	$(BIN)/python -m pytest -m "not slow" -x

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check scheduler tests benchmarks tools
	$(BIN)/mypy

bench: $(VENV)/.installed-dev outils-pdf
	$(BIN)/python -m benchmarks.run
	$(BIN)/python -m benchmarks.rerun
	$(BIN)/python -m benchmarks.commands
	$(BIN)/python -m benchmarks.hostile
	$(BIN)/python -m benchmarks.printed
	$(BIN)/python -m benchmarks.portal
	$(BIN)/python -m benchmarks.batch
	$(BIN)/python -m benchmarks.blocks

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

# Les outils des tests, installés par apt-get là où ils manquent (Debian, root) ;
# ailleurs, les tests qui les demandent sont sautés et le disent :
# - LibreOffice, poppler et les polices des classeurs (Carlito remplace Calibri à
#   l'identique), pour vérifier le rendu imprimé ;
# - Chromium et son chromedriver, les pages du portail pilotées par Selenium ;
# - PostgreSQL, le portail testé sur PostgreSQL comme sur SQLite : installé sans créer
#   ni démarrer de cluster système, les tests lancent leur propre serveur jetable.
# « make test » les installe ensemble, en un seul passage d'apt-get (make outils).
PAQUETS_PDF := libreoffice-calc-nogui poppler-utils fonts-crosextra-carlito fonts-liberation2 fonts-dejavu-core
PAQUETS_NAVIGATEUR := chromium chromium-driver
PAQUETS_POSTGRESQL := postgresql
# Chaque test ajoute à $$manque les paquets d'un outil absent.
MANQUE_PDF = { command -v soffice >/dev/null && command -v pdftotext >/dev/null && fc-list 2>/dev/null | grep -qi carlito; } || manque="$$manque $(PAQUETS_PDF)";
MANQUE_NAVIGATEUR = { [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; } || manque="$$manque $(PAQUETS_NAVIGATEUR)";
MANQUE_POSTGRESQL = ls /usr/lib/postgresql/*/bin/initdb /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || manque="$$manque $(PAQUETS_POSTGRESQL)";
INSTALLER = \
	if [ -z "$$manque" ]; then \
		exit 0; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installation des outils des tests :$$manque…"; \
		mkdir -p /etc/postgresql-common/createcluster.d; \
		echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.d/oraux-tests.conf; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$manque >/dev/null; } \
			|| echo "Installation impossible : les tests qui demandent ces outils sont sautés."; \
	else \
		echo "Outils absents et pas d'apt-get en root :$$manque ; les tests qui les demandent sont sautés."; \
	fi

outils-pdf:
	@manque=""; $(MANQUE_PDF) $(INSTALLER)

outils-portail:
	@manque=""; $(MANQUE_NAVIGATEUR) $(MANQUE_POSTGRESQL) $(INSTALLER)

outils:
	@manque=""; $(MANQUE_PDF) $(MANQUE_NAVIGATEUR) $(MANQUE_POSTGRESQL) $(INSTALLER)
