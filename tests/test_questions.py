"""Specific questions answered one by one: the fact asked for first, its source, then one offer."""
from __future__ import annotations

from typing import Any

import pytest
from builders import tracker_for
from conftest import SOURCE_AGE
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.questions import ActionAnswerQuestion
from bot.logic.follow_up import asks_for_the_office
from bot.logic.misunderstanding import RECOVERY_RESPONSES
from bot.logic.questions import (
    ASKED_FIRST,
    NOTHING_MORE,
    OFFERS,
    answer,
    offer_button,
    question_payload,
    too_unsure_to_answer,
)
from knowledge.queries import all_questions, authority, fact, question


def said(messages: list[Any]) -> list[str]:
    return [str(getattr(m, "text", None) or (m.get("text") if isinstance(m, dict) else "") or "") for m in messages]


def test_there_are_at_least_forty_questions_and_each_answers_from_the_knowledge_base() -> None:
    questions = all_questions()
    assert len(questions) >= 40
    for asked in questions:
        says = answer(asked)
        assert says[0].text or says[0].response, asked.key
        notes = [s.text for s in says if s.text and s.text.startswith(("Källa", "Källor"))]
        assert len(notes) <= 1 and all(SOURCE_AGE.search(note) for note in notes), asked.key
        assert sum(1 for s in says if s.buttons) <= 1, asked.key  # at most one offer


@pytest.mark.parametrize(("key", "first_holds"), [
    ("po_cost", lambda: fact("po.free_voluntary").text),  # type: ignore[union-attr]
    ("fk_phone", lambda: authority("forsakringskassan").phone),  # type: ignore[union-attr]
    ("kfm_letter", lambda: authority("kronofogden").deadlines[0].text),  # type: ignore[union-attr]
    ("sip_what", lambda: fact("rights.sip").text),  # type: ignore[union-attr]
])
def test_the_asked_fact_comes_first(key: str, first_holds: Any) -> None:
    first = answer(question(key))[0]  # type: ignore[arg-type]
    assert first_holds() in (first.text or "") or first_holds() in first.values.values()


def test_the_queue_question_uses_the_persons_own_office_or_asks_where() -> None:
    asked = question("po_queue")
    assert answer(asked)[0].response == "utter_queue_depends_on_office"  # type: ignore[arg-type]
    at_jarva = answer(asked, "0180", "Järva")  # type: ignore[arg-type]
    assert at_jarva[0].response == "utter_queue_at_office" and "Järva" in at_jarva[0].values["office"]
    assert answer(asked, "0180")[0].response == "utter_ask_area"  # type: ignore[arg-type]  (never guessed)


def test_of_a_longer_answer_the_part_asked_about_comes_first() -> None:
    god_man = question("god_man")
    assert god_man is not None
    first = {typed: answer(god_man, typed=typed)[0].text or "" for typed in (
        "vem står för arvodet till en god man?", "går det att tvinga mig att ha god man", "var ansöker man om god man",
        "berätta om god man", None)}
    assert first["vem står för arvodet till en god man?"].startswith("Oftast betalar du")
    assert first["går det att tvinga mig att ha god man"].startswith("Du måste säga ja")
    assert first["var ansöker man om god man"].startswith("Tingsrätten beslutar")
    assert first["berätta om god man"].startswith("En god man kan") and first[None].startswith("En god man kan")
    contact, money = question("po_contact"), question("soc_apply")
    assert contact is not None and money is not None
    assert "sms:a" in (answer(contact, typed="går det att messa ombudet, typ sms")[0].text or "")
    assert (answer(money, typed="vilka papper behöver soc se")[0].text or "").startswith("Ta med:")
    # Each part said first is a part of that question's answer, whatever the question asks.
    for key, parts in ASKED_FIRST.items():
        found = question(key)
        assert found is not None and all(part in found.answers for _, part in parts), key


def test_every_offer_becomes_a_button() -> None:
    for asked in all_questions():
        button = offer_button(asked.offer)
        assert button is None or button.title and button.payload, asked.key
    assert set(OFFERS) <= {q.offer for q in all_questions()}


