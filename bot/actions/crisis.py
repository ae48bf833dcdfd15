"""Crisis: the reply that fits, a check-in when unsure, and staying with the person afterwards.

The decisions are in bot/logic/crisis/; these actions only read the tracker and say the result.
"""
from __future__ import annotations

import json
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActionExecuted, FollowupAction, SlotSet, UserUttered
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.forms import back_to_the_form
from bot.actions.questions import (
    LAST_AUTHORITY_SLOT,
    answer_alone,
    asked_in_context,
    authority_of_the_answer_before,
    follow_up_of,
    remember_answer,
    say_answer,
)
from bot.actions.say import say_all, typed_text
from bot.actions.selector import selected_question
from bot.logic.crisis import support
from bot.logic.crisis.assessment import CHECK_IN, CRISIS, NONE, Assessment, assess
from bot.logic.crisis.form_answers import asks_for_free_text, is_plain_answer
from bot.logic.crisis.replies import (
    asked_again_about,
    check_in,
    check_in_with_answer,
    confirmed,
    crisis_line_answer,
    crisis_reply,
    support_reply,
)
from bot.logic.english import ANSWERING_WHAT_YOU_ASKED, answer_in_english
from bot.logic.follow_up import asks_only_for_its_number, asks_only_the_number, follow_up_wins, only_asks_a_follow_up
from bot.logic.forms import UNCLEAR_SLOT
from bot.logic.language import ENGLISH, SWEDISH, language_of
from bot.logic.offices import describe_decision, names_a_sure_place, next_step_without_office
from bot.logic.questions import QUESTION_INTENT, guessed_an_authority, phone_question
from bot.logic.say import Say
from bot.logic.small_talk import MISREAD_KEY
from casework.handoffs import typed_reference
from knowledge.queries import authorities_mentioned, question

FORMS_A_CRISIS_PAUSES = ("eligibility_form", "handoff_form")
LEVEL_ENTITY = "crisis_level"
DONE = "done"
OFFICE_INTENT = "find_office"
ANSWERED = "answered"
FALLBACK_INTENT = "nlu_fallback"


def _level(tracker: Tracker) -> str:
    return str(next(tracker.get_latest_entity_values(LEVEL_ENTITY), CRISIS))


def _message_as_typed(tracker: Tracker) -> dict[str, Any]:
    """The latest message as the best intent that is not crisis, for answering it later."""
    message = tracker.latest_message
    ranking = [r for r in message.get("intent_ranking") or [] if r.get("name") != "crisis"]
    intent = ranking[0] if ranking else {"name": "nlu_fallback", "confidence": 1.0}
    entities = [e for e in message.get("entities") or [] if e.get("entity") != LEVEL_ENTITY]
    return {"text": message.get("text") or "", "intent": intent, "intent_ranking": ranking,
            "entities": entities, "response_selector": message.get("response_selector") or {}}


def _message_to_replay(tracker: Tracker, as_intent: str | None = None, answered: bool = False) -> str:
    # With the question a paused form was asking, so that it can take the message as the answer; an
    # `answered` message is kept only for what it says about the situation, and is not answered again.
    message = _message_as_typed(tracker)
    if as_intent:
        message["intent"] = {"name": as_intent, "confidence": 1.0}
    return json.dumps({**message, "requested_slot": tracker.get_slot("requested_slot"), ANSWERED: answered},
                      ensure_ascii=False)


