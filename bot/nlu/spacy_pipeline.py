"""Builds the Swedish spaCy pipeline that Rasa's SpacyNLP loads from `build/spacy/sv`.

By default it is spaCy's blank Swedish pipeline (tokenizer only), because the trained
model `sv_core_news_sm` cannot be installed from the package registries we use. Set
OMBUDSGUIDEN_SPACY_MODEL=sv_core_news_sm (or a path) to build from an installed model.
The pipeline is written only when its recipe changes, so `make` can tell when to retrain.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import spacy

from storage.settings import PROJECT_ROOT

PIPELINE_DIR = PROJECT_ROOT / "build" / "spacy" / "sv"
RECIPE_FILE = "ombudsguiden-recipe.json"
BLANK = "blank:sv"


def wanted_recipe() -> dict[str, str]:
    return {"base": os.environ.get("OMBUDSGUIDEN_SPACY_MODEL") or BLANK, "spacy": spacy.__version__}


def build(target: Path = PIPELINE_DIR) -> bool:
    """Write the pipeline to `target` unless it is already up to date. Returns True if written."""
    recipe = wanted_recipe()
    recipe_path = target / RECIPE_FILE
    if recipe_path.exists() and json.loads(recipe_path.read_text()) == recipe:
        return False
    nlp = spacy.blank("sv") if recipe["base"] == BLANK else spacy.load(recipe["base"])
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    recipe_path.write_text(json.dumps(recipe, indent=2))
    return True
