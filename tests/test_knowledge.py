"""The knowledge base is built from the data files, idempotently, and refuses unsourced facts."""
from pathlib import Path

import pytest
import yaml
from sqlalchemy import create_engine, func, select

from knowledge.loader import DATA_DIR, DataError, load, read_fact_records
from knowledge.queries import fact, facts_by_keys
from knowledge.schema import Fact


def test_every_shipped_fact_has_a_source_and_a_date() -> None:
    records = read_fact_records()
    assert records
    assert all(record["source"] and record["verified"] for record in records)


def test_loading_twice_gives_the_same_rows(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'kb.db'}", future=True)
    first = load(engine)
    second = load(engine)
    with engine.connect() as connection:
        rows = connection.scalar(select(func.count()).select_from(Fact))
    assert first.facts == second.facts == rows == len(read_fact_records())


def test_the_database_is_created_on_first_query() -> None:
    crisis_line = fact("crisis.suicide_line")
    assert crisis_line is not None
    assert crisis_line.phone == "90101"
    assert "90101" in crisis_line.text


def test_asking_for_a_missing_fact_raises_instead_of_staying_silent() -> None:
    with pytest.raises(LookupError):
        facts_by_keys(["po.what", "no.such.fact"])


def _copy_data_with(tmp_path: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    for path in DATA_DIR.glob("*.yaml"):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        edit(path.name, document)
        (tmp_path / path.name).write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return tmp_path


def test_a_fact_without_source_is_refused(tmp_path: Path) -> None:
    def drop_source(name: str, document: dict) -> None:
        if name == "po_rules.yaml":
            document["records"][0]["source"] = ""

    with pytest.raises(DataError, match="source"):
        read_fact_records(_copy_data_with(tmp_path, drop_source))


def test_a_duplicate_key_is_refused(tmp_path: Path) -> None:
    def duplicate(name: str, document: dict) -> None:
        if name == "crisis.yaml":
            document["records"].append(dict(document["records"][0]))

    with pytest.raises(DataError, match="två gånger"):
        read_fact_records(_copy_data_with(tmp_path, duplicate))
