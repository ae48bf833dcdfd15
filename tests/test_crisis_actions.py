"""The crisis actions on real rasa-sdk Trackers: the reply that fits, the check-in, and staying with the person."""
from __future__ import annotations

import json
from typing import Any

from builders import tracker_for
from conftest import SOURCE_AGE
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.crisis import (
    ActionAfterCrisis,
    ActionAnswerCrisisLine,
    ActionAnswerResume,
    ActionCrisisSupport,
    ValidateCrisisSupportForm,
)
from knowledge.queries import fact

EMERGENCY = fact("crisis.emergency").phone  # type: ignore[union-attr]
SUICIDE_LINE = fact("crisis.suicide_line").phone  # type: ignore[union-attr]


def crisis_entity(level: str) -> list[dict[str, Any]]:
    return [{"entity": "crisis_level", "value": level}]


def run(action: Any, tracker: Any) -> tuple[list[dict[str, Any]], dict[str, Any], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, {})
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}, events


def said(messages: list[dict[str, Any]]) -> str:
    return "\n".join(str(m.get("text") or m.get("response") or "") for m in messages)


def reply_to(text: str, level: str = "crisis", **slots: Any) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    loop = slots.pop("_loop", None)
    messages, set_slots, _ = run(ActionCrisisSupport(),
                                 tracker_for(text, "crisis", slots, entities=crisis_entity(level), active_loop=loop))
    return messages, set_slots


def test_112_comes_in_the_first_message_of_every_crisis_reply() -> None:
    for text in ("jag vill inte leva längre", "tog alla mina tabletter", "han slår mig", "jag är 14 och vill dö",
                 "min son säger att han ska ta livet av sig", "jag skär mig varje kväll", "I want to die"):
        messages, _ = reply_to(text)
        first = messages[0]
        assert first.get("response", "").startswith("utter_crisis") and first["emergency"] == EMERGENCY, text


def test_each_situation_gets_its_own_lines() -> None:
    expectations = {
        "jag vill inte leva längre": "crisis.suicide_line",
        "jag skär mig varje kväll": "crisis.healthcare_advice",
        "han slår mig": "crisis.women_violence_line",
        "jag är 14 och vill dö": "crisis.children_line",
        "min son säger att han ska ta livet av sig": "crisis.for_someone_else",
    }
    for text, key in expectations.items():
        messages, _ = reply_to(text)
        assert fact(key).text in said(messages), text  # type: ignore[union-attr]
        assert any(SOURCE_AGE.search(str(m.get("text") or "")) for m in messages), text


def test_a_message_in_english_gets_the_reply_in_english_and_arabic_in_arabic_too() -> None:
    english, _ = reply_to("I want to kill myself")
    assert english[0]["response"] == "utter_crisis_in_en_suicidal"
    arabic, _ = reply_to("لا أريد أن أعيش")
    assert [m.get("response") for m in arabic][:2] == ["utter_crisis_in_ar", "utter_crisis_in_en_suicidal"]


def test_an_uncertain_message_gets_a_check_in_with_112_and_is_kept_for_a_no() -> None:
    messages, slots = reply_to("orkar inte mer med allt", level="check_in")
    assert [m.get("response") for m in messages] == ["utter_crisis_check_in", None]
    assert messages[0]["emergency"] == EMERGENCY and messages[0]["suicide_line"] == SUICIDE_LINE
    assert messages[1]["text"].startswith("Källor")
    assert [b["title"] for b in messages[-1]["buttons"]] == ["Ja", "Nej, jag menade något annat"]
    assert slots["crisis_check_in"] is True and json.loads(slots["crisis_replay"])["text"] == "orkar inte mer med allt"


def asked_with(intent: str, question: str, confidence: float, intent_confidence: float = 0.4) -> dict[str, Any]:
    """A check-in message whose best reading after `crisis` is `intent`, with the selector's pick. The crisis
    detector puts `crisis` first; at `intent_confidence` 0.5 or more the model itself had put `intent` first."""
    selected = {"intent_response_key": f"faq/{question}", "confidence": confidence}
    ranking = [{"name": "crisis", "confidence": 1.0}, {"name": intent, "confidence": intent_confidence}]
    return {"intent_ranking": ranking,
            "response_selector": {"faq": {"response": selected, "ranking": [selected]}}}


def check_in_reply(text: str, extra: dict[str, Any], loop: str | None = None,
                   slots: dict[str, Any] | None = None) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    tracker = tracker_for(text, "crisis", slots or {}, entities=crisis_entity("check_in"), active_loop=loop,
                          extra=extra)
    messages, slots, _ = run(ActionCrisisSupport(), tracker)
    return messages, slots


COST = "ursäkta att jag tjatar, men kostar det verkligen ingenting alls? vill inte ha nån faktura"


def test_a_calm_question_the_classifier_alone_doubted_is_answered_after_the_check_in() -> None:
    messages, slots = check_in_reply(COST, asked_with("faq", "po_cost", 0.99))
    assert messages[0]["response"] == "utter_crisis_check_in" and messages[0]["emergency"] == EMERGENCY
    assert "gratis" in said(messages[2:-1])
    # The check-in's two answers are the last thing on the screen.
    assert [b["title"] for b in messages[-1]["buttons"]] == ["Ja", "Nej"]
    assert "fara" in messages[-1]["text"]
    assert json.loads(slots["crisis_replay"])["answered"] is True
    # Remembered, so that "och om det blir nej?" next follows this answer up.
    assert slots["answered_question"] == "po_cost"


def test_a_question_the_model_read_first_is_answered_after_the_check_in_though_the_selector_was_unsure() -> None:
    what_they_do = "vad håller dom på med egentligen, rent konkret"
    messages, _ = check_in_reply(what_they_do, asked_with("faq", "po_help_with", 0.75, intent_confidence=0.7))
    assert messages[0]["response"] == "utter_crisis_check_in" and messages[0]["emergency"] == EMERGENCY
    assert said(messages[2:-1]) and "fara" in messages[-1]["text"]
    # The crisis probability above the question's, the selector unsure, or its pick only a catch-all guess about an
    # authority nobody named: the check-in alone.
    alone, _ = check_in_reply(what_they_do, asked_with("faq", "po_help_with", 0.7, intent_confidence=0.3))
    assert len(alone) == 2
    unsure, _ = check_in_reply(what_they_do, asked_with("faq", "po_help_with", 0.55, intent_confidence=0.7))
    assert len(unsure) == 2
    catch_all, _ = check_in_reply("hur gör jag nu då", asked_with("faq", "af_decides", 0.8, intent_confidence=0.7))
    assert len(catch_all) == 2


