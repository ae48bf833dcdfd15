"""Replies to people who write in English: the answer, when the knowledge base has it in English.

The bot speaks Swedish. A question in English still gets its answer when every fact of that answer
has an English text (`text_en`), with the same source and date as the Swedish one. Anything else in
English gets the questions the bot can answer in English, as choices; every other language gets the
notice that the bot speaks Swedish. Thanks, hello and goodbye in many languages are answered in kind.
"""
from __future__ import annotations

import re

from bot.logic.language import ENGLISH, has_swedish_words, language_of
from bot.logic.questions import question_payload
from bot.logic.say import Button, Say
from bot.logic.sources import NoteWording, source_note
from knowledge.queries import fact, question
from knowledge.records import FactRecord

EMERGENCY = "crisis.emergency"
# The question selector always names some question, also for "is anyone there" or "i need a doctor".
# On 144 English messages written to choose this (97 questions, 47 not; none from the training data),
# at 0.8 the selector gave 46 right English answers and no wrong one to a message of the intent
# other_language; at 0.7, 54 right ones, but "is anyone there" (0.73) got who can have an ombud.
# A wrong fact misleads, while the notice only costs a question in Swedish: the margin goes to safety.
ANSWER_CONFIDENCE = 0.8
NOTICE = "utter_other_language"
CHATBOT_NOTE = "I am a chatbot, not a person. I answer best in Swedish."
ENGLISH_NOTE = NoteWording(
    months=("January", "February", "March", "April", "May", "June",
            "July", "August", "September", "October", "November", "December"),
    one_source="Source",
    many_sources="Sources",
    and_more="and more.",
    one_date="Information from {date}.",
    oldest_date="The oldest information is from {date}.",
    oldest_dated_and_one_undated="The oldest dated information is from {date}. One source has no date.",
    undated_source="The source has no date.",
    undated_sources="The sources have no date.",
)

# Small talk is answered in kind: a notice that the bot speaks only Swedish is no reply to "thanks", in
# whatever language it comes ("Kiitos", "شكرا", "Спасибо большое").
GREETING, THANKS, GOODBYE = "greeting", "thanks", "goodbye"
_SMALL_TALK_WORDS = {
    **dict.fromkeys(("hi", "hello", "hey", "morning", "evening", "hei", "moi", "hallo", "hola", "bonjour", "ciao",
                     "merhaba", "selam", "salam", "سلام", "مرحبا", "привет", "здравствуйте", "вітаю", "nabad",
                     "cześć"), GREETING),
    **dict.fromkeys(("thanks", "thank", "thx", "ty", "tysm", "cheers", "kiitos", "kiitti", "danke", "merci",
                     "gracias", "grazie", "obrigado", "obrigada", "teşekkürler", "teşekkür", "sağol", "شكرا", "ممنون",
                     "مرسی", "спасибо", "дякую", "dziękuję", "dzięki", "hvala", "mahadsanid", "faleminderit", "sipas"),
                    THANKS),
    **dict.fromkeys(("bye", "goodbye", "näkemiin", "tschüss", "adiós", "adios", "пока", "свидания", "güle"), GOODBYE),
}
# Words that go with small talk and change nothing about it ("thank you so much", "ok bye", "kiitos paljon",
# "thanks a lot, that helps").
_COURTESY_WORDS = {"you", "so", "very", "much", "a", "lot", "many", "there", "good", "ok", "okay", "then", "and",
                   "that", "this", "it", "s", "was", "is", "helps", "helped", "helpful", "great", "perfect", "nice",
                   "really", "i", "appreciate", "all", "for", "help", "your", "the", "u", "alot",
                   "paljon", "vielen", "muchas", "mille", "çok", "большое", "до", "дуже", "جزيلا", "bardzo"}
# A goodbye is answered as one even with thanks in it ("thanks, bye"), thanks even after a greeting.
_PRECEDENCE = (GOODBYE, THANKS, GREETING)
_SMALL_TALK_REPLIES = {GREETING: "Hello!", THANKS: "You are welcome.", GOODBYE: "Goodbye. Take care."}
# Questions whose whole answer is written in English (tested), offered as choices when the bot cannot tell
# what an English message asks: a guess with choices, not a notice that ends the talk.
ENGLISH_CHOICES = {
    "po_what": "What is a personal ombud?",
    "po_who": "Who can get one?",
    "po_cost": "Does it cost anything?",
    "po_contact": "How do I contact one?",
    "right_interpreter": "Can I get an interpreter?",
}
CHOICES_LEAD = ("I am a chatbot, not a person. I answer best in Swedish. "
                "In English I can answer these questions. Choose one, or write in Swedish.")
