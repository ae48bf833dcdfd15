"""How the evaluation reads a reply against what it must (not) contain."""
from __future__ import annotations

from bot.logic.crisis.replies import ANSWER_WITH_CHECK_IN
from evaluation.run import contains_any, reply_from, understood


def test_words_match_without_case_accents_or_spacing_and_numbers_on_their_digits() -> None:
    assert contains_any("Det är GRATIS.", ["gratis"])
    assert contains_any("Det kostar inget", ["kostar ingét"])
    assert contains_any("Ring 018-727 00 00", ["0187270000"])
    assert not contains_any("Det kostar pengar", ["gratis"])


def test_markup_is_matched_as_typed_not_as_its_letters() -> None:
    assert not contains_any("Du behöver ingen remiss.", ["<b>"])
    assert contains_any("Du skrev <b>kan jag</b>", ["<b>"])
    assert not contains_any("Se bilden", ["<img"])


def _parsed(intent_ranking: list[str], level: str | None, question: str) -> list[dict[str, object]]:
    entities = [{"entity": "crisis_level", "value": level}] if level else []
    selected = {"faq": {"response": {"intent_response_key": f"faq/{question}"}}}
    parse = {"intent": {"name": intent_ranking[0]}, "intent_ranking": [{"name": name} for name in intent_ranking],
             "entities": entities, "response_selector": selected}
    return [{"event": "user", "parse_data": parse}, {"event": "action", "name": "action_crisis_support"}]


def test_a_calm_question_answered_after_the_check_in_counts_as_understood_but_not_a_check_in_alone() -> None:
    check_in = {"text": "Tänker du på att skada dig själv, eller är du i fara nu?"}
    answer = {"text": "Det är bara du som avgör. Du kan sluta när du vill."}
    events = _parsed(["crisis", "faq", "stop_questions"], "check_in", "po_stop")

    answered = reply_from([check_in, {"text": ANSWER_WITH_CHECK_IN}, answer], events)
    alone = reply_from([check_in], events)

    assert answered.answered_after_check_in and understood(answered, "faq/po_stop")
    assert not understood(answered, "faq/po_cost")
    assert not alone.answered_after_check_in and not understood(alone, "faq/po_stop")
    assert understood(alone, "crisis")
