"""A message with two questions: the first is answered, the second offered, never lost."""
from __future__ import annotations

import pytest

from bot.logic.misunderstanding import TOPIC_GUESSES
from bot.logic.several_questions import (
    also_asked,
    asks_something,
    first_of_several_questions,
    first_question_first,
    question_parts,
)


@pytest.mark.parametrize("text, parts", [
    ("vad kostar det?", 1),
    ("vad kostar det och behövs det remiss", 2),
    ("kostar det nåt? behöver ja diagnos?", 2),
    # A greeting alone is no question.
    ("Hej. Min son är 27 och har det svårt. Hur lång är kön i Västerås?", 2),
    ("vad kostar det, vem kan få det", 2),
    ("vad kostar ombud o hur lang e kon", 2),
    # "och" inside one question does not split it.
    ("kan ett ombud hjälpa mig med fk och af", 1),
    # A colon ends what comes before it; a question may open with its verb ("är det", "har ombudet").
    ("Två frågor från min mamma: tar ombudet betalt, och skriver ombudet i nån journal?", 3),
    ("är det frivilligt och har man rätt att sluta", 2),
    # A verb with no one after it is not a question: "och har två barn", "och har det tufft".
    ("jag är 40 och har två barn och har det tufft", 1),
])
def test_a_message_is_split_where_a_new_question_starts(text: str, parts: int) -> None:
    assert len(question_parts(text)) == parts


def test_the_first_of_two_questions_after_a_colon_is_the_first_asked() -> None:
    asked = "Två frågor från min mamma: tar ombudet betalt, och skriver ombudet i nån journal?"
    assert first_of_several_questions(asked) == "tar ombudet betalt"
    assert first_of_several_questions("jag bor i Piteå och har två barn. kan jag få ombud?") is None
    # After a comma the verb comes first in any main clause: a statement, not a question.
    assert first_of_several_questions("eftersom hon mår dåligt, tar hon inte telefonen, kan ni ringa oftare?") is None


FAQ_FIRST = [{"name": "faq", "confidence": 0.8}, {"name": "find_office", "confidence": 0.1}]
COST_THEN_REFERRAL = [{"intent_response_key": "faq/po_cost", "confidence": 0.55},
                      {"intent_response_key": "faq/po_referral", "confidence": 0.35},
                      {"intent_response_key": "faq/po_age", "confidence": 0.05}]


def test_the_second_question_of_the_message_is_offered_as_a_button() -> None:
    offered = also_asked("vad kostar det och behövs remiss?", "po_cost", FAQ_FIRST, COST_THEN_REFERRAL)
    assert offered is not None and offered.title == "Behövs en remiss eller ansökan?"
    assert "po_referral" in offered.payload


def test_a_topic_asked_beside_a_question_is_offered_when_the_classifier_is_surer_of_it() -> None:
    ranking = [{"name": "faq", "confidence": 0.5}, {"name": "find_office", "confidence": 0.4}]
    weak_second = [{"intent_response_key": "faq/po_cost", "confidence": 0.9},
                   {"intent_response_key": "faq/po_age", "confidence": 0.05}]
    offered = also_asked("vad kostar det? o var finns ombud i lund", "po_cost", ranking, weak_second)
    assert offered == TOPIC_GUESSES["find_office"]


def test_one_question_gets_no_second_offer_however_the_ranking_looks() -> None:
    assert also_asked("vad kostar det", "po_cost", FAQ_FIRST, COST_THEN_REFERRAL) is None


def test_a_second_question_the_classifiers_barely_see_is_not_offered() -> None:
    faint = [{"intent_response_key": "faq/po_cost", "confidence": 0.95},
             {"intent_response_key": "faq/po_age", "confidence": 0.03}]
    ranking = [{"name": "faq", "confidence": 0.95}, {"name": "find_office", "confidence": 0.02}]
    assert also_asked("vad kostar det? tack för svaret", "po_cost", ranking, faint) is None


