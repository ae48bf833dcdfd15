"""Every caller asks the one office decision: Stockholm without a part of the city is asked, never guessed.

Stockholm has one office per group of stadsdelar. Before, the office answer, the screener, the
checklist, the contact request and the share links each picked an office their own way, and
several gave the alphabetically first one (Bromma and Hässelby-Vällingby) to anyone in Stockholm.
"""
from __future__ import annotations

import asyncio
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from builders import tracker_for
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.checklist import ActionPrepareContact
from bot.actions.eligibility import ActionEligibilityOutcome, ActionPrefillEligibility, ValidateEligibilityForm
from bot.actions.handoff import ActionHandoffIntro, ValidateHandoffForm
from bot.actions.offices import ActionFindOffice
from bot.logic.checklist import checklist_text
from bot.web.app import create_app
from bot.web.presets import UnknownChecklistQuery, checklist_for_query, preset_for_kommun, preset_payload
from knowledge.queries import kommun, offices_for

STOCKHOLM = "0180"
STOCKHOLM_OFFICES = [office.name for office in offices_for(STOCKHOLM)]


def tracker(text: str, intent: str, slots: dict[str, Any] | None = None) -> Tracker:
    return tracker_for(text, intent, slots)


def said(dispatcher: CollectingDispatcher) -> str:
    return " ".join(str(message.get("text") or "") for message in dispatcher.messages)


def names_no_stockholm_office(text: str) -> bool:
    return not any(name in text for name in STOCKHOLM_OFFICES)


def test_the_office_answer_asks_which_part_of_the_city() -> None:
    dispatcher = CollectingDispatcher()
    events = ActionFindOffice().run(dispatcher, tracker("finns det personligt ombud i Stockholm?", "find_office"), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_area"]
    assert len(dispatcher.messages[0]["buttons"]) >= 4
    assert {"name": "area", "value": None} in [{"name": e["name"], "value": e["value"]} for e in events]


def test_the_screener_asks_the_part_of_the_city_instead_of_taking_stockholm() -> None:
    prefilled = ActionPrefillEligibility().run(
        CollectingDispatcher(), tracker("jag bor i Stockholm, kan jag få ombud?", "check_eligibility"), {})
    assert "kommun_code" not in [event["name"] for event in prefilled]
    dispatcher = CollectingDispatcher()
    answer = ValidateEligibilityForm().validate_screen_place(
        "Stockholm", dispatcher, tracker("Stockholm", "inform_place"), {})
    assert answer == {"screen_place": None}
    buttons = dispatcher.messages[0]["buttons"]
    assert dispatcher.messages[0]["response"] == "utter_ask_area"
    assert all(not button["payload"].startswith("/") for button in buttons)  # a tap answers the form
    chosen = ValidateEligibilityForm().validate_screen_place(buttons[0]["payload"], CollectingDispatcher(),
                                                             tracker(buttons[0]["payload"], "inform_place"), {})
    assert chosen["kommun_code"] == STOCKHOLM and chosen["area"]


def test_the_screeners_outcome_names_no_office_until_the_part_is_known() -> None:
    dispatcher = CollectingDispatcher()
    answers = {"screen_age": "40", "screen_hard": "ja", "screen_long_term": "ja",
               "screen_contacts": "Försäkringskassan, psykiatrin", "screen_coordinated": "nej",
               "kommun_code": STOCKHOLM}
    ActionEligibilityOutcome().run(dispatcher, tracker("", "check_eligibility", answers), {})
    assert "utter_ask_area" in [m.get("response") for m in dispatcher.messages]
    assert not any(str(m.get("response")).startswith("utter_office_intro") for m in dispatcher.messages)


def test_the_checklist_leaves_the_office_out_and_asks_for_the_part() -> None:
    dispatcher = CollectingDispatcher()
    events = ActionPrepareContact().run(
        dispatcher, tracker("checklista", "prepare_contact", {"kommun_code": STOCKHOLM}), {})
    checklist = next(e["value"] for e in events if e["name"] == "checklist")
    assert names_no_stockholm_office(checklist)
    assert dispatcher.messages[-1]["response"] == "utter_checklist_add_area"


def test_the_contact_request_is_sent_to_no_office_until_the_part_is_known() -> None:
    events = ActionHandoffIntro().run(CollectingDispatcher(), tracker("ring mig", "ask_human",
                                                                      {"kommun_code": STOCKHOLM}), {})
    set_to = {e["name"]: e["value"] for e in events}
    assert set_to["handoff_office"] is None and set_to.get("handoff_place") is None
    dispatcher = CollectingDispatcher()
    answer = ValidateHandoffForm().validate_handoff_place("Stockholm", dispatcher, tracker("Stockholm", "inform_place"),
                                                         {})
    assert answer["handoff_place"] is None and "handoff_office" not in answer


def test_share_links_and_printable_checklists_guess_no_office() -> None:
    assert names_no_stockholm_office(checklist_text(checklist_for_query("Stockholm", None)))
    preset = preset_for_kommun("Stockholm")
    assert preset is not None and preset.key == STOCKHOLM
    assert preset_payload(STOCKHOLM) == '/inform_place{"place": "Stockholm"}'  # the bot then asks which part

    async def pages() -> tuple[str, dict[str, Any]]:
        async with TestClient(TestServer(create_app())) as client:
            printable = await (await client.get("/forbered?kommun=Stockholm")).text()
            api = await (await client.get("/api/checklist?kommun=Stockholm")).json()
            return printable, api

    printable, api = asyncio.run(pages())
    assert names_no_stockholm_office(printable) and names_no_stockholm_office(str(api))


def test_a_part_of_the_city_gives_its_own_office_everywhere() -> None:
    farsta = kommun("Farsta")
    assert farsta is None  # a stadsdel, not a kommun: it is found as a place
    text = checklist_text(checklist_for_query("Farsta", None))
    assert "Söderort" in text and all(name not in text for name in STOCKHOLM_OFFICES if "Söderort" not in name)


def test_a_printable_checklist_names_no_office_for_a_place_the_bot_would_ask_about() -> None:
    # "Kristian" is as close to Kristianstad as to Kristinehamn: the chat asks which, so the link must too.
    with pytest.raises(UnknownChecklistQuery):
        checklist_for_query("Kristian", None)
    assert "Kristianstad" in checklist_text(checklist_for_query("Kristianstad", None))