def test_the_fallback_the_model_put_before_the_question_does_not_keep_the_answer_back() -> None:
    letter = asked_with("faq", "kfm_letter", 1.0)
    letter["intent_ranking"].insert(1, {"name": "nlu_fallback", "confidence": 0.3})
    messages, _ = check_in_reply("fogden skickade ett föreläggande om betalning i veckan", letter)
    assert messages[0]["response"] == "utter_crisis_check_in" and "Kronofogden" in said(messages[2:-1])


def test_a_question_about_the_persons_own_office_gets_the_check_in_alone_even_with_the_office_known() -> None:
    # "hur länge dröjer det innan nån märker" reads as the queue to the selector: no answer beside the check-in.
    waiting = "hur länge dröjer det innan nån märker nåt"
    known, _ = check_in_reply(waiting, asked_with("faq", "po_queue", 1.0, intent_confidence=0.7),
                              slots={"kommun_code": "0380"})
    assert len(known) == 2 and known[0]["response"] == "utter_crisis_check_in"
    # The queue named, with the place known, is answered for that office after the check-in and its numbers.
    queue_asked = asked_with("faq", "po_queue", 1.0, intent_confidence=0.1)
    named, _ = check_in_reply("hur lång är kön dit egentligen", queue_asked, slots={"kommun_code": "0380"})
    assert named[0]["response"] == "utter_crisis_check_in" and len(named) > 2
    assert [b["title"] for b in named[-1]["buttons"]] == ["Ja", "Nej"]
    # Not before the place is known: the answer would ask where the person lives.
    unknown, _ = check_in_reply("hur lång är kön dit egentligen", queue_asked)
    assert len(unknown) == 2


def test_an_office_asked_for_in_a_named_place_is_described_after_a_check_in_the_classifier_alone_asked() -> None:
    messages, slots = check_in_reply("ska flytta till uppsala i vår, har dom nåt ombud där",
                                     asked_with("find_office", "po_queue", 0.4))
    assert messages[0]["response"] == "utter_crisis_check_in" and messages[0]["emergency"] == EMERGENCY
    assert any(str(m.get("response")).startswith("utter_office_intro") and m.get("kommun") == "Uppsala"
               for m in messages)
    assert [b["title"] for b in messages[-1]["buttons"]] == ["Ja", "Nej"]
    assert slots["kommun_code"] == "0380" and json.loads(slots["crisis_replay"])["answered"] is True
    # Words the lexicon doubts beside the place keep the check-in alone; so does a kommun of several offices.
    for text in ("orkar inte längre, finns det ombud i umeå", "har stockholm nåt ombud nånstans"):
        alone, _ = check_in_reply(text, asked_with("find_office", "po_queue", 0.4))
        assert len(alone) == 2 and alone[0]["response"] == "utter_crisis_check_in", text


def test_a_calm_question_in_english_is_answered_in_english_after_the_english_check_in() -> None:
    messages, slots = check_in_reply("Is it free? Money is tight for us since we both lost our jobs",
                                     asked_with("faq", "po_cost", 0.99))
    assert messages[0]["response"] == "utter_crisis_check_in_in_en" and messages[0]["emergency"] == EMERGENCY
    assert "free" in said(messages[2:-1]).casefold()
    assert [b["title"] for b in messages[-1]["buttons"]] == ["Yes", "No"]
    assert "danger" in messages[-1]["text"]
    # No other choices on the way: a button there would lead away from the check-in.
    assert not any(m.get("buttons") for m in messages[:-1])
    assert json.loads(slots["crisis_replay"])["answered"] is True


def test_a_question_in_the_middle_of_a_form_is_answered_after_the_check_in_and_the_form_offered_after_a_no() -> None:
    messages, slots = check_in_reply(COST, asked_with("faq", "po_cost", 0.99), loop="eligibility_form",
                                     slots={"requested_slot": "screen_hard"})
    assert messages[0]["response"] == "utter_crisis_check_in" and "gratis" in said(messages[2:-1])
    assert slots["paused_form"] == "eligibility_form"
    after, _, _ = run(ActionAfterCrisis(), tracker_for("nej", "deny", {**slots, "crisis_check_in": True}))
    assert [m.get("response") for m in after] == ["utter_okay", "utter_ask_resume_eligibility_form"]


def test_a_question_while_a_form_waits_for_the_persons_own_words_gets_the_check_in_alone() -> None:
    # The message may be the person's own words for the request: after a no, the form takes it.
    messages, slots = check_in_reply(COST, asked_with("faq", "po_cost", 0.99), loop="handoff_form",
                                     slots={"requested_slot": "handoff_own_words"})
    assert messages[0]["response"] == "utter_crisis_check_in" and "gratis" not in said(messages)
    assert json.loads(slots["crisis_replay"])["answered"] is False


def test_a_no_after_a_check_in_with_its_answer_does_not_answer_it_again() -> None:
    _, slots = check_in_reply(COST, asked_with("faq", "po_cost", 0.99))
    messages, _, events = run(ActionAfterCrisis(), tracker_for("nej", "deny", {**slots, "crisis_check_in": True}))
    assert [m.get("response") for m in messages] == ["utter_okay"]
    assert all(e["event"] != "user" for e in events)


def test_a_yes_after_the_check_in_with_its_answer_gets_the_crisis_reply_for_the_first_message() -> None:
    _, slots = check_in_reply(COST, asked_with("faq", "po_cost", 0.99))
    result, messages = support("", intent="crisis", level="crisis", crisis_check_in=True,
                               crisis_replay=slots["crisis_replay"])
    assert result["crisis_support"] is None and messages[0]["emergency"] == EMERGENCY


def test_the_check_in_stays_alone_when_crisis_words_doubt_or_another_language_are_there() -> None:
    cases = [
        # Neither Swedish nor English: the facts are not written in that language.
        ("Ma bilaash baa? Lacag ma haysto", asked_with("faq", "po_cost", 0.99), None),
        # An answer that asks something back (which part of Stockholm?) would leave the check-in unanswered.
        ("hur lång är kön i stockholm egentligen", asked_with("faq", "po_queue", 0.99), None),
        # The lexicon's own doubt ("orkar inte mer"): the person is not given facts before the question.
        ("orkar inte mer, kan jag sluta med ombudet när jag vill?", asked_with("faq", "po_stop", 1.0), None),
        (COST, asked_with("faq", "po_cost", 0.6), None),  # the selector unsure of the question
        (COST, asked_with("find_office", "po_cost", 0.99), None),  # not a question with a known answer
    ]
    for text, extra, loop in cases:
        messages, _ = check_in_reply(text, extra, loop, {"kommun_code": "0180"} if "stockholm" in text else {})
        assert len(messages) == 2 and messages[0]["response"].startswith("utter_crisis_check_in"), (text, extra, loop)


