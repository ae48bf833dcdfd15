"""Actions run against real rasa-sdk Trackers and a real knowledge database."""
from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from builders import tracker_for
from conftest import PROJECT_ROOT
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.misunderstanding import ActionHandleMisunderstanding
from knowledge.queries import authority, fact


def phone_of(record: Any) -> str:
    """A phone number as the knowledge base holds it: a data update must not break these tests."""
    assert record is not None and record.phone, record
    return str(record.phone)

def tracker(events: list[dict[str, Any]] | None = None, text: str = "hej") -> Tracker:
    return tracker_for(text, "greet", events=events)


def user(text: str, intent: str) -> dict[str, Any]:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent, "confidence": 1.0}}}


def action(name: str) -> dict[str, Any]:
    return {"event": "action", "name": name}


def guessed() -> list[dict[str, Any]]:
    """A turn the bot did not understand: the misunderstanding action and its guess."""
    return [action("action_handle_misunderstanding"),
            {"event": "bot", "metadata": {"utter_action": "utter_did_you_mean"}}]


def run(action_class, events=None):  # type: ignore[no-untyped-def]
    dispatcher = CollectingDispatcher()
    returned = action_class().run(dispatcher, tracker(events), {})
    return dispatcher.messages, returned


def texts(messages: list[dict[str, Any]]) -> list[str]:
    return [m["text"] for m in messages if m.get("text")]


def ranked_tracker(events: list[dict[str, Any]], ranking: list[tuple[str, float]],
                   questions: list[tuple[str, float]] = (), slots: dict[str, Any] | None = None) -> Tracker:
    return tracker_for(events[-1]["text"], "nlu_fallback", slots, events, confidence=0.3, extra={
        "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.3}]
        + [{"name": name, "confidence": c} for name, c in ranking],
        "response_selector": {"faq": {"ranking": [{"intent_response_key": f"faq/{key}", "confidence": c}
                                                  for key, c in questions]}}})


