"""The knowledge base is built from the data files, idempotently, and refuses bad data."""
from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine

from bot.cli import main as cli
from knowledge.checks import ERROR, STALE, errors, find_problems
from knowledge.datafiles import DATA_DIR, read_raw
from knowledge.db import engine_for
from knowledge.loader import DataError, load
from knowledge.queries import facts_by_keys
from knowledge.schema import Base, FactRow, KommunRow, OfficeKommunRow
from knowledge_backends import kb_engine, postgres_url  # noqa: F401  (fixtures)

TODAY = dt.date.today()


def count(engine: Engine, table: type) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(table))


def test_loading_twice_gives_the_same_rows(kb_engine: Engine) -> None:
    first = load(kb_engine)
    before = (count(kb_engine, KommunRow), count(kb_engine, OfficeKommunRow), count(kb_engine, FactRow))
    second = load(kb_engine)
    after = (count(kb_engine, KommunRow), count(kb_engine, OfficeKommunRow), count(kb_engine, FactRow))
    assert first == second
    assert before == after
    assert after[0] == 290


def test_migrations_create_exactly_the_tables_the_code_expects(kb_engine: Engine) -> None:
    with kb_engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_shipped_data_has_no_errors() -> None:
    # Age is judged by `kb check` (see the stale-date test); the suite must not fail by the calendar alone.
    assert errors(find_problems(read_raw(), today=TODAY)) == []


def test_kb_check_passes_on_the_shipped_data(capsys: pytest.CaptureFixture[str]) -> None:
    # Generous age limit: this test is about errors, the stale-date test covers age.
    assert cli(["kb", "check", "--max-age-days", "36500"]) == 0
    out = capsys.readouterr().out
    assert "290 kommuner" in out and "Inga problem." in out


def broken_copy(tmp_path: Path, file: str, edit: Callable[[Any], None]) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / file
    if path.suffix == ".csv":
        lines = path.read_text(encoding="utf-8").splitlines()
        edit(lines)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        edit(document)
        path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return data


def first_office(document: dict[str, Any]) -> dict[str, Any]:
    return document["offices"][0]