def answer_to(text: str, question_ranking: list[dict[str, object]]) -> list[dict[str, object]]:
    """What the bot says to a typed question read as faq, with the selector's ranking given (surest first)."""
    from builders import tracker_for
    from rasa_sdk.executor import CollectingDispatcher

    from bot.actions.questions import ActionAnswerQuestion

    selector = {"faq": {"response": question_ranking[0], "ranking": question_ranking}}
    state = tracker_for(text, "faq", confidence=0.8, extra={"intent_ranking": FAQ_FIRST, "response_selector": selector})
    dispatcher = CollectingDispatcher()
    ActionAnswerQuestion().run(dispatcher, state, {})
    return dispatcher.messages


def test_the_answer_to_the_first_question_ends_with_the_second_as_a_button() -> None:
    from bot.logic.several_questions import ALSO_ASKED

    messages = answer_to("vad kostar det och behövs remiss?", COST_THEN_REFERRAL)
    assert messages[-1]["text"] == ALSO_ASKED
    assert [b["title"] for b in messages[-1]["buttons"]] == ["Behövs en remiss eller ansökan?"]  # type: ignore[union-attr]
    # The cost is answered first.
    assert "gratis" in str(messages[0].get("text") or "").casefold()


@pytest.mark.parametrize("text, first", [
    ("vad kostar det och behövs det remiss", "vad kostar det"),
    ("kostar det nåt? behöver ja diagnos?", "kostar det nåt"),
    # Statements are context, not questions: the first question comes after them.
    ("Min mamma är 70. Hon har skulder. Vem kan hjälpa henne med dem? Och kostar det?", "Vem kan hjälpa henne med dem"),
    ("1. Vem betalar ombudet? 2. Hur lång är kön?", "Vem betalar ombudet"),
    ("får ja byta ombud, o hur gör man då", "får ja byta ombud"),
])
def test_the_first_of_several_questions_is_found_as_typed(text: str, first: str) -> None:
    assert first_of_several_questions(text) == first


@pytest.mark.parametrize("text", [
    "vad kostar det?",
    "kan ett ombud hjälpa mig med fk och af",
    "Min son är 27 och har det svårt. Hur lång är kön i Västerås?",
    # Sentences that start like a question but end with a full stop or "!" are statements.
    "Kan inte sova på nätterna. Hur lång är kön?",
    "Får inget stöd alls! Vem kan hjälpa mig?",
    "",
])
def test_a_message_with_one_question_has_no_first_of_several(text: str) -> None:
    assert first_of_several_questions(text) is None


def _ranking(*pairs: tuple[str, float]) -> list[dict[str, object]]:
    return [{"intent_response_key": f"faq/{key}", "confidence": confidence} for key, confidence in pairs]


def test_the_first_question_read_on_its_own_goes_on_top_with_its_own_confidence() -> None:
    whole = _ranking(("po_queue", 0.7), ("po_cost", 0.2), ("po_age", 0.05), ("po_stop", 0.01))
    first = _ranking(("po_cost", 0.97), ("po_queue", 0.01))
    assert first_question_first(whole, first) == _ranking(("po_cost", 0.97), ("po_queue", 0.7), ("po_age", 0.05),
                                                          ("po_stop", 0.01))


@pytest.mark.parametrize("first", [
    _ranking(("po_cost", 0.6), ("po_queue", 0.3)),  # unsure on its own
    _ranking(("po_stop", 0.99)),  # the whole message hardly sees it
    _ranking(("po_queue", 0.99)),  # already on top
])
def test_the_whole_ranking_stays_when_the_first_question_is_unsure_unseen_or_already_first(
        first: list[dict[str, object]]) -> None:
    whole = _ranking(("po_queue", 0.7), ("po_cost", 0.2), ("po_age", 0.05), ("po_stop", 0.01))
    assert first_question_first(whole, first) == whole


