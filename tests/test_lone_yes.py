"""A yes with no question before it: the menu, except right after "that office takes no requests here", or after
an answer that offered one next step."""
from __future__ import annotations

from typing import Any

from builders import tracker_for, user_event
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.conversation import ActionAnswerLoneNo, ActionAnswerLoneYes
from bot.logic.lone_yes import NOT_KNOWING_IS_FINE
from bot.logic.offices import decide_office, office_contact
from bot.logic.questions import QUESTION_ENTITY, QUESTION_INTENT, question_payload
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


def test_asking_the_bot_to_send_it_anyway_gets_the_same_answer_as_a_yes() -> None:
    from bot.actions.service import ActionAnswerAboutService

    office = goteborgs_office()
    asked = "men du kan väl skicka den ändå?"
    events = [user_event("jag vill prata med ett ombud", "ask_human"), bot_event("utter_handoff_no_inbox"),
              user_event(asked, "ask_capabilities")]
    dispatcher = CollectingDispatcher()
    ActionAnswerAboutService().run(dispatcher, tracker_for(asked, "ask_capabilities", {
        "kommun_code": GOTEBORG, "handoff_office": office.id}, events), {})
    said = responses(dispatcher.messages)
    assert said[0] == "utter_handoff_cannot_send_there" and said[-1] == "utter_offer_prepare_call"


def test_asking_to_send_takes_an_offered_request_as_a_yes_does() -> None:
    from bot.logic.lone_yes import the_offered_step

    offer = [{"title": "Ja, skicka en förfrågan", "payload": "/ask_human"}]
    for typed in ("ja gör det", "ja, skicka den dit", "ja"):
        step = the_offered_step(offer, typed)
        assert step is not None and step["intent"]["name"] == "ask_human", typed
    for other in ("nej skicka inte", "skicka en ambulans", "gör det ont?", "vad gör det för skillnad"):
        assert the_offered_step(offer, other) is None, other
    # Words of sending take only an offer to send.
    more = [{"title": "Mer om Kronofogden", "payload": "/ask_authority"}]
    assert the_offered_step(more, "ja, skicka den dit") is None


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


def offered(title: str, payload: str) -> dict[str, Any]:
    return {"event": "bot", "text": "Vill du veta mer?", "metadata": {"utter_action": "utter_offer_more"},
            "data": {"buttons": [{"title": title, "payload": payload}]}}


def rerouted(text: str, offer: dict[str, Any]) -> list[dict[str, Any]]:
    events = [user_event("är det gratis att ha ett ombud", "faq"), offer, user_event(text, "affirm")]
    return ActionAnswerLoneYes().run(CollectingDispatcher(), tracker_for(text, "affirm", {}, events), {})


def test_a_yes_to_one_offered_step_takes_it() -> None:
    events = rerouted("jepp gärna", offered("Kan ett ombud passa mig?", "/check_eligibility"))
    assert [e["event"] for e in events] == ["action", "user"]
    again = events[1]
    assert again["parse_data"]["intent"]["name"] == "check_eligibility"
    assert again["text"] == "jepp gärna", "the screener reads what was typed"


def test_a_yes_to_an_offered_question_asks_that_question_by_its_key() -> None:
    payload = question_payload("god_man")
    events = rerouted("absolut gärna", offered("Vad är en god man?", payload))
    parsed = events[1]["parse_data"]
    assert parsed["intent"]["name"] == QUESTION_INTENT
    assert parsed["entities"] == [{"entity": QUESTION_ENTITY, "value": "god_man"}]
    assert events[1]["text"] == payload, "a step that does not read typed words gets the button's own payload"


def test_a_yes_after_several_buttons_is_not_a_choice_among_them() -> None:
    buttons = [{"title": "A", "payload": "/find_office"}, {"title": "B", "payload": "/ask_human"}]
    several = {"event": "bot", "text": "Vill du veta något annat?", "metadata": {"utter_action": "utter_x"},
               "data": {"buttons": buttons}}
    events = [user_event("är det gratis att ha ett ombud", "faq"), several, user_event("ja", "affirm")]
    dispatcher = CollectingDispatcher()
    assert ActionAnswerLoneYes().run(dispatcher, tracker_for("ja", "affirm", {}, events), {}) == []
    assert responses(dispatcher.messages) == ["utter_menu"]


def test_not_knowing_what_to_ask_gets_a_way_to_start_not_okay() -> None:
    events = [user_event("jag vet inte riktigt vad jag ska fråga om", "deny")]
    dispatcher = CollectingDispatcher()
    ActionAnswerLoneNo().run(dispatcher, tracker_for("nä vet ej", "deny", {}, events), {})
    assert [m.get("text") for m in dispatcher.messages] == [NOT_KNOWING_IS_FINE]
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]] == ["/check_eligibility", "/ask_human"]
    plain = CollectingDispatcher()
    ActionAnswerLoneNo().run(plain, tracker_for("nej", "deny", {}, events), {})
    assert responses(plain.messages) == ["utter_okay"]


def test_a_yes_with_only_an_age_to_the_offered_screener_starts_it_with_that_age() -> None:
    events = rerouted("japp, 37 år", offered("Kan ett ombud passa mig?", "/check_eligibility"))
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots["screen_age"] == "37" and slots["screening_someone_else"] is False
    assert events[-1] == {"event": "followup", "name": "eligibility_form", "timestamp": None}


def test_a_yes_that_says_more_than_yes_does_not_take_the_offered_step() -> None:
    for text in ("ja kanske lite senare", "ja det vet jag redan", "jaha", "ja tack men jag är nöjd för stunden"):
        assert rerouted(text, offered("Be ett ombud höra av sig", "/ask_human")) == [], text


def test_every_way_of_saying_only_yes_takes_the_offered_step() -> None:
    for text in ("jättegärna", "låter bra", "kör på", "jajamen det vill jag"):
        assert rerouted(text, offered("Be ett ombud höra av sig", "/ask_human")), text