def _answer_with_the_check_in(tracker: Tracker, assessment: Assessment) -> tuple[list[Say], list[dict[str, Any]]]:
    """The answer to a calm question the classifier alone doubted, to say with the check-in; none otherwise."""
    selected, confidence = selected_question(tracker)
    as_typed = _message_as_typed(tracker)
    # The best reading after `crisis` that is not the fallback: an ambiguous message ("crisis" 0.41, "faq" 0.39) is
    # marked as a fallback before the readings it was torn between. An office is described only where the model's
    # own best reading, the fallback included, asked for one.
    office_reading = as_typed["intent"].get("name")
    readings = [r for r in as_typed["intent_ranking"] if r.get("name") != FALLBACK_INTENT]
    best = readings[0].get("name") if readings else None
    best_confidence = float(readings[0].get("confidence") or 0.0) if readings else 0.0
    # A message that only asks "och hur lång tid har jag på mig?" right after an answer about Kronofogden asks
    # that authority's time, and "Numret." its number: a reading from the answer before, as sure as a question the
    # selector is sure of. Anything more in the message ("… kvar att leva?") keeps the check-in alone.
    follow_up = follow_up_of(tracker)
    typed = typed_text(tracker)
    if follow_up_wins(selected, confidence, follow_up) and (only_asks_a_follow_up(typed)
                                                             or asks_only_for_its_number(typed)):
        selected, confidence, best = follow_up, 1.0, QUESTION_INTENT
    asked = question(selected) if selected else None
    free_text = bool(tracker.active_loop_name) and asks_for_free_text(tracker.get_slot("requested_slot"))
    office_asked = support.office_asked_with_the_check_in(assessment.level, office_reading, typed,
                                                          free_text, assessment.language)
    if office_asked is not None:
        # The office action's notes around the answer (for someone under 18, the choices after it) are left out:
        # the check-in's own question comes last.
        place, decision = office_asked
        return (describe_decision(decision, next_step_without_office()),
                [SlotSet("kommun_code", place.kommun_code), SlotSet("area", place.area)])
    named = [a.key for a in authorities_mentioned(typed)]
    guessed = bool(selected) and guessed_an_authority(selected or "", confidence, named,
                                                      tracker.get_slot(LAST_AUTHORITY_SLOT))
    office_asked_by_name = support.own_office_asked_by_name(
        typed, tracker.get_slot("kommun_code"), tracker.get_slot("area"), bool(tracker.get_slot("homeless")))
    if not selected or not support.answers_with_the_check_in(assessment.level, best, best_confidence, asked, confidence,
                                                             free_text, assessment.language, guessed,
                                                             office_asked_by_name):
        return [], []
    if assessment.language == SWEDISH:
        return answer_alone(tracker, selected)
    asked = asked_in_context(tracker, selected)
    in_english = answer_in_english(typed, asked.key, offer=False) if asked is not None else None
    return (in_english, remember_answer(asked.key)) if in_english and asked is not None else ([], [])


def _replayed_text(tracker: Tracker) -> str:
    stored = tracker.get_slot("crisis_replay")
    return str(json.loads(stored).get("text") or "") if stored else ""


class ActionCrisisSupport(Action):
    """The crisis reply for the situation and language, or a check-in question when the signs are uncertain."""

    def name(self) -> str:
        return "action_crisis_support"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        # A "Ja" button after a check-in carries no text: the situation is read from the message asked about.
        text = typed_text(tracker) or _replayed_text(tracker)
        assessment = assess(text)
        form, asked = tracker.active_loop_name, tracker.get_slot("requested_slot")
        if (_level(tracker) == CHECK_IN and assessment.level == NONE and form in FORMS_A_CRISIS_PAUSES
                and is_plain_answer(asked, text)):
            # Only the classifier was unsure, and the message plainly answers the form's question.
            return back_to_the_form(form, asked, _message_as_typed(tracker))
        if _level(tracker) == CHECK_IN and assessment.level == NONE and typed_reference(text):
            # Only the classifier was unsure, and the message carries a contact request's code: it is about
            # that request, and is answered as typed.
            as_typed = _message_as_typed(tracker)
            return [ActionExecuted("action_listen"), UserUttered(as_typed["text"], parse_data=as_typed)]
        events = [SlotSet("obstacle_note", None), SlotSet("crisis_turns", 0.0), SlotSet(UNCLEAR_SLOT, 0)]
        if tracker.active_loop_name in FORMS_A_CRISIS_PAUSES:
            events.append(SlotSet("paused_form", tracker.active_loop_name))
        if _level(tracker) == CHECK_IN:
            answer, remembered = _answer_with_the_check_in(tracker, assessment)
            say_all(dispatcher, check_in_with_answer(assessment, answer) if answer else check_in(assessment))
            return [*events, *remembered, SlotSet("crisis_check_in", True),
                    SlotSet("crisis_replay", _message_to_replay(tracker, answered=bool(answer)))]
        say_all(dispatcher, crisis_reply(assessment))
        return [*events, SlotSet("crisis_check_in", False)]


