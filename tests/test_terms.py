"""'Vad är SIP?': words explained from the knowledge base, or honestly not at all."""
from __future__ import annotations

from typing import Any

import pytest
from builders import tracker_for
from conftest import SOURCE_AGE
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.terms import ActionExplainTerm
from bot.logic.terms import asked_term, bewildered, define
from knowledge.queries import all_authorities, search_facts
from knowledge.text import fold


def explain(text: str, in_form: bool = False) -> list[dict[str, Any]]:
    tracker = tracker_for(text, "ask_term", active_loop="eligibility_form" if in_form else None)
    dispatcher = CollectingDispatcher()
    ActionExplainTerm().run(dispatcher, tracker, {})
    return dispatcher.messages


def said(messages: list[dict[str, Any]]) -> str:
    return " ".join(m.get("text") or m.get("response") or "" for m in messages)


def test_the_question_words_around_a_term_are_dropped() -> None:
    assert asked_term("Vad är SIP?") == "sip"
    assert asked_term("vad betyder det här med omprövning egentligen") == "omprovning"
    assert asked_term("vad är en god man") == "god man"


def test_the_clause_that_asks_names_the_term_not_the_sentences_around_it() -> None:
    assert asked_term("Vad betyder omprövning? Det stod i brevet från Försäkringskassan.") == "omprovning"
    assert asked_term("aktivitetsersättning, vad e det") == "aktivitetsersattning"
    assert asked_term("Jag vet inte vad jag ska göra. Vad betyder LSS?") == "lss"
    assert asked_term("jag fattar inte vad dom menar, vad är sip") == "sip"
    assert asked_term("min pappa har fått en god man, vad är det?") == "god man"


@pytest.mark.parametrize(("question", "expected"), [
    ("vad är SIP?", "SIP betyder samordnad individuell plan"),
    ("vad menas med nätverksmöte", "nätverksmöte är ett möte"),
    ("vad är försörjningsstöd", "Försörjningsstöd: pengar till mat"),
    ("vad är en god man", "Tingsrätten beslutar om god man"),
    ("vad betyder serviceskyldighet", "Det kallas serviceskyldighet"),
    ("vad är en handläggare", "arbetar med ditt ärende"),
    ("förklara överklagande", "överklaga"),
    ("vad ar nodbistand", "Nödbistånd: akut hjälp"),
    ("vad betyder SGI", "sjukpenninggrundande inkomst"),
])
def test_a_term_gets_its_explanation_with_a_dated_source(question: str, expected: str) -> None:
    messages = explain(question)
    assert expected in said(messages)
    assert SOURCE_AGE.search(messages[-1]["text"])


def test_an_unknown_word_is_not_guessed() -> None:
    assert [m["response"] for m in explain("vad är en flumkvark")] == ["utter_term_unknown"]
    assert [m["response"] for m in explain("vad är")] == ["utter_term_unknown"]


def test_an_authority_term_offers_more_outside_the_form_but_not_inside_it() -> None:
    outside = explain("vad är patientnämnden")
    assert outside[-1]["buttons"] == [{"title": "Mer om Patientnämnden",
                                       "payload": '/ask_authority{"authority":"patientnamnden"}'}]
    inside = explain("vad är patientnämnden", in_form=True)
    assert "Patientnämnden" in said(inside) and inside[-1]["buttons"] == []


def test_a_word_asked_about_inside_a_longer_message_is_still_explained() -> None:
    for text in ("aktivitetsersättning, vad e det", "Vad exakt är aktivitetsersättning?",
                 "vad betyder handläggare ens, jag har haft fem olika"):
        term = asked_term(text)
        said = define(term, [], all_authorities(), search_facts)
        assert said is not None, text
        assert any(word in fold(said.says[0].text or "") for word in ("aktivitetsersattning", "handlaggare")), text


def test_bewildered_is_the_whole_message_not_a_word_in_a_question() -> None:
    assert bewildered("förstår inte alls") and bewildered("hänger inte med")
    assert not bewildered("vad betyder förvaltare") and not bewildered("förstår inte vad sgi är")


@pytest.mark.parametrize(("question", "expected"), [
    ("skillnaden mellan fk och arbetsförmedlingen?", ("Försäkringskassan beslutar", "Arbetsförmedlingen hjälper")),
    ("skillnad mellan sjukpenning och aktivitetsersättning", ("Sjukpenning:", "Aktivitetsersättning:")),
    ("skilnad på kfm, fk och soc?", ("Kronofogden hjälper", "Försäkringskassan beslutar", "Socialtjänsten i")),
    ("vad skiljer soc från kronofogden", ("Socialtjänsten i", "Kronofogden hjälper")),
    ("vad skiljer, alltså vad är skillnaden på försörjningsstöd och kronofogden",
     ("Försörjningsstöd:", "Kronofogden hjälper")),
])
def test_a_question_about_the_difference_explains_each_thing_named(question: str, expected: tuple[str, ...]) -> None:
    messages = explain(question)
    text = said(messages)
    assert all(part in text for part in expected), text
    assert [text.index(part) for part in expected] == sorted(text.index(part) for part in expected)
    assert SOURCE_AGE.search(messages[-1]["text"])