def test_a_crisis_inside_a_form_pauses_it() -> None:
    _, slots = reply_to("jag vill dö", _loop="eligibility_form")
    assert slots["paused_form"] == "eligibility_form"


def support(text: str, intent: str = "out_of_scope", confidence: float = 0.9, level: str | None = None,
            extra: dict[str, Any] | None = None, **slots: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    tracker = tracker_for(text, intent, slots, entities=crisis_entity(level) if level else [],
                          active_loop="crisis_support_form", confidence=confidence, extra=extra)
    result = ValidateCrisisSupportForm().validate_crisis_support(text, dispatcher, tracker, {})
    return result, dispatcher.messages


def test_after_the_crisis_reply_the_bot_stays_and_answers_what_comes() -> None:
    result, messages = support("jag ringde men ingen svarar")
    assert result["crisis_support"] is None and fact("crisis.psychiatric_emergency").text in said(messages)  # type: ignore[union-attr]
    result, messages = support("jag är ensam hemma")
    assert result["crisis_support"] is None and "utter_crisis_alone" in said(messages)
    result, messages = support("jag vill dö", intent="crisis", level="crisis")
    assert result["crisis_support"] is None and messages[0]["emergency"] == EMERGENCY


def test_listening_replies_take_turns_instead_of_repeating() -> None:
    replies = [support("jag vet inte", crisis_turns=float(turn))[1][0]["response"] for turn in range(3)]
    assert len(set(replies)) == 3


def test_the_supportive_mode_ends_only_when_the_person_moves_on() -> None:
    assert support("jag mår bättre nu, tack")[0]["crisis_support"] == "done"
    moved_on, _ = support("hur söker jag ekonomiskt bistånd", intent="faq", confidence=0.95)
    assert moved_on["crisis_support"] == "done" and json.loads(moved_on["crisis_replay"])["text"]
    unsure, _ = support("hur söker jag ekonomiskt bistånd", intent="faq", confidence=0.3)
    assert unsure["crisis_support"] is None


def test_the_check_in_answered() -> None:
    original = json.dumps({"text": "orkar inte mer med allt", "intent": {"name": "out_of_scope"}, "entities": []})
    yes, messages = support("ja", intent="affirm", crisis_check_in=True, crisis_replay=original)
    assert yes["crisis_support"] is None and messages[0]["emergency"] == EMERGENCY
    no, _ = support("nej", intent="deny", crisis_check_in=True, crisis_replay=original)
    assert no["crisis_support"] == "done"


def test_a_yes_the_small_talk_check_changed_is_still_a_yes_to_the_check_in() -> None:
    # "har dom framme här bredvid mig" has no yes-word, so the NLU's small-talk check made it a guess;
    # the model read it as a yes to "are you thinking of hurting yourself?", and that is what counts here.
    original = json.dumps({"text": "orkar inte mer med allt", "intent": {"name": "out_of_scope"}, "entities": []})
    yes, messages = support("har dom framme här bredvid mig nu", intent="nlu_fallback", crisis_check_in=True,
                            crisis_replay=original, extra={"misread_small_talk": "affirm"})
    assert yes["crisis_support"] is None and messages[0]["emergency"] == EMERGENCY
    # In the supportive mode a changed "are you a bot?" is not taken for a new topic either.
    still, _ = support("finns det någon som kan hjälpa mig", intent="faq", confidence=1.0,
                       extra={"misread_small_talk": "bot_challenge"}, crisis_support="listening")
    assert still["crisis_support"] != "done"


def test_a_hedged_yes_to_the_check_in_is_a_yes_but_an_answer_to_another_question_is_not() -> None:
    original = json.dumps({"text": "vet inte, det är bättre vissa veckor", "intent": {"name": "out_of_scope"},
                           "entities": []})
    for hedge in ("kanske lite", "kanske? jag vet inte", "typ, jag tänker på det ibland"):
        hedged, messages = support(hedge, intent="out_of_scope", confidence=0.4, crisis_check_in=True,
                                   crisis_replay=original)
        assert hedged["crisis_support"] is None and messages[0]["emergency"] == EMERGENCY, hedge
    other, messages = support("typ sen gymnasiet, så 12-13 år?", intent="out_of_scope", confidence=0.4,
                              crisis_check_in=True, crisis_replay=original)
    assert other["crisis_support"] == "done" and messages == []


def test_asking_for_the_office_in_a_named_place_moves_on_from_the_supportive_mode() -> None:
    moved_on, _ = support("jag bor på söder i stockholm, finns det nåt där", intent="find_office", confidence=0.3)
    assert moved_on["crisis_support"] == "done"
    unsure, _ = support("finns det nåt där", intent="find_office", confidence=0.3)
    assert unsure["crisis_support"] is None
    where_i_am, _ = support("jag är vid västerbron i stockholm", intent="find_office", confidence=0.3)
    assert where_i_am["crisis_support"] is None, "saying where one is, is not asking for an office"


def test_a_question_instead_of_an_answer_to_the_check_in_is_answered_as_itself() -> None:
    original = json.dumps({"text": "koden e H3MD-8QWZ", "intent": {"name": "withdraw_request"}, "entities": [],
                           "requested_slot": "handoff_flags"})
    asked, messages = support("fins det ombut i sundsvall", intent="find_office", confidence=0.3,
                              crisis_check_in=True, crisis_replay=original)
    assert asked["crisis_support"] == "done" and asked["crisis_check_in"] is False and messages == []
    assert json.loads(asked["crisis_replay"])["text"] == "fins det ombut i sundsvall"
    english, _ = support("Can we cancel the request?", intent="other_language", confidence=0.9,
                         crisis_check_in=True, crisis_replay=original)
    assert english["crisis_support"] == "done"
    vague, _ = support("vet inte", intent="out_of_scope", confidence=0.4, crisis_check_in=True,
                       crisis_replay=original)
    assert vague["crisis_support"] is None
    # Without an answer before it to follow up, a question that names no topic is listened to, question mark or not.
    for text in ("vem ska jag ringa då", "hur mycket tid har jag kvar då", "vem skulle sakna mig?"):
        listened, _ = support(text, intent="crisis", level="check_in", crisis_check_in=True, crisis_replay=original)
        assert listened["crisis_support"] is None, text
    # A question put to the bot may answer the check-in, whatever the classifier read.
    to_the_bot, _ = support("vad tror du?", intent="bot_challenge", confidence=0.9, crisis_check_in=True,
                            crisis_replay=original)
    assert to_the_bot["crisis_support"] is None
    danger, messages = support("ska jag ta alla tabletter?", intent="crisis", level="crisis", crisis_check_in=True,
                               crisis_replay=original)
    assert danger["crisis_support"] is None and messages[0]["emergency"] == EMERGENCY


def test_after_a_check_in_a_term_question_moves_on_but_one_the_classifier_doubts_again_stays() -> None:
    original = json.dumps({"text": "kronofogden skickade ett krav i förrgår", "intent": {"name": "faq"},
                           "entities": []})
    for text in ("bup, vad är det", "sgi vad e det för nåt"):
        asked, _ = support(text, intent="ask_term", confidence=0.9, crisis_check_in=True, crisis_replay=original)
        assert asked["crisis_support"] == "done", text
    # A hopeless question names a topic too: doubted again by the classifier, the person is stayed with.
    for text in ("vem ska betala skulderna efter mig", "varför skulle jag bestrida nåt nu"):
        stays, _ = support(text, intent="crisis", level="check_in", crisis_check_in=True, crisis_replay=original)
        assert stays["crisis_support"] is None, text


def test_a_home_named_with_despair_in_the_supportive_mode_keeps_the_person_there() -> None:
    for text in ("bor i kiruna, pallar inte mer", "bor i kiruna, blev av med lägenheten igår"):
        stays, _ = support(text, intent="inform_homeless", confidence=0.9, crisis_support="listening")
        assert stays["crisis_support"] is None, text


def test_after_a_check_in_an_authority_that_does_not_answer_is_the_topic_not_a_crisis_line() -> None:
    original = json.dumps({"text": "orka ringa dom en gång till", "intent": {"name": "out_of_scope"}, "entities": []})
    about_af, messages = support("arbetsförmedlingen alltså, ringt fem gånger nu och ingen svarar där",
                                 intent="report_obstacle", confidence=0.9, crisis_check_in=True,
                                 crisis_replay=original)
    assert about_af["crisis_support"] == "done"
    assert json.loads(about_af["crisis_replay"])["text"].startswith("arbetsförmedlingen")
    # A line that does not answer, or words of crisis with it, keep the person in the check-in.
    for text, intent, level in (("ringt flera gånger men ingen svarar", "report_obstacle", None),
                                ("ingen svarar på soc och jag vill inte leva mer", "crisis", "crisis"),
                                ("ingen svarar på soc heller och jag orkar inte", "report_obstacle", None),
                                ("ringt vårdcentralen två gånger men där svarar ingen", "report_obstacle", None),
                                ("hos självmordslinjen är kön jättelång nu", "report_obstacle", None)):
        stays, _ = support(text, intent=intent, confidence=0.9, crisis_check_in=True,
                           crisis_replay=original, level=level)
        assert stays["crisis_support"] is None, text


def test_words_of_going_on_struggling_in_the_supportive_mode_keep_the_person_there() -> None:
    # Read calmly as a first message, these say after a crisis reply that the person is not through it.
    for text, intent in (("bor i lund, orkar inte", "inform_place"), ("mår lite bättre men kan inte mera", "thank"),
                         ("tack. vill inte mer egentligen", "thank"),
                         ("feeling a bit better but I can't take it anymore", "thank"),
                         ("mår okej men orkar verkligen inget idag", "thank"),
                         ("tack, men står inte ut längre", "thank"), ("I give up, thanks anyway", "thank")):
        stays, _ = support(text, intent=intent, confidence=0.95, crisis_support="listening")
        assert stays["crisis_support"] is None, text
    moves_on, _ = support("bor i lund, vet du om det finns något kontor där för ombud", intent="find_office",
                          confidence=0.95, crisis_support="listening")
    assert moves_on["crisis_support"] == "done"


def test_a_question_that_names_nothing_the_bot_answers_about_is_listened_to_not_answered() -> None:
    # After the crisis numbers, a hopeless question is not a new topic, however sure the classifier is of one.
    for text, intent in (("men vad är ens meningen", "faq"), ("vem skulle ens märka nåt", "faq"),
                         ("det finns ju ingen som bryr sig om mig", "authority_gap"), ("kan nån komma hit", "faq"),
                         ("har skrivit ett brev till var och en av dem", "faq"),
                         ("vem ska ha mina pengar sen", "no_money"), ("I have made my decision now", "faq")):
        stays, messages = support(text, intent=intent, confidence=1.0)
        assert stays["crisis_support"] is None and messages, text
        after_check_in, _ = support(text, intent=intent, confidence=1.0, crisis_check_in=True,
                                    crisis_replay=json.dumps({"text": "allt är bara för mycket", "entities": []}))
        assert after_check_in["crisis_support"] is None, text
    # Asking the way people type, without a question mark, about something named, is another topic.
    original = json.dumps({"text": "allt är bara för mycket", "intent": {"name": "out_of_scope"}, "entities": []})
    for text in ("hur lång är kön till ombuden i stan", "vem på soc ska jag skriva till"):
        moved_on, _ = support(text, intent="nlu_fallback", confidence=0.3, crisis_check_in=True, crisis_replay=original)
        assert moved_on["crisis_support"] == "done", text
    # Denied, the same opening words state how the person is.
    stays, _ = support("kan inte mer med soc", intent="nlu_fallback", confidence=0.3, crisis_check_in=True,
                       crisis_replay=original)
    assert stays["crisis_support"] is None


def test_after_a_check_in_on_words_of_doubt_only_a_question_naming_a_topic_moves_on() -> None:
    doubted = json.dumps({"text": "kraften är slut, orkar inte längre", "intent": {"name": "out_of_scope"},
                          "entities": []})
    only_the_classifier = json.dumps({"text": "allt är bara för mycket", "intent": {"name": "out_of_scope"},
                                      "entities": []})
    question = "när öppnar dom på måndag?"
    stays, _ = support(question, intent="faq", confidence=0.9, crisis_check_in=True, crisis_replay=doubted)
    assert stays["crisis_support"] is None
    moved_on, _ = support(question, intent="faq", confidence=0.9, crisis_check_in=True,
                          crisis_replay=only_the_classifier)
    assert moved_on["crisis_support"] == "done"
    named, _ = support("när öppnar soc på måndag?", intent="faq", confidence=0.9, crisis_check_in=True,
                       crisis_replay=doubted)
    assert named["crisis_support"] == "done"


def test_after_the_supportive_mode_the_question_asked_instead_is_answered() -> None:
    replay = json.dumps({"text": "vad kostar ombud", "intent": {"name": "faq", "confidence": 0.9}, "entities": [],
                         "intent_ranking": [], "response_selector": {}})
    _, _, events = run(ActionAfterCrisis(), tracker_for("", "deny", {"crisis_replay": replay}))
    assert [e["event"] for e in events][-2:] == ["action", "user"]
    assert events[-2]["name"] == "action_listen" and events[-1]["text"] == "vad kostar ombud"


def test_a_question_in_english_after_the_supportive_mode_is_announced_in_english() -> None:
    from bot.logic.english import ANSWERING_WHAT_YOU_ASKED

    for text, said_first in (("how long does the waiting list usually take", ANSWERING_WHAT_YOU_ASKED),
                             ("hur lång brukar väntetiden vara", "utter_answering_what_you_asked")):
        replay = json.dumps({"text": text, "intent": {"name": "faq", "confidence": 0.9}, "entities": [],
                             "intent_ranking": [], "response_selector": {}})
        messages, _, _ = run(ActionAfterCrisis(), tracker_for("", "deny", {"crisis_replay": replay}))
        assert (messages[0].get("text") or messages[0].get("response")) == said_first, text


def test_a_no_to_a_check_in_inside_a_form_gives_the_message_back_to_the_form() -> None:
    replay = json.dumps({"text": "barn hemma", "intent": {"name": "inform_place", "confidence": 0.4}, "entities": [],
                         "intent_ranking": [], "response_selector": {}, "requested_slot": "handoff_flags"})
    slots = {"crisis_replay": replay, "crisis_check_in": True, "paused_form": "handoff_form"}
    messages, _, events = run(ActionAfterCrisis(), tracker_for("nej", "deny", slots))
    assert messages[0]["response"] == "utter_back_to_the_questions"
    assert {"event": "active_loop", "timestamp": None, "name": "handoff_form"} in events
    assert {"event": "slot", "timestamp": None, "name": "requested_slot", "value": "handoff_flags"} in events
    assert events[-1]["event"] == "user" and events[-1]["text"] == "barn hemma"
    assert events[-1]["parse_data"]["intent"]["name"] == "nonsense"  # no form turns it away


def test_after_a_crisis_reply_a_form_is_not_resumed_with_the_message() -> None:
    replay = json.dumps({"text": "vad kostar ombud", "intent": {"name": "faq", "confidence": 0.9}, "entities": [],
                         "intent_ranking": [], "response_selector": {}})
    slots = {"crisis_replay": replay, "crisis_check_in": False, "paused_form": "eligibility_form"}
    _, _, events = run(ActionAfterCrisis(), tracker_for("", "faq", slots))
    assert all(e["event"] != "active_loop" for e in events)


def test_a_paused_form_is_resumed_only_after_a_yes() -> None:
    messages, _, _ = run(ActionAfterCrisis(), tracker_for("", "affirm", {"paused_form": "eligibility_form"}))
    assert [m.get("response") for m in messages] == ["utter_ask_resume_eligibility_form"]
    _, _, events = run(ActionAnswerResume(), tracker_for("ja", "affirm", {"paused_form": "eligibility_form"}))
    assert {"event": "followup", "timestamp": None, "name": "eligibility_form"} in events
    messages, _, events = run(ActionAnswerResume(), tracker_for("nej", "deny", {"paused_form": "eligibility_form"}))
    assert all(e["event"] != "followup" for e in events) and messages[0]["response"] == "utter_okay"


def test_a_calm_question_about_a_line_gets_that_line_and_no_alarm() -> None:
    messages, _, _ = run(ActionAnswerCrisisLine(), tracker_for("har bris öppet på natten", "ask_crisis_line"))
    assert fact("crisis.children_line").text in said(messages)  # type: ignore[union-attr]
    assert not any(str(m.get("response") or "").startswith("utter_crisis_") for m in messages)


def test_no_form_turns_away_the_intent_a_message_given_back_carries() -> None:
    import yaml

    from bot.actions.forms import AN_ANSWER_TO_THE_FORM
    from storage.settings import PROJECT_ROOT

    slots = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))["slots"]
    turned_away = {intent for slot in slots.values() for mapping in slot.get("mappings") or []
                   for intent in mapping.get("not_intent") or []}
    assert AN_ANSWER_TO_THE_FORM not in turned_away