def misunderstand(tracker_: Tracker) -> list[dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    ActionHandleMisunderstanding().run(dispatcher, tracker_, {})
    return dispatcher.messages


def test_a_first_miss_guesses_the_likely_topics_with_buttons_and_a_way_out() -> None:
    events = [user("hej", "greet"), action("utter_greet"), user("ombud hur funkar de typ", "nlu_fallback")]
    messages = misunderstand(ranked_tracker(events, [("find_office", 0.25), ("faq", 0.2), ("greet", 0.1)],
                                            [("po_what", 0.6), ("po_cost", 0.2)]))
    assert messages[0]["response"] == "utter_did_you_mean"
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert titles[0] == "Hitta ombud där jag bor" and "Vad är ett personligt ombud?" in titles
    assert titles[-1] == "Nej, något annat" and len(titles) <= 4


def test_without_any_likely_topic_the_bot_asks_to_rephrase() -> None:
    messages = misunderstand(ranked_tracker([user("qwxz", "nlu_fallback")], [("greet", 0.2), ("nonsense", 0.1)]))
    assert [m.get("response") for m in messages] == ["utter_please_rephrase"]


def test_second_misunderstanding_in_a_row_offers_a_human_not_the_same_guess() -> None:
    events = [
        user("blorp", "nlu_fallback"), *guessed(), action("action_listen"),
        user("fnurg", "nlu_fallback"),
    ]
    messages = misunderstand(ranked_tracker(events, [("find_office", 0.25)]))
    responses = [m.get("response") for m in messages]
    assert responses[0] == "utter_still_not_understood" and "utter_did_you_mean" not in responses
    assert any("växel" in text for text in texts(messages))
    assert {"title": "Prata med ett ombud", "payload": "/ask_human"} in messages[-1]["buttons"]


def test_with_a_known_kommun_the_human_is_that_office() -> None:
    events = [user("blorp", "nlu_fallback"), *guessed(), user("fnurg", "nlu_fallback")]
    messages = misunderstand(ranked_tracker(events, [], slots={"kommun_code": "0380"}))
    assert any(m.get("response", "").startswith("utter_office_") for m in messages)


def test_a_third_miss_guesses_again() -> None:
    events = [user("a", "nlu_fallback"), *guessed(), user("b", "nlu_fallback"), *guessed(), user("c", "nlu_fallback")]
    assert misunderstand(ranked_tracker(events, [("find_office", 0.25)]))[0]["response"] == "utter_did_you_mean"


def find_office(text: str, intent: str = "find_office", **kwargs: Any):  # type: ignore[no-untyped-def]
    from bot.actions.offices import ActionFindOffice

    dispatcher = CollectingDispatcher()
    events = ActionFindOffice().run(dispatcher, tracker_for(text, intent, **kwargs), {})
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_find_office_from_a_stadsdel_in_free_text() -> None:
    messages, slots = find_office("jag bor i Rinkeby, finns det personligt ombud?")
    intro = next(m for m in messages if str(m.get("response")).startswith("utter_office_intro"))
    assert "Järva" in intro["office"]
    assert slots == {"kommun_code": "0180", "area": "Järva"}
    queue_date = next(m for m in messages if m.get("response") == "utter_office_queue_dated")
    assert queue_date["date"] == "december 2024"


def test_an_office_asked_for_in_english_is_described_in_english_with_its_swedish_notes_said_to_be_so() -> None:
    messages, slots = find_office("Hello, is there a personal ombud near Rinkeby? My Swedish is not good.")
    texts = [m.get("text") or "" for m in messages]
    assert texts[0].startswith("In Stockholm there is") and "Järva" in texts[0]
    assert all(m.get("response") is None for m in messages), "no Swedish response in an English answer"
    queue = next(text for text in texts if text.startswith("About the queue, in Swedish:"))
    assert "kö" in queue, "the office's own note is given as its source wrote it"
    assert "The queue information is from December 2024." in texts
    assert texts[-2].startswith("Source") and texts[-1].startswith("I am a chatbot")
    assert slots == {"kommun_code": "0180", "area": "Järva"}
    several, _ = find_office("Is there an ombud in Stockholm?")
    assert several[0]["text"].startswith("In Stockholm there are several offices")
    assert "I have no home" in [button["title"] for button in several[0]["buttons"]]
    guessed, _ = find_office("is there an ombud in Upsala?")
    assert guessed[1]["text"].startswith("I think you mean Uppsala"), "the guess from a mistyped name in English"
    none_known, _ = find_office("Hi, we have just settled in Sala. Does it have a personal ombud?")
    assert none_known[0]["text"].startswith("I do not know of a personligt ombud in Sala")
    assert any("switchboard" in (m.get("text") or "") for m in none_known)


def test_someone_who_said_they_are_16_learns_that_po_is_for_adults_before_the_office() -> None:
    young, _ = find_office("bor i uppsala", slots={"screen_age": "16"})
    texts = [m.get("text") or "" for m in young]
    youth = next(i for i, text in enumerate(texts) if "under 18" in text)
    office = next(i for i, m in enumerate(young) if str(m.get("response")).startswith("utter_office_intro"))
    assert youth < office and any("116 111" in text for text in texts)
    said_now, _ = find_office("jg e 16, finns det ombud i uppsala?")
    assert any("under 18" in (m.get("text") or "") for m in said_now)
    # Not for an adult, nor when the age kept is someone else's, nor for a question about someone else.
    for text, slots in (("bor i uppsala", {"screen_age": "34"}),
                        ("bor i uppsala", {"screen_age": "16", "screening_someone_else": True}),
                        ("var finns ombud i uppsala för min pappa", {"screen_age": "16"}),
                        ("min son e 16, finns ombud i uppsala", {})):
        adult, _ = find_office(text, slots=slots)
        assert not any("under 18" in (m.get("text") or "") for m in adult), (text, slots)


def test_find_office_asks_when_the_place_is_missing() -> None:
    messages, slots = find_office("var hittar jag ett personligt ombud")
    assert [m.get("response") for m in messages] == ["utter_ask_place"]
    assert slots == {}


def test_find_office_confirms_a_fuzzy_place_with_buttons() -> None:
    messages, _ = find_office("Göttebory", intent="inform_place")
    assert messages[0]["response"] == "utter_confirm_one_place"
    assert [b["title"] for b in messages[0]["buttons"]][0] == "Ja, Göteborg"
    several, slots = find_office("Kristian", intent="inform_place")
    assert several[0]["response"] == "utter_confirm_place" and slots.get("offered_place") is None
    assert [b["title"] for b in several[0]["buttons"]] == ["Kristianstad", "Kristinehamn", "Ingen av dem"]


def test_find_office_uses_the_button_payload_entity() -> None:
    messages, slots = find_office('/inform_place{"place": "Göteborg"}', intent="inform_place",
                                  entities=[{"entity": "place", "value": "Göteborg"}])
    assert slots["kommun_code"] == "1480"
    assert any(str(m.get("response")).startswith("utter_office_intro") for m in messages)


def test_find_office_asks_for_the_part_of_stockholm() -> None:
    messages, slots = find_office("Stockholm", intent="inform_place")
    assert messages[0]["response"] == "utter_ask_area"
    assert "Jag har ingen bostad" in [b["title"] for b in messages[0]["buttons"]]
    assert slots["kommun_code"] == "0180"


def test_homelessness_in_stockholm_leads_to_omrade_hemloshet() -> None:
    messages, slots = find_office("jag är hemlös i Stockholm, vem kan hjälpa mig")
    intros = [m["office"] for m in messages if str(m.get("response")).startswith("utter_office_intro")]
    assert len(intros) == 1 and "hemlöshet" in intros[0].lower()
    assert slots["homeless"] is True


def test_homelessness_without_a_place_hears_where_help_is_today_before_the_question() -> None:
    messages, slots = find_office("har ingen bostad, sover hos folk", intent="inform_homeless")
    texts_said = [m.get("text") or "" for m in messages]
    assert any("kommunen där du är just nu" in text for text in texts_said)
    assert messages[-1]["response"] == "utter_ask_place_homeless"
    assert slots["homeless"] is True


def test_a_home_named_is_not_homelessness_whatever_the_model_read() -> None:
    # "Bor i" a place named for sure says where the home is: the office for people without one is not given.
    messages, slots = find_office("bor i Rinkeby och undrar om ombud", intent="inform_homeless")
    intro = next(m["office"] for m in messages if str(m.get("response")).startswith("utter_office_intro"))
    assert "hemlöshet" not in intro.lower() and "homeless" not in slots
    # Words of homelessness beside it, or no place named for sure, still are.
    _, slots = find_office("bor i bilen nu, har ingen bostad i Sundbyberg", intent="inform_homeless")
    assert slots["homeless"] is True
    for text in ("bor i en bil", "bor i Malmö men har ingen lägenhet", "bor hos en kompis i Lund"):
        _, slots = find_office(text, intent="inform_homeless")
        assert slots["homeless"] is True, text


def test_a_kommun_without_known_office_gets_the_honest_next_step() -> None:
    messages, _ = find_office("Gotland", intent="inform_place")
    said = [m.get("text") or m.get("response") for m in messages]
    assert said[0] == "utter_no_known_office" and "utter_no_po_report" in said
    assert any(text and "Länsstyrelsen" in text for text in said)
    assert not any(str(m.get("response")).startswith("utter_office_intro") for m in messages)
    # Never a dead end: the same next steps as after an office.
    assert said[-1] == "utter_office_next"


def test_an_unknown_place_is_said_not_found_even_after_an_earlier_kommun() -> None:
    messages, _ = find_office("Blorpinge", intent="inform_place", slots={"kommun_code": "1480"})
    assert [m.get("response") for m in messages] == ["utter_place_not_found", "utter_ask_place"]


def test_asking_again_uses_the_kommun_given_before() -> None:
    messages, _ = find_office("var är ombudet", slots={"kommun_code": "1480"})
    assert any(str(m.get("response")).startswith("utter_office_intro") for m in messages)


def run_with(action_class, text: str, intent: str, entities=None):  # type: ignore[no-untyped-def]
    dispatcher = CollectingDispatcher()
    action_class().run(dispatcher, tracker_for(text, intent, entities=entities), {})
    return dispatcher.messages


def test_authority_question_gets_the_kronofogden_deadline_and_phone() -> None:
    from bot.actions.authorities import ActionExplainAuthority

    messages = run_with(ActionExplainAuthority, "jag har fått ett brev från kronofogden", "ask_authority")
    said = "\n".join(m.get("text") or "" for m in messages)
    assert "10 dagar" in said
    phone = next(m for m in messages if m.get("response") == "utter_authority_phone")
    assert phone["phone"] == phone_of(authority("kronofogden"))
    assert any(m.get("response") == "utter_your_rights" for m in messages)


def test_authority_from_a_button_payload() -> None:
    from bot.actions.authorities import ActionExplainAuthority

    messages = run_with(ActionExplainAuthority, '/ask_authority{"authority": "arbetsformedlingen"}', "ask_authority",
                        entities=[{"entity": "authority", "value": "arbetsformedlingen"}])
    assert next(m for m in messages if m.get("response") == "utter_authority_phone")["phone"] == \
        phone_of(authority("arbetsformedlingen"))


def test_an_unnamed_authority_is_asked_for() -> None:
    from bot.actions.authorities import ActionExplainAuthority

    messages = run_with(ActionExplainAuthority, "min handläggare svarar aldrig", "ask_authority")
    assert [m.get("response") for m in messages] == ["utter_ask_authority"]


def test_a_question_the_selector_is_sure_of_is_answered_when_no_authority_is_named() -> None:
    from bot.actions.authorities import ActionExplainAuthority

    text = "vet inte om ja har psykisk funktionsnedsättning, har ingen diagnos"
    selector = {"faq": {"response": {"intent_response_key": "faq/po_diagnosis", "confidence": 0.97},
                        "ranking": [{"intent_response_key": "faq/po_diagnosis", "confidence": 0.97}]}}
    dispatcher = CollectingDispatcher()
    ActionExplainAuthority().run(dispatcher, tracker_for(text, "ask_authority", extra={"response_selector": selector}),
                                 {})
    assert "diagnos" in " ".join(texts(dispatcher.messages))
    assert all(m.get("response") != "utter_ask_authority" for m in dispatcher.messages)


def test_acute_lack_of_money_comes_before_appeals() -> None:
    from bot.actions.authorities import ActionExplainAuthority

    messages = run_with(ActionExplainAuthority, "soc säger nej och jag har inga pengar till mat", "ask_authority")
    said = "\n".join(m.get("text") or "" for m in messages)
    assert "socialjour" in said.lower() and "överklaga" not in said.lower()


def test_the_fk_af_gap_explains_sip_network_meeting_and_meanwhile_money() -> None:
    from bot.actions.authorities import ActionExplainGap

    said = "\n".join(m.get("text") or "" for m in run_with(ActionExplainGap, "fk och af skyller på varandra",
                                                             "authority_gap"))
    for words in ("SIP", "nätverksmöte", "omprövning", "försörjningsstöd", "personligt ombud"):
        assert words in said


def test_a_relative_hears_that_po_works_on_the_persons_own_wish_and_about_support() -> None:
    from bot.actions.conversation import ActionRelativeHelp

    messages = run_with(ActionRelativeHelp, "min son behöver hjälp", "relative_help")
    said = "\n".join(m.get("text") or "" for m in messages)
    assert "personen måste vilja" in said
    assert "anhörigstöd" in said and phone_of(fact("org.anhorigas_riksforbund")) in said
    assert messages[-1].get("response") == "utter_relative_next"


def test_whether_a_relative_can_have_an_ombud_is_the_screener_taken_on_their_behalf() -> None:
    from bot.actions.conversation import ActionRelativeHelp

    asked = "får min pappa ha ett personligt ombud, han mår så dåligt"
    events = ActionRelativeHelp().run(CollectingDispatcher(), tracker_for(asked, "relative_help"), {})
    assert events[-1]["event"] == "user" and events[-1]["parse_data"]["intent"]["name"] == "check_eligibility"
    # Not inside a form: the writer's own answers there are not swept away.
    inside = ActionRelativeHelp().run(CollectingDispatcher(), tracker_for(asked, "relative_help",
                                                                          active_loop="eligibility_form"), {})
    assert not any(event.get("event") == "user" for event in inside)
    # How to get one, or how to help, is still the relative's answer.
    messages = run_with(ActionRelativeHelp, "hur kan min pappa få ett ombud", "relative_help")
    assert messages[-1].get("response") == "utter_relative_next"


def test_another_language_gets_a_calm_notice_in_english_without_alarm_numbers() -> None:
    from bot.actions.conversation import ActionOtherLanguage

    messages = run_with(ActionOtherLanguage, "sprechen sie deutsch", "other_language")
    assert [m["response"] for m in messages] == ["utter_other_language"]
    notice = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"][
        "utter_other_language"][0]["text"]
    assert "chatbot" in notice and "interpreter" in notice and not re.search(r"\d", notice)


