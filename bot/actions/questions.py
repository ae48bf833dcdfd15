from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.offices import ActionFindOffice
from bot.actions.say import last_typed_text, say_all, typed_text
from bot.actions.selector import guesses, question_ranking, selected_in, selected_question
from bot.actions.turns import earlier_texts, names_per_earlier_turn, said_by_person, writes_for_someone_else
from bot.logic.about_whom import asks_support_as_a_relative
from bot.logic.eligibility import writer_under_adult_age
from bot.logic.english import answer_in_english
from bot.logic.follow_up import (
    appeal_to_the_authority_before,
    appeal_to_the_authority_named,
    asks_for_the_office,
    asks_more_about_po,
    asks_only_the_number,
    deadline_asked,
    follow_up_question,
    follow_up_wins,
    lasting_asked,
    named_again,
    part_of_the_answer_before,
    reaching_the_authority_before,
    same_topic_as_before,
)
from bot.logic.offices import names_a_sure_place, support_instead
from bot.logic.questions import (
    QUESTION_ENTITY,
    QUESTION_INTENT,
    RELATIVE_SUPPORT,
    SURE_QUESTION,
    answer,
    answered_again,
    asks_the_same_again,
    authority_of,
    complaint_about_an_authority,
    for_a_minor,
    for_a_relative,
    guessed_an_authority,
    in_context,
    too_unsure_to_answer,
)
from bot.logic.say import Say
from bot.logic.several_questions import after_the_answer, also_asked, up_to_the_first_question
from knowledge.queries import authorities_mentioned, question
from knowledge.records import Question

ANSWER_ACTION = "action_answer_question"
EXPLAIN_AUTHORITY_ACTION = "action_explain_authority"
# The authority the conversation is about, so that a follow-up ("och deras nummer?") keeps it.
LAST_AUTHORITY_SLOT = "last_authority"
# The specific question answered last, read by the next message when it is a follow-up.
ANSWERED_SLOT = "answered_question"


def asked_question(tracker: Tracker) -> str | None:
    """The question a button named, or the one the QuestionSelector chose for typed text."""
    named = next(tracker.get_latest_entity_values(QUESTION_ENTITY), None)
    if named:
        return str(named)
    return selected_question(tracker)[0]


def remember_answer(question_key: str) -> list[dict[str, Any]]:
    """Keeps the question answered, and the authority it was about, for a follow-up that names neither."""
    about = authority_of(question_key)
    return [SlotSet(ANSWERED_SLOT, question_key), *([SlotSet(LAST_AUTHORITY_SLOT, about)] if about else [])]


class ActionAnswerQuestion(Action):
    """The fact asked for first, its source and age, then one offer; inside a form, no offer (the form goes on)."""

    def name(self) -> str:
        return ANSWER_ACTION

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        selected = picked = asked_question(tracker) or ""
        typed = typed_text(tracker)
        named = [a.key for a in authorities_mentioned(typed)]
        if typed:
            earlier = names_per_earlier_turn(tracker.events)
            place_named = names_a_sure_place(typed)
            authority_before = authority_of_the_answer_before(tracker)
            last_authority = tracker.get_slot(LAST_AUTHORITY_SLOT)
            before = previous_question(tracker)
            if asks_for_the_office(selected, earlier[-1] if earlier else [], place_named,
                                   place_named or bool(tracker.get_slot("kommun_code")), named,
                                   before, asks_only_the_number(typed), authority_before):
                return ActionFindOffice().run(dispatcher, tracker, domain)
            # A question the selector is unsure of may be a follow-up to the answer before ("och AF:s
            # omprövningstid?" after one about Försäkringskassan), or ask an authority's deadline in words
            # the selector did not learn: those readings win over a weak pick (the time to answer the
            # authority just answered about also over a sure pick about PO: `follow_up_wins`).
            follow_up = follow_up_of(tracker, typed, named)
            confidence = selected_question(tracker)[1]
            if follow_up_wins(selected, confidence, follow_up):
                selected = follow_up or selected
            elif confidence < SURE_QUESTION:
                selected = deadline_asked(typed, selected, named) or selected
            talked_about = [*named, *filter(None, [authority_before]), *_authorities_named_before(tracker)]
            selected = (lasting_asked(typed, selected) or complaint_about_an_authority(typed, selected, talked_about)
                        or (None if named else reaching_the_authority_before(typed, selected, authority_before))
                        or same_topic_as_before(typed, selected, before, bool(named))
                        or part_of_the_answer_before(typed, selected, before, bool(named))
                        or appeal_to_the_authority_named(typed, selected, named)
                        or appeal_to_the_authority_before(typed, selected, before, last_authority,
                                                          _explained_an_authority_last(tracker), named)
                        or selected)
            # Read no other way, an unsure pick about an authority nobody spoke of, or a pick the selector is far from
            # sure of, is a guess: choices, not its answer; "och hur gör man i stället?" asks what else there is,
            # which the kommun may give.
            if selected == picked and (guessed_an_authority(selected, confidence, named, last_authority,
                                                            asks_only_the_number(typed))
                                       or too_unsure_to_answer(selected, confidence, named)):
                say_all(dispatcher, support_instead(typed) or guesses(tracker))
                return []
        return say_answer(dispatcher, tracker, selected, named)


