"""What every form shares: the unclear-answer count, set back to zero by any answer it can read."""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.say import say_all, typed_text
from bot.actions.selector import selected_question
from bot.logic.crisis.form_answers import answers_the_form
from bot.logic.forms import (
    UNCLEAR_SLOT,
    UnclearStep,
    after_unclear,
    asks_a_question_instead,
    explain,
    unclear_count,
)
from bot.logic.questions import answer
from bot.logic.say import Say
from knowledge.queries import question

LEAVE_FORM_ACTION = "action_leave_form_for_topic"
# The intent a message given back to a form carries: no form's slot mappings exclude it.
AN_ANSWER_TO_THE_FORM = "nonsense"


def back_to_the_form(form: str, asked: str | None, message: dict[str, Any]) -> list[dict[str, Any]]:
    """The message given to `form` as the answer to `asked`. Its own intent could be one that leaves
    the form ("avbryt") or changes an answer, so it is given as plain text under an intent no form
    turns away."""
    as_an_answer = {**message, "intent": {"name": AN_ANSWER_TO_THE_FORM, "confidence": 1.0}, "intent_ranking": []}
    return [ActiveLoop(form), SlotSet("requested_slot", asked),
            ActionExecuted("action_listen"), UserUttered(message.get("text") or "", parse_data=as_an_answer)]


def question_before_the_stop(tracker: Tracker) -> str | None:
    """The question a form was asking when the person's last message came (requested_slot may have been
    emptied since, by `action_deactivate_loop`)."""
    before_the_message = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if before_the_message:
                return None
            before_the_message = True
        elif before_the_message and event.get("event") == "slot" and event.get("name") == "requested_slot":
            return str(event["value"]) if event.get("value") else None
    return None


def ignores_emptied_slots(validate: Any) -> Any:
    """A slot an action emptied (a new screening starts) is not an answer: nothing is read or said."""
    def guarded(self: Any, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                domain: DomainDict) -> dict[str, Any]:
        if value is None:
            return {validate.__name__.removeprefix("validate_"): None}
        return validate(self, value, dispatcher, tracker, domain)
    guarded.__name__ = validate.__name__
    return guarded


class FormWithExits(FormValidationAction, ABC):
    """A form that explains a question once, then moves on: no question is asked a third time.

    Abstract, so that the action server does not register it as an action of its own.
    """

    @abstractmethod
    def name(self) -> str:
        """Each form's validation action names itself."""

    async def get_validation_events(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> list[dict[str, Any]]:
        events = list(await super().get_validation_events(dispatcher, tracker, domain))
        asked = tracker.get_slot("requested_slot")
        answered = any(e.get("name") == asked and e.get("value") is not None for e in events)
        counted = any(e.get("name") == UNCLEAR_SLOT for e in events)
        if answered and not counted and unclear_count(tracker.get_slot(UNCLEAR_SLOT)):
            events.append(SlotSet(UNCLEAR_SLOT, 0))
        return events

    @staticmethod
    def answer_question_asked_instead(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
        """A question the selector is sure of, asked instead of an answer, is answered; the form then asks its
        own question again instead of explaining it. It still counts as an unclear answer, so that a form
        that only ever gets questions moves on and offers a way out, as with any other unclear answer."""
        asked_instead, confidence = selected_question(tracker)
        found = question(asked_instead) if asked_instead else None
        if found is None or not asks_a_question_instead(typed_text(tracker), confidence):
            return False
        say_all(dispatcher, answer(found, tracker.get_slot("kommun_code"), tracker.get_slot("area"), offer=False))
        return True

    def unclear(self, dispatcher: CollectingDispatcher, tracker: Tracker, slot: str,
                explanation: Sequence[Say] | None = None, answered: bool | None = None) -> dict[str, Any]:
        """An unclear answer to `slot`: the first in a row is explained (`explanation`, by default the
        question's own; nothing when a question asked instead was answered, or `answered` already), the second
        moves on (`move_on`), so that no question is asked a third time."""
        if answered is None:
            answered = self.answer_question_asked_instead(dispatcher, tracker)
        misses = unclear_count(tracker.get_slot(UNCLEAR_SLOT)) + 1
        if after_unclear(misses) is UnclearStep.EXPLAIN:
            if not answered:
                say_all(dispatcher, [explain(slot)] if explanation is None else explanation)
            return {slot: None, UNCLEAR_SLOT: misses}
        says, values = self.move_on(slot)
        say_all(dispatcher, says)
        return {**values, UNCLEAR_SLOT: 0}

    @abstractmethod
    def move_on(self, slot: str) -> tuple[Sequence[Say], Mapping[str, Any]]:
        """What the second unclear answer in a row does: what is said, and the slots it sets."""


class ActionLeaveFormForTopic(Action):
    """A message on another topic inside a form ("tack", "finns det ombud i Malmö?") is not an answer.

    The form stops, and the message is given again as if just typed, so that the usual rule for it
    answers it: the person is never held in a form that cannot read what they wrote.
    """

    def name(self) -> str:
        return LEAVE_FORM_ACTION

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        message = tracker.latest_message
        asked, typed = tracker.get_slot("requested_slot"), typed_text(tracker)
        if tracker.active_loop_name and answers_the_form(asked, typed):
            # "ja 63 år" read as a greeting, "typ ja, jag klarar inte räkningar" as having no money: the answer.
            return back_to_the_form(tracker.active_loop_name, asked, dict(message))
        dispatcher.utter_message(response="utter_questions_paused")
        return [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet(UNCLEAR_SLOT, 0),
                ActionExecuted("action_listen"),
                UserUttered(message.get("text") or "", parse_data={
                    key: message.get(key) for key in ("intent", "entities", "intent_ranking", "response_selector",
                                                      "text") if message.get(key) is not None})]