def test_an_out_of_scope_question_is_answered_politely_the_first_time() -> None:
    dispatcher = CollectingDispatcher()
    ActionHandleMisunderstanding().run(dispatcher, tracker_for("vem vann matchen", "out_of_scope"), {})
    assert [m.get("response") for m in dispatcher.messages] == ["utter_out_of_scope"]


def test_the_action_server_registers_every_action_of_the_package() -> None:
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("bot.actions")
    assert {"action_leave_form_for_topic", "validate_eligibility_form", "validate_handoff_form",
            "action_handle_misunderstanding"} <= set(executor.actions)


def one_place_asked(place: str) -> list[dict[str, Any]]:
    """The turn in which the bot asked "Menar du <place>?"."""
    return [user(place[:-1], "inform_place"), action("action_find_office"),
            {"event": "bot", "metadata": {"utter_action": "utter_confirm_one_place"}}]


@pytest.mark.parametrize(("typed", "place", "kommun_code"), [
    ("finns ombud i gävel?", "Gävle", "2180"), ("bor i örebo", "Örebro", "1880"), ("bor i kalmr", "Kalmar", "0880"),
    # Spelled as it sounds.
    ("Upsalla", "Uppsala", "0380"), ("går det att hitta ett ombud i hesleholm kommun", "Hässleholm", "1293"),
])
def test_a_name_one_slip_away_is_answered_for_that_place_saying_so(typed: str, place: str, kommun_code: str) -> None:
    messages, slots = find_office(typed, intent="find_office")
    # The answer first, naming the place; the guess right after it, where a wrong one is still seen.
    assert messages[0].get("kommun") == place or place in (messages[0].get("text") or "")
    assert messages[1]["text"] == f"Jag tror att du menar {place}. Skriv ortens namn igen om det är fel."
    assert slots["kommun_code"] == kommun_code
    assert not any(m.get("response") in ("utter_confirm_one_place", "utter_confirm_place") for m in messages)


