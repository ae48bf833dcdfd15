from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, UserUttered
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.eligibility import screen_from_age
from bot.actions.offices import ActionFindOffice, reply_to_the_offered_place
from bot.actions.questions import follow_up_of, po_follow_up_of, remember_answer, say_answer
from bot.actions.say import say_all, say_facts, typed_text
from bot.actions.selector import selected_question
from bot.actions.turns import buttons_of_the_last_message, responses_of_the_last_turn
from bot.logic.about_whom import asks_support_as_a_relative, asks_whether_they_fit
from bot.logic.answers import age_after_a_yes, dont_know
from bot.logic.eligibility import AGE_QUESTION, tells_an_age
from bot.logic.english import reply_in_other_language, swedish_after_all
from bot.logic.forms import asks_a_question_instead
from bot.logic.language import ENGLISH, language_of
from bot.logic.lone_yes import a_way_to_start, answer_lone_yes, the_offered_step
from bot.logic.offices import names_a_sure_place
from bot.logic.questions import RELATIVE_SUPPORT, answer, handled_for_someone, matter_with_an_authority
from bot.logic.several_questions import up_to_the_first_question
from knowledge.queries import authorities_mentioned, facts_by_keys, office, question

SCREENER_INTENT = "check_eligibility"
RELATIVE_FACTS = ["po.relatives", "org.kommunens_anhorigstod", "org.anhorigas_riksforbund"]


class ActionRelativeHelp(Action):
    """A relative asks: PO works on the person's own wish, how to help them make contact, support for oneself;
    a relative asking only what support there is for themself gets that first."""

    def name(self) -> str:
        return "action_relative_help"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        typed = typed_text(tracker)
        if asks_support_as_a_relative(up_to_the_first_question(typed)):
            return say_answer(dispatcher, tracker, RELATIVE_SUPPORT)
        if asks_whether_they_fit(typed) and not tracker.active_loop_name:
            # "kan min syster få personligt ombud": the screener, taken on her behalf (it says so, and names her).
            asked = {"text": typed, "intent": {"name": SCREENER_INTENT, "confidence": 1.0},
                     "intent_ranking": [{"name": SCREENER_INTENT, "confidence": 1.0}], "entities": []}
            return [ActionExecuted("action_listen"), UserUttered(typed, parse_data=asked)]
        named = [authority.key for authority in authorities_mentioned(typed)]
        if matter := matter_with_an_authority(*selected_question(tracker), named) or handled_for_someone(typed, named):
            return say_answer(dispatcher, tracker, matter)
        dispatcher.utter_message(response="utter_relative_intro")
        say_facts(dispatcher, facts_by_keys(RELATIVE_FACTS))
        dispatcher.utter_message(response="utter_relative_next")
        return []


class ActionOtherLanguage(Action):
    """The answer in English when the knowledge base has it so; otherwise a notice with the emergency numbers."""

    def name(self) -> str:
        return "action_other_language"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        key, confidence = selected_question(tracker)
        text = typed_text(tracker)
        asked = question(key) if key and swedish_after_all(text, key, confidence) else None
        if asked is not None:
            say_all(dispatcher, answer(asked, tracker.get_slot("kommun_code"), tracker.get_slot("area"),
                                       offer=not tracker.active_loop_name))
            return remember_answer(asked.key)
        say_all(dispatcher, reply_in_other_language(text, key, confidence, offer=not tracker.active_loop_name))
        return []


class ActionAnswerLoneYes(Action):
    """A yes with no question before it: the menu, or, after "that office takes no requests here",
    the office's phone again when the person still asks to send. A yes to "Menar du Örebro?" chooses Örebro, a yes
    that names a place asks for the office there, and "och af" after an answer about Försäkringskassan asks the
    same about Arbetsförmedlingen. After an answer that offered one next step, a yes takes it."""

    def name(self) -> str:
        return "action_answer_lone_yes"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        if place := reply_to_the_offered_place(tracker).chosen:
            return ActionFindOffice().find(dispatcher, tracker, place)
        if (typed := typed_text(tracker)) and names_a_sure_place(typed):  # "okej, kiruna då": the office there
            return ActionFindOffice().find(dispatcher, tracker, typed)
        if asked := follow_up_of(tracker):  # "och af": read as a yes, it names what it asks about
            return say_answer(dispatcher, tracker, asked)
        if step := the_offered_step(buttons_of_the_last_message(tracker.events), typed):
            if step["intent"]["name"] == SCREENER_INTENT and (age := age_after_a_yes(typed)) is not None:
                return screen_from_age(dispatcher, tracker, age)  # "ja. 29 år": the screener, with that age
            return [ActionExecuted("action_listen"), UserUttered(step["text"], parse_data=step)]
        refused_by = office(tracker.get_slot("handoff_office") or "")
        say_all(dispatcher, answer_lone_yes(responses_of_the_last_turn(tracker.events), typed, refused_by,
                                            tracker.get_slot("kommun_code")))
        return []


class ActionAnswerLoneNo(Action):
    """A no with no question before it leaves the person be, unless it tells an age ("nej förlåt, ja e 16
    egentligen"): then what age means for an ombud, and who helps the young. "vet inte" gets a way to start."""

    def name(self) -> str:
        return "action_answer_lone_no"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        if (typed := typed_text(tracker)) and tells_an_age(typed):
            return say_answer(dispatcher, tracker, AGE_QUESTION)
        if asked := po_follow_up_of(tracker):  # "kostar dom nånting alls" after an answer about PO, read as a no
            return say_answer(dispatcher, tracker, asked)
        if typed and dont_know(typed) and language_of(typed) != ENGLISH:
            say_all(dispatcher, [a_way_to_start()])
            return []
        dispatcher.utter_message(response="utter_okay")
        return []


class ActionStopOutsideAForm(Action):
    """"Sluta" with no form running: a question about stopping ("kan jag sluta när jag vill?") that the selector
    is sure of is answered; a plain "avbryt" gets the menu."""

    def name(self) -> str:
        return "action_stop_outside_a_form"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        key, confidence = selected_question(tracker)
        text = typed_text(tracker)
        if key and text and asks_a_question_instead(text, confidence):
            return say_answer(dispatcher, tracker, key)
        dispatcher.utter_message(response="utter_menu")
        return []
