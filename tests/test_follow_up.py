"""A short follow-up the model did not understand is read from the answer before it."""
from __future__ import annotations

from typing import Any

import pytest
from builders import tracker_for
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.conversation import ActionAnswerLoneNo
from bot.actions.misunderstanding import ActionHandleMisunderstanding
from bot.actions.questions import follow_up_of, previous_question
from bot.actions.service import ActionAnswerAboutService
from bot.logic.follow_up import (
    age_after_who_fits,
    appeal_to_the_authority_before,
    appeal_to_the_authority_named,
    asks_about_the_office_there,
    asks_for_another_office,
    asks_for_the_office,
    asks_more_about_po,
    asks_only_for_its_number,
    asks_only_the_number,
    deadline_asked,
    follow_up_question,
    follow_up_wins,
    lasting_asked,
    named_again,
    only_asks_a_follow_up,
    part_of_the_answer_before,
    same_topic_as_before,
)
from knowledge.queries import fact


def user(text: str, intent: str, question: str | None = None) -> dict[str, Any]:
    parsed: dict[str, Any] = {"intent": {"name": intent, "confidence": 1.0}}
    if question:
        parsed["response_selector"] = {"faq": {"response": {"intent_response_key": f"faq/{question}",
                                                            "confidence": 0.95}}}
    return {"event": "user", "text": text, "parse_data": parsed}


def action(name: str) -> dict[str, Any]:
    return {"event": "action", "name": name}


