"""A yes with no question before it: the menu, except right after "that office takes no requests here"."""
from __future__ import annotations

from typing import Any

from builders import tracker_for, user_event
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.conversation import ActionAnswerLoneYes
from bot.logic.offices import decide_office, office_contact
from knowledge.queries import kommun
from knowledge.records import Office

GOTEBORG = "1480"


def bot_event(response: str) -> dict[str, Any]:
    return {"event": "bot", "text": "…", "metadata": {"utter_action": response}}


def replies(text: str, earlier_bot_turn: list[str], slots: dict[str, Any]) -> list[dict[str, Any]]:
    events = [user_event("jag vill prata med ett ombud", "ask_human"), *map(bot_event, earlier_bot_turn),
              user_event(text, "affirm")]
    dispatcher = CollectingDispatcher()
    ActionAnswerLoneYes().run(dispatcher, tracker_for(text, "affirm", slots, events), {})
    return dispatcher.messages


def responses(messages: list[dict[str, Any]]) -> list[str]:
    return [m.get("response") or "" for m in messages]


def goteborgs_office() -> Office:
    chosen = decide_office(GOTEBORG).office  # type: ignore[union-attr]
    assert chosen is not None
    return chosen


def test_asking_to_send_anyway_gets_the_refusing_offices_phone_again_not_the_menu() -> None:
    office = goteborgs_office()
    contact = [say.response or say.text for say in office_contact(office, kommun(GOTEBORG))]  # type: ignore[arg-type]
    assert contact, "the office has some way to be reached"
    messages = replies("ja skicka", ["utter_handoff_no_inbox", "utter_handoff_way_on"],
                       {"kommun_code": GOTEBORG, "handoff_office": office.id})
    said = responses(messages)
    assert said[0] == "utter_handoff_cannot_send_there" and messages[0]["office"] == office.name
    assert "utter_menu" not in said and said[-1] == "utter_offer_prepare_call"
    assert [m.get("response") or m.get("text") for m in messages[1:-1]] == contact


def test_a_yes_after_anything_else_shows_the_menu() -> None:
    slots = {"kommun_code": GOTEBORG, "handoff_office": goteborgs_office().id}
    assert responses(replies("ja skicka", ["utter_handoff_way_on"], slots)) == ["utter_menu"]


def test_a_plain_yes_after_no_inbox_shows_the_menu() -> None:
    slots = {"kommun_code": GOTEBORG, "handoff_office": goteborgs_office().id}
    said = responses(replies("ja", ["utter_handoff_no_inbox", "utter_handoff_way_on"], slots))
    assert said == ["utter_menu"]


def test_without_the_refusing_office_kept_the_menu_is_shown() -> None:
    assert responses(replies("skicka ändå", ["utter_handoff_no_inbox"], {"kommun_code": GOTEBORG})) == ["utter_menu"]


def test_a_yes_that_names_a_place_gets_the_office_there() -> None:
    messages = replies("okej då. kiruna", ["utter_ask_place"], {})
    assert messages[0]["response"] in ("utter_office_intro", "utter_no_known_office")
    assert messages[0]["kommun"] == "Kiruna" and "utter_menu" not in responses(messages)
