# Ombudsguiden – two commands: `make run` and `make test` (see README.md).
# For Debian 12 with Python 3.11; `make test` installs the Debian packages it needs with apt.
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
# Defined before the rules that name it: make expands a rule's prerequisites when it reads the rule.
AXE := node_modules/axe-core/axe.min.js

.PHONY: help run run-scaled test install system-deps model nlp validate train crossval crossval-data crossval-classifier eval eval-fresh eval-dev eval-dev2 eval-dev3 eval-dev4 eval-dev5 bench clean lint types

help:
	@echo "make run    installera, bygg och träna vid behov, starta boten (Rasa :5005, actions :5055, webb :8080)"
	@echo "make test   installera och kör alla tester"

run: model
	$(PY) -m bot.runtime.cli run

# Several Rasa and web processes on this machine, sharing Rasa's lock in Redis (docs/deploy.md).
run-scaled: model
	@command -v redis-server >/dev/null || { $(call install_debian,redis-server,Redis för Rasas lås); }
	$(PY) -m bot.runtime.cli run --scaled

# System packages first, so that a missing one fails in seconds, not after training.
test: system-deps $(AXE) lint types model
	$(PY) -m pytest

install: $(INSTALLED)

# Debian packages the tests need, each installed only when its own check fails: a PostgreSQL
# server (the knowledge tests start one themselves), Debian's chromium for the browser tests
# (Playwright drives it and never downloads a browser), and npm for axe-core. A machine that has
# Node.js and npm from NodeSource keeps them: Debian's npm would conflict with that nodejs.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends
APT_LOG := build/apt.log
define install_debian
	echo "Installerar Debian-paketet $(1) ($(2)); loggen skrivs till $(APT_LOG)"; mkdir -p build; \
	{ $(SUDO) apt-get update -qq && $(APT_INSTALL) $(1); } >> $(APT_LOG) 2>&1 \
		|| { tail -n 20 $(APT_LOG) >&2; \
		     echo "Kunde inte installera $(1). Kör som root eller med sudo, eller installera det själv." >&2; exit 1; }
endef
system-deps:
	@command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
		|| { $(call install_debian,postgresql,PostgreSQL-servern för kunskapstesterna); }
	@[ -x /usr/bin/chromium ] || { $(call install_debian,chromium,webbläsaren för sidtesterna); }
	@command -v redis-server >/dev/null || { $(call install_debian,redis-server,Redis för lås och delat läge i skalade tester); }
	@command -v npm >/dev/null || { $(call install_debian,npm,för axe-core); }

# axe-core for the accessibility audit, exactly as package-lock.json pins it.
$(AXE): package.json package-lock.json | system-deps
	npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

# uv comes from pip when missing; newer Debian/Ubuntu Pythons need --break-system-packages for that.
$(INSTALLED): pyproject.toml uv.lock
	@echo "Installerar Python-paketen (första gången 1–3 minuter, sedan sekunder) ..."
	@command -v uv >/dev/null || python3 -m uv --version >/dev/null 2>&1 \
		|| python3 -m pip install --quiet --user uv \
		|| python3 -m pip install --quiet --user --break-system-packages uv
	@start=$$SECONDS; $(UV) sync --frozen --extra test && echo "Python-paketen installerade på $$((SECONDS - start)) s."
	@touch $@

# ruff and mypy, pinned, in their own environment (.tools): uv.lock is an input of the trained model's
# fingerprint (bot/runtime/model_cache.py), so a checking tool added there would force a new training.
LINT_TOOLS := ruff==0.17.5 mypy==2.4.1
TOOLS := .tools
$(TOOLS)/.installed: Makefile
	$(UV) venv --quiet --allow-existing --python python3.11 $(TOOLS)
	$(UV) pip install --quiet --python $(TOOLS)/bin/python $(LINT_TOOLS)
	@touch $@

# Style and real mistakes (unused names, unsorted imports, lines over 120); settings in pyproject.toml.
lint: $(TOOLS)/.installed
	$(TOOLS)/bin/ruff check .