def test_the_first_question_is_read_by_the_pipeline_and_then_leaves_it() -> None:
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.first_question import FIRST_QUESTION_OF, FirstQuestionFirst, FirstQuestionReader

    whole, single = Message(data={"text": "vad gör soc egentligen? var finns de?"}), Message(data={"text": "hej"})
    messages = FirstQuestionReader().process([whole, single])
    assert [m.get("text") for m in messages] == [whole.get("text"), "hej", "vad gör soc egentligen"]
    assert messages[2].get(FIRST_QUESTION_OF) == 0

    # What the question selector would have said of each.
    for message, ranking in ((whole, _ranking(("af_phone", 0.9), ("af_decides", 0.09))),
                             (messages[2], _ranking(("af_decides", 0.99)))):
        message.set("response_selector", {"faq": {"response": {**ranking[0]}, "ranking": ranking}})
        message.set("intent", {"name": "faq", "confidence": 0.9})
    assert FirstQuestionFirst().process(messages) == [whole, single]
    selected = whole.get("response_selector")["faq"]
    assert selected["response"]["intent_response_key"] == "faq/af_decides"
    assert [r["intent_response_key"] for r in selected["ranking"]] == ["faq/af_decides", "faq/af_phone"]


def test_a_first_part_the_classifier_does_not_read_as_a_question_is_not_answered_first() -> None:
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.first_question import FirstQuestionFirst, FirstQuestionReader

    whole = Message(data={"text": "kan ni hjälpa mig? vad kostar det?"})
    messages = FirstQuestionReader().process([whole])
    for message, ranking in ((whole, _ranking(("po_cost", 0.9), ("po_help_with", 0.09))),
                             (messages[1], _ranking(("po_help_with", 0.95)))):
        message.set("response_selector", {"faq": {"response": {**ranking[0]}, "ranking": ranking}})
    messages[1].set("intent", {"name": "ask_capabilities", "confidence": 0.8})
    assert FirstQuestionFirst().process(messages) == [whole]
    assert whole.get("response_selector")["faq"]["response"]["intent_response_key"] == "faq/po_cost"


def phone_said_after(text: str, first: str, second: str) -> list[str]:
    messages = answer_to(text, [{"intent_response_key": f"faq/{first}", "confidence": 0.6},
                                {"intent_response_key": f"faq/{second}", "confidence": 0.35}])
    return [str(m["name"]) for m in messages if m.get("response") == "utter_authority_phone"]


def test_the_number_given_at_once_is_that_of_the_authority_the_later_question_is_about() -> None:
    assert phone_said_after("vad kan arbetsförmedlingen besluta om? och vad har kronofogden för telefonnummer",
                            "af_decides", "kfm_phone") == ["Kronofogden"]
    # Naming none, it is the first question's authority, whatever number the selector guessed.
    assert phone_said_after("vad beslutar arbetsförmedlingen om? o vad har dom för nummer",
                            "af_decides", "fk_phone") == ["Arbetsförmedlingen"]


def test_a_second_question_for_a_phone_number_is_answered_at_once() -> None:
    from bot.logic.several_questions import ALSO_ASKED
    from knowledge.queries import authority

    messages = answer_to("vad kan arbetsförmedlingen besluta om för mig? o hur ringer man dom",
                         [{"intent_response_key": "faq/af_decides", "confidence": 0.6},
                          {"intent_response_key": "faq/af_phone", "confidence": 0.35}])
    texts = [str(m.get("text") or "") for m in messages]
    phone = authority("arbetsformedlingen").phone  # type: ignore[union-attr]
    said_phone = [m for m in messages if m.get("response") == "utter_authority_phone"]
    assert phone and [m["phone"] for m in said_phone] == [phone]
    assert texts[0].startswith("Arbetsförmedlingen") and ALSO_ASKED not in texts
    # The person can still go on: the answer ends with an offer.
    assert messages[-1].get("buttons")


def office_answer_to(text: str, question_ranking: list[dict[str, object]]) -> list[dict[str, object]]:
    from builders import tracker_for
    from rasa_sdk.executor import CollectingDispatcher

    from bot.actions.offices import ActionFindOffice

    ranking = [{"name": "find_office", "confidence": 0.7}, {"name": "faq", "confidence": 0.25}]
    selector = {"faq": {"response": question_ranking[0], "ranking": question_ranking}}
    state = tracker_for(text, "find_office", confidence=0.7,
                        extra={"intent_ranking": ranking, "response_selector": selector})
    dispatcher = CollectingDispatcher()
    ActionFindOffice().run(dispatcher, state, {})
    return dispatcher.messages