def follow_up_of(tracker: Tracker, typed: str | None = None, named: list[str] | None = None) -> str | None:
    """The question a short follow-up asks ("och af?" after an answer about Försäkringskassan), whatever
    intent the classifier gave it, or None. `typed` and `named` (its authorities), when already read."""
    typed = typed_text(tracker) if typed is None else typed
    named = [a.key for a in authorities_mentioned(typed)] if named is None else named
    return (follow_up_question(typed, previous_question(tracker), tracker.get_slot(LAST_AUTHORITY_SLOT), named,
                               authority_explained=_explained_an_authority_last(tracker))
            or named_again(typed, _earlier_messages_read(tracker)))


def po_follow_up_of(tracker: Tracker) -> str | None:
    """The question a short follow-up asks, read from the answer before ("och om det blir nej?" after PO asks how to
    appeal), or else the question about personligt ombud it asks right after an answer about it ("är det lång kö
    dit?"), whatever intent the classifier gave it; None when it is neither."""
    selected, confidence = selected_question(tracker)
    return follow_up_of(tracker) or asks_more_about_po(typed_text(tracker), previous_question(tracker), selected,
                                                       confidence)


def _question_read(parsed: dict[str, Any]) -> str | None:
    """The question a message was read as: named by its button, else the question selector's pick."""
    named = next((e.get("value") for e in parsed.get("entities") or [] if e.get("entity") == QUESTION_ENTITY), None)
    return str(named) if named else selected_in(parsed)[0]


def _surely_asked(parsed: dict[str, Any]) -> str | None:
    """The question a message asked, when it was read as a question or the selector was sure of it."""
    as_question = (parsed.get("intent") or {}).get("name") == QUESTION_INTENT
    return _question_read(parsed) if as_question or selected_in(parsed)[1] >= SURE_QUESTION else None


def _earlier_messages_read(tracker: Tracker) -> list[tuple[str, str | None]]:
    """The person's earlier messages in this visit, newest first, each with the question it surely asked (a message
    given again as itself after a check-in is the latest one, not an earlier one)."""
    said = said_by_person(tracker)
    latest = said[-1].get("text") if said else None
    return [(str(e.get("text") or ""), _surely_asked(e.get("parse_data") or {}))
            for e in reversed(said[:-1]) if e.get("text") != latest]


def _authorities_named_before(tracker: Tracker) -> list[str]:
    """The authorities the person's message before this one named."""
    earlier = _earlier_messages_read(tracker)
    return [a.key for a in authorities_mentioned(earlier[0][0])] if earlier else []


def _answering_the_message_before(tracker: Tracker) -> list[dict[str, Any]]:
    """The events between the person's message before the latest one and the latest: the answer to the one before."""
    users = [i for i, event in enumerate(tracker.events) if event.get("event") == "user"]
    return tracker.events[users[-2] + 1:users[-1]] if len(users) >= 2 else []


def authority_of_the_answer_before(tracker: Tracker) -> str | None:
    """The authority the bot's answer to the message before this one was about (it set the authority talked about)."""
    between = _answering_the_message_before(tracker)
    return next((str(e["value"]) for e in reversed(between)
                 if e.get("event") == "slot" and e.get("name") == LAST_AUTHORITY_SLOT and e.get("value")), None)


def _explained_an_authority_last(tracker: Tracker) -> bool:
    """The answer to the message before this one explained one authority as a whole: it set the authority talked
    about (the same action's answers about a gap between authorities or money for today do not)."""
    between = _answering_the_message_before(tracker)
    return (any(e.get("event") == "action" and e.get("name") == EXPLAIN_AUTHORITY_ACTION for e in between)
            and any(e.get("event") == "slot" and e.get("name") == LAST_AUTHORITY_SLOT for e in between))


def say_answer(dispatcher: CollectingDispatcher, tracker: Tracker, selected: str,
               named: list[str] | None = None) -> list[dict[str, Any]]:
    """Answers the question `selected` for the latest message, read in the context of the conversation;
    `named` are the authorities the typed message names, when the caller has read them already."""
    typed = typed_text(tracker)
    asked = asked_in_context(tracker, selected, named)
    if asked is None:
        say_all(dispatcher, [Say(response="utter_please_rephrase")])
        return []
    # A question asked in English, or chosen with a button after writing in English, is answered in English
    # when its facts are written in English too.
    written = typed or last_typed_text(tracker)
    in_form = bool(tracker.active_loop_name)
    if written and (in_english := answer_in_english(written, asked.key, offer=not in_form)) is not None:
        say_all(dispatcher, in_english)
        return []
    if asks_the_same_again(questions_answered_per_turn(tracker.events), asked.key, typed):
        say_all(dispatcher, answered_again(asked, tracker.get_slot("kommun_code"), tracker.get_slot("area"), typed,
                                           offer=not in_form))
        return remember_answer(asked.key)
    say_all(dispatcher, answer_with_what_else(asked, tracker, typed))
    return remember_answer(asked.key)