def test_a_plain_answer_to_the_form_question_is_not_asked_the_check_in() -> None:
    for text, asked in (("Jag är 51 år.", "screen_age"), ("24.", "screen_age"), ("bor i Sala", "handoff_place")):
        form = "eligibility_form" if asked.startswith("screen") else "handoff_form"
        messages, _, events = run(ActionCrisisSupport(), tracker_for(
            text, "crisis", {"requested_slot": asked}, entities=crisis_entity("check_in"), active_loop=form))
        assert messages == [], text
        assert {"event": "active_loop", "timestamp": None, "name": form} in events
        assert events[-1]["event"] == "user" and events[-1]["text"] == text
        assert events[-1]["parse_data"]["intent"]["name"] == "nonsense"


def test_words_of_crisis_in_a_short_form_answer_still_get_the_check_in() -> None:
    for text, asked in (("24. orkar inte mer", "screen_age"), ("ja, vill försvinna", "screen_hard"),
                        ("har tagit 30 alvedon", "screen_age")):
        messages, _, events = run(ActionCrisisSupport(), tracker_for(
            text, "crisis", {"requested_slot": asked}, entities=crisis_entity("check_in"),
            active_loop="eligibility_form"))
        assert messages and messages[0]["emergency"] == EMERGENCY, text
        assert all(e["event"] != "user" for e in events), text