# Types of bot, casework, knowledge, storage and benchmarks, against the project's own .venv.
types: $(TOOLS)/.installed $(INSTALLED)
	$(TOOLS)/bin/mypy

# The chosen spaCy base (OMBUDSGUIDEN_SPACY_MODEL, empty = blank Swedish) is kept in a file that
# changes only when the choice does, so the pipeline rebuilds only when needed.
SPACY_CHOICE := build/spacy-choice.txt
$(shell mkdir -p build && (echo "$(OMBUDSGUIDEN_SPACY_MODEL)" | cmp -s - $(SPACY_CHOICE) || echo "$(OMBUDSGUIDEN_SPACY_MODEL)" > $(SPACY_CHOICE)))

$(SPACY_PIPELINE): $(INSTALLED) $(SPACY_CHOICE) bot/nlu/spacy_pipeline.py
	$(PY) -m bot.runtime.cli nlp build
	@touch $@

nlp: $(SPACY_PIPELINE)

# The model is keyed by a hash of everything that goes into training and kept outside the work
# tree (bot/runtime/model_cache.py): a clone whose inputs were trained before copies it in seconds.
model: $(SPACY_PIPELINE)
	@$(PY) -m bot.runtime.cli model ensure

train: model

validate: $(SPACY_PIPELINE)
	$(RASA) data validate --data bot/data --config config.yml --domain domain.yml --fail-on-warnings

# Hand-written examples only: the å/ä/ö-free copy of a test example in the training folds would flatter the figure.
CROSSVAL_DATA := build/crossval-data
crossval-data:
	rm -rf $(CROSSVAL_DATA) && mkdir -p $(CROSSVAL_DATA)
	cp $(filter-out bot/data/nlu/generated_without_aao.yml,$(wildcard bot/data/nlu/*.yml)) $(CROSSVAL_DATA)/

crossval: $(SPACY_PIPELINE) crossval-data
	$(RASA) test nlu --nlu $(CROSSVAL_DATA) --config config.yml --cross-validation --folds 5 --out results/crossval

# The same folds for the trained classifiers alone, without the rules after them (evaluation/classifier_config.py).
crossval-classifier: $(SPACY_PIPELINE) crossval-data
	$(PY) -m evaluation.classifier_config config.yml build/config-classifier-only.yml
	$(RASA) test nlu --nlu $(CROSSVAL_DATA) --config build/config-classifier-only.yml --cross-validation --folds 5 \
		--out results/crossval-classifier

# The evaluation corpora against the running bot; writes docs/evaluation.md, docs/evaluation_fresh.md,
# docs/evaluation_dev.md, docs/evaluation_dev2.md, docs/evaluation_dev3.md, docs/evaluation_dev4.md,
# docs/evaluation_dev5.md and docs/crisis.md.
eval: model
	$(PY) -m evaluation

# Only the fresh corpus, which nobody working on the bot has read (a few minutes): docs/evaluation_fresh.md.
eval-fresh: model
	$(PY) -m evaluation fresh

# Only the dev corpus, which is read to find what to mend (a few minutes): docs/evaluation_dev.md.
eval-dev: model
	$(PY) -m evaluation dev

# The second dev corpus, read the same way: docs/evaluation_dev2.md.
eval-dev2: model
	$(PY) -m evaluation dev2

# The third dev corpus, weighted to conversations, read the same way: docs/evaluation_dev3.md.
eval-dev3: model
	$(PY) -m evaluation dev3

# The fourth dev corpus (session 36), weighted to conversations: docs/evaluation_dev4.md.
eval-dev4: model
	$(PY) -m evaluation dev4

# The fifth dev corpus (session 37), weighted to conversations: docs/evaluation_dev5.md.
eval-dev5: model
	$(PY) -m evaluation dev5

bench: $(INSTALLED) model
	$(PY) -m benchmarks.load
	$(PY) -m benchmarks.queries
	$(PY) -m benchmarks.encoder
	$(PY) -m benchmarks.soak

clean:
	rm -rf build models results var/tracker.db $(TOOLS)