# The next steps after an office answer; with the button for a contact request where the office reads requests here
# (whether Söderort does depends on which test module added an inbox account first).
NEXT_STEPS = ("utter_office_next", "utter_office_next_with_request")


def test_a_question_asked_beside_the_office_is_offered_after_it_or_answered_when_short() -> None:
    from bot.logic.several_questions import ALSO_ASKED

    messages = office_answer_to("vilket kontor har farsta? behöver man en diagnos",
                                [{"intent_response_key": "faq/po_diagnosis", "confidence": 0.9},
                                 {"intent_response_key": "faq/po_queue", "confidence": 0.05}])
    assert any(str(m.get("response")).startswith("utter_office_intro") for m in messages)
    assert messages[-1]["text"] == ALSO_ASKED
    assert [b["payload"] for b in messages[-1]["buttons"]] == ['/faq{"faq_key": "po_diagnosis"}']
    # Whether it costs is one sentence: said at once, after the office, and then the next step.
    cost = office_answer_to("okej vilket kontor har farsta o måste man betala",
                            [{"intent_response_key": "faq/po_cost", "confidence": 0.9},
                             {"intent_response_key": "faq/po_queue", "confidence": 0.05}])
    texts = [str(m.get("text") or "") for m in cost]
    office_at = next(i for i, m in enumerate(cost) if str(m.get("response")).startswith("utter_office_intro"))
    free_at = next(i for i, text in enumerate(texts) if "gratis" in text)
    assert office_at < free_at and ALSO_ASKED not in texts
    assert cost[-1].get("response") in NEXT_STEPS
    # The office answer holds the office's queue: that question is not offered again, nor the office itself.
    queue = office_answer_to("hur lång är kön i farsta? var ligger kontoret",
                             [{"intent_response_key": "faq/po_queue", "confidence": 0.9},
                              {"intent_response_key": "faq/po_cost", "confidence": 0.05}])
    assert queue[-1].get("response") in NEXT_STEPS
    contact = office_answer_to("var finns ombud i farsta? hur kontaktar man dom",
                               [{"intent_response_key": "faq/po_contact", "confidence": 0.9}])
    assert contact[-1].get("response") in NEXT_STEPS
    # A statement beside one question asks nothing more.
    statement = office_answer_to("Jag bor i Farsta. Finns det ombud här?",
                                 [{"intent_response_key": "faq/po_cost", "confidence": 0.9}])
    assert statement[-1].get("response") in NEXT_STEPS


def test_a_question_is_asked_with_or_without_its_question_mark() -> None:
    for text in ("vilken adress skickar man papprena till", "ska hen själv ta sig dit", "ok hur länge tar det",
                 "är det gratis?", "min bror vill veta. kostar det nåt"):
        assert asks_something(text), text
    # Words that also open statements state without a question mark.
    for text in ("kan inte sova på nätterna", "får inte tag på någon", "jag har fått ett brev", "ok tack", "",
                 "ska åka till stationen nu", "finns inget att göra åt", "vart tog allt vägen", "vad skönt att höra",
                 "hur som helst är det jobbigt"):
        assert not asks_something(text), text


def test_a_second_answer_already_said_in_the_first_is_not_said_twice() -> None:
    from knowledge.queries import fact

    # The answer about what an ombud is says that it is free; "slipper man betala något då" after it adds nothing new.
    messages = answer_to("vad gör egentligen ett personligt ombud? kostar det nånting",
                         [{"intent_response_key": "faq/po_what", "confidence": 0.6},
                          {"intent_response_key": "faq/po_cost", "confidence": 0.35}])
    free = fact("po.free_voluntary").text  # type: ignore[union-attr]
    texts = [str(m.get("text") or "") for m in messages]
    assert texts.count(free) == 1
    assert messages[-1].get("buttons"), "the person can still go on"
