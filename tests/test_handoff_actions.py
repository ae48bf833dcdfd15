"""The contact request's Rasa adapters on real rasa-sdk Trackers and a real database."""
from __future__ import annotations

import asyncio
import secrets
from typing import Any

import pytest
import yaml
from builders import tracker_for
from conftest import PROJECT_ROOT
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.handoff import ActionAskHandoffFlags, ActionHandoffIntro, ValidateHandoffForm
from bot.actions.handoff_sent import ActionAskHandoffConfirm, ActionSubmitHandoff, ActionWithdrawHandoff
from bot.inbound.redaction import redact
from bot.logic.handoff import asked_instead_of_an_answer
from casework import handoffs
from casework.accounts import add_account
from casework.handoffs import typed_reference
from knowledge.loader import load
from knowledge.queries import kommun, switchboard
from storage.engine import engine_for


@pytest.fixture(autouse=True, scope="module")
def offices_read_their_inbox() -> None:
    """Requests go only to offices where an ombud has an inbox account."""
    for office_id in ("uppsala", "stockholm-soderort"):
        add_account(office_id, f"{secrets.token_hex(4)}@{office_id}.example", secrets.token_urlsafe(16))


ANSWERED = {
    "handoff_office": "uppsala", "kommun_code": "0380", "handoff_summary": "Kommun: Uppsala. <b>Pengar</b>.",
    "handoff_contact_method": "phone", "handoff_contact_value": "070-123 45 67",
    "handoff_contact_time": "forenoon", "handoff_name": "-", "handoff_ombud_wish": "woman",
    "handoff_flags": "children,losing_home", "handoff_share_transcript": "no", "handoff_confirm": "yes",
}


def user(text: str, intent: str) -> dict[str, Any]:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent, "confidence": 1.0}}}


def _bot_said(response: str) -> dict[str, Any]:
    return {"event": "bot", "text": "…", "metadata": {"utter_action": response}}


def tracker(slots: dict[str, Any] | None = None, events: list[dict[str, Any]] | None = None,
            text: str = "") -> Tracker:
    return tracker_for(text, "ask_human", slots, events, active_loop="handoff_form")


def run(action: Any, state: Tracker) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, state, {})
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def said(messages: list[dict[str, Any]]) -> str:
    return " ".join(m.get("text") or m.get("response") or "" for m in messages)


def test_before_anything_is_stored_the_person_hears_who_gets_it_and_for_how_long() -> None:
    events = [user("jag bor i Farsta", "inform_place"), user("FK har stängt av min sjukpenning", "ask_authority")]
    messages, slots = run(ActionHandoffIntro(), tracker({"kommun_code": "0180", "area": "Farsta"}, events))
    responses = [m.get("response") for m in messages]
    assert responses[:2] == ["utter_handoff_intro", "utter_handoff_receiver"]
    assert messages[1]["office"] == "Personligt ombud Söderort (Stockholms stad)"
    assert "tystnadsplikt" in said(messages)
    assert "utter_handoff_retention" in responses
    assert slots["handoff_office"] == "stockholm-soderort"
    assert slots["handoff_summary"] == ("Kommun: Stockholm (Farsta). Vill ha hjälp med: kontakt med myndigheter. "
                                        "Har kontakt med: Försäkringskassan.")


def test_a_call_asked_for_in_words_asks_for_the_number_straight_away() -> None:
    _, slots = run(ActionHandoffIntro(), tracker({"kommun_code": "0380"}, text="kan nån ringa mig efter lunch"))
    assert slots["handoff_contact_method"] == "phone" and slots["handoff_contact_time"] == "afternoon"
    assert [q for q in required(slots) if slots.get(q) is None][0] == "handoff_contact_value"
    _, slots = run(ActionHandoffIntro(), tracker({"kommun_code": "0380"}, text="jag vill prata med ett ombud"))
    assert slots["handoff_contact_method"] is None


def test_someone_under_18_hears_where_young_people_get_help_and_nothing_is_asked_or_sent() -> None:
    for state in (tracker({"kommun_code": "0380"}, text="är 16. kan nåt ombud ringa upp mig"),
                  tracker({"kommun_code": "0380", "screen_age": "15"}, text="jag vill prata med ett ombud")):
        messages, slots = run(ActionHandoffIntro(), state)
        assert messages == [] and slots["handoff_office"] is None
        assert required(slots) == ["handoff_place"] and slots["handoff_place"] is not None
        # The form validates a slot set before it starts: this one is not read as a place.
        validated = ValidateHandoffForm().validate_handoff_place(slots["handoff_place"], CollectingDispatcher(),
                                                                 tracker(slots), {})
        assert validated == {"handoff_place": slots["handoff_place"]}
        ended, _ = run(ActionSubmitHandoff(), tracker(slots))
        assert "116 111" in said(ended) and "BUP" in said(ended)
        assert "utter_handoff_not_for_the_young" in [m.get("response") for m in ended]
    # An age said earlier in the conversation counts too; a later one about oneself wins.
    asks = "kan nåt ombud ringa upp mig"
    said_earlier = [user("jag är 16, vad gör ett ombud?", "faq"), user(asks, "ask_human")]
    _, slots = run(ActionHandoffIntro(), tracker({"kommun_code": "0380"}, said_earlier, text=asks))
    assert slots["handoff_place"] == "too_young"
    corrected = [said_earlier[0], user("nej förlåt, jag är 19", "change_answer"), said_earlier[1]]
    _, slots = run(ActionHandoffIntro(), tracker({"kommun_code": "0380"}, corrected, text=asks))
    assert slots["handoff_office"] == "uppsala"
    # A parent writing about a 16-year-old is not the one under 18; nor is an adult whose screener said 45.
    _, slots = run(ActionHandoffIntro(), tracker({"kommun_code": "0380"}, text=f"min son är 16, {asks}"))
    assert slots["handoff_office"] == "uppsala"
    _, slots = run(ActionHandoffIntro(), tracker({"kommun_code": "0380", "screen_age": "45"}, text="ring mig"))
    assert slots["handoff_office"] == "uppsala"


def test_the_proposed_summary_comes_from_this_visit_only() -> None:
    before_restart = [user("Kronofogden har skickat ett brev", "ask_authority"),
                      user("jag är hemlös", "inform_homeless")]
    this_visit = [user("FK har stängt av min sjukpenning", "ask_authority")]
    events = [*before_restart, {"event": "restart"}, *this_visit]
    _, slots = run(ActionHandoffIntro(), tracker({"kommun_code": "0380"}, events))
    assert "Försäkringskassan" in slots["handoff_summary"]
    assert "Kronofogden" not in slots["handoff_summary"] and "bostad" not in slots["handoff_summary"]