def run(text: str, intent: str = "faq", entities: list[dict[str, Any]] | None = None,
        extra: dict[str, Any] | None = None, **slots: Any) -> list[dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    ActionAnswerQuestion().run(dispatcher, tracker_for(text, intent, slots, entities=entities, extra=extra,
                                                       active_loop=slots.pop("_loop", None)), {})
    return dispatcher.messages


def selected(key: str) -> dict[str, Any]:
    return {"response_selector": {"faq": {"response": {"intent_response_key": f"faq/{key}", "confidence": 0.9}}}}


def test_the_action_answers_the_selected_question_or_the_button_named_one() -> None:
    typed = run("kostar det nåt", extra=selected("po_cost"))
    assert fact("po.free_voluntary").text in said(typed)  # type: ignore[union-attr]
    button = run("/faq", entities=[{"entity": "faq_key", "value": "fk_phone"}], extra=selected("po_cost"))
    assert any(m.get("response") == "utter_authority_phone" for m in button)
    assert question_payload("fk_phone") == '/faq{"faq_key": "fk_phone"}'


def test_inside_a_form_the_answer_has_no_offer_so_the_form_goes_on() -> None:
    messages = run("kostar det nåt", extra=selected("po_cost"), _loop="eligibility_form")
    assert not any(m.get("buttons") for m in messages)


def test_the_authority_named_wins_over_the_question_selected() -> None:
    from bot.logic.questions import in_context

    assert in_context("fk_phone", ["kronofogden"], None) == "kfm_phone"
    assert in_context("fk_phone", ["forsakringskassan"], "kronofogden") == "fk_phone"


def test_a_follow_up_that_names_no_authority_keeps_the_last_one() -> None:
    from bot.logic.questions import in_context

    assert in_context("fk_phone", [], "kronofogden") == "kfm_phone"
    assert in_context("fk_appeal", [], "ekonomiskt_bistand") == "soc_appeal"
    # No such question about the last authority: the one selected stands.
    assert in_context("kfm_letter", [], "arbetsformedlingen") == "kfm_letter"
    assert in_context("po_cost", [], "kronofogden") == "po_cost"


def test_how_to_apply_for_money_says_what_to_bring() -> None:
    social_services = authority("ekonomiskt_bistand")
    assert social_services is not None and social_services.documents_to_bring
    texts = [s.text or "" for s in answer(question("soc_apply"))]  # type: ignore[arg-type]
    bring = next(text for text in texts if text.startswith("Ta med:"))
    assert all(document in bring for document in social_services.documents_to_bring)


def test_the_god_man_answer_says_it_needs_a_yes_and_who_pays() -> None:
    texts = " ".join(s.text or "" for s in answer(question("god_man")))  # type: ignore[arg-type]
    assert "säga ja" in texts and "arvode" in texts


def office_said(messages: list[dict[str, Any]]) -> str:
    """The office named in a reply (empty when the reply names none)."""
    return next((str(m["office"]) for m in messages if str(m.get("response")).startswith("utter_office_intro")), "")


def test_how_to_reach_po_with_a_place_known_gets_that_office_not_the_general_way() -> None:
    named = run("Vad visar ni för kontaktuppgifter till oss i Trollhättan?", extra=selected("po_contact"))
    assert "Fyrbodal" in office_said(named)
    # Without a place in the message the general answer says one may call, text or mail.
    remembered = run("hur kontaktar han dom, måste man ringa?", extra=selected("po_contact"), kommun_code="1488")
    assert office_said(remembered) == "" and fact("po.how_to_reach").text in said(remembered)  # type: ignore[union-attr]
    # A named authority wins over the place.
    authority_named = run("hur når jag försäkringskassan i Trollhättan?", extra=selected("po_contact"))
    assert office_said(authority_named) == ""


def test_a_relative_asking_to_make_the_contact_hears_that_it_happens_together_with_the_person() -> None:
    relative = [{"event": "user", "text": "min son mår dåligt, hur hjälper jag honom",
                 "parse_data": {"intent": {"name": "relative_help"}}}]
    together = fact("po.relatives").text  # type: ignore[union-attr]
    for text in ("kan jag själv ringa kontoret åt honom", "får ja mejla ombudet åt henne"):
        dispatcher = CollectingDispatcher()
        ActionAnswerQuestion().run(dispatcher, tracker_for(text, "faq", events=relative, extra=selected("po_contact")),
                                   {})
        assert together in said(dispatcher.messages), text
    # Writing about oneself, the same words ask how anyone reaches an ombud.
    assert together not in said(run("kan jag själv ringa kontoret åt honom", extra=selected("po_contact")))
    # Asking how anyone reaches an ombud, or whether the person must call, is not asking leave to make the contact.
    for text in ("hur når man ombuden", "hur når han dom, måste man ringa?", "måste jag ringa soc först"):
        dispatcher = CollectingDispatcher()
        ActionAnswerQuestion().run(dispatcher, tracker_for(text, "faq", events=relative, extra=selected("po_contact")),
                                   {})
        assert together not in said(dispatcher.messages), text


def test_a_number_asked_for_right_after_an_office_answer_is_the_offices() -> None:
    office_turn = [{"event": "user", "text": "ombud i trollhättan?", "parse_data": {"intent": {"name": "find_office"}}},
                   {"event": "action", "name": "action_find_office"}, {"event": "action", "name": "action_listen"}]
    dispatcher = CollectingDispatcher()
    text = "vilket nummer ska jag ringa?"
    ActionAnswerQuestion().run(dispatcher, tracker_for(text, "faq", {"kommun_code": "1488"}, events=[
        *office_turn, {"event": "user", "text": text, "parse_data": {"intent": {"name": "faq"}}}],
        extra=selected("af_phone")), {})
    assert "Fyrbodal" in office_said(dispatcher.messages)
    # Naming the authority, or without an office answer just before, the authority's number is meant.
    named = run("vilket nummer har arbetsförmedlingen?", extra=selected("af_phone"), kommun_code="1488")
    assert any(m.get("response") == "utter_authority_phone" for m in named)


def test_a_number_asked_for_right_after_an_answer_about_po_is_the_offices() -> None:
    def after_po_answer(slots: dict[str, Any]) -> list[dict[str, Any]]:
        text = "vilket telefonnummer gäller då"
        asked = {"intent": {"name": "faq", "confidence": 0.9}, **selected("po_relative")}
        events = [{"event": "user", "text": "får jag höra av mig åt honom", "parse_data": asked},
                  {"event": "action", "name": "action_answer_question"}, {"event": "action", "name": "action_listen"},
                  {"event": "user", "text": text, "parse_data": {"intent": {"name": "faq"}}}]
        dispatcher = CollectingDispatcher()
        ActionAnswerQuestion().run(dispatcher, tracker_for(text, "faq", slots, events=events,
                                                           extra=selected("af_phone")), {})
        return dispatcher.messages

    assert "Fyrbodal" in office_said(after_po_answer({"kommun_code": "1488"}))
    # After an answer that sends the person elsewhere (acute help), the number meant is not the office's.
    assert not asks_for_the_office("af_phone", [], False, True, [], "po_acute")
    # Where the place is not known yet, the bot asks for it instead of giving an authority's number.
    unknown = after_po_answer({})
    assert [m.get("response") for m in unknown] == ["utter_ask_place"]


def test_a_question_about_stopping_outside_a_form_is_answered_and_a_plain_stop_shows_the_menu() -> None:
    from bot.actions.conversation import ActionStopOutsideAForm

    def stop(text: str, confidence: float) -> list[dict[str, Any]]:
        dispatcher = CollectingDispatcher()
        ActionStopOutsideAForm().run(dispatcher, tracker_for(text, "stop_questions", extra={"response_selector": {
            "faq": {"response": {"intent_response_key": "faq/po_stop", "confidence": confidence}}}}), {})
        return dispatcher.messages

    stop_fact = "\n".join(said(answer(question("po_stop")))).split("\n")[0]  # type: ignore[arg-type]
    assert stop_fact and stop_fact in said(stop("Kan jag sluta när jag vill om det inte känns bra?", 0.97))
    assert [m.get("response") for m in stop("avbryt", 0.97)] == ["utter_menu"]
    assert [m.get("response") for m in stop("kan jag sluta?", 0.5)] == ["utter_menu"]


def test_an_interpreter_answer_says_a_child_need_not_interpret_and_a_letter_answer_what_silence_costs() -> None:
    interpreter = " ".join(s.text or "" for s in answer(question("right_interpreter")))  # type: ignore[arg-type]
    assert "13 § förvaltningslagen" in interpreter and "barn" in interpreter and "riktig tolk" in interpreter
    letter = " ".join(s.text or "" for s in answer(question("kfm_letter")))  # type: ignore[arg-type]
    assert letter.index("Svara först") < letter.index("utslag")


def test_an_answer_remembers_its_question_and_its_authority_for_a_follow_up() -> None:
    events = ActionAnswerQuestion().run(CollectingDispatcher(), tracker_for(
        "hur överklagar jag fk", "faq", {}, extra=selected("fk_appeal")), {})
    assert {"event": "slot", "name": "answered_question", "value": "fk_appeal", "timestamp": None} in events
    assert {"event": "slot", "name": "last_authority", "value": "forsakringskassan", "timestamp": None} in events


def test_a_relatives_question_about_a_named_authority_is_answered_as_that_question() -> None:
    from bot.actions.conversation import ActionRelativeHelp

    def relative_asks(text: str, key: str, confidence: float = 0.95) -> str:
        dispatcher = CollectingDispatcher()
        pick = {"response_selector": {"faq": {"response": {"intent_response_key": f"faq/{key}",
                                                           "confidence": confidence}}}}
        ActionRelativeHelp().run(dispatcher, tracker_for(text, "relative_help", extra=pick), {})
        return "\n".join(said(dispatcher.messages))

    letter = said(answer(question("kfm_letter")))[0]  # type: ignore[arg-type]
    assert relative_asks("syrran har ett brev från kronofogden hon inte vågar öppna, vad gör hon", "kfm_letter") \
        .startswith(letter)
    # Without the authority named, or with the selector unsure, a relative hears what a relative can do.
    for text, confidence in (("min son mår dåligt och öppnar inga brev", 0.95),
                             ("min bror har skulder hos kronofogden och mår dåligt", 0.5)):
        assert "personen måste vilja" in relative_asks(text, "kfm_letter", confidence), text


def test_a_relative_asking_support_for_themself_hears_of_the_kommuns_support_for_relatives_first() -> None:
    from bot.actions.conversation import ActionRelativeHelp
    support = fact("org.kommunens_anhorigstod").text  # type: ignore[union-attr]
    for text in ("vad finns det för stöd till mig som förälder då", "finns hjälp för oss som närstående?"):
        messages = run(text, extra=selected("af_decides"))
        assert messages[0]["text"] == support, text
        assert "Arbetsförmedlingen" not in said(messages), text
        dispatcher = CollectingDispatcher()
        ActionRelativeHelp().run(dispatcher, tracker_for(text, "relative_help"), {})
        assert dispatcher.messages[0]["text"] == support, text
    # Support asked for the person, or for oneself without being a relative: the question read stays.
    assert support not in said(run("vad finns det för stöd till min pappa på af", extra=selected("af_decides")))
    assert support not in said(run("finns det stöd för mig som har adhd på af", extra=selected("af_decides")))
    # The support asked after another question: that question is answered first.
    asked_second = run("får min bror ett ombud om han vill? och stöd åt mig som syster?", extra=selected("po_relative"))
    assert asked_second[0]["text"] != support
    # After a statement about the person, the support is still what is asked.
    assert run("min bror har psykos. stöd åt mig som syster, finns det?",
               extra=selected("po_relative"))[0]["text"] == support


def test_asked_for_someone_else_an_authoritys_answer_starts_with_the_fullmakt() -> None:
    from bot.actions.authorities import ActionExplainAuthority
    from bot.actions.conversation import ActionRelativeHelp

    on_behalf = fact("rights.on_behalf").text  # type: ignore[union-attr]
    fk_phone = question("fk_phone")
    assert fk_phone is not None
    number = answer(fk_phone, typed="går det att jag ringer kassan åt min dotter?")
    assert number[0].text == on_behalf
    assert number[1].values["phone"] == authority("forsakringskassan").phone  # type: ignore[union-attr]
    assert "lawline.se" in "".join(said(number))
    # Asked for oneself, the number comes first as before.
    assert answer(fk_phone, typed="kassans telefonnummer, tack")[0].text != on_behalf
    # A relative asking to handle a named authority hears its number after it; the explainer starts with it too.
    dispatcher = CollectingDispatcher()
    asked = "kan jag sköta det med kronofogden åt min brorsa"
    ActionRelativeHelp().run(dispatcher, tracker_for(asked, "relative_help"), {})
    assert said(dispatcher.messages)[0] == on_behalf
    assert authority("kronofogden").phone in str(dispatcher.messages)  # type: ignore[union-attr]
    dispatcher = CollectingDispatcher()
    asked = "får jag prata med soc för min pappas räkning"
    ActionExplainAuthority().run(dispatcher, tracker_for(asked, "ask_authority"), {})
    assert said(dispatcher.messages)[0] == on_behalf


def answered_turn(text: str, key: str) -> list[dict[str, Any]]:
    return [{"event": "user", "text": text, "parse_data": {"intent": {"name": "faq", "confidence": 1.0}}},
            {"event": "action", "name": "action_answer_question"},
            {"event": "slot", "name": "answered_question", "value": key}, {"event": "action", "name": "action_listen"}]


def test_the_same_answer_a_third_time_in_a_row_says_the_bot_knows_no_more_and_whom_to_ask() -> None:
    # Asked about the letter in ever new words, the person has had the whole answer twice: the third time the bot
    # says that it knows no more, and offers Kronofogden's number and an ombud instead of its usual offer.
    earlier = [*answered_turn("klienten har fått ett krav från kronofogden", "kfm_letter"),
               *answered_turn("vi tycker inte att klienten är skyldig, hur gör vi", "kfm_letter")]
    latest = "duger ett mejl eller ska det skickas med vanlig post?"

    def reply(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        dispatcher = CollectingDispatcher()
        ActionAnswerQuestion().run(dispatcher, tracker_for(latest, "faq", {}, [*events, {
            "event": "user", "text": latest, "parse_data": {"intent": {"name": "faq", "confidence": 1.0}}}],
            extra=selected("kfm_letter")), {})
        return dispatcher.messages

    third = reply(earlier)
    whole = [say.text for say in answer(question("kfm_letter"), offer=False)]
    assert said(third)[:-1] == whole and said(third)[-1] == NOTHING_MORE, "every part again: any may hold the answer"
    assert [button["payload"] for button in third[-1]["buttons"]] == [question_payload("kfm_phone"),
                                                                      OFFERS["ask_human"][1]]
    # Once before is not yet a loop: the answer with its usual offer.
    assert NOTHING_MORE not in said(reply(earlier[4:]))


def test_who_can_have_an_ombud_asked_by_someone_who_said_they_are_under_18_gets_where_young_people_get_help() -> None:
    young = fact("alt.young_people").text  # type: ignore[union-attr]
    asked = "men vem är det då som kan hjälpa en som mig"
    assert young in said(run(asked, extra=selected("po_who"), screen_age="16"))
    # Said in the message itself, too; an adult, or an age that is someone else's, gets who PO is for.
    assert young in said(run("jag är 15 år och undrar vem ombuden är till för", extra=selected("po_who")))
    assert young not in said(run(asked, extra=selected("po_who"), screen_age="34"))
    assert young not in said(run(asked, extra=selected("po_who"), screen_age="16", screening_someone_else=True))
    # Or in an earlier message of the conversation.
    events = [{"event": "user", "text": "hallå, jag e 16 och allt är skit just nu"},
              {"event": "user", "text": asked}]
    dispatcher = CollectingDispatcher()
    ActionAnswerQuestion().run(dispatcher, tracker_for(asked, "faq", {}, events, extra=selected("po_who")), {})
    assert young in said(dispatcher.messages)


def test_harm_done_by_ones_ombud_gets_where_to_report_it_first_never_to_take_it_up_with_the_ombud() -> None:
    said = [m.get("text") or "" for m in run("mitt ombud skrek och hotade att slå mig, vart vänder jag mig",
                                             extra=selected("po_not_satisfied"))]
    assert said[0] == fact("org.police_report").text
    assert "114 14" in said[0] and "112" in said[0]
    assert not any("till ombudet" in text for text in said)
    plain = [m.get("text") or "" for m in run("jag trivs inte med henne som är mitt ombud",
                                              extra=selected("po_not_satisfied"))]
    assert plain[0] == fact("po.not_satisfied").text and not any("114 14" in text for text in plain)


def test_only_the_number_asked_with_no_one_spoken_of_is_a_guess_not_an_authoritys_number() -> None:
    unsure = {"response_selector": {"faq": {"response": {"intent_response_key": "faq/kfm_phone", "confidence": 0.3}}}}
    said = run("tackar, kan jag få numret", extra=unsure)
    assert not any("0771" in str(m.get("text")) for m in said)
    assert said[0].get("response") in RECOVERY_RESPONSES, "choices or a request to say it again"


def test_money_or_things_taken_by_the_ombud_is_harm_and_a_plain_slip_is_not() -> None:
    from bot.logic.questions import harmed_by_the_ombud

    for told in ("ombudet har tagit mitt bankkort och svarar inte", "jag tror att hon stjäl av mig"):
        assert harmed_by_the_ombud(told), told
    for calm in ("ombudet slår aldrig upp något i lagen", "försäkringskassan hotar att sänka ersättningen"):
        assert not harmed_by_the_ombud(calm), calm


def test_a_pick_far_from_sure_is_a_guess_unless_it_is_about_the_authority_named() -> None:
    assert too_unsure_to_answer("po_appeal", 0.31, [])
    assert not too_unsure_to_answer("po_appeal", 0.6, [])
    assert not too_unsure_to_answer("soc_appeal", 0.35, ["ekonomiskt_bistand"])
    assert too_unsure_to_answer("af_decides", 0.35, ["forsakringskassan"])
