"""People who write in English get the answer in English when the knowledge base has it, sourced and dated."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from builders import broken_copy, tracker_for
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.conversation import ActionOtherLanguage
from bot.logic.english import (
    ANSWER_CONFIDENCE,
    CHATBOT_NOTE,
    CHOICES_LEAD,
    ENGLISH_CHOICES,
    ENGLISH_NOTE,
    MORE_CHOICES,
    english_facts,
    reply_in_other_language,
    swedish_after_all,
)
from bot.logic.say import Say
from bot.logic.sources import how_old
from knowledge.checks import ERROR, find_problems
from knowledge.datafiles import read_raw, to_records
from knowledge.queries import all_questions, fact
from knowledge.records import SourceDate

TODAY = dt.date.today()
SOURCE_LINE = re.compile(r"^Sources?: .+\. (Information from \w+|The oldest (dated )?information is from \w+"
                         r"|The sources? ha(s|ve) no date)")
# The questions the English answers were written for: each must stay answerable.
ANSWERED_IN_ENGLISH = ("po_what", "po_cost", "po_who", "po_age", "po_diagnosis", "po_referral", "po_contact",
                       "po_relative", "po_confidentiality", "po_stop", "po_help_with", "po_legal_right", "po_queue",
                       "right_interpreter")


def texts(says: list[Say]) -> list[str]:
    return [say.text or "" for say in says]


def is_notice(says: list[Say]) -> bool:
    return [say.response for say in says] == ["utter_other_language"]


def chosen_keys(say: Say) -> list[str]:
    return [button.payload.split('"')[3] for button in say.buttons]


def offers_the_english_choices(says: list[Say]) -> bool:
    return texts(says) == [CHOICES_LEAD] and chosen_keys(says[0]) == list(ENGLISH_CHOICES)


# Messages as people type them; the question and confidence are what the question selector chose.
@pytest.mark.parametrize(("message", "key", "confidence", "says"), [
    ("does it cost money", "po_cost", 0.97, "free"),
    ("who can get personal ombud?", "po_who", 0.9, "18 or older"),
    ("can i contact them for my brother", "po_relative", 0.98, "relative cannot ask for an ombud"),
    ("do i need a diagnos", "po_diagnosis", 1.0, "diagnosis"),
    ("how old do i have to be", "po_age", 1.0, "under 18"),
    ("can i quit whenever i want", "po_stop", 0.97, "stop when you want"),
    ("is it confidential, will they tell anyone", "po_confidentiality", 0.85, "confidentiality"),
    ("do i have the right to an interpreter", "right_interpreter", 0.9, "interpreter"),
])
def test_an_english_question_gets_its_answer_then_the_source_then_that_the_bot_is_a_bot(
        message: str, key: str, confidence: float, says: str) -> None:
    said = reply_in_other_language(message, key, confidence)
    reply = texts(said)
    facts = english_facts(key)
    assert facts is not None
    assert reply[:len(facts)] == [found.text_en for found in facts]
    assert says in " ".join(reply[:len(facts)])
    assert SOURCE_LINE.match(reply[len(facts)]), reply
    # Last: that this is a bot, and the other questions it can answer in English, as buttons.
    assert reply[-1] == f"{CHATBOT_NOTE} {MORE_CHOICES}"
    assert key not in chosen_keys(said[-1]) and len(chosen_keys(said[-1])) >= len(ENGLISH_CHOICES) - 1
    assert len(reply) == len(facts) + 2


def test_every_english_choice_is_answered_in_english() -> None:
    for key in ENGLISH_CHOICES:
        assert english_facts(key) is not None, key


def test_every_question_answered_in_english_names_its_source_and_its_age_in_english() -> None:
    answerable = [asked.key for asked in all_questions() if english_facts(asked.key) is not None]
    assert set(ANSWERED_IN_ENGLISH) <= set(answerable)
    for key in answerable:
        reply = texts(reply_in_other_language("can you tell me about this please", key, 1.0))
        lines = [line for line in reply if SOURCE_LINE.match(line)]
        assert len(lines) == 1, (key, reply)
        assert "Källa" not in lines[0] and "Uppgift" not in lines[0], key


def test_the_source_line_is_built_like_the_swedish_one_with_english_words() -> None:
    assert texts(reply_in_other_language("who can get a personal ombud", "po_who", 0.9))[1] == \
        "Source: riksdagen.se. Information from 2019."
    assert how_old([SourceDate(2021, 4, 28)], ENGLISH_NOTE) == "Information from April 2021."
    assert how_old([SourceDate(2020, 2), SourceDate(2019)], ENGLISH_NOTE) == "The oldest information is from 2019."
    assert how_old([SourceDate(2019), None], ENGLISH_NOTE) == \
        "The oldest dated information is from 2019. One source has no date."


def test_the_queue_in_english_is_the_general_fact_without_asking_for_the_persons_office() -> None:
    says = reply_in_other_language("how long is the queue", "po_queue", 0.93)
    assert all(say.response is None for say in says)
    assert texts(says)[0] == fact("po.queue").text_en  # type: ignore[union-attr]


@pytest.mark.parametrize(("message", "key", "confidence"), [
    ("hola, necesito ayuda con mi hermano", "po_relative", 0.98),  # Spanish: only English gets answers
    ("هل هذا مجاني؟", "po_cost", 0.99),
    ("kostar det pengar", "po_cost", 0.99),  # Swedish, should it ever come here
    ("sprechen sie deutsch", None, 0.0),
])
def test_another_language_gets_the_notice_that_the_bot_speaks_swedish(message: str, key: str | None,
                                                                      confidence: float) -> None:
    assert is_notice(reply_in_other_language(message, key, confidence))


@pytest.mark.parametrize(("message", "key", "confidence"), [
    ("i want to order a pizza", "po_contact", 0.59),  # the selector's guess for what is no question
    ("is anyone there", "po_who", 0.73),
    ("what is the number of forsakringskassan", "fk_phone", 0.99),  # its answer has no English text
    ("do you speak english", None, 0.0),
    ("hi, the social insurance stopped paying me and i dont know what to do", "fk_appeal", 0.91),
])
def test_english_the_bot_cannot_answer_gets_the_questions_it_can_answer_in_english(
        message: str, key: str | None, confidence: float) -> None:
    assert offers_the_english_choices(reply_in_other_language(message, key, confidence))


def test_a_selection_just_below_the_threshold_gets_the_choices_and_one_at_it_the_answer() -> None:
    assert offers_the_english_choices(reply_in_other_language("does it cost money", "po_cost",
                                                              ANSWER_CONFIDENCE - 0.01))
    assert not offers_the_english_choices(reply_in_other_language("does it cost money", "po_cost", ANSWER_CONFIDENCE))


@pytest.mark.parametrize(("message", "first"), [
    ("thanks", "You are welcome."), ("Thank you so much!", "You are welcome."), ("thx", "You are welcome."),
    ("bye", "Goodbye. Take care."), ("ok thanks, bye", "Goodbye. Take care."), ("hello", "Hello!"),
    ("Hi there", "Hello!"), ("Kiitos.", "You are welcome."), ("شكرا", "You are welcome."),
    ("Спасибо большое", "You are welcome."), ("Дякую", "You are welcome."), ("Hei", "Hello!"),
    ("ok, many thanks, this really helped", "You are welcome."), ("perfect, I appreciate it. thx", "You are welcome."),
    ("ty!! that helped alot", "You are welcome."), ("thank u so much", "You are welcome."),
])
def test_greetings_thanks_and_goodbyes_get_a_short_english_reply(message: str, first: str) -> None:
    says = reply_in_other_language(message, "po_what", 0.3)
    assert texts(says)[0] == first
    assert all(say.response is None for say in says) and len(says) <= 2


def test_a_question_with_thanks_in_it_is_still_a_question() -> None:
    reply = texts(reply_in_other_language("thanks, and does it cost money?", "po_cost", 0.97))
    assert reply[0] == fact("po.free_voluntary").text_en  # type: ignore[union-attr]
    # Thanks that say the answer did not help are not thanks to answer with "You are welcome".
    unhelped = reply_in_other_language("thanks but that did not help at all", "po_what", 0.3)
    assert texts(unhelped)[0] != "You are welcome."


def test_the_action_reads_the_selected_question_and_its_confidence() -> None:
    def run(confidence: float) -> list[dict[str, Any]]:
        selected = {"faq": {"response": {"intent_response_key": "faq/po_cost", "confidence": confidence}}}
        dispatcher = CollectingDispatcher()
        ActionOtherLanguage().run(dispatcher, tracker_for("does it cost money", "other_language",
                                                          extra={"response_selector": selected}), {})
        return dispatcher.messages

    assert run(0.97)[0]["text"] == fact("po.free_voluntary").text_en  # type: ignore[union-attr]
    assert run(0.3)[0]["text"] == CHOICES_LEAD


def test_a_swedish_question_taken_for_another_language_gets_its_swedish_answer() -> None:
    selected = {"faq": {"response": {"intent_response_key": "faq/po_cost", "confidence": 0.95}}}
    dispatcher = CollectingDispatcher()
    ActionOtherLanguage().run(dispatcher, tracker_for("haha ok sorry. vad kostar ombud", "other_language",
                                                      extra={"response_selector": selected}), {})
    swedish = fact("po.free_voluntary")
    assert swedish is not None and dispatcher.messages[0]["text"] == swedish.text
    assert not swedish_after_all("haha ok sorry. vad kostar ombud", "po_cost", 0.5), "unsure: the notice"
    assert not swedish_after_all("how much does it cost", "po_cost", 0.95), "English: answered in English"
    assert not swedish_after_all("necesito un abogado", "po_cost", 0.95), "a language without a word list"


def test_every_english_text_stands_next_to_its_swedish_text_without_swedish_letters() -> None:
    english = [found for found in to_records(read_raw()).facts if found.text_en is not None]
    assert len(english) >= len(ANSWERED_IN_ENGLISH)
    for found in english:
        assert found.text.strip() and found.text_en.strip() and found.text_en != found.text, found.key
        assert not re.search("[åäöÅÄÖ]", found.text_en), found.key


@pytest.mark.parametrize(("text_en", "complaint"), [
    ("", "tom"),
    ("It is free. Ask at the kommun's växel.", "å, ä eller ö"),
    ("It is free. It costs 100 kronor for the first visit.", "samma siffror"),
    ("It is free and voluntary and you do not need any referral or any diagnosis at all to get it.", "fler än"),
])
def test_the_knowledge_check_refuses_a_bad_english_text(tmp_path: Path, text_en: str, complaint: str) -> None:
    def edit(document: dict[str, Any]) -> None:
        next(r for r in document["records"] if r["key"] == "po.free_voluntary")["text_en"] = text_en

    data = broken_copy(tmp_path, "po_rules.yaml", edit)
    problems = [p for p in find_problems(read_raw(data), today=TODAY) if p.severity == ERROR]
    assert [p.record for p in problems] == ["po.free_voluntary"] and complaint in problems[0].message, problems


def test_a_question_in_english_that_the_model_took_for_a_faq_is_answered_in_english() -> None:
    from builders import tracker_for
    from rasa_sdk.executor import CollectingDispatcher

    from bot.actions.questions import ActionAnswerQuestion

    selector = {"faq": {"response": {"intent_response_key": "faq/po_cost", "confidence": 0.6}}}
    for text, english in (("does it cost anything", True), ("kostar det något", False)):
        dispatcher = CollectingDispatcher()
        ActionAnswerQuestion().run(dispatcher, tracker_for(text, "faq", {}, extra={"response_selector": selector}), {})
        texts = [str(m.get("text") or "") for m in dispatcher.messages]
        assert texts[0].startswith("It is free") == english, texts
        assert any(t.startswith("Source") for t in texts) == english, texts


def test_a_choice_made_after_writing_in_english_is_answered_in_english() -> None:
    from builders import user_event

    from bot.actions.questions import ActionAnswerQuestion

    def answer_to_button(written_before: str) -> list[dict[str, Any]]:
        payload = '/faq{"faq_key": "po_cost"}'
        entities = [{"entity": "faq_key", "value": "po_cost"}]
        events = [user_event(written_before, "other_language"), user_event(payload, "faq")]
        dispatcher = CollectingDispatcher()
        ActionAnswerQuestion().run(dispatcher, tracker_for(payload, "faq", events=events, entities=entities), {})
        return dispatcher.messages

    free = fact("po.free_voluntary")
    assert free is not None
    assert answer_to_button("hi i need help, what is this")[0]["text"] == free.text_en
    assert answer_to_button("hej vad är det här för något")[0]["text"] == free.text


def test_inside_a_form_an_english_answer_offers_nothing_that_leads_away_from_it() -> None:
    says = reply_in_other_language("does it cost money", "po_cost", 0.97, offer=False)
    assert texts(says)[-1] == CHATBOT_NOTE and not any(say.buttons for say in says)
    assert is_notice(reply_in_other_language("do you speak english", None, 0.0, offer=False))