def test_an_authority_named_with_filler_words_is_explained_but_not_a_word_about_it() -> None:
    assert "Kronofogden hjälper den som ska ha betalt" in said(explain("kronofogden, vad är det för nåt"))
    about_a_word = said(explain("vad är omprövning hos fk"))
    assert "omprövning" in about_a_word and "beslutar om pengar från socialförsäkringen" not in about_a_word
    # Asked what it does in other words, the authority is what is asked; a word not found is not guessed at.
    assert "Kronofogden hjälper den som ska ha betalt" in said(explain("vad pysslar kronofogden med"))
    assert [m["response"] for m in explain("vad betyder flumkvark hos kronofogden")] == ["utter_term_unknown"]


def test_a_difference_word_that_asks_nothing_leaves_the_question_asked() -> None:
    assert "sjukpenninggrundande inkomst" in said(explain("spelar ingen skillnad för mig, men vad betyder SGI?"))


def test_a_joining_word_is_never_explained_as_a_term() -> None:
    assert [m["response"] for m in explain("förklara ordet och")] == ["utter_term_unknown"]
    assert [m["response"] for m in explain("skillnad mellan och eller")] == ["utter_term_unknown"]


def test_a_place_asked_about_after_an_office_answer_gets_that_office_not_a_word_explained() -> None:
    text = "Och min bror i Lilla Edet, gäller samma sak där?"
    office_turn = [{"event": "user", "text": "ombud i trollhättan?", "parse_data": {"intent": {"name": "find_office"}}},
                   {"event": "action", "name": "action_find_office"}, {"event": "action", "name": "action_listen"},
                   {"event": "user", "text": text, "parse_data": {"intent": {"name": "ask_term"}}}]
    dispatcher = CollectingDispatcher()
    ActionExplainTerm().run(dispatcher, tracker_for(text, "ask_term", events=office_turn), {})
    assert "utter_office_intro" in said(dispatcher.messages) and "Fyrbodal" in str(dispatcher.messages)
    # The office answer may come from the question action (a queue asked for a named place): its intro says so.
    by_the_question_action = [
        {"event": "user", "text": "hur lång är kön i trollhättan?", "parse_data": {"intent": {"name": "faq"}}},
        {"event": "action", "name": "action_answer_question"},
        {"event": "bot", "text": "I Trollhättan finns …", "metadata": {"utter_action": "utter_office_intro"}},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text, "parse_data": {"intent": {"name": "ask_term"}}}]
    dispatcher = CollectingDispatcher()
    ActionExplainTerm().run(dispatcher, tracker_for(text, "ask_term", events=by_the_question_action), {})
    assert "utter_office_intro" in said(dispatcher.messages)
    # Without an office answer just before, the word is what is asked.
    assert "utter_office_intro" not in said(explain(text))


def test_a_place_named_as_where_someone_lives_gets_that_office_not_a_word_explained() -> None:
    messages = explain("Min bror bor i Lilla Edet. Täcker ni den kommunen?")
    assert "utter_office_intro" in said(messages) and "Fyrbodal" in str(messages)
    # Asked what a word means, the word is explained wherever the person lives.
    for asked in ("jag bor i lund o är sjukskriven, vad betyder sgi", "va e sgi nånting, bor i lund"):
        explained = explain(asked)
        assert "sjukpenninggrundande inkomst" in said(explained) and "utter_office_intro" not in said(explained)


def test_a_word_an_authority_explains_where_it_names_it_is_explained_with_that_texts_source() -> None:
    messages = explain("vad innebär det att bestrida ett krav")
    assert "säg emot" in said(messages)
    assert "Uppgift från mars 2021" in messages[-1]["text"]  # the deadline's own source date, not the authority's
    assert "Kronofogden besluta" in said(explain("vad menas med utslag hos fogden"))


def test_what_an_abbreviation_stands_for_is_asked_about_the_abbreviation() -> None:
    assert asked_term("LSS, vad står förkortningen för") == "lss"
    assert "sjukpenninggrundande inkomst" in said(explain("vad står sgi för egentligen"))


def test_a_comparison_with_a_word_the_bot_cannot_explain_is_not_answered_with_a_fact_about_sameness() -> None:
    # "samma villkor som andra" is in the goal of PO: "samma" alone must not find it.
    messages = explain("är det samma sak som hyresbidraget?")
    assert [m.get("response") for m in messages] == ["utter_term_unknown"]


def test_what_a_god_man_is_gets_the_question_that_says_what_one_does_first() -> None:
    text = "vad är egentligen en god man"
    selected = {"intent_response_key": "faq/god_man", "confidence": 0.97}
    tracker = tracker_for(text, "ask_term", extra={"response_selector": {"faq": {"response": selected,
                                                                                 "ranking": [selected]}}})
    dispatcher = CollectingDispatcher()
    events = ActionExplainTerm().run(dispatcher, tracker, {})
    god_man = next(a for a in all_authorities() if a.key == "overformyndare_god_man")
    assert dispatcher.messages[0]["text"] == god_man.benefits[0]  # what a god man does, not who decides
    assert any(e.get("name") == "answered_question" and e.get("value") == "god_man" for e in events)
    # The term alone, with the selector unsure, keeps the short explanation: who decides about a god man.
    assert explain(text)[0]["text"] == god_man.decides


def test_a_word_explained_by_an_authority_makes_it_the_one_talked_about() -> None:
    dispatcher = CollectingDispatcher()
    events = ActionExplainTerm().run(dispatcher, tracker_for("vad är lönebidrag för nåt", "ask_term"), {})
    assert {"event": "slot", "timestamp": None, "name": "last_authority", "value": "arbetsformedlingen"} in events
    assert ActionExplainTerm().run(CollectingDispatcher(), tracker_for("vad betyder SIP", "ask_term"), {}) == []