@pytest.mark.parametrize("typed", ["linkopin", "Malm", "Göteborj", "bor i märsta",
                                   "jag bor i linköpings kommun", "bor i stockholms län"])
def test_a_name_two_places_two_slips_or_one_letter_away_a_part_of_a_city_or_a_genitive_is_still_asked_about(
        typed: str) -> None:
    messages, slots = find_office(typed, intent="inform_place")
    assert messages[0]["response"] in ("utter_confirm_one_place", "utter_confirm_place")
    assert "kommun_code" not in slots


def test_one_likely_place_is_asked_about_by_name() -> None:
    messages, slots = find_office("Malm", intent="inform_place")
    assert messages[0]["response"] == "utter_confirm_one_place" and messages[0]["place"] == "Malmö"
    assert [b["title"] for b in messages[0]["buttons"]] == ["Ja, Malmö", "Nej, en annan ort"]
    assert slots["offered_place"] == "Malmö"


def test_a_typed_yes_to_one_place_gives_its_office() -> None:
    from bot.actions.conversation import ActionAnswerLoneYes

    dispatcher = CollectingDispatcher()
    said_yes = [*one_place_asked("Malmö"), user("ja precis", "affirm")]
    events = ActionAnswerLoneYes().run(dispatcher, tracker_for("ja precis", "affirm", {"offered_place": "Malmö"},
                                                               said_yes), {})
    assert {"event": "slot", "name": "kommun_code", "value": "1280", "timestamp": None} in events
    assert any(str(m.get("response")).startswith("utter_office_intro") for m in dispatcher.messages)
    assert all(m.get("response") != "utter_menu" for m in dispatcher.messages)


