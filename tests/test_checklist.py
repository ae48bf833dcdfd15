"""The first-contact checklist: one message to save, built from the knowledge base."""
from __future__ import annotations

from typing import Any

from builders import tracker_for
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.checklist import ActionPrepareContact
from bot.logic.checklist import build_checklist, checklist_text
from bot.logic.readability import lix
from knowledge.queries import authority, checklist, offices_for


def run(text: str, slots: dict[str, Any] | None = None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    tracker = tracker_for(text, "prepare_contact", slots)
    dispatcher = CollectingDispatcher()
    events = ActionPrepareContact().run(dispatcher, tracker, {})
    return dispatcher.messages, events


def test_po_checklist_has_what_to_bring_say_ask_and_write_down() -> None:
    advice = checklist("po")
    assert advice is not None
    text = checklist_text(build_checklist(advice))
    for heading in ("Ta med:", "Säg:", "Fråga:", "Skriv upp:"):
        assert heading in text
    assert "Datum och tid." in text and text.splitlines()[-1].startswith("Källor:")


def test_the_checklist_reads_easily() -> None:
    advice, fk = checklist("authority"), authority("FK")
    assert advice is not None and fk is not None
    assert lix(checklist_text(build_checklist(advice, authority=fk))) <= 40


def test_the_checklist_is_one_message_and_kept_in_a_slot_for_printing() -> None:
    messages, events = run("ge mig en checklista", slots={"kommun_code": "0180", "area": "Järva"})
    checklist_message = messages[1]["text"]
    assert messages[0]["response"] == "utter_checklist_intro"
    assert events == [{"event": "slot", "timestamp": None, "name": "checklist", "value": checklist_message}]
    assert offices_for("0180", "Järva")[0].name in checklist_message


def test_an_authority_checklist_includes_its_documents_and_phone() -> None:
    messages, _ = run("vad ska jag ta med till försäkringskassan")
    text = messages[1]["text"]
    fk = authority("FK")
    assert fk is not None and fk.phone and "Läkarintyg" in text and fk.phone in text


def test_without_a_kommun_the_bot_offers_to_add_the_office() -> None:
    messages, _ = run("checklista")
    assert messages[-1]["response"] == "utter_checklist_add_office"


def test_a_place_named_in_the_request_puts_its_office_in_the_checklist_and_keeps_the_place() -> None:
    messages, events = run("ombuden i Malmö ska jag ringa på fredag, vad är bra att ha med sig då")
    malmo = offices_for("1280")[0]
    assert malmo.phone and malmo.phone in messages[1]["text"]
    assert messages[-1]["response"] != "utter_checklist_add_office"
    kept = {event["name"]: event["value"] for event in events}
    assert kept["kommun_code"] == "1280" and kept["checklist"] == messages[1]["text"]
    # Someone else's place goes in the list, but is not kept as the writer's.
    messages, events = run("vad bör pappa ha med sig till ombudet, han bor kvar i Malmö")
    assert malmo.phone in messages[1]["text"] and "kommun_code" not in {event["name"] for event in events}


def test_what_to_bring_asked_right_after_an_answer_about_an_authority_is_for_that_authority() -> None:
    asked = "vad behöver jag visa upp för dokument när jag går dit"
    earlier = [{"event": "user", "text": "ansökan om försörjningsstöd, hur går den till"},
               {"event": "slot", "name": "last_authority", "value": "ekonomiskt_bistand"},
               {"event": "user", "text": asked}]
    dispatcher = CollectingDispatcher()
    ActionPrepareContact().run(dispatcher, tracker_for(asked, "prepare_contact", events=earlier), {})
    documents = authority("ekonomiskt_bistand").documents_to_bring  # type: ignore[union-attr]
    assert documents[0] in dispatcher.messages[1]["text"]
    # About the first contact with an ombud, it is the ombud's checklist.
    dispatcher = CollectingDispatcher()
    ActionPrepareContact().run(dispatcher, tracker_for("vad tar jag med till ombudet", "prepare_contact",
                                                       events=earlier), {})
    assert documents[0] not in dispatcher.messages[1]["text"]
    # Somewhere else named: not that authority's checklist either.
    dispatcher = CollectingDispatcher()
    ActionPrepareContact().run(dispatcher, tracker_for("vad ska jag ha med till tandläkaren", "prepare_contact",
                                                       events=earlier), {})
    assert documents[0] not in dispatcher.messages[1]["text"]
