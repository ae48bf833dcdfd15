"""The knowledge base is built from the data files, idempotently, and refuses bad data."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from builders import broken_copy
from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import Engine

from bot.runtime.cli import main as cli
from knowledge.checks import ERROR, OLD_SOURCE, STALE, UNDATED, errors, find_problems
from knowledge.datafiles import read_raw
from knowledge.loader import DataError, load
from knowledge.queries import facts_by_keys
from knowledge.records import FactRecord, Kommun, Office
from knowledge.tables import TABLES
from storage.engine import engine_for

TODAY = dt.date.today()


def count(engine: Engine, record_type: type) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(TABLES[record_type]))


def test_loading_twice_gives_the_same_rows(kb_engine: Engine) -> None:
    first = load(kb_engine)
    before = (count(kb_engine, Kommun), count(kb_engine, Office), count(kb_engine, FactRecord))
    second = load(kb_engine)
    after = (count(kb_engine, Kommun), count(kb_engine, Office), count(kb_engine, FactRecord))
    assert first == second
    assert before == after
    assert after[0] == 290


def test_every_field_of_every_record_has_its_column(kb_engine: Engine) -> None:
    import dataclasses

    for record_type, table in TABLES.items():
        columns = {column["name"] for column in inspect(kb_engine).get_columns(table.name)}
        assert {f.name for f in dataclasses.fields(record_type)} <= columns, table.name


def test_shipped_data_has_no_errors() -> None:
    # Age is judged by `kb check` (see the stale-date test); the suite must not fail by the calendar alone.
    assert errors(find_problems(read_raw(), today=TODAY)) == []


def test_kb_check_passes_on_the_shipped_data(capsys: pytest.CaptureFixture[str]) -> None:
    # Old or undated sources are warnings: this test is about errors, the age tests cover the rest.
    assert cli(["kb", "check"]) == 0
    out = capsys.readouterr().out
    assert "290 kommuner" in out and f"[{ERROR}]" not in out
    assert "Täckning:" in out


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
    "fact without a source date": ("crisis.yaml", lambda d: d["records"][0].pop("source_date"), "source_date saknas"),
    "source date that is no date": ("po_rules.yaml", lambda d: d["records"][0].update(source_date="förra året"),
                                    "är inget datum"),
    "misspelt field": ("crisis.yaml", lambda d: d["records"][0].update(phnoe="112"), "okänt fält 'phnoe'"),
    "switchboard of no kommun": ("offices.yaml", lambda d: first_office(d).update(
        phone="010-00 00 00", phone_kind="vaxel", phone_owner=None), "phone_owner"),
    "queue without a source date": ("offices.yaml", lambda d: first_office(d).update(
        queue={"text": "Kö.", "source": "https://example.se"}), "source_date saknas"),
    "question offering itself": ("questions.yaml", lambda d: d["questions"][0].update(offer=d["questions"][0]["key"]),
                                 "erbjuder sig själv"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_kb_check_fails_on_broken_data(tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]) -> None:
    file, edit, message = BROKEN[case]
    data = broken_copy(tmp_path, file, edit)
    assert cli(["kb", "check", "--data-dir", str(data)]) == 1
    assert message in capsys.readouterr().out
    with pytest.raises(DataError, match=message):
        load(engine_for(f"sqlite:///{tmp_path / 'kb.db'}"), data_dir=data)


def test_kb_check_fails_on_stale_dates_but_loading_still_works(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    data = broken_copy(tmp_path, "crisis.yaml", lambda d: d["records"][0].update(verified=dt.date(2020, 1, 1)))
    assert cli(["kb", "check", "--data-dir", str(data), "--max-age-days", "365", "--strict"]) == 1
    assert "kontrollerades senast 2020-01-01" in capsys.readouterr().out
    problems = find_problems(read_raw(data), today=TODAY)
    assert STALE in {p.severity for p in problems}
    assert ERROR not in {p.severity for p in problems}
    load(engine_for(f"sqlite:///{tmp_path / 'kb.db'}"), data_dir=data)


def test_kb_check_warns_per_kind_of_fact_when_a_source_is_old_or_undated(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    def ages(document: dict[str, Any]) -> None:
        first_office(document).update(phone="0500-12 34 56", phone_kind="po", source_date="2020-05",
                                      queue={"text": "Tre månaders kö.", "source": "https://example.se/ko",
                                             "source_date": "2025-01"})
        document["offices"][1].update(source_date=None)

    data = broken_copy(tmp_path, "offices.yaml", ages)
    office_id, undated_id = (record.get("id") for record in read_raw(data).offices[:2])
    assert cli(["kb", "check", "--data-dir", str(data), "--source-age", "telefon=730,kö=365,verksamhet=3650"]) == 0
    out = capsys.readouterr().out
    assert f"[{OLD_SOURCE}] offices.yaml: {office_id}: källan är från 2020-05 (telefonnummer högst 730 dagar)" in out
    assert f"{office_id} (kö): källan är från 2025-01 (kö högst 365 dagar)" in out
    assert f"[{UNDATED}] offices.yaml: {undated_id}: källan har inget datum" in out
    # A longer limit silences the phone warning; --strict turns warnings into a failing exit.
    assert cli(["kb", "check", "--data-dir", str(data), "--source-age", "telefon=36500,kö=36500,verksamhet=36500"]) == 0
    assert f"{office_id}: källan är från 2020-05" not in capsys.readouterr().out
    assert cli(["kb", "check", "--data-dir", str(data), "--strict"]) == 1


def test_kb_check_refuses_an_unknown_kind_of_fact(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli(["kb", "check", "--source-age", "adress=30"])
    assert "sort=dagar" in capsys.readouterr().err


def test_every_record_keeps_the_source_date_apart_from_the_day_it_was_checked() -> None:
    data = read_raw()
    for group in (data.offices, data.no_po_reports, data.switchboards, data.authorities, data.checklists, data.facts):
        for record in group:
            assert "source_date" in record and isinstance(record.get("verified"), dt.date), record.get("_file")


def test_asking_for_a_missing_fact_raises_instead_of_staying_silent() -> None:
    with pytest.raises(LookupError):
        facts_by_keys(["po.what", "no.such.fact"])


def test_crisis_lines_survive_an_unreadable_database(tmp_path: Path) -> None:
    from bot.logic.crisis.replies import ALL_LINES as CRISIS_LINE_KEYS

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


def test_crisis_lines_survive_data_files_that_fail_their_checks(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.logic.crisis.replies import ALL_LINES as CRISIS_LINE_KEYS
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
    assert answer["no_po_report"]["source_date"] == "2023-10-05"


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
def test_a_database_of_an_older_layout_is_rebuilt(tmp_path: Path, old_layout: list[str]) -> None:
    from knowledge.loader import ensure_loaded

    engine = engine_for(f"sqlite:///{tmp_path / 'old.db'}")
    with engine.begin() as connection:
        for statement in old_layout:
            connection.execute(text(statement))
    ensure_loaded(engine)
    assert count(engine, Kommun) == 290
    assert not inspect(engine).has_table("alembic_version")