class ActionAskCrisisSupport(Action):
    """The supportive mode asks no question of its own: its replies come from the validation below."""

    def name(self) -> str:
        return "action_ask_crisis_support"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        return []


class ValidateCrisisSupportForm(FormValidationAction):
    """Reads each message after a crisis reply or a check-in, answers it, and ends the mode when the person moves on."""

    def name(self) -> str:
        return "validate_crisis_support_form"

    def validate_crisis_support(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> dict[str, Any]:
        message = tracker.latest_message
        intent = (message.get("intent") or {}).get("name") or ""
        confidence = float((message.get("intent") or {}).get("confidence") or 0.0)
        flagged = intent == "crisis"
        danger = flagged and _level(tracker) == CRISIS
        # Here the model's own reading counts, before the small-talk check changed it: a yes to the
        # check-in stays a yes, and the person is not moved to another topic on a guess.
        intent = str(message.get(MISREAD_KEY) or intent)
        text = typed_text(tracker)
        # Words of crisis the lexicon was unsure of; the classifier's doubt alone must not hold a calm person here.
        doubt = assess(text).level != NONE
        checking = bool(tracker.get_slot("crisis_check_in"))
        # A bare follow-up to the answer given with the check-in ("och om det blir nej igen?"); the text is read first,
        # so the conversation is searched for that answer only when the message could be one.
        bare_follow_up = checking and only_asks_a_follow_up(text) and follow_up_of(tracker, text) is not None
        doubted_before = checking and assess(_replayed_text(tracker)).level != NONE
        turns = int(tracker.get_slot("crisis_turns") or 0)
        # Only the first answer to the check-in may name the place of the office asked about.
        asked = _replayed_text(tracker) if turns == 0 else ""
        meaning = (support.read_check_in_answer(text, intent, confidence, danger, bare_follow_up, flagged,
                                                doubted_before, asked)
                   if checking
                   else support.read_support_message(text, intent, confidence, danger, doubt))
        if meaning in (support.CONFIRMED, support.DANGER_AGAIN):
            said = (crisis_reply(assess(text)) if meaning == support.DANGER_AGAIN
                    else crisis_reply(confirmed(_replayed_text(tracker) or text, text)))
            say_all(dispatcher, said)
            return {"crisis_support": None, "crisis_check_in": False, "crisis_replay": None}
        # "nej vänta, jag menar Uddevalla": the place meant is answered with its office, not the first message (a
        # paused form is offered again as after any no, and takes the place there).
        place_meant = (meaning == support.NOT_A_CRISIS and names_a_sure_place(text)
                       and tracker.get_slot("paused_form") not in FORMS_A_CRISIS_PAUSES)
        if meaning == support.PLACE_FOR_THE_OFFICE or place_meant:
            return {"crisis_support": DONE, "crisis_check_in": False,
                    "crisis_replay": _message_to_replay(tracker, as_intent=OFFICE_INTENT)}
        if meaning == support.NOT_A_CRISIS:
            return {"crisis_support": DONE}
        if meaning == support.OTHER_TOPIC:
            # The new message is answered as itself, never given to a paused form as its answer. A bare follow-up to
            # the answer given with the check-in (how long one has, what if it is a no again) is that question,
            # whatever small talk the model read into it; anything else keeps the model's reading (asking whom to call
            # may ask for a crisis line).
            as_intent = QUESTION_INTENT if bare_follow_up else None
            return {"crisis_support": DONE, "crisis_check_in": False,
                    "crisis_replay": _message_to_replay(tracker, as_intent=as_intent)}
        if meaning in (support.SETTLED, support.STOP):
            say_all(dispatcher, support_reply(support.SETTLED, 0) if meaning == support.SETTLED
                    else [Say(response="utter_okay")])
            # The place named with it is answered next, as a question for the office there.
            place = meaning == support.SETTLED and support.place_said_too(text)
            return {"crisis_support": DONE, "crisis_check_in": False,
                    "crisis_replay": _message_to_replay(tracker, as_intent=OFFICE_INTENT) if place else None}
        language = language_of(text)
        said = support_reply(meaning, turns, language)
        if checking and ((meaning == support.LISTENING and turns == 0) or meaning == support.ASKS_IF_BOT):
            # Neither a yes, a no nor another question: the check-in is asked again once, with its two answers; after
            # "är du en människa?" it is still unanswered, and asked again.
            said = [*said, asked_again_about(_replayed_text(tracker), language)]
        say_all(dispatcher, said)
        return {"crisis_support": None, "crisis_turns": float(turns + 1)}


class ActionAfterCrisis(Action):
    """The supportive mode has ended: answer what the person asked instead, or ask before resuming a form."""

    def name(self) -> str:
        return "action_after_crisis"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        cleared = [SlotSet("crisis_support", None), SlotSet("crisis_check_in", False), SlotSet("crisis_replay", None)]
        stored = tracker.get_slot("crisis_replay")
        paused = tracker.get_slot("paused_form")
        if stored:
            message = json.loads(stored)
            if message.pop(ANSWERED, False):
                # Answered with the check-in already, and the answer to the check-in was no.
                dispatcher.utter_message(response="utter_okay")
                if paused in FORMS_A_CRISIS_PAUSES:
                    dispatcher.utter_message(response=f"utter_ask_resume_{paused}")
                return cleared
            asked = message.pop("requested_slot", None)
            replay = [ActionExecuted("action_listen"),
                      UserUttered(message["text"], parse_data={**message, "entities": message["entities"]})]
            if tracker.get_slot("crisis_check_in") and paused in FORMS_A_CRISIS_PAUSES:
                # Only a check-in was asked, and the answer was no: the message was an answer to the
                # form's question ("barn hemma"), so the form takes it where it was.
                dispatcher.utter_message(response="utter_back_to_the_questions")
                return [*cleared, SlotSet("paused_form", None), *back_to_the_form(paused, asked, message)]
            if language_of(message["text"]) == ENGLISH:
                dispatcher.utter_message(text=ANSWERING_WHAT_YOU_ASKED)
            else:
                dispatcher.utter_message(response="utter_answering_what_you_asked")
            # The message is given again as if just typed, so that the usual rule for it answers it.
            return [*cleared, *replay]
        if paused in FORMS_A_CRISIS_PAUSES:
            dispatcher.utter_message(response=f"utter_ask_resume_{paused}")
        return cleared


class ActionAnswerResume(Action):
    """A yes resumes the paused form where it was; a no leaves it."""

    def name(self) -> str:
        return "action_answer_resume"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        paused = tracker.get_slot("paused_form")
        yes = (tracker.latest_message.get("intent") or {}).get("name") == "affirm"
        if yes and paused in FORMS_A_CRISIS_PAUSES:
            return [SlotSet("paused_form", None), FollowupAction(paused)]
        dispatcher.utter_message(response="utter_menu" if yes else "utter_okay")
        return [SlotSet("paused_form", None)]


class ActionAnswerCrisisLine(Action):
    """A calm question about a crisis line: that line, with its source, and no alarm."""

    def name(self) -> str:
        return "action_answer_crisis_line"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        text = typed_text(tracker)
        # "vilket nummer ringer vi dit?" right after an answer about an authority asks for that authority's.
        about = authority_of_the_answer_before(tracker)
        if about and asks_only_the_number(text) and (asked := phone_question(about)):
            return say_answer(dispatcher, tracker, asked)
        say_all(dispatcher, crisis_line_answer(text))
        return []