def test_a_yes_long_after_the_place_was_asked_is_not_read_as_that_place() -> None:
    from bot.actions.conversation import ActionAnswerLoneYes

    earlier = [*one_place_asked("Malmö"), user("tack", "thank"),
               {"event": "bot", "metadata": {"utter_action": "utter_welcome"}}]
    dispatcher = CollectingDispatcher()
    ActionAnswerLoneYes().run(dispatcher, tracker_for("ja", "affirm", {"offered_place": "Malmö"},
                                                      [*earlier, user("ja", "affirm")]), {})
    assert [m.get("response") for m in dispatcher.messages] == ["utter_menu"]


@pytest.mark.parametrize("text", ["nej förlåt ja ljög ja e 16 egentligen", "nej, jag är 15 år"])
def test_a_no_that_tells_an_age_gets_what_age_means_for_an_ombud(text: str) -> None:
    from bot.actions.conversation import ActionAnswerLoneNo

    dispatcher = CollectingDispatcher()
    ActionAnswerLoneNo().run(dispatcher, tracker_for(text, "deny", events=[user(text, "deny")]), {})
    said = " ".join(m.get("text") or "" for m in dispatcher.messages)
    assert fact("alt.young_people").text in said


def test_a_plain_no_leaves_the_person_be() -> None:
    from bot.actions.conversation import ActionAnswerLoneNo

    dispatcher = CollectingDispatcher()
    ActionAnswerLoneNo().run(dispatcher, tracker_for("nej", "deny", events=[user("nej", "deny")]), {})
    assert [m.get("response") for m in dispatcher.messages] == ["utter_okay"]