def test_a_place_named_in_the_asking_message_chooses_the_office_and_is_not_asked_again() -> None:
    asking = tracker(text="kan nån ringa mig? jag bor i Farsta")
    messages, slots = run(ActionHandoffIntro(), asking)
    assert slots["handoff_office"] == "stockholm-soderort"
    assert (slots["kommun_code"], slots["area"]) == ("0180", "Farsta")
    assert messages[1]["office"] == "Personligt ombud Söderort (Stockholms stad)"
    assert "handoff_place" not in required({"handoff_office": slots["handoff_office"]})
    # A place given before counts over one named in passing, and a place said about someone else is not taken.
    _, before = run(ActionHandoffIntro(), tracker({"kommun_code": "0380"}, text="kan nån ringa mig, jobbar i Farsta"))
    assert before["handoff_office"] == "uppsala" and "kommun_code" not in before
    _, theirs = run(ActionHandoffIntro(), tracker(text="kan ni ringa mig om min pappa, han bor i Farsta"))
    assert theirs["handoff_office"] is None and "kommun_code" not in theirs


def test_a_home_told_in_an_earlier_message_chooses_the_office() -> None:
    asked = "kan ett ombud höra av sig till mig"
    earlier = [{"event": "user", "text": "bor i västerås och undrar vad ett ombud gör"},
               {"event": "user", "text": asked}]
    _, slots = run(ActionHandoffIntro(), tracker(events=earlier, text=asked))
    assert slots["handoff_office"] == "vastmanland-lansgemensamt" and slots["kommun_code"] == "1980"
    # Someone else's home, said before, is not the writer's.
    theirs = [{"event": "user", "text": "mamma bor i västerås, hon mår inte bra"}, {"event": "user", "text": asked}]
    _, slots = run(ActionHandoffIntro(), tracker(events=theirs, text=asked))
    assert slots["handoff_office"] is None and "kommun_code" not in slots


def test_stockholm_without_a_part_of_the_city_has_no_receiver_yet() -> None:
    messages, slots = run(ActionHandoffIntro(), tracker({"kommun_code": "0180"}))
    assert slots["handoff_office"] is None and slots["handoff_place"] is None
    assert messages[0]["response"] == "utter_handoff_intro"


def test_nothing_is_promised_where_nobody_could_read_a_request() -> None:
    no_office, slots = run(ActionHandoffIntro(), tracker({"kommun_code": "2506"}))  # Arjeplog
    assert no_office == [] and slots["handoff_place"] == "Arjeplog" and slots["handoff_office"] is None
    no_inbox, slots = run(ActionHandoffIntro(), tracker({"kommun_code": "1480"}))  # Göteborg, no account
    assert no_inbox == [] and slots["handoff_office"] == "goteborg-bracke-diakoni"
    assert required({"handoff_office": "goteborg-bracke-diakoni"}) == []
    messages, after = run(ActionSubmitHandoff(), tracker({**ANSWERED, "handoff_office": "goteborg-bracke-diakoni"}))
    assert messages[0]["response"] == "utter_handoff_no_inbox" and "handoff_reference" not in after
    assert after["handoff_office"] == "goteborg-bracke-diakoni", "kept, so a 'ja skicka' next is answered for it"


def required(slots: dict[str, Any], events: list[dict[str, Any]] | None = None) -> list[str]:
    return asyncio.run(ValidateHandoffForm().required_slots(
        [], CollectingDispatcher(), tracker(slots, events), {}))


def test_only_what_is_needed_is_asked() -> None:
    # How to reach the person, and a yes to the whole request: nothing else is needed to send it.
    assert required({"handoff_office": "uppsala"}) == [
        "handoff_contact_method", "handoff_contact_value", "handoff_confirm"]
    assert required({"handoff_office": "uppsala", "handoff_contact_method": "self"}) == [
        "handoff_contact_method", "handoff_confirm"]
    # Adding more: Söderort names its priority groups, so they are asked about there; Uppsala names none.
    more = {"handoff_contact_method": "email", "handoff_change": "more"}
    assert {"handoff_ombud_wish", "handoff_flags"} <= set(required({"handoff_office": "stockholm-soderort", **more}))
    by_email = required({"handoff_office": "uppsala", **more})
    assert by_email[2:] == ["handoff_name", "handoff_share_transcript", "handoff_confirm"]
    assert required({})[0] == "handoff_place"
    assert required({"handoff_place": "Arjeplog"}) == ["handoff_place"]


def test_a_relative_must_confirm_that_the_person_wants_it() -> None:
    relative = [user("min son mår dåligt", "relative_help")]
    assert required({"handoff_office": "uppsala"}, relative)[0] == "handoff_person_agrees"
    assert required({"handoff_office": "uppsala", "handoff_person_agrees": "no"}, relative) == [
        "handoff_person_agrees"]


def validate(slot: str, value: str, slots: dict[str, Any] | None = None) -> tuple[dict[str, Any], list[str]]:
    dispatcher = CollectingDispatcher()
    result = getattr(ValidateHandoffForm(), f"validate_{slot}")(value, dispatcher, tracker(slots), {})
    return result, [m.get("response") for m in dispatcher.messages]


def test_contact_details_are_checked() -> None:
    assert validate("handoff_contact_value", "070-123 45 67", {"handoff_contact_method": "phone"})[0] == {
        "handoff_contact_method": "phone", "handoff_contact_value": "070-123 45 67"}
    assert validate("handoff_contact_value", "sara@", {"handoff_contact_method": "email"}) == (
        {"handoff_contact_value": None, "unclear_answers": 1}, ["utter_handoff_bad_email"])
    assert validate("handoff_contact_value", "19850312-1231", {"handoff_contact_method": "phone"}) == (
        {"handoff_contact_value": None, "unclear_answers": 1}, ["utter_handoff_bad_phone"])
    # An address where a number was asked for is taken, with its channel.
    assert validate("handoff_contact_value", "sara@exempel.se", {"handoff_contact_method": "phone"})[0] == {
        "handoff_contact_method": "email", "handoff_contact_value": "sara@exempel.se"}


def test_own_words_replace_the_summary_without_a_personnummer() -> None:
    result, responses = validate("handoff_own_words", "Jag behöver hjälp med FK. Mitt pnr är 850312-1231.")
    assert "850312-1231" not in result["handoff_summary"] and "hjälp med FK" in result["handoff_summary"]
    assert responses == ["utter_personnummer_removed"]


def test_a_place_in_the_form_finds_the_receiving_office_and_says_how_to_reach_it() -> None:
    found, said_first = validate("handoff_place", "jag bor i Uppsala")
    assert found["handoff_office"] == "uppsala"
    assert said_first[0] == "utter_handoff_receiver" and said_first[1].startswith("utter_office_")
    part, said_first = validate("handoff_place", "Stockholm")
    assert part["handoff_place"] is None and said_first == ["utter_handoff_which_part", "utter_ask_area"]
    assert validate("handoff_place", "Arjeplog")[0]["handoff_office"] is None


def test_the_person_sees_the_whole_request_before_sending() -> None:
    messages, _ = run(ActionAskHandoffConfirm(), tracker(ANSWERED))
    request = messages[1]["text"]
    for part in ("Till: Personligt ombud", "Kommun: Uppsala", "Telefon, 070-123 45 67", "Förmiddag",
                 "Kvinnligt ombud", "Barn hemma", "Hela chatten: delas inte"):
        assert part in request


