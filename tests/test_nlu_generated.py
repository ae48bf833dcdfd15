"""The generated training files match what they are generated from."""
from bot.nlu.folded_copies import COPIES_FILE, copies_yaml
from bot.nlu.place_lookup import LOOKUP_FILE, lookup_yaml


def test_place_lookup_table_matches_the_knowledge_base() -> None:
    assert LOOKUP_FILE.read_text(encoding="utf-8") == lookup_yaml(), "run: .venv/bin/python -m bot.nlu.place_lookup"


def test_copies_without_aao_match_the_training_examples() -> None:
    assert COPIES_FILE.read_text(encoding="utf-8") == copies_yaml(), "run: .venv/bin/python -m bot.nlu.folded_copies"