def test_a_correction_of_an_age_never_given_is_answered_not_refused() -> None:
    from bot.actions.eligibility import ActionChangeAnswer

    text = "nej vänta jag är 17 egentligen"
    dispatcher = CollectingDispatcher()
    ActionChangeAnswer().run(dispatcher, tracker_for(text, "change_answer", events=[user(text, "change_answer")]), {})
    said = " ".join(m.get("text") or "" for m in dispatcher.messages)
    assert fact("alt.young_people").text in said
    assert all(m.get("response") != "utter_nothing_to_change" for m in dispatcher.messages)


def test_another_authority_named_right_after_a_phone_answer_asks_its_number_not_about_a_gap() -> None:
    from bot.actions.authorities import ActionExplainGap

    text = "men arbets förmedlingen?"
    asked = {"intent": {"name": "faq", "confidence": 0.95}, "response_selector": {"faq": {"response": {
        "intent_response_key": "faq/fk_phone", "confidence": 0.97}}}}
    events = [{"event": "user", "text": "kassans telefonnummer?", "parse_data": asked},
              {"event": "action", "name": "action_answer_question"},
              {"event": "slot", "name": "last_authority", "value": "forsakringskassan"},
              {"event": "action", "name": "action_listen"},
              {"event": "user", "text": text, "parse_data": {"intent": {"name": "authority_gap", "confidence": 0.6}}}]
    dispatcher = CollectingDispatcher()
    ActionExplainGap().run(dispatcher, tracker_for(text, "authority_gap", {"last_authority": "forsakringskassan"},
                                                   events=events), {})
    assert phone_of(authority("arbetsformedlingen")) in str(dispatcher.messages)
    assert "SIP" not in str(dispatcher.messages)


def test_an_office_asked_inside_a_form_ends_without_the_choice_of_what_to_do_next() -> None:
    inside, _ = find_office("hur lång väntetid har ombuden i Sundsvall", intent="faq", active_loop="eligibility_form")
    assert not any(str(m.get("response")).startswith("utter_office_next") for m in inside), \
        "the form's own question comes next"
    outside, _ = find_office("hur lång väntetid har ombuden i Sundsvall", intent="faq")
    assert outside[-1].get("response") == "utter_office_next"



def test_a_benefit_asked_about_by_name_gets_that_benefit_and_the_number_not_all_the_authority_does() -> None:
    from bot.actions.authorities import ActionExplainAuthority

    messages = run_with(ActionExplainAuthority, "får man merkostnadsersättning från försäkringskassan",
                        "ask_authority")
    said = texts(messages)
    assert said[0].startswith("Merkostnadsersättning:")
    assert next(m for m in messages if m.get("response") == "utter_authority_phone")["phone"] == \
        phone_of(authority("forsakringskassan"))
    assert not any(m.get("response") == "utter_your_rights" for m in messages), "the rest is a button away"
    assert [b["title"] for b in messages[-1]["buttons"]] == ["Mer om Försäkringskassan"]
    # About a decision on it, the whole answer: what to do about a no.
    refused = run_with(ActionExplainAuthority, "fk sa nej till min merkostnadsersättning", "ask_authority")
    assert any(m.get("response") == "utter_your_rights" for m in refused)


def test_a_benefit_stopped_or_late_gets_the_whole_answer_with_its_deadlines() -> None:
    from bot.actions.authorities import ActionExplainAuthority

    for text in ("försäkringskassan har slutat betala min sjukersättning",
                 "fk har inte svarat om sjukersättning på länge"):
        messages = run_with(ActionExplainAuthority, text, "ask_authority")
        assert any(m.get("response") == "utter_your_rights" for m in messages), text
