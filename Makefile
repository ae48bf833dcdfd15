# Ombudsguiden – two commands: `make run` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

# No call may leave the machine: Rasa telemetry is off in every process started from here.
export RASA_TELEMETRY_ENABLED := false
# Never let uv download a Python of its own; the machine's Python 3.11 is used.
export UV_PYTHON_DOWNLOADS := never

UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
INSTALLED := $(VENV)/.installed
SPACY_PIPELINE := build/spacy/sv/ombudsguiden-recipe.json
MODEL := models/ombudsguiden.tar.gz
# Defined before the rules that name it: make expands a rule's prerequisites when it reads the rule.
AXE := node_modules/axe-core/axe.min.js
RASA_INPUTS := config.yml domain.yml $(shell find bot/data -name '*.yml') $(wildcard bot/nlu/*.py) bot/logic/crisis.py

.PHONY: help run test install system-deps nlp validate train crossval bench clean

help:
	@echo "make run    installera, bygg och träna vid behov, starta boten (Rasa :5005, actions :5055, webb :8080)"
	@echo "make test   installera och kör alla tester"

run: $(MODEL)
	$(PY) -m bot.cli run

test: $(MODEL) system-deps $(AXE)
	$(PY) -m pytest

install: $(INSTALLED)

# Debian packages the tests need: a PostgreSQL server, which the knowledge tests start themselves,
# Debian's chromium for the browser tests (Playwright drives it; it never downloads a browser),
# and npm for axe-core.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
system-deps:
	@if ! command -v initdb >/dev/null && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		echo "Installerar PostgreSQL (Debian-paketet postgresql) för testerna"; \
		$(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; \
	fi
	@if [ ! -x /usr/bin/chromium ] || ! command -v npm >/dev/null; then \
		echo "Installerar chromium och npm (Debian-paketen) för webbläsartesterna"; \
		$(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium npm; \
	fi

# axe-core for the accessibility audit, exactly as package-lock.json pins it.
$(AXE): package.json package-lock.json | system-deps
	npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

# uv comes from pip when missing; newer Debian/Ubuntu Pythons need --break-system-packages for that.
$(INSTALLED): pyproject.toml uv.lock
	@command -v uv >/dev/null || python3 -m uv --version >/dev/null 2>&1 \
		|| python3 -m pip install --quiet --user uv \
		|| python3 -m pip install --quiet --user --break-system-packages uv
	$(UV) sync --frozen --extra test
	@touch $@

# The chosen spaCy base (OMBUDSGUIDEN_SPACY_MODEL, empty = blank Swedish) is kept in a file that
# changes only when the choice does, so the pipeline and the model rebuild only when needed.
SPACY_CHOICE := build/spacy-choice.txt
$(shell mkdir -p build && (echo "$(OMBUDSGUIDEN_SPACY_MODEL)" | cmp -s - $(SPACY_CHOICE) || echo "$(OMBUDSGUIDEN_SPACY_MODEL)" > $(SPACY_CHOICE)))

$(SPACY_PIPELINE): $(INSTALLED) $(SPACY_CHOICE) bot/nlp_pipeline.py
	$(PY) -m bot.cli nlp build
	@touch $@

nlp: $(SPACY_PIPELINE)

# --quiet: Rasa's per-epoch progress bars would otherwise flood the log; warnings still show.
# The model is dated when training started, so a file edited during training is newer and
# triggers the next training.
$(MODEL): $(RASA_INPUTS) $(SPACY_PIPELINE)
	@echo "Tränar modellen (1–2 minuter på två kärnor) ..."
	@mkdir -p models && touch models/.training-started
	$(RASA) train --quiet --data bot/data --config config.yml --domain domain.yml \
		--out models --fixed-model-name ombudsguiden --force
	@touch -r models/.training-started $@

train: $(MODEL)

validate: $(SPACY_PIPELINE)
	$(RASA) data validate --data bot/data --config config.yml --domain domain.yml --fail-on-warnings

crossval: $(SPACY_PIPELINE)
	$(RASA) test nlu --nlu bot/data/nlu --config config.yml --cross-validation --folds 5 --out results/crossval

bench: $(INSTALLED)
	$(PY) -m benchmarks.queries

clean:
	rm -rf build models results var/tracker.db

