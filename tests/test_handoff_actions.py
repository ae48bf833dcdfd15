"""The contact request's Rasa adapters on real rasa-sdk Trackers and a real database."""
from __future__ import annotations

import asyncio
import secrets
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.handoff import (
    ActionAskHandoffConfirm,
    ActionHandoffIntro,
    ActionSubmitHandoff,
    ActionWithdrawHandoff,
    ValidateHandoffForm,
    typed_reference,
)
from casework import handoffs
from casework.accounts import add_account
from storage.engine import engine_for
from knowledge.loader import load

@pytest.fixture(autouse=True, scope="module")
def offices_read_their_inbox() -> None:
    """Requests go only to offices where an ombud has an inbox account."""
    for office_id in ("uppsala", "stockholm-soderort"):
        add_account(office_id, f"{secrets.token_hex(4)}@{office_id}.example", secrets.token_urlsafe(16))


ANSWERED = {
    "handoff_office": "uppsala", "kommun_code": "0380", "handoff_summary": "Kommun: Uppsala. <b>Pengar</b>.",
    "handoff_summary_ok": "yes", "handoff_contact_method": "phone", "handoff_contact_value": "070-123 45 67",
    "handoff_contact_time": "forenoon", "handoff_name": "-", "handoff_ombud_wish": "woman",
    "handoff_flags": "children,losing_home", "handoff_share_transcript": "no", "handoff_confirm": "yes",
}


def user(text: str, intent: str) -> dict[str, Any]:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent, "confidence": 1.0}}}


def tracker(slots: dict[str, Any] | None = None, events: list[dict[str, Any]] | None = None,
            text: str = "") -> Tracker:
    latest = {"text": text, "intent": {"name": "ask_human", "confidence": 1.0}, "entities": []}
    return Tracker.from_dict({"sender_id": "t", "slots": slots or {}, "latest_message": latest,
                              "events": events or [], "paused": False, "followup_action": None,
                              "active_loop": {"name": "handoff_form"}, "latest_action_name": "action_listen"})


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


def test_the_proposed_summary_comes_from_this_visit_only() -> None:
    before_restart = [user("Kronofogden har skickat ett brev", "ask_authority"), user("jag är hemlös", "inform_homeless")]
    this_visit = [user("FK har stängt av min sjukpenning", "ask_authority")]
    events = [*before_restart, {"event": "restart"}, *this_visit]
    _, slots = run(ActionHandoffIntro(), tracker({"kommun_code": "0380"}, events))
    assert "Försäkringskassan" in slots["handoff_summary"]
    assert "Kronofogden" not in slots["handoff_summary"] and "bostad" not in slots["handoff_summary"]


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


def required(slots: dict[str, Any], events: list[dict[str, Any]] | None = None) -> list[str]:
    return asyncio.run(ValidateHandoffForm().required_slots(
        [], CollectingDispatcher(), tracker(slots, events), {}))


def test_only_what_is_needed_is_asked() -> None:
    assert required({"handoff_office": "uppsala"}) == [
        "handoff_summary_ok", "handoff_contact_method", "handoff_contact_time", "handoff_name",
        "handoff_ombud_wish", "handoff_flags", "handoff_share_transcript", "handoff_confirm"]
    assert "handoff_contact_value" in required({"handoff_office": "uppsala", "handoff_contact_method": "email"})
    assert required({"handoff_office": "uppsala", "handoff_summary_ok": "no"}) == ["handoff_summary_ok"]
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
        "handoff_contact_value": "070-123 45 67"}
    assert validate("handoff_contact_value", "sara@", {"handoff_contact_method": "email"}) == (
        {"handoff_contact_value": None}, ["utter_handoff_bad_email"])
    assert validate("handoff_contact_value", "19850312-1231", {"handoff_contact_method": "phone"}) == (
        {"handoff_contact_value": None}, ["utter_handoff_bad_phone"])


def test_own_words_replace_the_summary_without_a_personnummer_and_are_shown_again() -> None:
    result, responses = validate("handoff_own_words", "Jag behöver hjälp med FK. Mitt pnr är 850312-1231.")
    assert "850312-1231" not in result["handoff_summary"] and "hjälp med FK" in result["handoff_summary"]
    assert result["handoff_summary_ok"] is None
    assert responses == ["utter_personnummer_removed"]


def test_a_place_in_the_form_finds_the_receiving_office() -> None:
    assert validate("handoff_place", "jag bor i Uppsala")[0]["handoff_office"] == "uppsala"
    assert validate("handoff_place", "Stockholm") == ({"handoff_place": None}, ["utter_handoff_which_part", "utter_ask_area"])
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


@pytest.mark.parametrize("change", [{"handoff_confirm": "no"}, {"handoff_summary_ok": "no"},
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
    assert messages[2]["phone"] == "018-727 00 00"
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
    messages, _ = run(ActionWithdrawHandoff(), tracker({"handoff_reference": None}, text="ta bort min förfrågan"))
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
    assert validate("handoff_own_words", "hoppa över")[0] == {"handoff_own_words": "-", "handoff_summary_ok": None}


def test_changing_at_the_last_step_goes_back_to_the_text() -> None:
    result, _ = validate("handoff_confirm", "jag vill ändra", ANSWERED)
    assert result["handoff_summary_ok"] is None and result["handoff_confirm"] is None
    assert result["handoff_contact_method"] is None and "handoff_person_agrees" not in result


def test_ordinary_words_are_not_taken_for_a_code() -> None:
    assert typed_reference("kan du ta bort det jag skickade till ombudet") is None
    assert typed_reference("ta bort med referens K7PQ-4XRT") == "K7PQ-4XRT"
    assert typed_reference("ta bort k7pq4xrt") == "K7PQ-4XRT"
    assert typed_reference("ta bort ABCD-EF01") is None  # 0 and 1 are never in a code