def asked_in_context(tracker: Tracker, selected: str, named: list[str] | None = None) -> Question | None:
    """The question `selected` as meant in this conversation: for typed text, the authority it names (`named`,
    when already read) or the one talked about before wins, and a relative asking support for themself asks
    that ("stöd åt mig som pappa" is not Arbetsförmedlingen's support); a question chosen with a button is the
    one meant."""
    typed = typed_text(tracker)
    if not typed:
        return question(selected)
    # Only when the support is what the message asks first: "kan min son få ombud? och stöd för mig som mamma?" is
    # answered about the son, and the second question offered after it.
    if asks_support_as_a_relative(up_to_the_first_question(typed)):
        return question(RELATIVE_SUPPORT)
    named = [a.key for a in authorities_mentioned(typed)] if named is None else named
    def writer_is_a_minor() -> bool:
        return writer_under_adult_age(typed, tracker.get_slot("screen_age"),
                                      bool(tracker.get_slot("screening_someone_else")), earlier_texts(tracker))

    meant = in_context(for_a_minor(selected, writer_is_a_minor), named, tracker.get_slot(LAST_AUTHORITY_SLOT))
    return question(for_a_relative(meant, typed, bool(named)) if writes_for_someone_else(tracker) else meant)


def answer_alone(tracker: Tracker, selected: str) -> tuple[list[Say], list[dict[str, Any]]]:
    """The answer to `selected` for the typed message, read in context, with nothing offered after it
    (something else is said after it), and the events that remember what it was about."""
    asked = asked_in_context(tracker, selected)
    if asked is None:
        return [], []
    return (answer(asked, tracker.get_slot("kommun_code"), tracker.get_slot("area"), offer=False,
                   typed=typed_text(tracker)),
            remember_answer(asked.key))


def answer_with_what_else(asked: Question, tracker: Tracker, typed: str) -> list[Say]:
    """The answer to `asked`; a second question in the same message is offered instead of the usual next step."""
    next_one = (also_asked(typed, asked.key, tracker.latest_message.get("intent_ranking") or [],
                           question_ranking(tracker)) if typed else None)
    in_form = bool(tracker.active_loop_name)
    place = tracker.get_slot("kommun_code"), tracker.get_slot("area")
    says = answer(asked, *place, offer=not in_form and next_one is None, typed=typed)
    said = frozenset(say.text for say in says if say.text)
    after = after_the_answer(typed, next_one, authority_of(asked.key), *place, offer=not in_form, already_said=said)
    if next_one is not None and not after:  # the second answer was all said in the first: its usual offer, then
        return answer(asked, *place, offer=not in_form, typed=typed)
    return says + after


def _since_the_message_before(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events between the person's message before the latest one and the latest. A message given again
    as itself (after a check-in, bot/actions/crisis.py) is the same message, not the one before."""
    users_at = [i for i, event in enumerate(events) if event.get("event") == "user"]
    if not users_at:
        return []
    latest = events[users_at[-1]].get("text")
    earlier = [i for i in users_at[:-1] if events[i].get("text") != latest]
    return events[earlier[-1] + 1:users_at[-1]] if earlier else []


def questions_answered_per_turn(events: list[dict[str, Any]]) -> list[str | None]:
    """The question the bot answered after each of the person's messages before the latest (None where it answered
    none), the latest last. A message given again as itself (after a check-in) belongs to the turn it came in."""
    answered: list[str | None] = []
    text_before = None
    for event in events:
        if event.get("event") == "user":
            if event.get("text") != text_before:
                answered.append(None)
            text_before = event.get("text")
        elif answered and event.get("event") == "slot" and event.get("name") == ANSWERED_SLOT:
            answered[-1] = event.get("value")
    return answered[:-1]


def previous_question(tracker: Tracker) -> str | None:
    """The question the bot answered after the person's message before this one, if it answered one: as the
    answer remembered it (also one said with a check-in question), else as the message before was read."""
    remembered = [e.get("value") for e in _since_the_message_before(tracker.events)
                  if e.get("event") == "slot" and e.get("name") == ANSWERED_SLOT]
    if remembered and remembered[-1]:
        return str(remembered[-1])
    turns = names_per_earlier_turn(tracker.events)
    users = [event for event in tracker.events if event.get("event") == "user"]
    if not turns or ANSWER_ACTION not in turns[-1] or len(users) < 2:
        return None
    return _question_read(users[-2].get("parse_data") or {})
