from bot.nlu_lookup import LOOKUP_FILE, lookup_yaml


def test_place_lookup_table_matches_the_knowledge_base() -> None:
    assert LOOKUP_FILE.read_text(encoding="utf-8") == lookup_yaml(), "run: .venv/bin/python -m bot.nlu_lookup"
