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

test: $(VENV)/.installed-dev outils
	$(BIN)/ruff check scheduler tests benchmarks tools
	$(BIN)/mypy
	$(BIN)/python -m pytest -m "not whole_session_print"

# Les classeurs de toute la session fournie imprimés par LibreOffice (quelques minutes).
test-impression: $(VENV)/.installed-dev outils-pdf
	$(BIN)/python -m pytest -m whole_session_print

# La boucle du développeur, en une minute et demie : ruff et les tests sans le
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

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

# LibreOffice, poppler et les polices des classeurs (Carlito remplace Calibri à
# l'identique), pour vérifier le rendu imprimé : installés par apt-get là où ils
# manquent (Debian, root) ; ailleurs, les tests de rendu sont sautés et le disent.
PAQUETS_PDF := libreoffice-calc-nogui poppler-utils fonts-crosextra-carlito fonts-liberation2 fonts-dejavu-core
outils-pdf:
	@if command -v soffice >/dev/null && command -v pdftotext >/dev/null && fc-list 2>/dev/null | grep -qi carlito; then \
		exit 0; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installation de LibreOffice et poppler (rendu PDF des classeurs)…"; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(PAQUETS_PDF) >/dev/null; } \
			|| echo "Installation de LibreOffice impossible : tests de rendu PDF sautés."; \
	else \
		echo "LibreOffice ou poppler absents et pas d'apt-get en root : tests de rendu PDF sautés."; \
	fi

# Chromium et son chromedriver (les pages du portail de téléchargement pilotées par
# Selenium) et PostgreSQL (le portail testé sur PostgreSQL comme sur SQLite) : installés
# par apt-get là où ils manquent (Debian, root) ; ailleurs, ces tests sont sautés et le
# disent. Les tests lancent leur propre serveur PostgreSQL jetable, jamais celui du système.
PAQUETS_NAVIGATEUR := chromium chromium-driver
PAQUETS_POSTGRESQL := postgresql
outils-portail:
	@manque=""; \
	{ [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; } || manque=" $(PAQUETS_NAVIGATEUR)"; \
	ls /usr/lib/postgresql/*/bin/initdb /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || manque="$$manque $(PAQUETS_POSTGRESQL)"; \
	if [ -z "$$manque" ]; then \
		exit 0; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installation pour les tests du portail (navigateur, PostgreSQL) :$$manque…"; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$manque >/dev/null; } \
			|| echo "Installation de Chromium ou PostgreSQL impossible : tests du portail dans le navigateur ou sur PostgreSQL sautés."; \
	else \
		echo "Chromium ou PostgreSQL absents et pas d'apt-get en root : tests du portail dans le navigateur ou sur PostgreSQL sautés."; \
	fi

# Les deux précédents en un seul passage d'apt-get (un seul « apt-get update ») :
# ce que lance « make test » sur une machine neuve. PostgreSQL s'installe sans créer
# ni démarrer de cluster système : les tests lancent le leur.
outils:
	@manque=""; \
	{ command -v soffice >/dev/null && command -v pdftotext >/dev/null && fc-list 2>/dev/null | grep -qi carlito; } || manque=" $(PAQUETS_PDF)"; \
	{ [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; } || manque="$$manque $(PAQUETS_NAVIGATEUR)"; \
	ls /usr/lib/postgresql/*/bin/initdb /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || manque="$$manque $(PAQUETS_POSTGRESQL)"; \
	if [ -z "$$manque" ]; then \
		exit 0; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installation des outils des tests (rendu PDF, navigateur, PostgreSQL) :$$manque…"; \
		mkdir -p /etc/postgresql-common/createcluster.d; \
		echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.d/oraux-tests.conf; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$manque >/dev/null; } \
			|| echo "Installation impossible : les tests qui demandent ces outils sont sautés."; \
	else \
		echo "Outils absents et pas d'apt-get en root :$$manque ; les tests qui les demandent sont sautés."; \
	fi
