"""Several questions in one message: the first is answered, the next is offered as a button.

"vad kostar det o behövs remiss?" is read as one message by the classifiers, which rank both
questions high, and often the later question highest. So the first question is also read on its
own (`first_of_several_questions`, bot/nlu/first_question.py) and answered first; the next one in
the ranking, when the message holds more than one question and the ranking gives it a real share,
is offered so that it is not lost. Only one is offered: a row of buttons after an answer is a menu,
not a reply.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from bot.logic.misunderstanding import TOPIC_GUESSES, ranked
from bot.logic.questions import QUESTION_ENTITY, QUESTION_INTENT, SURE_QUESTION, answer, in_context, question_payload
from bot.logic.say import Button, Say
from knowledge.queries import authorities_mentioned, fact, question
from knowledge.records import Question
from knowledge.text import fold

# Words that start a question in Swedish, as typed without å/ä/ö.
_QUESTION_WORD = (r"(?:vad|va|hur|var|vart|nar|vem|vilk\w*|varfor|kan|far|maste|behover|behovs|finns|kostar|ska|"
                  r"gar|blir|brukar)")
# A question may also open with its verb before the one it is about ("tar ombudet betalt", "är det frivilligt");
# only with such a word after it, so "och har två barn" stays a statement, and only at the start or after "och".
_VERB_FIRST = (r"(?:(?:har|gor|tar|skriver|jobbar|pratar|hjalper|betalar|tycker|vet|racker|galler|funkar) "
               r"(?:ombudet|ombuden|ombud|po|dom|de|man|ni|du|hen|han|hon)|(?:ar|e) (?:det|ombudet|ombuden|po|man))")
_ASKS = rf"(?:{_QUESTION_WORD}|{_VERB_FIRST})"
# A new question starts after a question mark, a full stop, a colon or a new line ("undrar två saker: kostar det
# …"), or at "och/o/sen/plus/samt" or a comma before a question ("vad kostar det och hur lång är kön").
_BETWEEN_SENTENCES = re.compile(r"[?!;\n]+|\.(?:\s|$)|:\s")
# After a comma only a question word starts one: "eftersom hon är sjuk, har hon svårt att ringa" is a statement.
_BETWEEN_CLAUSES = re.compile(rf",\s+(?={_QUESTION_WORD}\b)|\s(?:och|o|sen|plus|samt|&)\s+(?={_ASKS}\b)")
# "okej vilket kontor har X", "nej men hur lång tid tar det då": a word that only opens the turn comes before the
# question.
_STARTS_AS_A_QUESTION = re.compile(rf"^(?:(?:och|o|men|sen|plus|samt|sa|1|2|3|ok|okej|okey|okay|aha|jaha|nej|hej|tja)"
                                   rf"\s+)*{_ASKS}\b")
# Without its question mark, a part asks only when it opens with a word that can only ask, or with a question word
# or verb and then what it asks about: "ska gå ner till bron", "finns inget att göra", "vad trött jag är", "hur som
# helst" and "kan inte mer" state.
_ONLY_ASKING_OPENING = re.compile(
    r"^(?:(?:och|o|men|sen|ok|okej|okey|okay|aha|jaha|hej|tja)\s+)*(?:vem|vilk\w*|varfor|kostar|behovs"
    r"|vad (?:ar|e|kostar|gor|ska|kan|har|betyder|hander|finns|galler|heter|behover|far|maste|blir|innebar|menas)"
    r"|hur (?:lang|lange|mycket|manga|gor|ska|kan|far|blir|funkar|fungerar|ofta|snabbt|gammal|ansoker|soker|nar"
    r"|kommer|vet|ar|e)"
    r"|(?:kan|far|ska|maste|behover|finns|blir|gar|har|ar|e) "
    r"(?:jag|ja|man|det|de|dom|hen|han|hon|ombud\w*|ni|vi|po))\b")
MIN_WORDS = 2
ALSO_ASKED = "Du frågade också om det här:"
_WITHOUT_AAO = str.maketrans("åäö", "aao")
# The second question's share of the classifier's confidence, below which it is noise, not a question asked.
ALSO_ASKED_CONFIDENCE = 0.15
# A second question whose answer is one fact of at most this many words is answered at once ("måste man betala?").
SHORT_ANSWER_WORDS = 15
# The office answer also answers how long its queue is and how to reach it.
OFFICE_TOPIC = "find_office"
ANSWERED_BY_THE_OFFICE = frozenset({"po_queue", "po_contact"})
# How high the whole message must rank the first question for it to be answered first.
FIRST_QUESTION_AMONG = 3


def question_parts(text: str) -> list[str]:
    """The parts of a message that read as questions or statements of their own, in order (folded)."""
    return [fold(part) for part, _ in _parts_as_typed(text)]


def asks_something(text: str) -> bool:
    """The message asks a question: it has a question mark, or a part of it opens as only a question does ("vilken
    tid öppnar soc", "får jag mejla dom åt henne")."""
    return "?" in text or any(_ONLY_ASKING_OPENING.match(part) for part in question_parts(text))


def first_of_several_questions(text: str) -> str | None:
    """The first question of a message that asks two or more, as typed; None when it asks one.

    A part is a question when it ends with a question mark or starts with a question word; statements
    around the questions ("Min son är 27.") are context, not questions, and are left out.
    """
    questions = [part for part, asks in _parts_as_typed(text) if asks]
    return questions[0] if len(questions) >= 2 else None


def up_to_the_first_question(text: str) -> str:
    """The message up to the end of its first question, as typed, the statements before it included ("min son är
    sjuk. kan han få ombud? och …" -> the first two sentences); the whole message when nothing in it asks."""
    parts = _parts_as_typed(text)
    first = next((i for i, (_, asks) in enumerate(parts) if asks), len(parts) - 1)
    return " ".join(part for part, _ in parts[:first + 1]) or text


def first_question_first(ranking: Sequence[Mapping[str, Any]],
                         first_question_ranking: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The message's ranking of known questions, with its first question on top when that question, read
    on its own, is sure (`first_question_ranking`), and the whole message also ranks it among its top
    `FIRST_QUESTION_AMONG` (the rest of the message still counts: "hur gör jag då?" after a no
    from FK asks about FK). It carries the confidence of its own reading; the others keep theirs."""
    whole = [dict(entry) for entry in ranking]
    if not whole or not first_question_ranking:
        return whole
    first = first_question_ranking[0]
    key, confidence = first.get("intent_response_key"), float(first.get("confidence") or 0.0)
    top = [entry.get("intent_response_key") for entry in whole[:FIRST_QUESTION_AMONG]]
    if confidence < SURE_QUESTION or key not in top or key == top[0]:
        return whole
    others = [entry for entry in whole if entry.get("intent_response_key") != key]
    return [{**whole[top.index(key)], "confidence": confidence}, *others]


def _parts_as_typed(text: str) -> list[tuple[str, bool]]:
    # Found on a lower-case copy without å/ä/ö (the same length as the text), cut from the text as typed
    # (composed first: "ä" typed as "a" and two dots would hide "när" and "får").
    text = unicodedata.normalize("NFC", text)
    plain = text.lower().translate(_WITHOUT_AAO)
    if len(plain) != len(text):
        return []
    parts: list[tuple[str, bool]] = []
    start = 0
    for end in [*_BETWEEN_SENTENCES.finditer(plain), None]:
        stop = end.start() if end else len(text)
        asked = bool(end and "?" in end.group())
        # "Kan inte sova. Hur lång är kön?": a sentence ended with a full stop or "!" states, whatever its first word.
        stated = bool(end and not asked and ("." in end.group() or "!" in end.group()))
        joints = list(_BETWEEN_CLAUSES.finditer(plain, start, stop))
        starts, ends = [start, *(joint.end() for joint in joints)], [*(joint.start() for joint in joints), stop]
        spans = zip(starts, ends, strict=True)
        for i, (clause_start, clause_end) in enumerate(spans):
            clause = text[clause_start:clause_end].strip(" ,:")
            folded = fold(clause)
            if len(folded.split()) < MIN_WORDS:
                continue
            last = i == len(joints)
            parts.append((clause, (asked and last) or (not stated and bool(_STARTS_AS_A_QUESTION.match(folded)))))
        start = end.end() if end else len(text)
    return parts


def _answered_by(asked: Question, answered: str) -> bool:
    return asked.key == answered or (answered == OFFICE_TOPIC and asked.key in ANSWERED_BY_THE_OFFICE)


def also_asked(text: str, answered: str, intent_ranking: Sequence[Mapping[str, Any]],
               question_ranking: Sequence[Mapping[str, Any]]) -> Button | None:
    """The next question of a message that asks more than one, as a button; None when it asks one.

    `answered` is the question key (or the topic, such as find_office) just answered. The next one is the
    selector's next question, or the next topic in the intent ranking, whichever the classifiers are surer of.
    """
    if sum(asks for _, asks in _parts_as_typed(text)) < 2:
        return None
    questions = [(key.removeprefix(f"{QUESTION_INTENT}/"), confidence)
                 for key, confidence in ranked(question_ranking, "intent_response_key")]
    question_share = next((c for name, c in ranked(intent_ranking, "name") if name == QUESTION_INTENT), 0.0)
    candidates: list[tuple[float, Button]] = []
    for key, confidence in questions:
        if (found := question(key)) is not None and not _answered_by(found, answered):
            candidates.append((confidence * question_share, Button(found.title, question_payload(found.key))))
            break
    for name, confidence in ranked(intent_ranking, "name"):
        if name in TOPIC_GUESSES and name != answered:
            candidates.append((confidence, TOPIC_GUESSES[name]))
            break
    best = max(candidates, key=lambda candidate: candidate[0], default=None)
    return best[1] if best is not None and best[0] >= ALSO_ASKED_CONFIDENCE else None


def answered_at_once(offered: Button) -> Question | None:
    """The offered second question when its whole answer is a phone number or one short fact, or None.

    "vad beslutar FK om? och vad har de för nummer?", "vilket kontor ligger närmast, o måste man betala": a
    button that gives one number or one sentence is a step too many for someone who asked for it, so that answer
    follows the first at once.
    """
    prefix = f"/{QUESTION_INTENT}"
    if not offered.payload.startswith(prefix + "{"):
        return None
    key = json.loads(offered.payload[len(prefix):]).get(QUESTION_ENTITY)
    found = question(str(key)) if key else None
    if found is None:
        return None
    if all(part.endswith(":phone") for part in found.answers):
        return found
    if len(found.answers) != 1:
        return None
    kind, _, fact_key = found.answers[0].partition(":")
    only = fact(fact_key) if kind == "fact" else None
    return found if only is not None and len(only.text.split()) <= SHORT_ANSWER_WORDS else None


def after_the_answer(typed: str, next_one: Button | None, about: str | None, kommun_code: str | None,
                     area: str | None, offer: bool, already_said: frozenset[str] = frozenset()) -> list[Say]:
    """What follows the answer to a message's first question: the next question's answer when it is answered at
    once (without what the first answer `already_said`), else the next question as a button; nothing when the
    message asked one. `about` is the authority the first answer was about, whose number a bare "och deras nr"
    asks."""
    if next_one is None:
        return []
    at_once = answered_at_once(next_one)
    if at_once is None:
        return [Say(text=ALSO_ASKED, buttons=(next_one,))]
    # Whose number: the authority named in the later question, else the one the first answer was about.
    named_later = [a.key for a in authorities_mentioned(" ".join(question_parts(typed)[1:]))]
    meant = question(in_context(at_once.key, named_later, about)) or at_once
    return answer(meant, kommun_code, area, offer=offer, already_said=already_said)