def test_a_confirmed_request_is_stored_once_with_a_reference_and_a_truthful_next_step() -> None:
    before = len(handoffs.for_office("uppsala"))
    messages, slots = run(ActionSubmitHandoff(), tracker(ANSWERED))
    stored = handoffs.for_office("uppsala")
    assert len(stored) == before + 1
    newest = stored[0]
    assert newest.reference == slots["handoff_reference"]
    assert newest.request.summary == ANSWERED["handoff_summary"]
    assert newest.request.flags == ("children", "losing_home") and newest.request.transcript is None
    assert messages[0]["response"] == "utter_handoff_sent" and messages[0]["reference"] == newest.reference
    responses = [m.get("response") for m in messages]
    assert "utter_handoff_how_to_withdraw" in responses
    assert any(r and r.startswith("utter_office_") for r in responses)  # the queue, or that none is known
    assert all(slots[slot] is None for slot in ("handoff_summary", "handoff_contact_value", "handoff_confirm"))


def test_the_transcript_is_stored_only_with_consent_and_without_personnummer() -> None:
    events = [user("mitt personnummer är 19850312-1231", "nonsense"), user("jag vill ha hjälp", "ask_human")]
    _, slots = run(ActionSubmitHandoff(), tracker({**ANSWERED, "handoff_share_transcript": "yes"}, events))
    stored = next(h for h in handoffs.for_office("uppsala") if h.reference == slots["handoff_reference"])
    assert stored.request.transcript is not None
    assert "jag vill ha hjälp" in stored.request.transcript and "19850312-1231" not in stored.request.transcript


@pytest.mark.parametrize("change", [{"handoff_confirm": "no"}, {"handoff_confirm": "change"},
                                    {"handoff_person_agrees": "no"}, {"handoff_office": None}])
def test_without_a_yes_nothing_is_stored(change: dict[str, Any]) -> None:
    before = len(handoffs.for_office("uppsala"))
    messages, slots = run(ActionSubmitHandoff(), tracker({**ANSWERED, **change}))
    assert len(handoffs.for_office("uppsala")) == before
    assert "handoff_reference" not in slots
    assert messages[0]["response"] in ("utter_handoff_cancelled", "utter_handoff_needs_the_persons_wish")