def test_a_message_with_a_request_code_is_answered_as_typed_when_only_the_classifier_was_unsure() -> None:
    ranking = {"intent_ranking": [{"name": "crisis", "confidence": 0.3},
                                  {"name": "withdraw_request", "confidence": 0.6}]}
    state = tracker_for("koden är K7PQ-4XRT", "crisis", entities=crisis_entity("check_in"), extra=ranking)
    messages, _, events = run(ActionCrisisSupport(), state)
    assert messages == []
    assert events[-1]["event"] == "user" and events[-1]["parse_data"]["intent"]["name"] == "withdraw_request"


def test_words_of_crisis_beside_a_request_code_still_get_the_check_in() -> None:
    messages, _ = reply_to("ta bort K7PQ-4XRT, vill inte leva", level="check_in")
    assert messages and messages[0]["emergency"] == EMERGENCY


def test_feeling_safer_with_a_place_named_gets_the_office_there_next() -> None:
    settled, messages = support("ja e inte i fara nu tror ja. bor i jönköping", intent="inform_place", confidence=0.5)
    assert settled["crisis_support"] == "done" and messages[0]["response"] == "utter_crisis_settled"
    replay = json.loads(settled["crisis_replay"])
    assert replay["intent"]["name"] == "find_office" and "jönköping" in replay["text"]
    only_settled, _ = support("jag mår bättre nu, tack")
    assert only_settled["crisis_replay"] is None
    # With any sign of crisis beside it the bot does not move on to an office.
    for text in ("jag mår bättre nu, men står på bron. bor i Sundsvall", "mår bättre. bor i Skövde, orkar inte mer"):
        result, _ = support(text, intent="inform_place", confidence=0.5)
        assert result.get("crisis_replay") is None, text


