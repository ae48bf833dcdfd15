"""The screener's Rasa adapters on real rasa-sdk Trackers."""
from __future__ import annotations

import asyncio
from typing import Any

import pytest
from builders import tracker_for, user_event
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.eligibility import (
    ActionChangeAnswer,
    ActionEligibilityOutcome,
    ActionPrefillEligibility,
    ActionStopScreening,
    ValidateEligibilityForm,
    screen_from_age,
)
from bot.logic.answers import hard_in_daily_life
from bot.logic.forms import UNCLEAR_SLOT

ALL_SLOTS = ["screen_age", "screen_hard", "screen_long_term", "screen_contacts", "screen_coordinated", "screen_place"]


def tracker(text: str = "", slots: dict[str, Any] | None = None) -> Tracker:
    return tracker_for(text, "check_eligibility", slots)


def slots_set(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_the_first_message_fills_what_it_already_says() -> None:
    events = ActionPrefillEligibility().run(
        CollectingDispatcher(), tracker("jag är 34 och har kontakt med FK, soc och psykiatrin i Rinkeby"), {})
    filled = slots_set(events)
    assert filled["screen_age"] == "34"
    assert filled["screen_contacts"].split(", ")[:2] == ["Försäkringskassan", "Socialtjänsten – ekonomiskt bistånd"]
    assert "psykiatrin" in filled["screen_contacts"]
    assert (filled["kommun_code"], filled["area"]) == ("0180", "Järva")


def test_questions_are_announced_only_when_some_follow() -> None:
    for text, announced in (("kan jag ha ett ombud", True), ("jag är 34, kan jag få ombud", True),
                            ("tja e 16 går det att få ombud", False)):
        dispatcher = CollectingDispatcher()
        ActionPrefillEligibility().run(dispatcher, tracker(text), {})
        assert ([m.get("response") for m in dispatcher.messages] == ["utter_screen_intro"]) is announced, text


def test_a_place_named_with_the_question_hears_where_to_turn_before_the_screeners_questions() -> None:
    # Someone who leaves the questions half-way still knows whom to ring in the place named.
    dispatcher = CollectingDispatcher()
    asked = "skulle jag kunna få stöd av ombuden nere i Malmö med såna saker"
    ActionPrefillEligibility().run(dispatcher, tracker(asked), {})
    first, source, intro = dispatcher.messages
    assert first["response"].startswith("utter_office_intro") and first["kommun"] == "Malmö" and first["phone"]
    assert source["text"].startswith("Källa") and intro["response"] == "utter_screen_intro"
    # Without a place, without a known office there, or where the part of town decides the office, only the
    # questions are announced.
    for text in ("undrar om ett ombud kan stötta mig i sånt här",
                 "kan jag få ett ombud, jag har flyttat upp till Kiruna", "kan jag få ett ombud, bor i Stockholm"):
        dispatcher = CollectingDispatcher()
        ActionPrefillEligibility().run(dispatcher, tracker(text), {})
        assert [m.get("response") for m in dispatcher.messages] == ["utter_screen_intro"], text


def test_an_age_typed_after_who_fits_announces_questions_only_when_some_follow() -> None:
    for age, announced in ((34, ["utter_screen_intro"]), (16, [])):
        dispatcher = CollectingDispatcher()
        screen_from_age(dispatcher, tracker(str(age)), age)
        assert [m.get("response") for m in dispatcher.messages] == announced, age


def test_a_duration_is_not_taken_for_an_age() -> None:
    filled = slots_set(ActionPrefillEligibility().run(CollectingDispatcher(),
                                                      tracker("jag har mått dåligt i 3 år, kan jag få hjälp"), {}))
    assert "screen_age" not in filled


def validate(slot: str, value: str, slots: dict[str, Any] | None = None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    result = getattr(ValidateEligibilityForm(), f"validate_{slot}")(value, dispatcher, tracker(slots=slots), {})
    return result, dispatcher.messages


def test_contacts_named_while_answering_another_question_are_kept() -> None:
    def answered(slot: str, text: str) -> dict[str, Any]:
        validate_slot = getattr(ValidateEligibilityForm(), f"validate_{slot}")
        return validate_slot(text, CollectingDispatcher(), tracker(text, {"requested_slot": slot}), {})  # type: ignore[no-any-return]

    result = answered("screen_long_term", "ja, och det är kronofogden, soc och psykiatrin som är inblandade")
    assert result["screen_long_term"] == "ja"
    assert result["screen_contacts"].split(", ")[0] == "Kronofogden" and "psykiatrin" in result["screen_contacts"]
    # One named may not be all: the question about contacts stays.
    assert "screen_contacts" not in answered("screen_hard", "ja, kronofogden har skrivit till mig")


def test_free_answers_are_understood() -> None:
    assert validate("screen_age", "sjutton")[0] == {"screen_age": "17"}
    assert validate("screen_hard", "ja, väldigt")[0] == {"screen_hard": "ja"}
    assert validate("screen_long_term", "vet inte")[0] == {"screen_long_term": "vet_inte"}
    assert validate("screen_contacts", "FK och psykiatrin")[0] == {"screen_contacts": "Försäkringskassan, psykiatrin"}
    assert validate("screen_contacts", "ingen")[0] == {"screen_contacts": "ingen"}
    assert validate("screen_age", "fyller 18 i maj")[0] == {"screen_age": "17"}
    assert validate("screen_long_term", "sen 2019 typ")[0] == {"screen_long_term": "ja"}
    assert validate("screen_hard", "inte direkt")[0] == {"screen_hard": "nej"}


@pytest.mark.parametrize("slot", ALL_SLOTS)
def test_the_first_unclear_answer_gets_the_question_in_other_words(slot: str) -> None:
    result, messages = validate(slot, "blorp qwx")
    assert result[slot] is None and result["unclear_answers"] == 1
    assert messages[-1]["response"] == f"utter_explain_{slot}"


def asked_instead(text: str, confidence: float, misses: float = 0) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    selector = {"faq": {"response": {"intent_response_key": "faq/po_stop", "confidence": confidence}}}
    in_form = tracker_for(text, "check_eligibility", {"requested_slot": "screen_age", "unclear_answers": misses},
                          extra={"response_selector": selector})
    dispatcher = CollectingDispatcher()
    return ValidateEligibilityForm().validate_screen_age(text, dispatcher, in_form, {}), dispatcher.messages


def test_a_question_asked_instead_of_an_answer_is_answered_and_the_form_asks_again() -> None:
    text = "men får man sluta när man vill, mitt i?"
    result, messages = asked_instead(text, 0.97)
    assert result == {"screen_age": None, "unclear_answers": 1}
    said = " ".join(m.get("text") or "" for m in messages)
    assert "när du vill" in said or "frivillig" in said
    assert "utter_explain_screen_age" not in [m.get("response") for m in messages], "answered, not explained"
    # Questions only, again and again: the form still moves on and offers a way out.
    _, messages = asked_instead(text, 0.97, misses=1)
    assert "utter_ways_out" in [m.get("response") for m in messages]
    # Unsure of the question, or asking what the form's question means: the usual explanation.
    for unclear, confidence in ((text, 0.5), ("vad menar du med det, ålder?", 0.97)):
        result, messages = asked_instead(unclear, confidence)
        assert messages[-1]["response"] == "utter_explain_screen_age", unclear


def test_a_yes_to_the_screeners_introduction_is_a_go_ahead_not_an_unclear_age() -> None:
    introduced = [{"event": "user", "text": "kan jag ha ett ombud"},
                  {"event": "bot", "metadata": {"utter_action": "utter_screen_intro"}},
                  {"event": "bot", "metadata": {"utter_action": "utter_ask_screen_age"}},
                  {"event": "user", "text": "ja"}]
    for go_ahead in ("ja", "okej kör", "Visst!"):
        dispatcher = CollectingDispatcher()
        result = ValidateEligibilityForm().validate_screen_age(
            go_ahead, dispatcher, tracker_for(go_ahead, "affirm", {"requested_slot": "screen_age"}, introduced), {})
        assert result == {"screen_age": None}, "not counted"
        assert dispatcher.messages == [], "the form asks its question again, the explanation is kept for later"
    # A second yes, with no introduction just before, counts: the question is not asked for ever.
    again = [*introduced, {"event": "bot", "metadata": {"utter_action": "utter_explain_screen_age"}},
             {"event": "user", "text": "ja"}]
    result = ValidateEligibilityForm().validate_screen_age(
        "ja", CollectingDispatcher(), tracker_for("ja", "affirm", {"requested_slot": "screen_age"}, again), {})
    assert result["unclear_answers"] == 1


@pytest.mark.parametrize("slot", ALL_SLOTS)
def test_the_second_unclear_answer_skips_the_question_and_offers_a_way_out(slot: str) -> None:
    result, messages = validate(slot, "blorp qwx", {"unclear_answers": 1.0})
    assert result == {slot: "vet_inte", "unclear_answers": 0}
    assert [m["response"] for m in messages][-2:] == ["utter_question_skipped", "utter_ways_out"]
    assert {b["payload"] for b in messages[-1]["buttons"]} == {"/stop_questions", "/ask_human"}


def test_a_readable_answer_sets_the_count_back_to_zero() -> None:
    slots = {"unclear_answers": 1.0, "requested_slot": "screen_hard", "screen_hard": "ja"}
    asked = Tracker.from_dict({**tracker("ja", slots=slots).current_state(), "events": [
        {"event": "user", "text": "ja"}, {"event": "slot", "name": "screen_hard", "value": "ja"}]})
    domain = {"forms": {"eligibility_form": {"required_slots": ALL_SLOTS}}, "slots": {}}
    events = asyncio.run(ValidateEligibilityForm().get_validation_events(CollectingDispatcher(), asked, domain))
    assert slots_set(events)["unclear_answers"] == 0


def test_a_fuzzy_kommun_is_confirmed_with_buttons_that_answer_the_question() -> None:
    result, messages = validate("screen_place", "Göteborj")
    assert result == {"screen_place": None, "offered_place": "Göteborg"}
    assert messages[0]["buttons"][0] == {"title": "Ja, Göteborg", "payload": "Göteborg"}
    assert validate("screen_place", "Göteborg")[0]["kommun_code"] == "1480"


def required(slots: dict[str, Any]) -> list[str]:
    return asyncio.run(ValidateEligibilityForm().required_slots(ALL_SLOTS, CollectingDispatcher(), tracker(slots=slots),
                                                                {}))


def test_only_what_matters_is_asked() -> None:
    assert required({"screen_age": "16"}) == ["screen_age"]
    assert required({"screen_age": "40", "screen_hard": "nej"}) == ["screen_age", "screen_hard"]
    assert "screen_place" not in required({"kommun_code": "0180"})
    assert required({}) == ALL_SLOTS


def outcome(slots: dict[str, Any]) -> list[dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    ActionEligibilityOutcome().run(dispatcher, tracker(slots=slots), {})
    return dispatcher.messages


def responses(messages: list[dict[str, Any]]) -> list[str]:
    return [m.get("response") for m in messages if m.get("response")]


def names_an_office(said: list[str]) -> bool:
    return any(response.startswith("utter_office_intro") for response in said)


def test_a_clear_case_seems_to_fit_and_gets_its_office_with_queue() -> None:
    said = responses(outcome({"screen_age": "34", "screen_hard": "ja", "screen_long_term": "ja",
                              "screen_contacts": "Försäkringskassan, psykiatrin", "screen_coordinated": "nej",
                              "kommun_code": "0180", "area": "Järva"}))
    assert said[0] == "utter_outcome_fits"
    assert "utter_not_a_decision" in said and names_an_office(said) and "utter_office_queue_dated" in said
    assert said[-1] == "utter_eligibility_next"


def test_an_office_age_cap_is_named() -> None:
    messages = outcome({"screen_age": "70", "screen_hard": "ja", "screen_long_term": "ja",
                        "screen_contacts": "Försäkringskassan, psykiatrin", "screen_coordinated": "nej",
                        "kommun_code": "2281"})
    assert responses(messages)[0] == "utter_outcome_ask_the_office"
    assert any("18–65 år" in (m.get("text") or "") for m in messages)


def test_under_18_gets_concrete_alternatives() -> None:
    messages = outcome({"screen_age": "16"})
    said = "\n".join(m.get("text") or "" for m in messages)
    assert responses(messages)[0] == "utter_outcome_other_help"
    assert "BUP" in said and "elevhälsan" in said and "116 111" in said


def change(text: str, slots: dict[str, Any], in_form: bool = True,
           entities: list[dict[str, Any]] | None = None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    changing = tracker(text, slots)
    changing.active_loop = {"name": "eligibility_form"} if in_form else {}
    changing.latest_message["entities"] = entities or []
    dispatcher = CollectingDispatcher()
    return slots_set(ActionChangeAnswer().run(dispatcher, changing, {})), dispatcher.messages


def test_changing_ones_mind_clears_the_answer_just_given() -> None:
    filled, messages = change("vänta, det blev fel", {"screen_age": "34", "screen_hard": "ja",
                                                       "requested_slot": "screen_long_term"})
    assert filled == {"screen_hard": None, "answer_cleared": True}
    assert [m["response"] for m in messages] == ["utter_change_answer"]


def test_a_named_answer_is_the_one_changed_and_a_kommun_takes_its_office_along() -> None:
    answers = {"screen_age": "34", "screen_place": "Göteborg", "kommun_code": "1480", "area": None}
    assert change("jag vill ändra min ålder", answers, in_form=False)[0] == {"screen_age": None,
                                                                             "answer_cleared": True}
    assert change("fel kommun", answers, in_form=False)[0] == {
        "screen_place": None, "kommun_code": None, "area": None, "answer_cleared": True}


def test_after_the_outcome_an_unnamed_change_asks_which_answer_with_buttons() -> None:
    filled, messages = change("/change_answer", {"screen_age": "16"}, in_form=False)
    assert filled == {"answer_cleared": False}
    assert messages[0]["response"] == "utter_which_answer"
    assert messages[0]["buttons"] == [{"title": "Ålder", "payload": '/change_answer{"question":"screen_age"}'}]


def test_the_button_entity_names_the_answer_to_change() -> None:
    filled, _ = change('/change_answer{"question":"screen_age"}', {"screen_age": "16"}, in_form=False,
                       entities=[{"entity": "question", "value": "screen_age"}])
    assert filled == {"screen_age": None, "answer_cleared": True}


def test_nothing_answered_means_nothing_to_change() -> None:
    filled, messages = change("jag svarade fel", {"requested_slot": "screen_age"})
    assert filled == {"answer_cleared": False}
    assert [m["response"] for m in messages] == ["utter_nothing_to_change"]


def test_a_sent_request_is_offered_taken_back_not_changed() -> None:
    taking_back = "hoppsan, det där ville jag inte, kan du dra tillbaka den"
    filled, messages = change(taking_back, {"handoff_reference": "K7TP-B9LF"}, in_form=False)
    assert filled == {"answer_cleared": False}
    assert [m["response"] for m in messages] == ["utter_handoff_sent_unchangeable"]
    assert messages[0]["reference"] == "K7TP-B9LF"
    # Without a request sent there is still nothing to change.
    assert [m["response"] for m in change("hoppsan, det blev fel", {}, in_form=False)[1]] == ["utter_nothing_to_change"]


def test_refusing_to_answer_counts_as_vet_inte() -> None:
    assert validate("screen_age", "det vill jag inte svara på")[0] == {"screen_age": "vet_inte"}
    assert validate("screen_hard", "hoppa över")[0] == {"screen_hard": "vet_inte"}


def test_a_question_about_someone_else_screens_on_their_behalf_and_says_so() -> None:
    from bot.actions.eligibility import ActionExplainWhoFits

    dispatcher = CollectingDispatcher()
    events = ActionExplainWhoFits().run(dispatcher, tracker("kan min syster få ett ombud? jag är 50"), {})
    set_now = slots_set(events)
    assert (set_now["screening_someone_else"], set_now["screening_for"]) == (True, "din syster")
    # A fresh screening: no earlier answer, and not the writer's place.
    assert all(set_now.get(slot) is None for slot in ALL_SLOTS) and set_now["kommun_code"] is None
    assert dispatcher.messages[-1]["response"] == "utter_screen_for_someone_else"
    assert any("uppdrag" in (m.get("text") or "") for m in dispatcher.messages)
    prefilled = slots_set(ActionPrefillEligibility().run(
        CollectingDispatcher(), tracker("kan min syster få ett ombud? jag är 50", slots=slots_set(events)), {}))
    assert "screen_age" not in prefilled
    # Their own age, said in the same message, is kept.
    theirs = slots_set(ActionPrefillEligibility().run(CollectingDispatcher(), tracker(
        "Jag skriver för min brors skull. Han är 58 och har det rörigt med FK", slots=slots_set(events)), {}))
    assert theirs["screen_age"] == "58"


def test_a_question_about_oneself_is_screened_as_before() -> None:
    from bot.actions.eligibility import ActionExplainWhoFits

    events = ActionExplainWhoFits().run(CollectingDispatcher(), tracker("kan jag få ombud"), {})
    set_now = slots_set(events)
    assert (set_now["screening_someone_else"], set_now["screening_for"]) == (False, None)
    assert "kommun_code" not in set_now  # the writer's own place is kept


def test_another_topic_inside_a_form_stops_it_and_is_answered_as_if_typed_anew() -> None:
    from bot.actions.forms import ActionLeaveFormForTopic

    dispatcher = CollectingDispatcher()
    events = ActionLeaveFormForTopic().run(dispatcher, tracker("finns det ombud i Malmö"), {})
    kinds = [e["event"] for e in events]
    assert kinds[0] == "active_loop" and events[0]["name"] is None
    assert kinds[-2:] == ["action", "user"] and events[-1]["text"] == "finns det ombud i Malmö"
    assert events[-1]["parse_data"]["intent"]["name"] == "check_eligibility"
    assert dispatcher.messages[0]["response"] == "utter_questions_paused"


def test_an_answer_the_model_read_as_another_topic_stays_in_the_form_as_the_answer() -> None:
    from bot.actions.forms import ActionLeaveFormForTopic

    for text, intent, asked in (("ja 63 år", "greet", "screen_age"),
                                ("typ ja, jag får inte ihop maten och hyran själv", "no_money", "screen_long_term"),
                                ("nej inte riktigt. tack ändå för frågan", "thank", "screen_hard")):
        in_form = tracker_for(text, intent, {"requested_slot": asked}, active_loop="eligibility_form")
        dispatcher = CollectingDispatcher()
        events = ActionLeaveFormForTopic().run(dispatcher, in_form, {})
        assert dispatcher.messages == [], text
        assert (events[0]["event"], events[0]["name"]) == ("active_loop", "eligibility_form"), text
        assert events[-1]["text"] == text and events[-1]["parse_data"]["intent"]["name"] == "nonsense", text
    # A yes followed by a question of its own is that question.
    asking = tracker_for("ja, men finns det ett kontor i Luleå", "find_office", {"requested_slot": "screen_hard"},
                         active_loop="eligibility_form")
    dispatcher = CollectingDispatcher()
    ActionLeaveFormForTopic().run(dispatcher, asking, {})
    assert dispatcher.messages[0]["response"] == "utter_questions_paused"


def test_a_slot_emptied_for_a_new_screening_is_not_read_as_an_unclear_answer() -> None:
    for slot in ALL_SLOTS:
        result, messages = validate(slot, None)  # type: ignore[arg-type]
        assert result == {slot: None} and messages == []


def test_an_answer_that_sounds_like_a_correction_is_taken_as_the_answer() -> None:
    changing = tracker("jag är 40", {"requested_slot": "screen_age"})
    changing.active_loop = {"name": "eligibility_form"}
    dispatcher = CollectingDispatcher()
    events = ActionChangeAnswer().run(dispatcher, changing, {})
    assert dispatcher.messages == []
    assert events[-1]["event"] == "user" and events[-1]["text"] == "jag är 40"
    assert {"event": "slot", "timestamp": None, "name": "requested_slot", "value": "screen_age"} in events
    # A real correction still clears the earlier answer.
    filled, _ = change("nej vänta, jag är 40 inte 14", {"screen_age": "14", "requested_slot": "screen_hard"})
    assert filled == {"screen_age": None, "answer_cleared": True}


def place_in_the_form(text: str, slots: dict[str, Any], also_mapped: tuple[str, ...] = ()
                      ) -> tuple[dict[str, Any], list[str]]:
    """The message as Rasa hands it over: the screen_place mapping has already taken the text of an
    inform_place message (domain.yml), whichever question was asked; `also_mapped`: slots whose own
    mapping took it too."""
    events = [{"event": "user", "text": text, "parse_data": {"intent": {"name": "inform_place", "confidence": 1.0}}},
              *({"event": "slot", "name": slot, "value": text} for slot in ("screen_place", *also_mapped))]
    dispatcher = CollectingDispatcher()
    in_form = tracker_for(text, "inform_place", {**slots, **{slot: text for slot in ("screen_place", *also_mapped)}},
                          events=events, active_loop="eligibility_form")
    domain = {"forms": {"eligibility_form": {"required_slots": ALL_SLOTS}}}
    filled = slots_set(asyncio.run(ValidateEligibilityForm().get_validation_events(dispatcher, in_form, domain)))
    return filled, responses(dispatcher.messages)


def test_a_place_given_to_another_question_is_kept_and_its_office_told() -> None:
    filled, said = place_in_the_form("Han bor i Kungsbacka, precis som jag.", {"requested_slot": "screen_age"})
    assert (filled["screen_place"], filled["kommun_code"]) == ("Kungsbacka", "1384")
    assert said[0] == "utter_no_known_office", "Kungsbacka's office has closed: that is what the person learns"
    assert "screen_age" not in filled, "the age is still to be asked"


def test_an_age_given_with_the_place_to_the_age_question_is_kept_with_it() -> None:
    filled, _ = place_in_the_form("är 37 å bor i Malmö nu", {"requested_slot": "screen_age"})
    assert (filled["kommun_code"], filled["screen_age"]) == ("1280", "37")
    # To another question a number beside the place is no age.
    filled, _ = place_in_the_form("har 3 ungar och en katt, bor i Malmö", {"requested_slot": "screen_hard"})
    assert "screen_age" not in filled


def test_a_place_named_to_another_question_with_an_open_office_tells_that_office() -> None:
    filled, said = place_in_the_form("Malmö", {"requested_slot": "screen_age"})
    assert filled["kommun_code"] == "1280"
    assert names_an_office(said)


def test_a_city_whose_office_depends_on_the_part_asks_for_the_part_and_keeps_no_place() -> None:
    filled, said = place_in_the_form("Stockholm", {"requested_slot": "screen_age"})
    assert "kommun_code" not in filled and filled["screen_place"] is None
    assert not names_an_office(said) and "utter_no_known_office" not in said


def test_an_answer_misread_as_a_place_answers_the_question_asked() -> None:
    filled, said = place_in_the_form("i typ fem år", {"requested_slot": "screen_long_term"})
    assert filled["screen_long_term"] == "ja" and filled["screen_place"] is None
    assert "utter_question_skipped" not in said and "utter_place_not_found" not in said
    filled, said = place_in_the_form("i typ fem år", {"requested_slot": "screen_age", UNCLEAR_SLOT: 1.0})
    assert filled["screen_age"] == "vet_inte", "a second unclear age is skipped, not the place nobody asked for"
    assert filled["screen_place"] is None and said[0] == "utter_question_skipped"


def test_an_answer_both_mappings_took_is_read_once() -> None:
    filled, said = place_in_the_form("hos dom på stan", {"requested_slot": "screen_contacts"},
                                     also_mapped=("screen_contacts",))
    assert said == ["utter_explain_screen_contacts"], "explained once, not skipped in the same breath"
    assert filled["screen_place"] is None


def test_an_unknown_place_told_to_another_question_is_said_and_costs_that_question_nothing() -> None:
    filled, said = place_in_the_form("jag bor i Hunnebostrand", {"requested_slot": "screen_hard", UNCLEAR_SLOT: 1.0})
    assert said == ["utter_place_not_found"]
    assert filled["screen_place"] is None and "screen_hard" not in filled and UNCLEAR_SLOT not in filled


def test_a_place_already_known_is_not_replaced_in_passing() -> None:
    filled, said = place_in_the_form("min mamma bor i Lund", {"requested_slot": "screen_age", "kommun_code": "1280"})
    # required_slots leaves the place question out once a place is known, so it is not read again.
    assert "kommun_code" not in filled and said == []


def test_the_place_question_answered_is_not_told_as_news() -> None:
    filled, said = place_in_the_form("Malmö", {"requested_slot": "screen_place"})
    assert filled["kommun_code"] == "1280"
    assert not names_an_office(said), "the outcome names the office; the place answer itself says nothing"


def test_another_age_said_to_a_later_question_corrects_the_age_and_asks_that_question_again() -> None:
    text = "nej sorry jag ljög, ja e 15 egentligen"
    dispatcher = CollectingDispatcher()
    result = ValidateEligibilityForm().validate_screen_hard(
        text, dispatcher, tracker(text, {"screen_age": "19", "requested_slot": "screen_hard"}), {})
    assert result == {"screen_hard": None, "screen_age": "15"}, "the nej was about the age, not this question"
    assert dispatcher.messages[0]["text"] == "Jag ändrar din ålder till 15 år."
    # An age not known before is kept together with the answer.
    text = "ja det är tungt. jag är 52 förresten"
    result = ValidateEligibilityForm().validate_screen_hard(
        text, dispatcher, tracker(text, {"screen_age": "vet_inte", "requested_slot": "screen_hard"}), {})
    assert result == {"screen_hard": "ja", "screen_age": "52"}
    # The same age again, or a number that is not an age, changes nothing.
    for text in ("ja, jag är 52", "ja jag är 3 år sjukskriven"):
        result = ValidateEligibilityForm().validate_screen_long_term(
            text, dispatcher, tracker(text, {"screen_age": "52", "requested_slot": "screen_long_term"}), {})
        assert result == {"screen_long_term": "ja"}, text


def test_a_yes_to_the_one_place_asked_about_answers_the_place_question() -> None:
    asked = [{"event": "user", "text": "Göteborj"},
             {"event": "bot", "metadata": {"utter_action": "utter_confirm_one_place"}},
             {"event": "user", "text": "japp"}]
    state = tracker_for("japp", "affirm", {"requested_slot": "screen_place", "offered_place": "Göteborg"}, asked,
                        active_loop="eligibility_form")
    result = ValidateEligibilityForm().validate_screen_place("japp", CollectingDispatcher(), state, {})
    assert result["screen_place"] == "Göteborg" and result["kommun_code"] == "1480"


def stopped_screening(text: str) -> Tracker:
    """Right after the rule for stop_questions deactivated the screener while it asked about daily life."""
    events = [{"event": "slot", "name": "requested_slot", "value": "screen_hard"},
              {"event": "action", "name": "eligibility_form"}, {"event": "action", "name": "action_listen"},
              {"event": "user", "text": text, "parse_data": {"intent": {"name": "stop_questions", "confidence": 1.0}}},
              {"event": "active_loop", "name": None}, {"event": "slot", "name": "requested_slot", "value": None}]
    return tracker_for(text, "stop_questions", {}, events=events)


@pytest.mark.parametrize("text", ["hoppa över", "kan vi hoppa över den frågan", "skippa", "skip"])
def test_hoppa_over_read_as_stopping_skips_only_the_question_asked(text: str) -> None:
    dispatcher = CollectingDispatcher()
    events = ActionStopScreening().run(dispatcher, stopped_screening(text), {})
    assert dispatcher.messages == [], "nothing is said: the screener takes the answer and asks its next question"
    assert {"event": "active_loop", "name": "eligibility_form"} in [{k: e.get(k) for k in ("event", "name")}
                                                                    for e in events]
    assert any(e.get("event") == "slot" and e.get("name") == "requested_slot" and e.get("value") == "screen_hard"
               for e in events)
    assert [e["text"] for e in events if e.get("event") == "user"] == [text]
    # Given back, the screener reads it as "vet inte" and goes on to its next question.
    assert ValidateEligibilityForm().validate_screen_hard(text, CollectingDispatcher(), tracker(text), {}) == {
        "screen_hard": "vet_inte"}


@pytest.mark.parametrize("text", ["sluta", "nej tack", "jag vill hoppa över alla frågor", "orkar inte fler frågor"])
def test_stopping_the_screener_stops_it(text: str) -> None:
    dispatcher = CollectingDispatcher()
    assert ActionStopScreening().run(dispatcher, stopped_screening(text), {}) == []
    assert responses(dispatcher.messages) == ["utter_screen_stopped", "utter_menu"]


def test_outside_the_screener_an_age_and_a_place_read_as_a_change_get_the_office_there() -> None:
    filled, messages = change("29. bor numera i Nacka kommun", {}, in_form=False)
    assert filled["answer_cleared"] is False, "the rule that asks which answer ends, the bot does not loop"
    assert filled["kommun_code"] == "0182"
    assert "utter_change_answer" not in [m.get("response") for m in messages]
    assert any(str(m.get("response")).startswith("utter_office_intro") for m in messages)


def test_him_or_her_right_after_a_message_about_a_relative_screens_on_their_behalf_with_their_age() -> None:
    from bot.actions.eligibility import ActionExplainWhoFits

    text = "hon är 43 år och har legat inne på psyk flera gånger"
    events = [user_event("min moster behöver nån som hjälper henne med posten", "relative_help"),
              user_event(text, "check_eligibility")]
    dispatcher = CollectingDispatcher()
    set_now = slots_set(ActionExplainWhoFits().run(dispatcher, tracker_for(text, "check_eligibility", {}, events), {}))
    assert (set_now["screening_someone_else"], set_now["screening_for"]) == (True, "din moster")
    prefilled = slots_set(ActionPrefillEligibility().run(
        CollectingDispatcher(), tracker_for(text, "check_eligibility", set_now, events), {}))
    assert prefilled["screen_age"] == "43", "her age, not a question about the writer's"


def test_a_difficulty_told_answers_whether_daily_life_is_hard() -> None:
    told = "panikångest, jag kan inte öppna breven eller ringa någon"
    assert validate("screen_hard", told)[0] == {"screen_hard": "ja"}
    assert validate("screen_hard", "nej det är inte svårt för mig")[0] == {"screen_hard": "nej"}
    # Not knowing what to answer is "vet inte", and someone else's difficulty is not the writer's.
    assert validate("screen_hard", "vet ej, svårt att avgöra faktiskt")[0] == {"screen_hard": "vet_inte"}
    assert hard_in_daily_life("min fru har svårt med sånt, jag klarar mig") is None