def test_a_failed_save_is_said_honestly_with_the_offices_phone(  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch, tmp_path, caplog: pytest.LogCaptureFixture) -> None:
    # A real database that can be read but refuses the write, as a full disk would.
    url = f"sqlite:///{tmp_path / 'refuses-writes.db'}"
    load(engine_for(url))
    add_account("uppsala", "ombud@uppsala.example", secrets.token_urlsafe(16), engine=engine_for(url))
    with engine_for(url).begin() as connection:
        connection.exec_driver_sql("CREATE TRIGGER refuse BEFORE INSERT ON handoffs "
                                   "BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    monkeypatch.setenv("DATABASE_URL", url)
    messages, slots = run(ActionSubmitHandoff(), tracker(ANSWERED))
    responses = [m["response"] for m in messages]
    assert responses[:3] == ["utter_handoff_failed", "utter_handoff_reach_instead", "utter_office_phone_vaxel"]
    uppsala = kommun("Uppsala")
    vaxel = switchboard(uppsala.code) if uppsala else None
    assert vaxel is not None and messages[2]["phone"] == vaxel.phone
    assert "handoff_reference" not in slots
    # The log says what kind of error it was, never what the person wrote.
    assert "could not store a contact request" in caplog.text
    assert "070-123 45 67" not in caplog.text and "Pengar" not in caplog.text


def test_withdrawal_deletes_the_request_at_once() -> None:
    _, slots = run(ActionSubmitHandoff(), tracker(ANSWERED))
    reference = slots["handoff_reference"]
    messages, after = run(ActionWithdrawHandoff(), tracker(text=f"ta bort {reference.lower()}"))
    assert messages[0]["response"] == "utter_handoff_withdrawn"
    assert all(h.reference != reference for h in handoffs.for_office("uppsala"))
    assert after == {"handoff_reference": None}
    messages, _ = run(ActionWithdrawHandoff(), tracker(text=f"ta bort {reference}"))
    assert messages[0]["response"] == "utter_handoff_code_unknown"
    # The visit's own request, already gone: unknown, and no longer remembered as sent.
    messages, after = run(ActionWithdrawHandoff(), tracker({"handoff_reference": reference}, text="ta bort den"))
    assert messages[0]["response"] == "utter_handoff_code_unknown" and after == {"handoff_reference": None}
    messages, _ = run(ActionWithdrawHandoff(), tracker({"handoff_reference": None}, text="ta bort min förfrågan"))
    assert messages[0]["response"] == "utter_handoff_which_code"


def test_taking_back_a_request_that_ended_unsent_says_nothing_was_sent() -> None:
    ended = [user("ring mig", "ask_human"), _bot_said("utter_handoff_no_inbox"),
             user("oj, kan du dra tillbaka det jag skickade", "withdraw_request")]
    messages, _ = run(ActionWithdrawHandoff(), tracker(events=ended, text="oj, kan du dra tillbaka det jag skickade"))
    assert messages[0]["response"] == "utter_handoff_nothing_to_withdraw"
    # After one that was sent and then taken back, a code may still be meant: the bot asks for it.
    sent = [*ended[:1], _bot_said("utter_handoff_sent"), ended[-1]]
    messages, _ = run(ActionWithdrawHandoff(), tracker(events=sent, text="oj, kan du dra tillbaka det jag skickade"))
    assert messages[0]["response"] == "utter_handoff_which_code"


def test_a_request_without_priority_facts_can_be_confirmed_and_sent() -> None:
    nothing_special = {**ANSWERED, "handoff_flags": "-"}
    messages, _ = run(ActionAskHandoffConfirm(), tracker(nothing_special))
    assert "Att veta" not in messages[1]["text"]
    _, slots = run(ActionSubmitHandoff(), tracker(nothing_special))
    stored = next(h for h in handoffs.for_office("uppsala") if h.reference == slots["handoff_reference"])
    assert stored.request.flags == ()


def test_calling_the_office_oneself_gets_its_number_and_no_promise_of_a_call() -> None:
    messages, _ = run(ActionSubmitHandoff(), tracker({**ANSWERED, "handoff_contact_method": "self",
                                                      "handoff_contact_value": None}))
    responses = [m.get("response") for m in messages]
    assert "utter_handoff_next_self" in responses and "utter_handoff_next" not in responses
    assert "utter_office_phone_vaxel" in responses


def test_skipping_is_understood_where_it_is_offered() -> None:
    assert validate("handoff_contact_method", "hoppa över")[0] == {"handoff_contact_method": "self"}
    assert validate("handoff_contact_value", "hoppa över", {"handoff_contact_method": "phone"})[0] == {
        "handoff_contact_method": "self", "handoff_contact_value": None}
    assert validate("handoff_share_transcript", "hoppa över")[0] == {"handoff_share_transcript": "no"}
    assert validate("handoff_own_words", "hoppa över")[0] == {"handoff_own_words": "-"}


def test_changing_at_the_last_step_asks_what_and_asks_only_that_again() -> None:
    result, _ = validate("handoff_confirm", "jag vill ändra", ANSWERED)
    assert result["handoff_confirm"] == "change" and result["handoff_change"] is None
    assert required({**ANSWERED, **result})[-1] == "handoff_change"
    chosen, _ = validate("handoff_change", "texten", {**ANSWERED, **result})
    assert chosen["handoff_own_words"] is None and chosen["handoff_confirm"] is None
    after = {**ANSWERED, **result, **chosen}
    assert [q for q in required(after) if after.get(q) is None] == ["handoff_own_words", "handoff_confirm"]
    assert after["handoff_contact_value"] == "070-123 45 67" and "handoff_person_agrees" not in chosen


def test_ordinary_words_are_not_taken_for_a_code() -> None:
    assert typed_reference("kan du ta bort det jag skickade till ombudet") is None
    assert typed_reference("ta bort med referens K7PQ-4XRT") == "K7PQ-4XRT"
    assert typed_reference("ta bort k7pq4xrt") == "K7PQ-4XRT"
    assert typed_reference("ta bort ABCD-EF01") is None  # 0 and 1 are never in a code


# Forms with exits (issue 13): no question three times, exits that work, only what is needed ------------
DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
SODERORT = {"handoff_office": "stockholm-soderort", "kommun_code": "0180", "area": "Farsta",
            "handoff_summary": "Kommun: Stockholm (Farsta)."}


def after(intent: str, slots: dict[str, Any], text: str = "") -> Tracker:
    """The tracker as an action sees it right after a message with this intent."""
    state = tracker(slots, text=text).current_state()
    return Tracker.from_dict({**state, "latest_message": {"text": text, "intent": {"name": intent, "confidence": 1.0},
                                                         "entities": []}})


def responses(messages: list[dict[str, Any]]) -> list[str | None]:
    return [m.get("response") for m in messages]


def next_question(slots: dict[str, Any], events: list[dict[str, Any]] | None = None) -> tuple[str | None, list[str]]:
    """The question the form asks next, and the notes said before it."""
    dispatcher = CollectingDispatcher()
    event = asyncio.run(ValidateHandoffForm().next_requested_slot(dispatcher, tracker(slots, events), {}))
    return event["value"], [m["text"] for m in dispatcher.messages]


def simulate(slots: dict[str, Any], answer: Any, events: list[dict[str, Any]] | None = None
             ) -> tuple[list[str], list[str], dict[str, Any]]:
    """A whole form, as Rasa runs it: the questions asked in order, the notes said, and the slots at the end."""
    asked: list[str] = []
    notes: list[str] = []
    slots = dict(slots)
    for _ in range(40):
        question, said_before = next_question(slots, events)
        notes += said_before
        if question is None:
            return asked, notes, slots
        asked.append(question)
        slots["requested_slot"] = question
        result = getattr(ValidateHandoffForm(), f"validate_{question}")(
            answer(question), CollectingDispatcher(), tracker(slots, events), {})
        slots.update(result)
    raise AssertionError(f"the form never ended: {asked}")


def adds_more_then_approves(unclear: str) -> Any:
    """Chooses to add more at the whole request, says yes the second time it is shown, and answers
    every other question with `unclear`."""
    confirms = iter(("ändra", "ja"))
    return lambda question: (next(confirms) if question == "handoff_confirm" else
                             "lägg till mer" if question == "handoff_change" else unclear)


def test_no_question_is_asked_a_third_time_and_the_form_always_ends() -> None:
    asked, _, slots = simulate(SODERORT, adds_more_then_approves("blorp qwx"))
    assert max(asked.count(question) for question in asked if question != "handoff_confirm") == 2
    assert {"handoff_contact_method", "handoff_ombud_wish", "handoff_flags", "handoff_share_transcript"} <= set(asked)
    # Without a way to be reached, the person calls the office: the request is sent, with its phone number.
    assert slots["handoff_contact_method"] == "self" and slots["handoff_share_transcript"] == "no"
    messages, after_sending = run(ActionSubmitHandoff(), tracker(slots))
    assert "handoff_reference" in after_sending
    said_after = responses(messages)[responses(messages).index("utter_handoff_next_self") + 1:]
    assert said_after[0].startswith("utter_office_")  # how to reach the office (Söderort: via the kommun)


@pytest.mark.parametrize("slots", [SODERORT, {}, {"handoff_office": "uppsala", "kommun_code": "0380"}])
def test_only_unclear_answers_end_the_form_with_nothing_sent(slots: dict[str, Any]) -> None:
    asked, _, end = simulate(slots, lambda question: "blorp qwx")
    assert max(asked.count(question) for question in asked) == 2
    before = len(handoffs.for_office("stockholm-soderort"))
    messages, after_sending = run(ActionSubmitHandoff(), tracker(end))
    assert "handoff_reference" not in after_sending and len(handoffs.for_office("stockholm-soderort")) == before
    assert messages[-1]["response"] == "utter_handoff_way_on"


def test_a_relative_who_cannot_answer_sends_nothing_and_gets_a_way_on() -> None:
    relative = [user("min bror mår dåligt", "relative_help")]
    asked, _, end = simulate({"handoff_office": "uppsala", "kommun_code": "0380"}, lambda q: "blorp qwx", relative)
    assert asked == ["handoff_person_agrees"] * 2 and end["handoff_person_agrees"] == "not_sure"
    messages, _ = run(ActionSubmitHandoff(), tracker(end, relative))
    assert messages[0]["response"] == "utter_handoff_needs_the_persons_wish"
    assert "utter_handoff_person_can_call" in responses(messages) and messages[-1]["response"] == "utter_handoff_way_on"


@pytest.mark.parametrize("question", ["handoff_contact_method", "handoff_contact_time",
                                      "handoff_ombud_wish", "handoff_flags",
                                      "handoff_share_transcript", "handoff_confirm", "handoff_person_agrees"])
def test_the_first_unclear_answer_is_explained_and_the_second_moves_on(question: str) -> None:
    first, said = validate(question, "blorp qwx", {**SODERORT, "handoff_contact_method": "phone"})
    assert first == {question: None, "unclear_answers": 1}
    assert said == [f"utter_explain_{question}"]
    assert DOMAIN["responses"][f"utter_explain_{question}"]
    second, _ = validate(question, "blorp qwx", {**SODERORT, "unclear_answers": 1.0})
    assert second["unclear_answers"] == 0 and second.get(question) is not None


def test_what_to_change_is_explained_once_then_the_request_is_shown_again_unchanged() -> None:
    changing = {**ANSWERED, "handoff_confirm": "change"}
    first, said = validate("handoff_change", "blorp qwx", changing)
    assert first == {"handoff_change": None, "unclear_answers": 1} and said == ["utter_explain_handoff_change"]
    second, said = validate("handoff_change", "blorp qwx", {**changing, "unclear_answers": 1.0})
    assert second["handoff_confirm"] is None and "utter_handoff_nothing_changed" in said
    assert required({**changing, **second})[-1] == "handoff_confirm"


def test_the_place_is_explained_once_then_nothing_is_sent_and_the_person_hears_how_to_reach_the_kommun() -> None:
    first, said = validate("handoff_place", "blorp qwx")
    assert first == {"handoff_place": None, "unclear_answers": 1}
    assert said == ["utter_place_not_found", "utter_explain_handoff_place"]
    second, _ = validate("handoff_place", "blorp qwx", {"unclear_answers": 1.0})
    assert second == {"handoff_place": "-", "unclear_answers": 0}
    assert required(second) == ["handoff_place"]  # answered: the form ends
    messages, _ = run(ActionSubmitHandoff(), tracker(second))
    assert messages[0]["response"] == "utter_handoff_no_place"
    assert "växel" in said_text(messages) and messages[-1]["response"] == "utter_handoff_way_on"


@pytest.mark.parametrize("text", ["nej typ", "Nej förresten, jag pratar med honom först.", "nej", "jag ångrar mig"])
def test_a_no_where_the_place_is_asked_ends_the_request_with_nothing_sent(text: str) -> None:
    declined, said = validate("handoff_place", text)
    assert said == [] and required(declined) == ["handoff_place"], "answered: the form ends, nothing is asked again"
    messages, _ = run(ActionSubmitHandoff(), tracker(declined))
    assert messages[0]["response"] == "utter_handoff_cancelled" and messages[-1]["response"] == "utter_handoff_way_on"


def test_a_no_followed_by_a_place_is_that_place() -> None:
    assert validate("handoff_place", "nej vänta, jag bor i Uppsala")[0]["handoff_office"] == "uppsala"


@pytest.mark.parametrize("text", ["nej, Sala", "nej inte stockholm utan solna", "nej jag är hemlös",
                                  "nej vänta, hur lång tid tar det innan nån hör av sig?"])
def test_a_no_that_goes_on_to_a_place_a_correction_or_a_question_does_not_end_the_request(text: str) -> None:
    answer, _ = validate("handoff_place", text)
    assert answer.get("handoff_place") != "declined", text


def said_text(messages: list[dict[str, Any]]) -> str:
    return " ".join(m.get("text") or "" for m in messages)


def test_a_name_with_a_personnummer_is_explained_once_then_skipped() -> None:
    first, said = validate("handoff_name", "Sara 850312-1231")
    assert first == {"handoff_name": None, "unclear_answers": 1}
    assert said == ["utter_personnummer_removed", "utter_explain_handoff_name"]
    second, said = validate("handoff_name", "Sara 850312-1231", {"unclear_answers": 1.0})
    assert second == {"handoff_name": "-", "unclear_answers": 0} and "utter_question_skipped" in said


def test_a_readable_answer_after_an_unclear_one_sets_the_count_back() -> None:
    result, _ = validate("handoff_contact_time", "förmiddag", {"unclear_answers": 1.0})
    assert result == {"handoff_contact_time": "forenoon", "unclear_answers": 0}


@pytest.mark.parametrize(("question", "typed", "meant"), [
    ("handoff_contact_time", "vet inte", {"handoff_contact_time": "any"}),
    ("handoff_name", "hoppa över", {"handoff_name": "-"}),
    ("handoff_ombud_wish", "vet inte", {"handoff_ombud_wish": "-"}),
    ("handoff_ombud_wish", "nej", {"handoff_ombud_wish": "-"}),
    ("handoff_flags", "hoppa över", {"handoff_flags": "-"}),
    ("handoff_share_transcript", "vet inte", {"handoff_share_transcript": "no"}),
    ("handoff_contact_method", "vet inte", {"handoff_contact_method": "self"}),
    ("handoff_own_words", "vet inte", {"handoff_own_words": "-"}),
    ("handoff_person_agrees", "vet inte", {"handoff_person_agrees": "not_sure"}),
    ("handoff_place", "vet inte", {"handoff_place": "-"}),
])
def test_hoppa_over_and_vet_inte_skip_a_question(question: str, typed: str, meant: dict[str, Any]) -> None:
    assert validate(question, typed, {"handoff_contact_method": "phone"})[0] == meant


def test_own_words_and_names_that_only_contain_a_skip_word_are_kept() -> None:
    text = "Jag vet inte hur jag söker bostadsbidrag"
    assert validate("handoff_own_words", text)[0]["handoff_summary"] == text
    assert validate("handoff_name", "Inger")[0] == {"handoff_name": "Inger"}


def test_avbryt_leaves_the_form_and_says_nothing_was_sent_with_a_way_on() -> None:
    for slot in ("handoff_change", "handoff_contact_method", "handoff_name", "handoff_confirm"):
        excluded = DOMAIN["slots"][slot]["mappings"][0]["not_intent"]
        assert {"stop_questions", "restart", "withdraw_request"} <= set(excluded)
    rules = yaml.safe_load((PROJECT_ROOT / "bot/data/rules/handoff.yml").read_text(encoding="utf-8"))["rules"]
    stop = next(r for r in rules if r["steps"][0] == {"intent": "stop_questions"})
    assert stop["condition"] == [{"active_loop": "handoff_form"}]
    assert stop["steps"][1:] == [{"action": "action_deactivate_loop"}, {"active_loop": None},
                                 {"action": "action_submit_handoff"}]
    before = len(handoffs.for_office("stockholm-soderort"))
    messages, slots = run(ActionSubmitHandoff(), after("stop_questions", {**SODERORT, "handoff_contact_method": "self"},
                                                       "avbryt"))
    assert len(handoffs.for_office("stockholm-soderort")) == before and "handoff_reference" not in slots
    assert messages[0]["response"] == "utter_handoff_cancelled"
    assert "Inget skickades" in DOMAIN["responses"]["utter_handoff_cancelled"][0]["text"]
    assert "utter_handoff_reach_instead" in responses(messages) and messages[-1]["response"] == "utter_handoff_way_on"
    assert all(slots[slot] is None for slot in ("handoff_contact_method", "unclear_answers", "handoff_office"))


def stopped_at(question: str, text: str) -> Tracker:
    """Right after the rule for stop_questions deactivated the form that was asking `question`."""
    events = [{"event": "slot", "name": "requested_slot", "value": question},
              {"event": "action", "name": "handoff_form"}, {"event": "action", "name": "action_listen"},
              user(text, "stop_questions"), {"event": "active_loop", "name": None},
              {"event": "slot", "name": "requested_slot", "value": None}]
    state = tracker({**SODERORT, "handoff_contact_method": "self"}, events, text).current_state()
    return Tracker.from_dict({**state, "latest_message": {"text": text, "entities": [],
                                                          "intent": {"name": "stop_questions", "confidence": 1.0}}})


def test_hoppa_over_skips_the_question_even_when_read_as_stop_and_avbryt_still_cancels() -> None:
    before = len(handoffs.for_office("stockholm-soderort"))
    dispatcher = CollectingDispatcher()
    events = ActionSubmitHandoff().run(dispatcher, stopped_at("handoff_name", "hoppa över"), {})
    assert dispatcher.messages == []
    assert {"event": "active_loop", "name": "handoff_form"} in [{k: e.get(k) for k in ("event", "name")}
                                                                for e in events]
    assert any(e.get("event") == "slot" and e.get("name") == "requested_slot" and e.get("value") == "handoff_name"
               for e in events)
    given_back = [e for e in events if e.get("event") == "user"]
    assert [e["text"] for e in given_back] == ["hoppa över"]
    assert given_back[0]["parse_data"]["intent"]["name"] not in DOMAIN["slots"]["handoff_name"]["mappings"][0][
        "not_intent"]

    messages, slots = run(ActionSubmitHandoff(), stopped_at("handoff_name", "avbryt"))
    assert messages[0]["response"] == "utter_handoff_cancelled" and "handoff_reference" not in slots
    assert len(handoffs.for_office("stockholm-soderort")) == before


def test_the_way_on_never_starts_the_same_request_again() -> None:
    payloads = [b["payload"] for b in DOMAIN["responses"]["utter_handoff_way_on"][0]["buttons"]]
    assert payloads and "/ask_human" not in payloads
    _, said = validate_messages("handoff_ombud_wish", "blorp", {**SODERORT, "unclear_answers": 1.0})
    assert [b["payload"] for b in said[-1]["buttons"]] == ["/stop_questions"]


def validate_messages(slot: str, value: str, slots: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    result = getattr(ValidateHandoffForm(), f"validate_{slot}")(value, dispatcher, tracker(slots), {})
    return result, dispatcher.messages


def test_goodbye_ends_the_form_without_buttons_before_the_goodbye() -> None:
    messages, _ = run(ActionSubmitHandoff(), after("goodbye", SODERORT, "hej då"))
    assert messages[0]["response"] == "utter_handoff_cancelled" and "utter_handoff_way_on" not in responses(messages)


def test_borja_om_restarts_inside_the_form() -> None:
    for slot in ("handoff_place", "handoff_contact_value", "handoff_own_words"):
        assert "restart" in DOMAIN["slots"][slot]["mappings"][0]["not_intent"]
    basics = yaml.safe_load((PROJECT_ROOT / "bot/data/rules/basics.yml").read_text(encoding="utf-8"))["rules"]
    assert any(r["steps"] == [{"intent": "restart"}, {"action": "action_restart"}] for r in basics)
    nlu = yaml.safe_load((PROJECT_ROOT / "bot/data/nlu/basics.yml").read_text(encoding="utf-8"))["nlu"]
    assert "- börja om" in next(i["examples"] for i in nlu if i.get("intent") == "restart")
    # A request started after "börja om" begins with no count and no answers from before.
    _, slots = run(ActionHandoffIntro(), tracker({"kommun_code": "0380", "unclear_answers": 1.0,
                                                  "handoff_contact_method": "phone"}))
    assert slots["unclear_answers"] is None and slots["handoff_contact_method"] is None


def test_a_yes_to_a_question_with_choices_asks_which() -> None:
    result, said = validate("handoff_contact_method", "ja")
    assert result == {"handoff_contact_method": None, "unclear_answers": 1}
    assert said == ["utter_handoff_which_contact_method"]
    # The question follows with its choices, and each choice is understood.
    buttons = DOMAIN["responses"]["utter_ask_handoff_contact_method"][0]["buttons"]
    chosen = [validate("handoff_contact_method", b["payload"])[0]["handoff_contact_method"] for b in buttons]
    assert chosen == ["phone", "email", "self"]
    assert validate("handoff_contact_method", "ja, ring mig")[0] == {"handoff_contact_method": "phone"}
    # A second bare yes moves on: the person calls the office, and hears so.
    moved, said = validate("handoff_contact_method", "ja", {"unclear_answers": 1.0})
    assert moved["handoff_contact_method"] == "self" and said[0] == "utter_handoff_you_call"
    assert validate("handoff_ombud_wish", "ja")[1] == ["utter_handoff_which_ombud_wish"]
    assert validate("handoff_flags", "ja", SODERORT)[1] == ["utter_handoff_which_flags"]


def test_the_priority_facts_asked_are_the_offices_own() -> None:
    messages, _ = run(ActionAskHandoffFlags(), tracker(SODERORT))
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads == ["barn hemma", "kan förlora bostaden", "ingen annan kontakt", "ung vuxen", "inget av detta"]
    read = [validate("handoff_flags", p, SODERORT)[0]["handoff_flags"] for p in payloads]
    assert read == ["children", "losing_home", "no_other_contact", "young_adult", "-"]
    assert not DOMAIN["responses"]["utter_ask_handoff_flags"][0].get("buttons")  # none hard-coded


def test_before_each_new_question_the_person_hears_how_many_are_left() -> None:
    _, notes, _ = simulate({"handoff_office": "uppsala", "kommun_code": "0380"}, {
        "handoff_contact_method": "telefon", "handoff_contact_value": "070-123 45 67", "handoff_confirm": "ja"
    }.__getitem__)
    assert notes == ["3 frågor kvar.", "2 frågor kvar.", "Sista frågan."]
    # Calling oneself drops the number.
    _, notes, _ = simulate({"handoff_office": "uppsala", "kommun_code": "0380"}, {
        "handoff_contact_method": "jag ringer själv", "handoff_confirm": "ja"}.__getitem__)
    assert notes == ["3 frågor kvar.", "Sista frågan."]


def test_a_question_asked_again_gets_no_count_before_it() -> None:
    question, notes = next_question({"handoff_office": "uppsala", "requested_slot": "handoff_contact_method"})
    assert question == "handoff_contact_method" and notes == []
    # Before the office is known, the count is not known either.
    assert next_question({}) == ("handoff_place", [])


def test_where_no_office_reads_requests_the_person_gets_the_phone_and_a_way_on_never_the_question() -> None:
    _, slots = run(ActionHandoffIntro(), tracker({"kommun_code": "1480"}))  # Göteborg: no inbox account
    assert next_question(slots) == (None, [])
    messages, _ = run(ActionSubmitHandoff(), tracker(slots))
    assert messages[0]["response"] == "utter_handoff_no_inbox" and responses(messages)[1].startswith("utter_office_")
    assert messages[-1]["response"] == "utter_handoff_way_on"
    assert not any(r and r.startswith("utter_ask_handoff") for r in responses(messages))
    # A place answered in the form that leads to such an office ends the form the same way.
    answer, _ = validate("handoff_place", "Göteborg")
    assert answer["handoff_office"] == "goteborg-bracke-diakoni" and required(answer) == []


def test_where_no_office_is_known_the_kommun_switchboard_and_a_way_on_are_given() -> None:
    _, slots = run(ActionHandoffIntro(), tracker({"kommun_code": "2506"}))  # Arjeplog
    asked, _, end = simulate(slots, lambda question: "blorp")
    assert asked == []  # the place was already known: nothing is asked
    messages, _ = run(ActionSubmitHandoff(), tracker({**end, "kommun_code": "2506"}))
    assert responses(messages)[:2] == ["utter_handoff_no_office", "utter_no_known_office"]
    assert messages[-1]["response"] == "utter_handoff_way_on"


def test_a_question_asked_instead_of_the_place_is_answered_and_the_place_asked_again() -> None:
    text = "kan man få tolk hos soc, går det?"
    selector = {"faq": {"response": {"intent_response_key": "faq/right_interpreter", "confidence": 0.98}}}
    state = tracker_for(text, "faq", {"requested_slot": "handoff_place"}, active_loop="handoff_form",
                        extra={"response_selector": selector})
    dispatcher = CollectingDispatcher()
    result = ValidateHandoffForm().validate_handoff_place(text, dispatcher, state, {})
    assert result == {"handoff_place": None, "unclear_answers": 1}, "no place guessed from the question"
    assert "tolk" in said(dispatcher.messages)
    # No question mark, and a question word people start with: still a question.
    cost = "kostar det här ombudsgrejen nånting"
    selector = {"faq": {"response": {"intent_response_key": "faq/po_cost", "confidence": 0.97}}}
    state = tracker_for(cost, "faq", {"requested_slot": "handoff_place"}, active_loop="handoff_form",
                        extra={"response_selector": selector})
    dispatcher = CollectingDispatcher()
    assert ValidateHandoffForm().validate_handoff_place(cost, dispatcher, state, {})["handoff_place"] is None
    assert "gratis" in said(dispatcher.messages)


def test_a_yes_to_the_one_place_asked_about_in_the_form_answers_the_place() -> None:
    asked = [{"event": "user", "text": "Malm"},
             {"event": "bot", "metadata": {"utter_action": "utter_confirm_one_place"}}, {"event": "user", "text": "ja"}]
    dispatcher = CollectingDispatcher()
    first = ValidateHandoffForm().validate_handoff_place(
        "Malm", dispatcher, tracker_for("Malm", "inform_place", {"requested_slot": "handoff_place"},
                                        active_loop="handoff_form"), {})
    assert first["offered_place"] == "Malmö" and first["handoff_place"] is None
    state = tracker_for("ja", "affirm", {"requested_slot": "handoff_place", "offered_place": "Malmö"}, asked,
                        active_loop="handoff_form")
    answer = ValidateHandoffForm().validate_handoff_place("ja", CollectingDispatcher(), state, {})
    assert answer["handoff_place"] == "Malmö" and answer["kommun_code"] == "1280"


def test_a_yes_with_more_words_to_the_one_place_asked_about_answers_the_place() -> None:
    asked = [{"event": "user", "text": "bor i upsla"},
             {"event": "bot", "metadata": {"utter_action": "utter_confirm_one_place"}},
             {"event": "user", "text": "ja precis, bra gissat"}]
    state = tracker_for("ja precis, bra gissat", "affirm", {"requested_slot": "handoff_place",
                                                                  "offered_place": "Uppsala"}, asked,
                        active_loop="handoff_form")
    answer = ValidateHandoffForm().validate_handoff_place("ja precis, bra gissat", CollectingDispatcher(),
                                                          state, {})
    assert answer["handoff_place"] == "Uppsala" and answer["kommun_code"] == "0380"


def test_a_number_given_where_the_place_is_asked_is_kept_and_the_place_asked_again() -> None:
    text = "ombudet får gärna ringa, 070-174 06 33"
    dispatcher = CollectingDispatcher()
    state = tracker_for(text, "ask_human", {"requested_slot": "handoff_place"}, active_loop="handoff_form")
    kept = ValidateHandoffForm().validate_handoff_place(text, dispatcher, state, {})
    assert kept == {"handoff_place": None, "handoff_contact_method": "phone", "handoff_contact_value": "070-174 06 33"}
    assert "070-174 06 33" in said(dispatcher.messages) and "hittade ingen" not in said(dispatcher.messages)
    # Where the chat removed the number, the person hears so; the way is kept, the number asked for later.
    removed = redact("helst sms till 070-174 06 33").text
    dispatcher = CollectingDispatcher()
    state = tracker_for(removed, "ask_human", {"requested_slot": "handoff_place"}, active_loop="handoff_form")
    kept = ValidateHandoffForm().validate_handoff_place(removed, dispatcher, state, {})
    assert kept == {"handoff_place": None, "handoff_contact_method": "phone"}
    assert responses(dispatcher.messages) == ["utter_contact_details_removed"]
    # A way refused, or an official's number, is no way to reach the person.
    for text in ("ring mig inte på 070-174 06 33", "min handläggare nås på 070-174 06 33"):
        removed = redact(text).text
        state = tracker_for(removed, "ask_human", {"requested_slot": "handoff_place"}, active_loop="handoff_form")
        refused = ValidateHandoffForm().validate_handoff_place(removed, CollectingDispatcher(), state, {})
        assert "handoff_contact_method" not in refused, text


def test_the_way_to_reach_taken_before_the_form_starts_survives_its_validation() -> None:
    _, slots = run(ActionHandoffIntro(), tracker({"kommun_code": "0380"}, text="ring mig på 070-174 06 33 efter lunch"))
    assert slots["handoff_contact_method"] == "phone" and slots["handoff_contact_time"] == "afternoon"
    kept = ValidateHandoffForm().validate_handoff_contact_method(
        "phone", CollectingDispatcher(), tracker(slots, text="ring mig på 070-174 06 33 efter lunch"), {})
    assert kept == {"handoff_contact_method": "phone"}


def test_a_no_to_the_one_place_asked_about_asks_for_the_place_and_is_not_a_miss() -> None:
    asked = [{"event": "user", "text": "Malm"},
             {"event": "bot", "metadata": {"utter_action": "utter_confirm_one_place"}},
             {"event": "user", "text": "nej"}]
    slots = {"requested_slot": "handoff_place", "offered_place": "Malmö", "unclear_answers": 1}
    state = tracker_for("nej", "deny", slots, asked, active_loop="handoff_form")
    dispatcher = CollectingDispatcher()
    answer = ValidateHandoffForm().validate_handoff_place("nej", dispatcher, state, {})
    assert answer == {"handoff_place": None, "offered_place": None}
    assert dispatcher.messages[0]["response"] == "utter_explain_handoff_place"
    # A yes that names another place is that place, not the one offered.
    lund = tracker_for("ja men jag bor i Lund", "affirm", {"requested_slot": "handoff_place", "offered_place": "Malmö"},
                       asked, active_loop="handoff_form")
    chosen = ValidateHandoffForm().validate_handoff_place("ja men jag bor i Lund", CollectingDispatcher(), lund, {})
    assert chosen["handoff_place"] == "Lund"


def in_the_form_with_a_question(text: str, key: str, confidence: float) -> Any:
    """The contact request for Uppsala, with `text` read as a question the selector picked as `key`."""
    selected = {"intent_response_key": f"faq/{key}", "confidence": confidence}
    return tracker_for(text, "faq", {"handoff_office": "uppsala", "kommun_code": "0380"}, active_loop="handoff_form",
                       extra={"response_selector": {"faq": {"response": selected, "ranking": [selected]}}})


def test_a_question_asked_where_the_name_is_asked_is_answered_and_is_no_name() -> None:
    text = "Hur lång tid kan det dröja innan de hör av sig?"
    dispatcher = CollectingDispatcher()
    result = ValidateHandoffForm().validate_handoff_name(text, dispatcher, in_the_form_with_a_question(
        text, "po_queue", 0.97), {})
    assert result["handoff_name"] is None
    assert "kö" in said(dispatcher.messages).lower()
    # A name is a name.
    assert validate("handoff_name", "Sara")[0]["handoff_name"] == "Sara"


def test_a_question_asked_where_a_yes_or_no_is_asked_is_answered_and_is_no_yes() -> None:
    text = "okej. men vad är det egentligen ett ombud gör för nåt?"
    dispatcher = CollectingDispatcher()
    result = ValidateHandoffForm().validate_handoff_person_agrees(text, dispatcher, in_the_form_with_a_question(
        text, "po_what", 0.98), {})
    assert result["handoff_person_agrees"] is None and result["unclear_answers"] == 1
    assert "uppdrag" in said(dispatcher.messages)
    # A yes that goes on to ask is still a yes, however it is spelt.
    assert not asked_instead_of_an_answer("handoff_person_agrees", "jaa men vad gör ett ombud egentligen?", 0.98)
    yes = "ja, hon vill. hur lång tid tar det sen?"
    agreed = ValidateHandoffForm().validate_handoff_person_agrees(yes, CollectingDispatcher(),
                                                                  in_the_form_with_a_question(yes, "po_what", 0.98), {})
    assert agreed["handoff_person_agrees"] == "yes" and "unclear_answers" not in agreed


def test_someone_writing_in_english_learns_first_that_the_questions_are_in_swedish() -> None:
    from bot.logic.english import CONTACT_REQUEST_IN_SWEDISH

    english, _ = run(ActionHandoffIntro(), tracker({"kommun_code": "0380"}, text="can someone call me please"))
    assert english[0]["text"] == CONTACT_REQUEST_IN_SWEDISH
    swedish, _ = run(ActionHandoffIntro(), tracker({"kommun_code": "0380"}, text="kan nåt ombud ringa upp mig"))
    assert CONTACT_REQUEST_IN_SWEDISH not in said(swedish)
    # Where no ombud reads requests nothing is promised, in any language.
    nobody, _ = run(ActionHandoffIntro(), tracker({"kommun_code": "1280"}, text="can someone call me please"))
    assert CONTACT_REQUEST_IN_SWEDISH not in said(nobody)


def bot_question_in_the_form(text: str, intent: str = "bot_challenge", misses: float = 0.0) -> tuple[
        list[dict[str, Any]], dict[str, Any]]:
    """The form's validation of `text`, which the form took as the contact detail it asked for."""
    dispatcher = CollectingDispatcher()
    state = tracker_for(text, intent, {"requested_slot": "handoff_contact_value", "handoff_place": "Uppsala",
                                       "unclear_answers": misses},
                        [{"event": "slot", "name": "handoff_contact_value", "value": text}], active_loop="handoff_form")
    events = asyncio.run(ValidateHandoffForm().get_validation_events(dispatcher, state, {}))
    return dispatcher.messages, {e["name"]: e["value"] for e in events}


def test_asked_whether_a_person_reads_the_form_says_it_is_a_bot_and_asks_again_at_most_once() -> None:
    messages, slots = bot_question_in_the_form("har ni en levande person som ser vad jag skriver")
    assert messages[0]["response"] == "utter_iam_bot"
    assert slots["handoff_contact_value"] is None and slots["unclear_answers"] == 1
    # Asked a second time in a row, the form moves on instead of asking its question a third time.
    again, slots = bot_question_in_the_form("har ni en levande person som ser vad jag skriver", misses=1.0)
    assert again[0]["response"] == "utter_iam_bot" and slots["unclear_answers"] == 0 and len(again) > 1
    # A number, a name or a no given with it may be the answer: the form reads the message as one.
    for text in ("är du en bot? 070-123 45 67", "Jag heter Kim Ek. Är du en robot?", "nej, är ni en maskin?"):
        answered, _ = bot_question_in_the_form(text)
        assert all(m.get("response") != "utter_iam_bot" for m in answered), text


def _buttons(response: str) -> list[str]:
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    return [button["payload"] for button in domain["responses"][response][0]["buttons"]]


def _office_for(text: str, said_before: tuple[str, ...] = (), **slots: Any) -> list[dict[str, Any]]:
    from bot.actions.offices import ActionFindOffice

    events = [user("kan ett ombud höra av sig till mig", "ask_human"),
              *(_bot_said(name) for name in said_before),
              user(text, "inform_place")]
    dispatcher = CollectingDispatcher()
    ActionFindOffice().run(dispatcher, tracker_for(text, "inform_place", slots, events), {})
    return dispatcher.messages


def test_an_office_that_reads_requests_offers_to_ask_an_ombud_to_get_in_touch() -> None:
    assert _office_for("jag bor i Uppsala")[-1]["response"] == "utter_office_next_with_request"
    assert _buttons("utter_office_next_with_request")[0] == "/ask_human"
    # Not where no ombud reads requests here, nor once a request was sent.
    assert _office_for("jag bor i Enköping")[-1]["response"] == "utter_office_next"
    assert _office_for("jag bor i Uppsala", handoff_reference="K7TP-B9LF")[-1]["response"] == "utter_office_next"


def test_a_request_stopped_by_its_place_is_offered_again_where_the_office_reads_them() -> None:
    for ended in ("utter_handoff_no_inbox", "utter_handoff_no_place"):
        said_before = ("utter_handoff_intro", ended, "utter_handoff_way_on")
        last = _office_for("nä, fel av mig, jag bor i Uppsala", said_before)[-1]
        assert last["response"] == "utter_handoff_offer_again" and last["office"] == "Personligt ombud Uppsala"
    # One button, so that a plain "ja" takes it (bot/logic/lone_yes.py).
    assert _buttons("utter_handoff_offer_again") == ["/ask_human"]
    # Stopped by the person, or already sent: only the usual choices.
    for ended in ("utter_handoff_cancelled", "utter_handoff_sent"):
        last = _office_for("jag bor i Uppsala", ("utter_handoff_no_inbox", ended))[-1]
        assert last["response"] == "utter_office_next_with_request"
    assert _office_for("jag bor i Enköping", ("utter_handoff_no_place",))[-1]["response"] == "utter_office_next"
    # Offered once: a later office answer has only the usual choices. Nor for a place that is someone else's.
    offered_before = ("utter_handoff_no_place", "utter_handoff_offer_again")
    assert _office_for("jag bor i Uppsala", offered_before)[-1]["response"] == "utter_office_next_with_request"
    assert _office_for("min bror bor i Uppsala", ("utter_handoff_no_place",))[-1]["response"] != (
        "utter_handoff_offer_again")