def not_understood(events: list[dict[str, Any]], slots: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    tracker = tracker_for(events[-1]["text"], "nlu_fallback", slots, events, confidence=0.3)
    dispatcher = CollectingDispatcher()
    ActionHandleMisunderstanding().run(dispatcher, tracker, {})
    return dispatcher.messages


def said(messages: list[dict[str, Any]]) -> str:
    return " ".join(m.get("text") or m.get("response") or "" for m in messages)


def test_naming_another_authority_asks_the_same_about_it() -> None:
    assert follow_up_question("och arbetsförmedlingen då?", "fk_decides", "forsakringskassan",
                              ["arbetsformedlingen"]) == "af_decides"
    assert follow_up_question("kronofogden?", "fk_phone", "forsakringskassan", ["kronofogden"]) == "kfm_phone"
    # A statement, a long message, or a question about PO before: no follow-up.
    assert follow_up_question("af är värdelösa", "fk_decides", "forsakringskassan", ["arbetsformedlingen"]) is None
    assert follow_up_question("min kusin jobbar på fk", "af_decides", "arbetsformedlingen",
                              ["forsakringskassan"]) is None
    assert follow_up_question("och jag har också haft kontakt med arbetsförmedlingen i flera år nu", "fk_decides",
                              "forsakringskassan", ["arbetsformedlingen"]) is None
    assert follow_up_question("och af?", "po_cost", "forsakringskassan", ["arbetsformedlingen"]) is None


def test_if_the_answer_is_no_asks_how_to_appeal_to_whom_the_answer_before_was_about() -> None:
    assert follow_up_question("och om det blir nej?", "po_who", None, []) == "po_appeal"
    assert follow_up_question("men om dom säger nej då?", "soc_apply", "ekonomiskt_bistand", []) == "soc_appeal"
    assert follow_up_question("Och om beslutet sedan blir ett nej?", "right_waited", "forsakringskassan",
                              []) == "fk_appeal"
    assert follow_up_question("och om det blir avslag?", "right_waited", None, []) == "right_appeal_how"
    # A no told, not asked about, is no follow-up; nor a relative saying no; an authority talked about long
    # before is not the one meant after an answer about something else.
    assert follow_up_question("det blev nej", "po_who", None, []) is None
    assert follow_up_question("men om hon säger nej?", "po_relative", None, []) is None
    assert follow_up_question("och om det blir nej?", "sip_what", "kronofogden", []) == "right_appeal_how"


def test_how_to_get_one_after_what_it_is_asks_how_to_get_it() -> None:
    assert follow_up_question("hur får man ett sånt möte", "sip_what", None, []) == "sip_how"
    assert follow_up_question("okej, hur får jag det då?", "po_what", None, []) == "po_contact"
    assert follow_up_question("hur får man ett sånt möte", "fk_decides", "forsakringskassan", []) is None


def test_how_long_after_an_answer_with_a_time_asks_that_time() -> None:
    assert follow_up_question("Hur lång tid har de på sig efter att jag har skrivit?", "right_waited", None,
                              []) == "right_waited"
    assert follow_up_question("och hur lång tid har jag på mig då?", "right_appeal_how", "forsakringskassan",
                              []) == "fk_appeal"
    assert follow_up_question("och hur lång tid har jag på mig då?", "right_appeal_how", None, []) == "right_appeal_how"


def test_asking_how_long_one_has_after_an_authority_answer_asks_that_authoritys_deadline() -> None:
    assert follow_up_question("och hur lång tid har jag på mig då", "kfm_phone", "kronofogden", []) == "kfm_letter"
    assert follow_up_question("när måste jag överklaga?", "fk_decides", "forsakringskassan", []) == "fk_appeal"
    # "när" alone is not a deadline, and only the answer just before counts, not an older one.
    for text in ("jag vet inte när", "när kan ombudet ringa mig?", "hur lång tid tar det att få beslut?"):
        assert follow_up_question(text, "kfm_phone", "kronofogden", []) is None, text
    assert follow_up_question("hur lång tid har jag på mig?", "po_queue", "forsakringskassan", []) is None
    assert follow_up_question("hur lång tid har jag på mig?", None, None, []) is None


def test_a_place_asked_about_right_after_an_office_answer_asks_for_the_office_there() -> None:
    after_office = ["action_find_office", "action_listen"]
    assert asks_for_another_office("och i lilla edet?", after_office, names_a_sure_place=True)
    assert not asks_for_another_office("han är från kalix men bor här nu", after_office, names_a_sure_place=True)
    assert not asks_for_another_office("och i lilla edet?", ["action_answer_question"], names_a_sure_place=True)
    assert not asks_for_another_office("och där?", after_office, names_a_sure_place=False)


def test_the_bot_answers_the_office_of_the_place_in_a_follow_up_it_did_not_understand() -> None:
    events = [user("finns det ombud i Sotenäs", "find_office"), action("action_find_office"), action("action_listen"),
              user("okej och min kusin i Lilla Edet då", "nlu_fallback")]
    messages = not_understood(events)
    assert "utter_office_intro" in said(messages) and "pofyrbodal.se" in said(messages)
    assert "utter_did_you_mean" not in said(messages)


def test_the_bot_answers_the_deadline_of_the_authority_talked_about() -> None:
    events = [user("vad har kronofogden för nummer", "faq", "kfm_phone"), action("action_answer_question"),
              action("action_listen"), user("hur lång tid har jag på mig att svara då", "nlu_fallback")]
    messages = not_understood(events, {"last_authority": "kronofogden"})
    assert "10 dagar" in said(messages) or "står i brevet" in said(messages)


def test_without_a_follow_up_the_bot_still_guesses() -> None:
    events = [user("hej", "greet"), action("utter_greet"), action("action_listen"),
              user("hur lång tid", "nlu_fallback")]
    # No topic was talked about, and the model ranked nothing: the person is asked to say it another way.
    assert [m.get("response") for m in not_understood(events)] == ["utter_please_rephrase"]


def test_a_question_the_selector_is_sure_of_is_answered_not_guessed() -> None:
    selector = {"faq": {"response": {"intent_response_key": "faq/po_cost", "confidence": 0.97}}}
    tracker = tracker_for("hur mycket tar dom betalt typ", "nlu_fallback", None,
                          [user("hur mycket tar dom betalt typ", "nlu_fallback")], confidence=0.3,
                          extra={"response_selector": selector})
    dispatcher = CollectingDispatcher()
    ActionHandleMisunderstanding().run(dispatcher, tracker, {})
    assert "gratis" in said(dispatcher.messages) and "utter_did_you_mean" not in said(dispatcher.messages)


def test_a_miss_after_an_answered_follow_up_is_a_first_miss_again() -> None:
    events = [user("och af", "nlu_fallback"), action("action_handle_misunderstanding"),
              {"event": "bot", "text": "Arbetsförmedlingen hjälper dig …", "metadata": {}}, action("action_listen"),
              user("blorp", "nlu_fallback")]
    messages = not_understood(events)
    assert "utter_still_not_understood" not in said(messages)


def test_nonsense_is_never_answered_as_a_question_however_sure_the_selector_is() -> None:
    selector = {"faq": {"response": {"intent_response_key": "faq/po_cost", "confidence": 0.99}}}
    tracker = tracker_for("asdf qwer zxcv", "nonsense", None, [user("asdf qwer zxcv", "nonsense")],
                          extra={"response_selector": selector})
    dispatcher = CollectingDispatcher()
    ActionHandleMisunderstanding().run(dispatcher, tracker, {})
    assert "gratis" not in said(dispatcher.messages)


def test_a_weakly_picked_question_that_is_a_follow_up_gets_the_follow_up_answer() -> None:
    from bot.actions.questions import ActionAnswerQuestion

    events = [user("hur begär jag omprövning hos fk och vilken tidsfrist gäller", "faq", "fk_appeal"),
              action("action_answer_question"), action("action_listen"),
              user("och AF:s omprövningstid?", "faq")]

    def answer_with_pick(confidence: float) -> str:
        tracker = tracker_for(events[-1]["text"], "faq", {"last_authority": "forsakringskassan"}, events, extra={
            "response_selector": {"faq": {"response": {"intent_response_key": "faq/af_decides",
                                                       "confidence": confidence}}}})
        dispatcher = CollectingDispatcher()
        ActionAnswerQuestion().run(dispatcher, tracker, {})
        return said(dispatcher.messages)

    from knowledge.queries import authority

    deadline = authority("arbetsformedlingen").deadlines[0].text  # type: ignore[union-attr]
    assert deadline in answer_with_pick(0.6)
    # A pick the selector is sure of is what was asked.
    assert deadline not in answer_with_pick(0.95)


def test_a_lone_number_right_after_who_can_have_an_ombud_is_the_persons_age() -> None:
    assert age_after_who_fits("58", "po_who") == 58
    assert age_after_who_fits(" 17 år.", "po_age") == 17
    # After another answer, with more words, or not an age: not read as one.
    assert age_after_who_fits("58", "fk_appeal") is None
    assert age_after_who_fits("58", None) is None
    assert age_after_who_fits("58 kronor", "po_who") is None
    assert age_after_who_fits("0", "po_who") is None
    assert age_after_who_fits("300", "po_who") is None


def test_the_age_typed_after_who_can_have_an_ombud_starts_the_screener_at_its_next_question() -> None:
    events = [user("kan en alkis fa ombud", "faq", "po_who"), action("action_answer_question"),
              action("action_listen"), user("58", "nonsense")]
    tracker = tracker_for("58", "nonsense", {"screen_hard": "ja"}, events)
    dispatcher = CollectingDispatcher()
    started = ActionHandleMisunderstanding().run(dispatcher, tracker, {})
    assert [m.get("response") for m in dispatcher.messages] == ["utter_screen_intro"]
    slots = {e["name"]: e["value"] for e in started if e["event"] == "slot"}
    # The age is kept; an answer from an earlier screening is not.
    assert slots["screen_age"] == "58" and slots["screen_hard"] is None
    assert {"event": "followup", "name": "eligibility_form"} in [
        {"event": e["event"], "name": e.get("name")} for e in started]


def test_how_long_one_has_asked_about_one_named_authority_is_its_deadline() -> None:
    assert deadline_asked("hur lång tid har ja på mej att säja emot kasan", "po_queue",
                          ["forsakringskassan"]) == "fk_appeal"
    assert deadline_asked("när måste jag svara fogden", "po_contact", ["kronofogden"]) == "kfm_letter"
    # Two authorities, none, or no question of time: not this reading.
    assert deadline_asked("hur lång tid har jag på mig att överklaga fk och af", "po_queue",
                          ["forsakringskassan", "arbetsformedlingen"]) is None
    assert deadline_asked("hur lång tid har jag på mig", "po_queue", []) is None
    assert deadline_asked("vad har kassan för nummer", "po_queue", ["forsakringskassan"]) is None
    # Two questions about the named authority: the one picked first stays, the other is offered after it.
    assert deadline_asked("vilket nummer ringer man till kronofogden, och hur lång tid har man på sig att svara",
                          "kfm_phone", ["kronofogden"]) is None


def test_a_weak_pick_gives_way_to_the_named_authoritys_deadline() -> None:
    from bot.actions.questions import ActionAnswerQuestion
    text = "hur lång tid har ja på mej att säja emot kasan"
    selector = {"faq": {"response": {"intent_response_key": "faq/po_queue", "confidence": 0.61}}}
    tracker = tracker_for(text, "faq", events=[user(text, "faq")], extra={"response_selector": selector})
    dispatcher = CollectingDispatcher()
    ActionAnswerQuestion().run(dispatcher, tracker, {})
    assert "Försäkringskassan" in said(dispatcher.messages) and "kö" not in said(dispatcher.messages)


def test_a_follow_up_read_as_a_yes_is_still_answered_as_a_follow_up() -> None:
    from bot.actions.conversation import ActionAnswerLoneYes

    events = [user("vad bestämmer försäkringskassan om", "faq", "fk_decides"), action("action_answer_question"),
              action("action_listen"), user("och af", "affirm")]
    dispatcher = CollectingDispatcher()
    ActionAnswerLoneYes().run(dispatcher, tracker_for("och af", "affirm", {"last_authority": "forsakringskassan"},
                                                      events), {})
    assert "Arbetsförmedlingen" in said(dispatcher.messages)
    assert all(m.get("response") != "utter_menu" for m in dispatcher.messages)


def test_a_word_that_only_means_the_time_to_appeal_wins_over_another_question_about_that_authority() -> None:
    assert deadline_asked("och omprövningstiden hos AF då", "af_decides", ["arbetsformedlingen"]) == "af_appeal"
    assert deadline_asked("vad är överklagandetiden hos soc", "soc_apply", ["ekonomiskt_bistand"]) == "soc_appeal"
    # Other time words about the authority named keep its pick: when it pays, how long it takes to answer.
    assert deadline_asked("när får jag svar från soc senast", "soc_apply", ["ekonomiskt_bistand"]) is None
    assert deadline_asked("senast när betalar fk ut pengarna", "fk_decides", ["forsakringskassan"]) is None
    assert deadline_asked("hur lång svarstid har försäkringskassan på min ansökan?", "fk_decides",
                          ["forsakringskassan"]) is None
    assert deadline_asked("vad har af för nummer och omprövningstid", "af_phone", ["arbetsformedlingen"]) is None


def test_a_short_question_pointing_back_asks_the_same_kind_of_question_about_the_topic_just_answered() -> None:
    assert same_topic_as_before("hur gör man för att få en sån då?", "po_contact", "sip_what",
                                False) == "sip_how"
    assert same_topic_as_before("kan man överklaga det", "po_appeal", "fk_decides", False) == "fk_appeal"
    # Naming a topic or an authority, not pointing back, or a long message: the pick stands.
    assert same_topic_as_before("hur får man ett ombud då", "po_contact", "sip_what", False) is None
    assert same_topic_as_before("hur får jag det hos soc", "po_contact", "sip_what", True) is None
    assert same_topic_as_before("hur får man hjälp", "po_contact", "sip_what", False) is None
    assert same_topic_as_before("jag har funderat länge på hur man gör för att få en sån nu när allt i mitt liv "
                                "är rörigt", "po_contact", "sip_what", False) is None
    # Never the answer just given again, never instead of a question about rights or another kind of question.
    assert same_topic_as_before("vad är det?", "po_what", "sip_what", False) is None
    assert same_topic_as_before("kan jag få tolk dit?", "right_interpreter", "sip_what", False) is None
    assert same_topic_as_before("kan ni hjälpa mig med det?", "po_help_with", "kfm_letter", False) is None
    assert same_topic_as_before("vad kostar det?", "po_cost", "sip_what", False) is None
    # The same topic, or nothing answered before: nothing to carry.
    assert same_topic_as_before("hur gör jag det?", "po_contact", "po_what", False) is None
    assert same_topic_as_before("hur gör jag det?", "po_contact", None, False) is None


def answered_after(earlier: str, earlier_question: str, text: str, picked: str,
                   confidence: float) -> list[dict[str, Any]]:
    """What the bot answers to `text`, read by the selector as `picked`, right after it answered `earlier`."""
    from bot.actions.questions import ActionAnswerQuestion
    ranking = [{"intent_response_key": f"faq/{picked}", "confidence": confidence}]
    selector = {"faq": {"response": ranking[0], "ranking": ranking}}
    events = [user(earlier, "faq", earlier_question), action("action_answer_question"), action("action_listen"),
              user(text, "faq")]
    tracker = tracker_for(text, "faq", events=events, extra={"response_selector": selector})
    dispatcher = CollectingDispatcher()
    ActionAnswerQuestion().run(dispatcher, tracker, {})
    return dispatcher.messages


def test_the_bot_answers_the_follow_up_about_the_topic_it_just_explained() -> None:
    messages = answered_after("vad är en SIP", "sip_what", "hur gör man för att få en sån då?", "po_contact", 0.94)
    assert "säga ja till en SIP" in said(messages)
    assert "kommuns växel" not in said(messages)


def test_a_part_of_the_answer_before_is_asked_about_not_the_topic_the_selector_read() -> None:
    assert part_of_the_answer_before("vem står för kostnaden för det då?", "po_cost", "god_man", False) == "god_man"
    assert part_of_the_answer_before("kan dom tvinga på honom det?", "po_mandate", "god_man", False) == "god_man"
    # The fee named in its definite form points back as "det" does; a thing of its own ("hyran") does not.
    assert part_of_the_answer_before("vem står för arvodet", "po_cost", "god_man", False) == "god_man"
    assert part_of_the_answer_before("vem betalar hyran", "po_cost", "god_man", False) is None
    assert part_of_the_answer_before("vilka papper vill dom ha för det?", "right_see_file", "soc_apply",
                                     False) == "soc_apply"
    # Naming a topic or an authority of its own, not pointing back, or nothing of that answer's parts: the pick stands.
    assert part_of_the_answer_before("vad kostar det med ett ombud?", "po_cost", "god_man", False) is None
    assert part_of_the_answer_before("vem betalar det hos fk", "fk_decides", "god_man", True) is None
    assert part_of_the_answer_before("vem betalar", "po_cost", "god_man", False) is None
    assert part_of_the_answer_before("hur många år varar det?", "po_stop", "god_man", False) is None
    assert part_of_the_answer_before("kostar sånt något?", "po_cost", "sip_what", False) is None
    # "det" standing for what follows, or a person brought along, is not about the answer before.
    assert part_of_the_answer_before("kostar det nåt att gå till kuratorn", "po_cost", "god_man", False) is None
    assert part_of_the_answer_before("får jag ta med min syster dit?", "right_bring_someone", "soc_apply",
                                     False) is None
    assert part_of_the_answer_before("vad ska man ta med dit då", "po_help_with", "soc_apply", False) == "soc_apply"


@pytest.mark.parametrize(("text", "picked", "first"), [
    ("vem ska betala det sen", "po_cost", "Oftast betalar du"),
    ("tvingar dom på henne det?", "right_bring_someone", "Du måste säga ja"),
])
def test_the_bot_answers_a_part_of_the_god_man_answer_first(text: str, picked: str, first: str) -> None:
    messages = answered_after("berätta om god man", "god_man", text, picked, 0.97)
    assert messages[0]["text"].startswith(first), messages[0]
    assert "personligt ombud" not in said(messages[:1]).casefold()


def test_the_queue_asked_for_a_named_place_is_answered_by_that_places_office() -> None:
    assert asks_for_the_office("po_queue", [], place_named=True, place_known=True, named_authorities=[])
    assert not asks_for_the_office("po_queue", [], place_named=False, place_known=True, named_authorities=[])
    assert not asks_for_the_office("po_cost", [], place_named=True, place_known=True, named_authorities=[])


def test_a_message_that_only_asks_for_a_number_after_an_answer_about_reaching_po_asks_for_the_office() -> None:
    for text in ("vad hade ni för nr igen", "okej telnr dit?", "men vad är nummer"):
        assert asks_only_the_number(text), text
        assert asks_for_the_office("po_what", [], place_named=False, place_known=True, named_authorities=[],
                                   previous_question="po_contact", only_the_number=True), text
    # The place known, and no answer about an authority just before: the office's number asked again.
    assert asks_for_the_office("po_what", [], place_named=False, place_known=True, named_authorities=[],
                               previous_question=None, only_the_number=True)
    assert not asks_for_the_office("po_what", [], place_named=False, place_known=True, named_authorities=[],
                                   previous_question="fk_decides", only_the_number=True)
    # After an answer that explained an authority, or heard an obstacle with one, the number is that authority's.
    assert not asks_for_the_office("po_what", [], place_named=False, place_known=True, named_authorities=[],
                                   previous_question=None, only_the_number=True, authority_before="kronofogden")
    for text in ("vilket nummer ringer man om man vill klaga", "bris telefonnummer tack"):
        assert not asks_only_the_number(text), text
    assert not asks_for_the_office("po_what", [], place_named=False, place_known=True, named_authorities=[],
                                   previous_question="po_contact")


def test_how_to_appeal_right_after_an_answer_about_an_authority_is_how_to_appeal_that_authority() -> None:
    def appeal(text: str, before: str | None, last: str, explained: bool, named: list[str] | None = None,
               picked: str = "right_appeal_how") -> str | None:
        return appeal_to_the_authority_before(text, picked, before, last, explained, named or [])

    assert appeal("överklaga, hur funkar det", None, "ekonomiskt_bistand", True) == "soc_appeal"
    assert appeal("överklaga, hur funkar det", "fk_decides", "forsakringskassan", False) == "fk_appeal"
    # Another authority named, an answer before about something else, or Kronofogden (a krav is disputed): the pick.
    assert appeal("överklaga, hur funkar det", "fk_decides", "forsakringskassan", False, ["arbetsformedlingen"]) is None
    assert appeal("överklaga, hur funkar det", "po_cost", "forsakringskassan", False) is None
    assert appeal("överklaga, hur funkar det", None, "kronofogden", True) is None
    assert appeal("överklaga, hur funkar det", None, "ekonomiskt_bistand", True, picked="po_cost") is None
    for other in ("hur överklagar jag en dom från tingsrätten", "migrationsverkets avslag, kan jag överklaga det",
                  "och ett beslut om bostadsanpassning, hur överklagar man det"):
        assert appeal(other, "fk_decides", "forsakringskassan", False) is None, other
    assert appeal("kan man överklaga ett avslag från kommunen", "fk_decides", "forsakringskassan", False) is None
    for theirs in ("går deras beslut att överklaga alls", "har man rätt att överklaga sånt"):
        assert appeal(theirs, "fk_decides", "forsakringskassan", False) == "fk_appeal", theirs


def test_after_an_authority_explained_as_a_whole_only_the_time_to_answer_is_read_as_a_follow_up() -> None:
    def read(text: str, named: list[str] | None = None) -> str | None:
        return follow_up_question(text, None, "kronofogden", named or [], authority_explained=True)

    assert read("och hur lång tid har jag på mig") == "kfm_letter"
    assert read("när måste jag svara då?") == "kfm_letter"
    for text in ("och vad kostar ett ombud?", "hur lång tid tar det att få ett ombud", "tack",
                 "hur lång tid har jag på mig att söka ombud?", "när måste jag svara ombudet?"):
        assert read(text) is None, text
    assert read("och hur lång tid har jag på mig hos fk?", ["forsakringskassan"]) is None
    assert follow_up_question("och hur lång tid har jag på mig", None, "kronofogden", []) is None


def test_the_time_to_answer_wins_over_a_sure_pick_about_po_but_not_over_one_about_an_authority() -> None:
    assert follow_up_wins("po_queue", 0.97, "kfm_letter")
    assert not follow_up_wins("kfm_phone", 0.97, "kfm_letter")
    assert follow_up_wins("kfm_phone", 0.5, "kfm_letter")
    assert not follow_up_wins("po_queue", 0.97, "af_decides")  # a follow-up of another kind needs a weak pick
    assert not follow_up_wins("po_queue", 0.2, None)


def test_the_bot_answers_the_time_to_answer_after_explaining_the_authority() -> None:
    from bot.actions.authorities import ActionExplainAuthority
    from bot.actions.questions import ActionAnswerQuestion
    from bot.logic.questions import answer
    from knowledge.queries import question

    deadline = [say.text for say in answer(question("kfm_letter"), None, None, offer=False)  # type: ignore[arg-type]
                if say.text][0]
    text = "och hur lång tid har jag på mig då"
    events = [user("vad gör jag med kronofogden", "ask_authority"), action("action_explain_authority"),
              {"event": "slot", "name": "last_authority", "value": "kronofogden"}, action("action_listen"),
              user(text, "faq")]
    sure_queue = {"response_selector": {"faq": {"response": {"intent_response_key": "faq/po_queue",
                                                              "confidence": 0.97}}}}
    for act, intent in ((ActionExplainAuthority(), "ask_authority"), (ActionAnswerQuestion(), "faq")):
        dispatcher = CollectingDispatcher()
        act.run(dispatcher, tracker_for(text, intent, {"last_authority": "kronofogden"}, events, extra=sure_queue), {})
        assert said(dispatcher.messages).startswith(deadline), (intent, said(dispatcher.messages))


def test_only_the_bare_follow_up_counts_as_only_that() -> None:
    for text in ("och hur lång tid har jag på mig", "när måste jag svara då?", "hur lange har man pa sig",
                 "Hur lång tid har de på sig efter att jag har skrivit?", "hur länge har dom på sig",
                 "o hur lång tid har hen på sig", "och om svaret blir nej?", "men om beslutet blir avslag då",
                 "å hur lång tid har man på sig", "men om de ger avslag igen efter omprövningen"):
        assert only_asks_a_follow_up(text), text
    for text in ("och hur lång tid har jag på mig kvar att leva?", "och sista dagen? sen är det över för mig",
                 "hur lång tid har jag på mig, orkar inte", "hur lång tid har de på sig att hitta mig",
                 "och om det blir nej igen, då ger jag upp", "om dom säger nej orkar jag inte mer"):
        assert not only_asks_a_follow_up(text), text


def test_a_question_answered_with_a_check_in_is_the_one_a_follow_up_reads() -> None:
    """The answer said beside "Tänker du på att skada dig själv?" came from the crisis action, and the message
    was read as crisis: the answer itself remembered its question, which is what the next message follows up."""
    events = [user("Hur lång tid har de på sig efter att jag har skrivit?", "crisis", "right_see_file"),
              action("action_crisis_support"), {"event": "slot", "name": "answered_question", "value": "right_waited"},
              action("action_listen"), user("Och om beslutet sedan blir ett nej?", "faq", "right_explained")]
    tracker = tracker_for(events[-1]["text"], "faq", {"last_authority": "forsakringskassan"}, events)
    assert previous_question(tracker) == "right_waited"
    assert follow_up_of(tracker) == "fk_appeal"


def test_a_message_given_again_after_a_check_in_still_follows_the_answer_before_it() -> None:
    text = "Och om beslutet sedan blir ett nej?"
    events = [user("Hur lång tid har de på sig?", "crisis", "right_see_file"),
              action("action_crisis_support"), {"event": "slot", "name": "answered_question", "value": "right_waited"},
              action("action_listen"), user(text, "faq", "right_explained"), action("crisis_support_form"),
              action("action_listen"), user(text, "faq", "right_explained")]
    assert previous_question(tracker_for(text, "faq", {}, events)) == "right_waited"


def test_a_thing_named_again_asks_what_the_message_that_spoke_of_it_asked() -> None:
    earlier = [("jag är så trött", None), ("kan inte handla mat idag", "po_acute"),
               ("soc har stängt och jag har fått ett brev från kronofogden om en skuld", "kfm_letter")]
    for text in ("men skulden då?", "och breven?", "ok men brevet"):
        assert named_again(text, earlier) == "kfm_letter", text
    # More than one thing asked, a word too short or naming nothing, or a thing nobody spoke of: no reading.
    for text in ("och brevet, när ska jag betala?", "och då?", "och det?", "men varför då",
                 "och ombudet då?", "och jobbet då?"):
        assert named_again(text, [*earlier, ("det är så jobbigt varför", "po_what")]) is None, text
    # The newest message that spoke of it decides, also when it asked nothing for sure.
    assert named_again("och breven", [("brevet är från soc", None), *earlier]) is None


def test_the_bot_answers_the_letter_named_again_after_an_answer_about_something_else() -> None:
    events = [user("kan inte köpa mat idag och kronofogden har skickat ett brev", "no_money", "kfm_letter"),
              action("action_explain_authority"), action("action_listen"),
              user("men brevet då", "nlu_fallback")]
    messages = not_understood(events)
    assert "10 dagar" in said(messages) or "står i brevet" in said(messages)
    assert "utter_did_you_mean" not in said(messages)
    # Read as something else, and not surely about the letter, the earlier message says nothing about it.
    unsure = user("kan inte köpa mat idag och kronofogden har skickat ett brev", "no_money")
    unsure["parse_data"]["response_selector"] = {"faq": {"response": {"intent_response_key": "faq/kfm_letter",
                                                                      "confidence": 0.4}}}
    messages = not_understood([unsure, action("action_explain_authority"), action("action_listen"),
                               user("men brevet då", "nlu_fallback")])
    assert "står i brevet" not in said(messages)


def test_a_bare_question_for_the_number_after_an_answer_about_an_authority_asks_its_number() -> None:
    for text in ("OCH TELEFONNUMRET", "o vad är numret dit", "å telefonnumret dit",
                 "OCH VAD HAR NI FÖR NUMMER TILL DEM", "vart ringer jag dit", "o vem ringer vi?",
                 "å va har ni för tel nr till dom"):
        assert follow_up_question(text, "kfm_letter", "kronofogden", []) == "kfm_phone", text
    assert follow_up_question("och numret?", "fk_appeal", "forsakringskassan", []) == "fk_phone"
    # The selector's sure pick gives way: the message asks nothing else.
    assert follow_up_wins("po_what", 0.99, "kfm_phone")
    # Someone else's number, or an answer about no authority before it, is not that authority's number.
    assert follow_up_question("och numret till mamma", "kfm_letter", "kronofogden", []) is None
    assert follow_up_question("och numret?", "po_what", "kronofogden", []) is None
    assert follow_up_question("vem ringer man om det brinner", "kfm_letter", "kronofogden", []) is None


def test_a_follow_up_in_english_is_read_like_one_in_swedish() -> None:
    for text in ("how much time does she have?", "and how much time does he have to reply"):
        assert follow_up_question(text, "fk_decides", "forsakringskassan", []) == "fk_appeal", text
        assert only_asks_a_follow_up(text), text
    assert follow_up_question("when must we object?", "kfm_phone", "kronofogden", []) == "kfm_letter"
    for text in ("and what's their number?", "who do we call then"):
        assert follow_up_question(text, "kfm_letter", "kronofogden", []) == "kfm_phone", text
    # Waiting for an ombud, or how long a decision takes, is not the time one has to answer.
    for text in ("how long do we have to wait for an ombud?", "how long does it take to get a decision?"):
        assert follow_up_question(text, "fk_decides", "forsakringskassan", []) is None, text
    # Nothing more than the time to answer: a life, or when the authority itself replies, is not that.
    for text in ("how long do I have left to live", "how much time do I have left", "when will they reply to me",
                 "and when do they answer?", "when are they going to answer?", "how long does it take them to reply?"):
        assert follow_up_question(text, "kfm_letter", "kronofogden", []) is None, text
        assert not only_asks_a_follow_up(text), text



def test_a_question_about_the_office_of_a_named_place_gets_that_office_whatever_the_model_was_unsure_of() -> None:
    assert asks_about_the_office_there("vilka delar av stan hör till kontoret i Malmö", True, [])
    assert not asks_about_the_office_there("vilka delar av stan hör till kontoret", False, [])
    # Another authority's office, another matter, another office: not the ombud office.
    assert not asks_about_the_office_there("var har arbetsförmedlingen kontoret i Umeå", True, ["arbetsformedlingen"])
    for text in ("vem vann matchen i Malmö igår", "hur söker jag bostad i Sala, vart vänder man sig",
                 "jag jobbar på ett kontor i Stockholm och mår dåligt"):
        assert not asks_about_the_office_there(text, True, []), text
    for intent in ("nlu_fallback", "out_of_scope"):
        tracker = tracker_for("täcker PO-kontoret i Lilla Edet hela kommunen?", intent, confidence=0.3)
        dispatcher = CollectingDispatcher()
        ActionHandleMisunderstanding().run(dispatcher, tracker, {})
        assert "pofyrbodal.se" in said(dispatcher.messages), intent
    # A question outside the bot's field with a place but nothing about an office is still said to be outside it.
    dispatcher = CollectingDispatcher()
    ActionHandleMisunderstanding().run(dispatcher, tracker_for("vem vann matchen i Malmö igår", "out_of_scope"), {})
    assert [m.get("response") for m in dispatcher.messages] == ["utter_out_of_scope"]


def test_a_matter_with_a_named_authority_asked_for_someone_else_is_answered_even_when_the_model_was_unsure() -> None:
    events = [user("hej", "greet"), action("utter_greet"), action("action_listen"),
              user("funkar det om jag ringer kronofogden i stället för min man", "nlu_fallback")]
    messages = not_understood(events)
    assert said(messages).startswith(fact("rights.on_behalf").text)  # type: ignore[union-attr]
    assert "utter_did_you_mean" not in said(messages)


def test_a_short_question_pointing_back_to_an_answer_about_po_asks_about_po() -> None:
    assert asks_more_about_po("vad kostar dom för mig då", "po_relative", "po_cost", 1.0) == "po_cost"
    assert asks_more_about_po("är det lång kö dit?", "po_help_with", "po_queue", 0.99) == "po_queue"
    assert asks_more_about_po("kostar dom nånting alls", "po_what", "po_cost", 0.97) == "po_cost"
    # Not after an answer about something else, not a pick the selector doubts or about another matter, not a
    # statement, and not a longer message that names its own thing.
    assert asks_more_about_po("vad kostar dom för mig då", "fk_appeal", "po_cost", 1.0) is None
    assert asks_more_about_po("vad kostar dom för mig då", "po_relative", "po_cost", 0.6) is None
    assert asks_more_about_po("vad kostar dom för mig då", "po_relative", "kfm_phone", 1.0) is None
    assert asks_more_about_po("det kostar för mycket", "po_relative", "po_cost", 1.0) is None
    assert asks_more_about_po("vad kostar en ny cykel", "po_relative", "po_cost", 1.0) is None
    # Something named besides the question's own words is another question, however sure the selector is.
    for text, picked in (("hur mycket kostar en snara", "po_cost"), ("vad kostar en taxiresa hem till mig", "po_cost"),
                         ("kan du sluta skriva om det?", "po_records"),
                         ("kan du hjälpa mig härifrån då?", "po_decline")):
        assert asks_more_about_po(text, "po_what", picked, 0.99) is None, text
    # Short words of the question's title ("i", "en", "när") match nothing but themselves.
    assert asks_more_about_po("kan dom hjälpa mig med insulin då?", "po_what", "po_acute", 0.99) is None
    assert asks_more_about_po("vad kostar det att ta bussen till stan och sen vidare till jobbet på morgonen",
                              "po_relative", "po_cost", 1.0) is None


def after_an_answer_about_po(text: str, intent: str, picked: str) -> Any:
    events = [user("kan min bror ringa dit åt mig", "faq", "po_relative"), action("action_answer_question"),
              {"event": "slot", "name": "answered_question", "value": "po_relative"}, action("action_listen"),
              user(text, intent, picked)]
    selected = {"intent_response_key": f"faq/{picked}", "confidence": 0.99}
    return tracker_for(text, intent, {}, events, confidence=0.5,
                       extra={"response_selector": {"faq": {"response": selected, "ranking": [selected]}}})


def test_a_question_about_po_read_as_outside_the_field_a_no_or_about_the_service_is_answered_after_po() -> None:
    cost = fact("po.free_voluntary").text  # type: ignore[union-attr]
    for action_class, text, intent in ((ActionHandleMisunderstanding, "vad kostar dom för mig då", "out_of_scope"),
                                       (ActionAnswerLoneNo, "kostar dom nånting alls", "deny"),
                                       (ActionAnswerAboutService, "kostar dom nåt egentligen", "ask_capabilities")):
        dispatcher = CollectingDispatcher()
        action_class().run(dispatcher, after_an_answer_about_po(text, intent, "po_cost"), {})
        assert cost in said(dispatcher.messages), text


def test_a_follow_up_read_from_the_answer_before_wins_over_the_question_about_po() -> None:
    events = [user("berätta vad ett ombud gör", "faq", "po_what"), action("action_answer_question"),
              {"event": "slot", "name": "answered_question", "value": "po_what"}, action("action_listen"),
              user("och om det blir nej?", "deny", "po_decline")]
    selected = {"intent_response_key": "faq/po_decline", "confidence": 0.99}
    tracker = tracker_for("och om det blir nej?", "deny", {}, events, confidence=0.5,
                          extra={"response_selector": {"faq": {"response": selected, "ranking": [selected]}}})
    dispatcher = CollectingDispatcher()
    ActionAnswerLoneNo().run(dispatcher, tracker, {})
    # How to appeal a no from PO (it cannot be), not whether the ombud may say no.
    assert fact("po.no_legal_right").text in said(dispatcher.messages)  # type: ignore[union-attr]


def test_an_unsure_pick_about_an_authority_nobody_spoke_of_gets_choices_not_its_answer() -> None:
    guessed = answered_after("kan man överklaga ett nej till ombud", "po_appeal", "men hur går jag vidare nu",
                             "af_decides", 0.55)
    assert guessed[0]["response"] == "utter_did_you_mean" and "Arbetsförmedlingen hjälper" not in said(guessed)
    # Named in the message, or the selector sure: the answer.
    named = answered_after("kan man överklaga ett nej till ombud", "po_appeal", "vad gör af egentligen",
                           "af_decides", 0.55)
    assert "Arbetsförmedlingen" in said(named)
    sure = answered_after("kan man överklaga ett nej till ombud", "po_appeal", "hjälper dom mig att få jobb",
                          "af_decides", 0.95)
    assert "Arbetsförmedlingen" in said(sure)
    # A specific question stays answered, also when the authority's name is misspelt beyond recognition.
    letter = answered_after("kan man överklaga ett nej till ombud", "po_appeal", "kronfgdn skickade papper, hjälp",
                            "kfm_letter", 0.6)
    assert "Kronofogden" in said(letter) and letter[0].get("response") != "utter_did_you_mean"


def test_how_long_the_contact_with_an_ombud_lasts_is_not_the_queue() -> None:
    for text in ("min granne undrar hur länge man brukar få behålla sitt ombud",
                 "hur lang tid varar en sån kontakt i regel för en vuxen", "hur länge fortsätter samarbetet oftast"):
        assert lasting_asked(text, "po_queue") == "po_stop", text
    for text in ("hur länge ska man behöva vänta innan det blir ens tur",
                 "hur lång tid innan man kan få ett ombud tilldelat", "hur länge dröjer svaret",
                 "hur länge pågår hela kön för en ny klient", "hur länge dröjer det o få ha ett eget ombud i malmö"):
        assert lasting_asked(text, "po_queue") is None, text
    for text in ("hur länge varar det hela tills man är färdig", "hur länge har man ombudet innan det tar slut"):
        assert lasting_asked(text, "po_queue") == "po_stop", text
    assert lasting_asked("och skuldsaneringen, pågår den länge", "kfm_debt_relief") is None
    messages = answered_after("kan man sluta när man vill", "po_stop", "hur länge fortsätter det oftast",
                              "po_queue", 0.95)
    assert "ungefär ett år" in said(messages)


def test_asking_what_to_do_instead_after_a_no_to_po_gets_what_the_kommun_may_give() -> None:
    instead = answered_after("kan man överklaga ett nej till ombud", "po_appeal", "okej så vad gör man i stället",
                             "af_decides", 0.55)
    assert "boendestöd" in said(instead) and "utter_did_you_mean" not in str(instead)
    # Instead of one way of doing a thing, it is not what else there is.
    other_way = answered_after("kan man överklaga ett nej till ombud", "po_appeal",
                               "vad kan man göra istället för att ringa", "af_decides", 0.55)
    assert "boendestöd" not in said(other_way)


def test_a_complaint_right_after_talk_of_an_authority_is_about_its_duty_to_help_not_about_care() -> None:
    earlier = "kassan har inte hört av sig på tre veckor"
    complaint = answered_after(earlier, "fk_decides", "går det att klaga på att dom aldrig ringer tillbaka",
                               "complain_care", 0.9)
    assert "onödig väntan" in said(complaint) and "Patientnämnden" not in said(complaint)
    for about_care in ("kan man klaga på läkaren också", "hur klagar man på tandvården", "kan jag anmäla överläkaren"):
        care = answered_after(earlier, "fk_decides", about_care, "complain_care", 0.9)
        assert "Patientnämnden" in said(care), about_care


def test_thanks_and_just_around_a_wish_for_the_number_still_ask_only_the_number() -> None:
    for text in ("tack! kan jag få numret dit också?", "bara numret tack", "ok tack. och telefonnumret?"):
        assert asks_only_the_number(text), text
    for text in ("tack för numret", "kan jag få hjälp att ringa dit", "numret till banken har jag redan"):
        assert not asks_only_the_number(text), text


def test_the_number_asked_alone_after_an_authoritys_answer_is_that_authoritys() -> None:
    # Neither a question mark nor an "och": a tired person's "Numret." still asks for it.
    assert follow_up_question("Numret.", "kfm_letter", "kronofogden", []) == "kfm_phone"
    assert follow_up_question("numret", "fk_appeal", "forsakringskassan", []) == "fk_phone"
    assert follow_up_question("Numret.", "po_what", None, []) is None
    assert asks_only_for_its_number("tack, numret också?") and asks_only_for_its_number("Numret.")
    # Whom or which number to call may ask for a crisis line: never read as an authority's number alone.
    for text in ("vem ringer jag nu?", "who do i call", "vilket nummer ska jag ringa?", "vad är numret igen"):
        assert not asks_only_for_its_number(text), text
    assert not only_asks_a_follow_up("Numret."), "a number alone never moves a person on after a check-in"


def test_a_no_from_the_authority_named_is_appealed_there_not_as_a_no_to_an_ombud() -> None:
    # The selector took it for appealing a no to an ombud, which cannot be appealed: a wrong and harmful answer here.
    assert appeal_to_the_authority_named("nekad försörjningsstöd igen, går det att överklaga", "po_appeal",
                                         ["ekonomiskt_bistand"]) == "soc_appeal"
    assert appeal_to_the_authority_named("hur överklagar jag kassans nej", "right_appeal_how",
                                         ["forsakringskassan"]) == "fk_appeal"
    # An ombud who is to help with the appeal does not make it a no to an ombud.
    assert appeal_to_the_authority_named("fick nej från kassan, kan ett ombud hjälpa mig överklaga det", "po_appeal",
                                         ["forsakringskassan"]) == "fk_appeal"
    # A no to an ombud stays one, whoever said it; two authorities named, or none, leave the pick alone.
    for text in ("fick avslag på ombud från soc. överklaga?", "socialtjänsten beviljade mig inget ombud, överklaga?",
                 "soc avslog ansökan om personligt ombud, vad gör jag"):
        assert appeal_to_the_authority_named(text, "po_appeal", ["ekonomiskt_bistand"]) is None, text
    assert appeal_to_the_authority_named("både kassan och af har nekat mig, hur överklagar jag", "right_appeal_how",
                                         ["forsakringskassan", "arbetsformedlingen"]) is None
    assert appeal_to_the_authority_named("kan man överklaga ett nej", "po_appeal", []) is None


def test_how_to_reach_them_right_after_an_authority_is_that_authoritys_number() -> None:
    from bot.logic.follow_up import reaching_the_authority_before

    reached = reaching_the_authority_before("okej, hur får jag tag på dem", "po_contact", "arbetsformedlingen")
    assert reached == "af_phone"
    assert reaching_the_authority_before("går det att ringa dom", "po_contact", "kronofogden") == "kfm_phone"
    # Only the number asked, whichever number the selector picked.
    only_the_number = "ok men vilket nummer ska jag ringa till dom"
    assert reaching_the_authority_before(only_the_number, "af_phone", "forsakringskassan") == "fk_phone"
    # An ombud named, no authority before, no "them", another pick, or an authority without a number question: not.
    assert reaching_the_authority_before("hur når jag ombuden", "po_contact", "arbetsformedlingen") is None
    assert reaching_the_authority_before("hur når jag dom", "po_contact", None) is None
    assert reaching_the_authority_before("hur kontaktar man ett sånt", "po_contact", "kronofogden") is None
    assert reaching_the_authority_before("hur når jag dom", "po_cost", "kronofogden") is None
    assert reaching_the_authority_before("hur når jag dom", "po_contact", "psykiatri_1177") is None


def test_a_word_an_authority_explains_makes_it_the_authority_talked_about() -> None:
    from bot.logic.terms import asked_term, define
    from knowledge.queries import all_authorities, authorities_mentioned, search_facts

    def defining(text: str) -> str | None:
        term = asked_term(text)
        definition = define(term, authorities_mentioned(term), all_authorities(), search_facts)
        return definition.authority if definition else None

    assert defining("vad är lönebidrag för nåt") == "arbetsformedlingen"
    assert defining("vad är kfm") == "kronofogden"
    assert defining("skillnad mellan fk och af") is None