MORE_CHOICES = "More questions I can answer in English:"
# Said first when someone who writes in English asks for an ombud to get in touch: the questions that follow
# are in Swedish, and nothing is sent without their yes.
CONTACT_REQUEST_IN_SWEDISH = ("I can send a request to a personal ombud. The questions about it are in Swedish. "
                              "Nothing is sent until you say ja (yes). Write avbryt to stop.")
# Said in English before a message written in English is answered, after a check-in it was not about.
ANSWERING_WHAT_YOU_ASKED = "Then I will answer what you wrote."
_WORD = re.compile(r"\w+")


def small_talk(text: str) -> str | None:
    """GREETING, THANKS or GOODBYE when the message is only that ("Thank you!", "ok bye"), else None."""
    words = _WORD.findall(text.casefold())
    kinds = {_SMALL_TALK_WORDS[word] for word in words if word in _SMALL_TALK_WORDS}
    if not kinds or any(word not in _SMALL_TALK_WORDS and word not in _COURTESY_WORDS for word in words):
        return None
    return next(kind for kind in _PRECEDENCE if kind in kinds)


def english_facts(question_key: str | None) -> list[FactRecord] | None:
    """The facts of a question's answer when all of them are in English; None when one is not.

    The queue at the person's own office needs their kommun, which is asked in Swedish: the general
    fact about queues is the answer then.
    """
    asked = question(question_key) if question_key else None
    if asked is None:
        return None
    facts: list[FactRecord] = []
    for reference in asked.answers:
        kind, _, key = reference.partition(":")
        if kind == "office":
            continue
        found = fact(key) if kind == "fact" else None
        if found is None or not found.text_en:
            return None
        facts.append(found)
    return facts or None


def swedish_after_all(text: str, question_key: str | None, confidence: float) -> bool:
    """"haha ok sorry. vad kostar ombud": a Swedish question that a few English words made the classifier
    take for another language. Answered in Swedish when the selector is as sure as an English answer needs."""
    return question_key is not None and confidence >= ANSWER_CONFIDENCE and has_swedish_words(text)


def reply_in_other_language(text: str, question_key: str | None, confidence: float, offer: bool = True) -> list[Say]:
    """What the bot says to a message that is not Swedish, given the question the selector chose for it;
    `offer` False (inside a form) keeps an answer free of choices that would lead away from it."""
    kind = small_talk(text)
    if kind is not None:
        reply = Say(text=_SMALL_TALK_REPLIES[kind])
        return [reply, _chatbot_note()] if kind == GREETING else [reply]
    answer = answer_in_english(text, question_key, offer) if confidence >= ANSWER_CONFIDENCE else None
    if answer is not None:
        return answer
    if language_of(text) == ENGLISH and offer:
        return [Say(text=CHOICES_LEAD, buttons=_choices())]
    # No emergency numbers in the notice: words of crisis in any language get the crisis reply before
    # this, and the chat page always shows the numbers. A calm "Kiitos" is not met with 112.
    return [Say(response=NOTICE)]


def _choices(answered: str | None = None) -> tuple[Button, ...]:
    return tuple(Button(title, question_payload(key)) for key, title in ENGLISH_CHOICES.items() if key != answered)


def _chatbot_note() -> Say:
    return Say(text=CHATBOT_NOTE)


def answer_in_english(text: str, question_key: str | None, offer: bool = True) -> list[Say] | None:
    """The answer to a question asked in English, when all of its facts are in English; else None. With
    `offer`, the other questions it can answer in English follow as choices; without (inside a form, or
    before a check-in's own Yes/No), only that this is a bot."""
    facts = english_facts(question_key) if language_of(text) == ENGLISH else None
    if facts is None:
        return None
    last = (Say(text=f"{CHATBOT_NOTE} {MORE_CHOICES}", buttons=_choices(question_key)) if offer
            else Say(text=CHATBOT_NOTE))
    return [*(Say(text=found.text_en) for found in facts), Say(text=source_note(facts, ENGLISH_NOTE)), last]