def test_feeling_better_with_signs_the_assessment_was_unsure_of_keeps_the_bot_with_the_person() -> None:
    result, messages = support("jag mår bättre nu, men står på bron", intent="crisis", level="check_in")
    assert result["crisis_support"] is None and messages[0]["response"].startswith("utter_crisis_listening")
    # The classifier's doubt alone does not hold a calm person in the supportive mode.
    calm, _ = support("jag mår bättre nu, tack", intent="crisis", level="check_in")
    assert calm["crisis_support"] == "done"


def after_an_answer_about_kronofogden(text: str, extra: dict[str, Any], intent: str = "crisis",
                                      level: str | None = "check_in") -> Any:
    events = [{"event": "user", "text": "vad gör jag med kronofogden",
               "parse_data": {"intent": {"name": "ask_authority", "confidence": 0.9}}},
              {"event": "action", "name": "action_explain_authority"},
              {"event": "slot", "name": "last_authority", "value": "kronofogden"},
              {"event": "action", "name": "action_listen"},
              {"event": "user", "text": text, "parse_data": {"intent": {"name": intent, "confidence": 1.0}}}]
    return tracker_for(text, intent, {"last_authority": "kronofogden"}, events=events,
                       entities=crisis_entity(level) if level else [], extra=extra)


def test_a_follow_up_on_the_time_to_answer_is_answered_after_the_check_in_whatever_the_selector_picked() -> None:
    from bot.logic.questions import answer
    from knowledge.queries import question

    deadline = [say.text for say in answer(question("kfm_letter"), None, None, offer=False)  # type: ignore[arg-type]
                if say.text][0]
    text = "och hur lång tid har jag på mig"
    sure_queue = asked_with("faq", "po_queue", 0.95)
    messages, _, _ = run(ActionCrisisSupport(), after_an_answer_about_kronofogden(text, sure_queue))
    assert messages[0]["response"] == "utter_crisis_check_in" and messages[0]["emergency"] == EMERGENCY
    assert deadline in said(messages[2:-1])
    assert [b["title"] for b in messages[-1]["buttons"]] == ["Ja", "Nej"]
    # Words of crisis keep the check-in alone, and so does anything more than the question how long one has,
    # whatever the lexicon reads in it.
    for worried in ("och hur lång tid har jag på mig, vill inte leva längre",
                    "och hur lång tid har jag på mig kvar att leva?", "och sista dagen? sen är det över för mig"):
        for pick in (sure_queue, asked_with("faq", "po_queue", 0.3)):
            messages, _, _ = run(ActionCrisisSupport(), after_an_answer_about_kronofogden(worried, pick))
            assert deadline not in said(messages), worried


def test_what_happens_after_a_second_no_is_answered_after_the_check_in() -> None:
    from bot.logic.questions import answer
    from knowledge.queries import question

    appeal_at_fk = [say.text for say in answer(question("fk_appeal"), None, None, offer=False)  # type: ignore[arg-type]
                    if say.text][0]
    appeal_asked = {"intent": {"name": "faq", "confidence": 0.9},
                    "response_selector": {"faq": {"response": {"intent_response_key": "faq/right_appeal_how",
                                                               "confidence": 0.95}}}}

    def after_the_general_appeal_answer(text: str) -> Any:
        events = [{"event": "user", "text": "kassan drog in min sjukpenning", "parse_data": {"intent": {
                      "name": "ask_authority", "confidence": 0.9}}},
                  {"event": "slot", "name": "last_authority", "value": "forsakringskassan"},
                  {"event": "action", "name": "action_listen"},
                  {"event": "user", "text": "hur gör man för att klaga", "parse_data": appeal_asked},
                  {"event": "action", "name": "action_answer_question"},
                  {"event": "action", "name": "action_listen"},
                  {"event": "user", "text": text, "parse_data": {"intent": {"name": "crisis", "confidence": 1.0}}}]
        return tracker_for(text, "crisis", {"last_authority": "forsakringskassan"}, events=events,
                           entities=crisis_entity("check_in"), extra=asked_with("faq", "po_decline", 0.95))

    messages, _, _ = run(ActionCrisisSupport(), after_the_general_appeal_answer("och om svaret blir avslag igen"))
    assert messages[0]["response"] == "utter_crisis_check_in"
    assert appeal_at_fk in said(messages[2:-1])
    assert [b["title"] for b in messages[-1]["buttons"]] == ["Ja", "Nej"]
    # More than the bare question is not read as the follow-up (the selector's own pick may still be answered).
    giving_up = after_the_general_appeal_answer("och om svaret blir avslag igen vet jag inte")
    messages, _, _ = run(ActionCrisisSupport(), giving_up)
    assert appeal_at_fk not in said(messages)


def test_a_bare_follow_up_to_the_answer_given_with_the_check_in_is_answered() -> None:
    first = "syrran har fått ett krav från kronofogden"
    events = [{"event": "user", "text": first, "parse_data": {"intent": {"name": "crisis", "confidence": 1.0}}},
              {"event": "action", "name": "action_crisis_support"},
              {"event": "slot", "name": "answered_question", "value": "kfm_letter"},
              {"event": "slot", "name": "last_authority", "value": "kronofogden"},
              {"event": "action", "name": "action_listen"}]

    def after_the_answer(text: str, intent: str = "crisis") -> dict[str, Any]:
        tracker = tracker_for(text, intent, {"crisis_check_in": True, "last_authority": "kronofogden"},
                              events=[*events, {"event": "user", "text": text, "parse_data": {
                                  "intent": {"name": intent, "confidence": 1.0}}}],
                              entities=crisis_entity("check_in") if intent == "crisis" else [],
                              active_loop="crisis_support_form")
        return ValidateCrisisSupportForm().validate_crisis_support(text, CollectingDispatcher(), tracker, {})

    answered = after_the_answer("när har hen på sig att svara egentligen?")
    assert answered["crisis_support"] == "done"
    # Given again as the question it is, not as the small talk ("affirm") the model may have read into it.
    assert json.loads(answered["crisis_replay"])["intent"]["name"] == "faq"
    # Anything more than the bare follow-up keeps the person in the check-in.
    assert after_the_answer("när har hen på sig att svara egentligen, hen orkar inte?")["crisis_support"] is None
    # Asking whom to call may ask for a crisis line: it keeps the model's reading, not the authority's number.
    asks_whom_to_call = after_the_answer("å vem ringer vi nu egentligen?", intent="ask_crisis_line")
    assert asks_whom_to_call["crisis_support"] == "done"
    assert json.loads(asks_whom_to_call["crisis_replay"])["intent"]["name"] == "ask_crisis_line"


