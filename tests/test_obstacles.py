"""Systembrister: heard with care, noted only after a yes, stored as categories and a day, counted."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
from typing import Any

import pytest
from builders import tracker_for
from conftest import PROJECT_ROOT
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select
from sqlalchemy.engine import Engine

from bot.actions.crisis import ActionAnswerCrisisLine
from bot.actions.obstacles import ActionNoteObstacle, ActionObstacleConsent
from bot.logic.obstacles import ObstacleCategories, classify
from casework.migrate import migrated
from casework.obstacles import NO_AUTHORITY, ObstacleNote, count_notes, format_counts, save_note
from casework.schema import ObstacleNoteRow
from knowledge.queries import authorities_mentioned
from storage.engine import engine_for, session_scope


def note_of(text: str) -> ObstacleCategories:
    return classify(text, [found.key for found in authorities_mentioned(text)])


@pytest.mark.parametrize(("text", "expected"), [
    ("FK har tappat bort min ansökan", ("forsakringskassan", "lost_papers", "myndigheter")),
    ("jag kommer aldrig fram till soc på telefon", ("ekonomiskt_bistand", "unreachable", "ekonomi")),
    ("jag bollas mellan psykiatrin och vårdcentralen", ("psykiatri_1177", "bounced", "sjukvard")),
    ("psyk skickar mig till vc och vc skickar mig tillbaka", ("psykiatri_1177", "bounced", "sjukvard")),
    ("jag har haft fem olika handläggare på ett år", (None, "staff_changes", "myndigheter")),
    ("AF svarar inte, jag har köat i två timmar", ("arbetsformedlingen", "unreachable", "sysselsattning")),
    ("soc svarar inte och jag kan bli vräkt från min lägenhet", ("ekonomiskt_bistand", "unreachable", "bostad")),
])
def test_an_obstacle_becomes_categories_only(text: str, expected: tuple[str | None, str, str]) -> None:
    note = note_of(text)
    assert (note.authority, note.obstacle, note.contact_reason) == expected


def tracker(text: str, intent: str, slots: dict[str, Any] | None = None) -> Tracker:
    return tracker_for(text, intent, slots)


def rows() -> list[tuple[dt.date, str, str, str]]:
    with session_scope(migrated()) as session:
        return [tuple(row) for row in session.execute(select(
            ObstacleNoteRow.noted_on, ObstacleNoteRow.authority, ObstacleNoteRow.obstacle,
            ObstacleNoteRow.contact_reason))]


def test_hearing_an_obstacle_gives_help_and_asks_before_noting_anything() -> None:
    before = rows()
    dispatcher = CollectingDispatcher()
    events = ActionNoteObstacle().run(dispatcher, tracker("jag bollas mellan psyk och vårdcentralen",
                                                          "report_obstacle"), {})
    responses = [m.get("response") for m in dispatcher.messages]
    assert responses[0] == "utter_obstacle_heard" and responses[-1] == "utter_ask_note_obstacle"
    assert any("SIP" in (m.get("text") or "") for m in dispatcher.messages)
    assert events == [{"event": "slot", "timestamp": None, "name": "obstacle_note",
                       "value": "psykiatri_1177|bounced|sjukvard"}]
    assert rows() == before


def test_the_one_authority_an_obstacle_names_is_the_one_a_number_asked_next_is_for() -> None:
    events = ActionNoteObstacle().run(CollectingDispatcher(), tracker("har försökt nå kronofogden i tre dar",
                                                                      "report_obstacle"), {})
    assert {"event": "slot", "timestamp": None, "name": "last_authority", "value": "kronofogden"} in events
    asked = [{"event": "user", "text": "har försökt nå kronofogden i tre dar"}, *events,
             {"event": "user", "text": "och vilket nummer ringer vi dit"}]
    dispatcher = CollectingDispatcher()
    ActionAnswerCrisisLine().run(dispatcher, tracker_for("och vilket nummer ringer vi dit", "ask_crisis_line",
                                                         events=asked), {})
    assert "0771-73 73 00" in str(dispatcher.messages) and "Självmordslinjen" not in str(dispatcher.messages)
    # Two authorities named: neither is the one talked about.
    both = ActionNoteObstacle().run(CollectingDispatcher(), tracker("fk och af skickar mig fram och tillbaka",
                                                                    "report_obstacle"), {})
    assert all(e["name"] != "last_authority" for e in both)


def consent(intent: str, pending: str | None = "forsakringskassan|lost_papers|myndigheter") -> list[str]:
    dispatcher = CollectingDispatcher()
    events = ActionObstacleConsent().run(dispatcher, tracker("ja", intent, {"obstacle_note": pending}), {})
    assert events[-1]["name"] == "obstacle_note" and events[-1]["value"] is None
    return [m["response"] for m in dispatcher.messages]


def test_yes_stores_the_categories_and_the_day_and_nothing_else() -> None:
    before = rows()
    assert consent("affirm") == ["utter_obstacle_noted"]
    assert rows() == [*before, (dt.date.today(), "forsakringskassan", "lost_papers", "myndigheter")]
    assert {column.name for column in ObstacleNoteRow.__table__.columns} == {
        "id", "noted_on", "authority", "obstacle", "contact_reason"}


def test_no_stores_nothing() -> None:
    before = rows()
    assert consent("deny") == ["utter_obstacle_not_noted"]
    assert consent("affirm", pending=None) == ["utter_nothing_to_note"]
    assert rows() == before


def test_a_failed_save_is_said_honestly(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # A database the action cannot write to: a directory where the SQLite file should be.
    (tmp_path / "not-a-file.db").mkdir()
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'not-a-file.db'}")
    assert consent("affirm") == ["utter_obstacle_save_failed"]


def test_counts_per_authority_category_and_contact_reason(kb_engine: Engine) -> None:
    day = dt.date(2031, 3, 1)
    for note, when in [
        (ObstacleNote("forsakringskassan", "unreachable", "myndigheter"), day),
        (ObstacleNote("forsakringskassan", "unreachable", "myndigheter"), day + dt.timedelta(days=1)),
        (ObstacleNote("forsakringskassan", "lost_papers", "ekonomi"), day),
        (ObstacleNote("psykiatri_1177", "bounced", "sjukvard"), day),
        (ObstacleNote("arbetsformedlingen", "unreachable", "sysselsattning"), day + dt.timedelta(days=40)),
    ]:
        save_note(note, when, engine=kb_engine)
    counts = count_notes(day, day + dt.timedelta(days=30), engine=kb_engine)
    assert counts.total == 4
    assert counts.by_authority["forsakringskassan"] == {"unreachable": 2, "lost_papers": 1}
    assert counts.by_contact_reason == {"myndigheter": 2, "ekonomi": 1, "sjukvard": 1}
    assert "arbetsformedlingen" not in counts.by_authority
    report = format_counts(counts, {"forsakringskassan": "Försäkringskassan"})
    assert "Försäkringskassan: 3" in report and "Går inte att nå på telefon eller brev: 2" in report
    assert "Stöd i kontakten med sjukvård: 1" in report and "Sysselsättning: 0" in report


def test_an_unknown_category_is_refused(kb_engine: Engine) -> None:
    with pytest.raises(ValueError):
        save_note(ObstacleNote("forsakringskassan", "made_up", "myndigheter"), dt.date(2031, 1, 1),
                  engine=kb_engine)


def test_the_report_command_prints_counts_for_the_period(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'report.db'}"
    save_note(ObstacleNote(NO_AUTHORITY, "staff_changes", "myndigheter"), dt.date(2030, 5, 2),
              engine=engine_for(url))
    command = [str(PROJECT_ROOT / ".venv" / "bin" / "ombudsguiden"), "report", "brister",
               "--from", "2030-05-01", "--to", "2030-05-31"]
    env = {"DATABASE_URL": url, "PATH": "/usr/bin:/bin"}
    text = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    assert "1 anonyma anteckningar" in text and "Byter handläggare eller kontakt ofta: 1" in text
    as_json = json.loads(subprocess.run([*command, "--json"], env=env, capture_output=True, text=True,
                                        check=True).stdout)
    assert as_json["by_authority"][0]["authority"] == NO_AUTHORITY and as_json["total"] == 1
    outside = subprocess.run([*command[:3], "--from", "2030-06-01", "--to", "2030-06-30"], env=env,
                             capture_output=True, text=True, check=True).stdout
    assert "Inga anteckningar under perioden." in outside
    wrong_way = subprocess.run([*command[:3], "--from", "2030-06-01", "--to", "2030-05-01"], env=env,
                               capture_output=True, text=True)
    assert wrong_way.returncode == 2 and "--from" in wrong_way.stderr


def test_every_category_the_bot_can_choose_is_one_the_store_counts() -> None:
    from bot.logic import obstacles as decided
    from casework.obstacles import CONTACT_REASONS, OBSTACLES

    assert set(decided.ADVICE) == set(OBSTACLES)
    chosen_reasons = {key for key, _ in decided._REASONS} | set(decided._REASON_OF_AUTHORITY.values())
    assert chosen_reasons | {decided.DEFAULT_REASON} <= set(CONTACT_REASONS)


def test_a_note_without_an_authority_survives_the_slot_and_is_stored_under_none_named() -> None:
    from bot.logic.obstacles import deserialise, serialise

    note = note_of("jag har haft fem olika handläggare på ett år")
    assert deserialise(serialise(note)) == note and note.authority is None
    assert deserialise("ingen_namnd|staff_changes|myndigheter") == ObstacleCategories(
        NO_AUTHORITY, "staff_changes", "myndigheter")  # a slot written before this change