BROKEN = {
    "fact without source": ("po_rules.yaml", lambda d: d["records"][0].update(source=""), "source saknas"),
    "fact without date": ("crisis.yaml", lambda d: d["records"][0].pop("verified"), "verified saknas"),
    "duplicate fact": ("crisis.yaml", lambda d: d["records"].append(dict(d["records"][0])), "finns 2 gånger"),
    "duplicate office": ("offices.yaml", lambda d: d["offices"].append(dict(first_office(d))), "finns 2 gånger"),
    "unknown kommun code": ("offices.yaml", lambda d: first_office(d).update(kommuner=["9999"]), "okänd kommunkod"),
    "office without source": ("offices.yaml", lambda d: first_office(d).update(source=None), "source saknas"),
    "phone of unknown kind": ("offices.yaml", lambda d: first_office(d).update(phone="010-00 00 00", phone_kind=None),
                              "phone_kind"),
    "missing kommun row": ("kommuner.csv", lambda lines: lines.pop(), "289 kommunkoder"),
    "duplicate kommun": ("kommuner.csv", lambda lines: lines.append(lines[1]), "finns 2 gånger"),
    "internal file as source": ("crisis.yaml", lambda d: d["records"][0].update(source="notes/seeds/x.txt"),
                                "intern fil"),
    "kommun twice in one office": ("offices.yaml", lambda d: first_office(d).update(
        kommuner=[first_office(d)["kommuner"][0]] * 2), "står 2 gånger"),
    "deadline twice": ("authorities.yaml", lambda d: d["authorities"][0]["deadlines"].append(
        dict(d["authorities"][0]["deadlines"][0])), "tidsfristen finns 2 gånger"),
    "deadline without basis": ("authorities.yaml", lambda d: d["authorities"][0]["deadlines"][0].update(basis=""),
                               "basis saknas"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_kb_check_fails_on_broken_data(tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]) -> None:
    file, edit, message = BROKEN[case]
    data = broken_copy(tmp_path, file, edit)
    assert cli(["kb", "check", "--data-dir", str(data)]) == 1
    assert message in capsys.readouterr().out
    with pytest.raises(DataError, match=message):
        load(engine_for(f"sqlite:///{tmp_path / 'kb.db'}"), data_dir=data)


def test_kb_check_fails_on_stale_dates_but_loading_still_works(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = broken_copy(tmp_path, "crisis.yaml", lambda d: d["records"][0].update(verified=dt.date(2020, 1, 1)))
    assert cli(["kb", "check", "--data-dir", str(data), "--max-age-days", "365"]) == 1
    assert "kontrollerades senast 2020-01-01" in capsys.readouterr().out
    problems = find_problems(read_raw(data), today=TODAY)
    assert {p.severity for p in problems} == {STALE}
    assert ERROR not in {p.severity for p in problems}
    load(engine_for(f"sqlite:///{tmp_path / 'kb.db'}"), data_dir=data)


def test_asking_for_a_missing_fact_raises_instead_of_staying_silent() -> None:
    with pytest.raises(LookupError):
        facts_by_keys(["po.what", "no.such.fact"])


def test_crisis_lines_survive_an_unreadable_database(tmp_path: Path) -> None:
    from bot.logic.crisis import CRISIS_LINE_KEYS

    broken = engine_for(f"sqlite:///{tmp_path / 'no-such-dir' / 'kb.db'}")
    lines = facts_by_keys(list(CRISIS_LINE_KEYS), engine=broken)
    assert [line.key for line in lines] == list(CRISIS_LINE_KEYS)
    assert lines[0].phone == "112"


def test_a_check_dated_tomorrow_is_accepted_but_later_is_refused(tmp_path: Path) -> None:
    tomorrow = broken_copy(tmp_path / "a", "crisis.yaml",
                           lambda d: d["records"][0].update(verified=TODAY + dt.timedelta(days=1)))
    assert errors(find_problems(read_raw(tomorrow), today=TODAY)) == []
    later = broken_copy(tmp_path / "b", "crisis.yaml",
                        lambda d: d["records"][0].update(verified=TODAY + dt.timedelta(days=3)))
    assert "i framtiden" in str(errors(find_problems(read_raw(later), today=TODAY)))


def test_an_office_run_by_someone_unknown_loads(tmp_path: Path) -> None:
    def unknown_operator(document: dict[str, Any]) -> None:
        first_office(document).update(operator_type="okand")
        first_office(document).pop("operator_name", None)

    data = broken_copy(tmp_path, "offices.yaml", unknown_operator)
    report = load(engine_for(f"sqlite:///{tmp_path / 'kb.db'}"), data_dir=data)
    assert report.offices > 0


def test_crisis_lines_survive_data_files_that_fail_their_checks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.logic.crisis import CRISIS_LINE_KEYS
    from knowledge import loader

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise DataError("[fel] offices.yaml: x: okänd kommunkod")

    monkeypatch.setattr(loader, "read_checked", refuse)
    engine = engine_for(f"sqlite:///{tmp_path / 'kb.db'}")
    lines = facts_by_keys(list(CRISIS_LINE_KEYS), engine=engine)
    assert lines[1].phone == "90101"


def test_office_find_shows_the_office_for_a_stadsdel(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["office", "find", "jag", "bor", "i", "Tensta"]) == 0
    out = capsys.readouterr().out
    assert "Stockholm, Järva" in out and "Järva" in out.split("Personligt ombud:")[1]


def test_office_find_is_honest_where_no_office_is_known(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert cli(["office", "find", "Gotland", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["offices"] == []
    assert "växel" in answer["next_step"]["text"] and "Länsstyrelsen" in answer["next_step"]["text"]
    assert answer["no_po_report"]["as_of"] == "2023-10-05"


def test_office_find_says_when_nothing_matches(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["office", "find", "Blorpinge"]) == 1
    assert "Hittade ingen kommun" in capsys.readouterr().out


@pytest.mark.parametrize(
    "old_layout",
    [
        # The first version created these two tables without migrations.
        ["CREATE TABLE facts (key VARCHAR(120) PRIMARY KEY, topic VARCHAR(60), title VARCHAR(200), text TEXT, "
         "phone VARCHAR(40), url VARCHAR(500), source TEXT, verified DATE)",
         "CREATE TABLE data_version (name VARCHAR(60) PRIMARY KEY, fingerprint VARCHAR(64))"],
        # What a migration interrupted before SQLite transactions were made real could leave behind.
        ["CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)",
         "CREATE TABLE authorities (key VARCHAR(60) PRIMARY KEY)"],
    ],
)
def test_a_database_from_before_migrations_is_upgraded(tmp_path: Path, old_layout: list[str]) -> None:
    from knowledge.loader import ensure_loaded

    engine = engine_for(f"sqlite:///{tmp_path / 'old.db'}")
    with engine.begin() as connection:
        for statement in old_layout:
            connection.execute(text(statement))
    ensure_loaded(engine)
    assert count(engine, KommunRow) == 290
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