def test_after_the_check_in_a_message_that_answers_nothing_gets_the_check_in_again_once_with_its_buttons() -> None:
    original = json.dumps({"text": "det är så mycket nu", "intent": {"name": "out_of_scope"}, "entities": []})
    _, messages = support("vet inte riktigt vad jag ska skriva", intent="nlu_fallback", confidence=0.2,
                          crisis_check_in=True, crisis_replay=original)
    assert messages[-1]["text"] == "Är du i fara nu?"
    assert [b["title"] for b in messages[-1]["buttons"]] == ["Ja", "Nej"]
    # Asked once: the next message is listened to without the question again.
    _, later = support("vet inte riktigt vad jag ska skriva", intent="nlu_fallback", confidence=0.2,
                       crisis_check_in=True, crisis_replay=original, crisis_turns=1.0)
    assert all(m.get("text") != "Är du i fara nu?" for m in later)
    # After a crisis reply (no check-in pending) the listening reply stands alone.
    _, after_crisis = support("vet inte riktigt vad jag ska skriva", intent="nlu_fallback", confidence=0.2)
    assert all(m.get("text") != "Är du i fara nu?" for m in after_crisis)


def test_asked_whether_a_person_reads_the_bot_says_it_is_a_bot_gives_lines_with_people_and_stays() -> None:
    result, messages = support("är du en riktig människa?", intent="bot_challenge", confidence=0.9)
    assert result["crisis_support"] is None
    assert messages[0]["response"] == "utter_iam_bot" and messages[1]["emergency"] == EMERGENCY
    # After a check-in the question about danger is still open: it is asked again, with its two answers.
    original = json.dumps({"text": "det är så mycket nu", "intent": {"name": "out_of_scope"}, "entities": []})
    checked, messages = support("är ni en AI eller", intent="bot_challenge", confidence=0.9,
                                crisis_check_in=True, crisis_replay=original, crisis_turns=1.0)
    assert checked["crisis_support"] is None and messages[0]["response"] == "utter_iam_bot"
    assert messages[-1]["text"] == "Är du i fara nu?"
    # A yes after it is a yes to the check-in.
    yes, messages = support("är du en människa? ja", intent="bot_challenge", confidence=1.0, crisis_check_in=True,
                            crisis_replay=original)
    assert yes["crisis_support"] is None and messages[0]["emergency"] == EMERGENCY
    # Beside words of doubt too: the reply gives the lines and the bot stays.
    doubted, messages = support("är du en människa? jag orkar inte mer", intent="crisis", confidence=1.0,
                                level="check_in")
    assert doubted["crisis_support"] is None and messages[0]["response"] == "utter_iam_bot"
    # The model's "are you a bot?" on words that do not speak to the bot is listened to as before.
    _, listened = support("finns det någon som kan hjälpa mig", intent="bot_challenge", confidence=0.9)
    assert all(m.get("response") != "utter_iam_bot" for m in listened)


def test_a_check_in_about_someone_else_asks_whether_that_person_is_in_danger() -> None:
    worried = "min kompis skrev att det var fint att känna oss och nu svarar hon inte"
    messages, _ = reply_to(worried, level="check_in")
    assert messages[0]["text"].startswith("Jag vill vara säker på att jag förstår. Är den du skriver om i fara nu?")
    # The writer is asked about too: a goodbye may name the ones left behind.
    assert "tänker du själv på att skada dig" in messages[0]["text"]
    assert EMERGENCY in messages[0]["text"] and SUICIDE_LINE in messages[0]["text"]
    english, _ = reply_to("my brother says he will not be here much longer", level="check_in")
    assert english[0]["text"].startswith("I want to be sure I understand. Is the person you are writing about")
    # Asked again after an answer that says neither yes nor no, it is still about that person.
    original = json.dumps({"text": worried, "intent": {"name": "relative_help"}, "entities": []})
    _, again = support("vet inte", intent="nlu_fallback", confidence=0.2, crisis_check_in=True,
                       crisis_replay=original)
    assert again[-1]["text"] == "Är någon i fara nu?"
    # A message about the writer keeps the question about the writer.
    own, _ = reply_to("mamma skulle bli förstörd om jag inte fanns", level="check_in")
    assert own[0]["response"] == "utter_crisis_check_in"


def test_a_check_in_about_someone_else_has_a_yes_for_that_person_and_one_for_the_writer() -> None:
    worried = "min kompis skrev att det var fint att känna oss och nu svarar hon inte"
    messages, _ = reply_to(worried, level="check_in")
    assert [b["title"] for b in messages[-1]["buttons"]] == ["Ja, den jag skriver om", "Ja, jag själv",
                                                            "Nej, jag menade något annat"]
    original = json.dumps({"text": worried, "intent": {"name": "relative_help"}, "entities": []})
    # The button for the person written about carries no words: the reply is for someone worried about another.
    _, about_them = support("", intent="crisis", level="crisis", crisis_check_in=True, crisis_replay=original)
    assert about_them[0]["response"] == "utter_crisis_relative_first"
    # The writer's own yes gets the reply for the writer.
    _, about_me = support("ja, jag själv", intent="affirm", crisis_check_in=True, crisis_replay=original)
    assert about_me[0]["response"] == "utter_crisis_danger_now" and about_me[0]["emergency"] == EMERGENCY


def test_a_hopeless_message_that_names_a_request_keeps_the_person_in_the_supportive_mode() -> None:
    from bot.logic.crisis.support import LISTENING, read_support_message

    text = "den där intresseanmälan spelar ingen roll längre"
    assert read_support_message(text, "report_obstacle", 1.0, danger=False) == LISTENING


def test_a_place_named_alone_after_a_check_in_only_the_classifier_asked_is_answered_with_its_office() -> None:
    original = json.dumps({"text": "okej men var ligger det då", "intent": {"name": "find_office"}, "entities": []})
    for name in ("Falun.", "bor i falun", "Malmö!"):
        moved_on, messages = support(name, intent="inform_place", confidence=0.76, crisis_check_in=True,
                                     crisis_replay=original)
        assert moved_on["crisis_support"] == "done" and messages == [], name
        assert json.loads(moved_on["crisis_replay"])["intent"]["name"] == "find_office", name
    # A yes stays a yes, and where one is now is no question about an office; nor is a name that is also a word of
    # harm, a name spelt otherwise than the place, a face beside it, or a name read as a yes.
    for answer, intent in (("ja, falun", "affirm"), ("Falun, ja", "inform_place"), ("på slussen", "inform_place"),
                           ("i stockholm", "inform_place"), ("Falun 112", "inform_place"),
                           ("Luleå station", "inform_place"), ("falun ensam", "inform_place"), ("skär", "inform_place"),
                           ("Kista", "inform_place"), ("Falun :(", "inform_place"), ("Falun", "affirm")):
        stays, _ = support(answer, intent=intent, confidence=0.9, crisis_check_in=True, crisis_replay=original)
        assert stays["crisis_support"] is None, answer
    # Only the first answer to the check-in: after "orkar inte" a place is where one is.
    later, _ = support("Falun.", intent="inform_place", confidence=0.9, crisis_check_in=True, crisis_replay=original,
                       crisis_turns=1.0)
    assert later["crisis_support"] is None
    # A bare "ja" is a yes whatever the model read it as (the normaliser reads it as "jag").
    for yes, intent in (("ja", "crisis"), ("ja tyvärr", "out_of_scope"), ("ja det är det", "greet")):
        confirmed, messages = support(yes, intent=intent, confidence=0.5, crisis_check_in=True, crisis_replay=original)
        assert confirmed["crisis_support"] is None and messages and messages[0]["emergency"] == EMERGENCY, yes
    # Only where the message asked about was a question for an office: elsewhere a place is where one is.
    elsewhere = json.dumps({"text": "ingen vet var jag är", "intent": {"name": "out_of_scope"}, "entities": []})
    stays, _ = support("Falun.", intent="inform_place", confidence=0.9, crisis_check_in=True, crisis_replay=elsewhere)
    assert stays["crisis_support"] is None
    # Words of doubt in the message asked about keep a place from moving the person on.
    doubted = json.dumps({"text": "vill inte finnas mer", "intent": {"name": "out_of_scope"}, "entities": []})
    stays, _ = support("Falun.", intent="inform_place", confidence=0.9, crisis_check_in=True, crisis_replay=doubted)
    assert stays["crisis_support"] != "done"


def test_the_number_asked_alone_after_an_authoritys_answer_comes_with_the_check_in() -> None:
    events = [{"event": "user", "text": "fick brev från kronofogden", "parse_data": {"intent": {"name": "faq"}}},
              {"event": "action", "name": "action_answer_question"},
              {"event": "slot", "name": "answered_question", "value": "kfm_letter"},
              {"event": "slot", "name": "last_authority", "value": "kronofogden"},
              {"event": "action", "name": "action_listen"}]

    def reply(text: str) -> list[dict[str, Any]]:
        extra = asked_with("faq", "af_phone", 0.6)
        tracker = tracker_for(text, "crisis", {"last_authority": "kronofogden"},
                              events=[*events, {"event": "user", "text": text, "parse_data": extra}],
                              entities=crisis_entity("check_in"), extra=extra)
        dispatcher = CollectingDispatcher()
        ActionCrisisSupport().run(dispatcher, tracker, {})
        assert dispatcher.messages[0]["response"] == "utter_crisis_check_in", text
        return dispatcher.messages

    def kronofogdens_number(messages: list[dict[str, Any]]) -> bool:
        return any(m.get("response") == "utter_authority_phone" and "73 73 00" in str(m.get("phone")) for m in messages)

    assert kronofogdens_number(reply("Numret."))
    # Which number to call may ask for the lines just shown: the check-in stays alone.
    assert not kronofogdens_number(reply("vilket nummer ska jag ringa"))


def test_they_answer_is_not_read_as_nobody_answers() -> None:
    from bot.logic.crisis.support import NO_ANSWER, read_support_message

    for nobody in ("dom svarar inte", "det tar ingen telefonen", "ingen svarar på soc", "de verkar inte vilja svara",
                   "dom har slutat svara mig", "de har slutat lyfta luren"):
        assert read_support_message(nobody, "out_of_scope", 0.5, danger=False) == NO_ANSWER, nobody
    # Despair is not a queue: listened to, not sent to other lines.
    for despair in ("det tar liksom aldrig slut", "det tar aldrig nånsin slut", "det tar inte lång tid att dö"):
        assert read_support_message(despair, "out_of_scope", 0.5, danger=False) != NO_ANSWER, despair
    for they_answer in ("när hon på kontoret väl svarar, hur börjar jag", "om de svarar, vad ska jag fråga"):
        assert read_support_message(they_answer, "out_of_scope", 0.5, danger=False) != NO_ANSWER


def test_a_no_to_the_check_in_that_names_a_place_goes_on_to_the_office_there() -> None:
    original = json.dumps({"text": "skelefteo", "intent": {"name": "inform_place"}, "entities": []})
    moved_on, _ = support("nej nej, jag menade Skellefteå", intent="deny", confidence=0.8, crisis_check_in=True,
                          crisis_replay=original)
    assert moved_on["crisis_support"] == "done"
    replay = json.loads(moved_on["crisis_replay"])
    assert replay["intent"]["name"] == "find_office" and "Skellefteå" in replay["text"]
    # A plain no answers what was asked first.
    plain, _ = support("nej", intent="deny", confidence=0.9, crisis_check_in=True, crisis_replay=original)
    assert plain == {"crisis_support": "done"}


def test_a_no_with_words_of_doubt_is_no_all_clear() -> None:
    from bot.logic.crisis.support import NOT_A_CRISIS, read_check_in_answer

    original = json.dumps({"text": "hur lång är kön", "intent": {"name": "faq"}, "entities": []})
    for answer in ("nej, står vid bron i Skellefteå", "nej inte direkt, men jag orkar inte mer"):
        stays, messages = support(answer, intent="deny", confidence=0.9, crisis_check_in=True, crisis_replay=original)
        assert stays["crisis_support"] is None and messages, answer
    # What the classifier doubts in a no counts too, unless the no is all there is.
    assert read_check_in_answer("nej. men svalde nyss hela kartan", "crisis", 1.0, False, flagged=True) != NOT_A_CRISIS
    assert read_check_in_answer("nej. orkar int", "deny", 0.9, False) != NOT_A_CRISIS
    assert read_check_in_answer("nej tack", "crisis", 1.0, False, flagged=True) == NOT_A_CRISIS


def test_an_authority_not_answering_moves_on_only_when_that_is_all_the_message_says() -> None:
    from bot.logic.crisis.support import OTHER_TOPIC, read_check_in_answer

    assert read_check_in_answer("kronofogden. har ringt tre gånger och ingen svarar", "report_obstacle", 0.9,
                                False) == OTHER_TOPIC
    assert read_check_in_answer("kfm, dom svarar inte, har skrivit ett sista brev", "report_obstacle", 0.9,
                                False) != OTHER_TOPIC
