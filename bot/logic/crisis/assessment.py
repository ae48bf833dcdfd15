"""Is this a crisis? The one place that decides, from every layer.

1. The text is normalised (normalise.py), so typing habits do not hide words.
2. The lexicon of crisis concepts (lexicon.py) reads words near each other: SURE words get the
   crisis reply, MAYBE words a check-in question.
3. The intent classifier's `crisis` confidence counts at far lower values than any other intent:
   a wrong alarm costs one gentle question, a miss can cost a life. On its own it only ever leads
   to the check-in: measured on calm messages it is often confident and wrong (docs/crisis.md), so
   it may make the bot ask, never make it alarm. With MAYBE words it confirms a crisis.
4. The check-in asks a short question and carries 112 and Självmordslinjen in the same message.
5. A message that is only the person's own mobile number or e-mail, with the words that go with
   giving them ("ring mig efter kl 15"), asks to be contacted: the classifier alone does not turn it
   into a check-in (it read "070-174 06 48" as noise and the few words around it as crisis). Anything
   more in the message keeps the check-in ("jag har inget kvar att leva för. 070…"), and words of
   crisis are read by the lexicon first, as everywhere.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.inbound.redaction import CONTACT_WORDS
from bot.logic.crisis.lexicon import MAYBE, SURE, read
from bot.logic.crisis.normalise import normalise
from bot.logic.crisis.situation import Situation, situation
from bot.logic.handoff_answers import offers_own_contact, without_contact_details
from bot.logic.language import language_of
from knowledge.text import fold

CRISIS, CHECK_IN, NONE = "crisis", "check_in", "none"
# The classifier's crisis confidence from which MAYBE words become the crisis reply, and from which
# the bot asks. Chosen on the training data's out-of-fold confidences (docs/crisis.md), never on a
# held-out battery.
CONFIRMING_CONFIDENCE = 0.5
CHECK_IN_CONFIDENCE = 0.1
MAX_OTHER_WORDS = 2
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Assessment:
    level: str  # CRISIS, CHECK_IN or NONE
    situation: Situation
    language: str
    because: str  # which layer decided: "lexicon", "lexicon and classifier", "classifier" or ""


def assess(text: str, crisis_confidence: float = 0.0) -> Assessment:
    normalised = normalise(text)
    reading = read(normalised)
    fitting = situation(normalised, reading.kinds)
    language = language_of(text)
    if reading.strength == SURE:
        return Assessment(CRISIS, fitting, language, "lexicon")
    # A finished past or talk about crisis stays a question whatever the classifier says: it reads the words,
    # not the time they are about.
    if reading.strength == MAYBE and crisis_confidence >= CONFIRMING_CONFIDENCE and not reading.at_a_distance:
        return Assessment(CRISIS, fitting, language, "lexicon and classifier")
    if reading.strength == MAYBE:
        return Assessment(CHECK_IN, fitting, language, "lexicon")
    if crisis_confidence >= CHECK_IN_CONFIDENCE and not _only_contact_details(text):
        return Assessment(CHECK_IN, fitting, language, "classifier")
    return Assessment(NONE, fitting, language, "")


def _only_contact_details(text: str) -> bool:
    if not offers_own_contact(text):
        return False
    other = [word for word in _WORD.findall(fold(without_contact_details(text))) if word not in CONTACT_WORDS]
    return len(other) <= MAX_OTHER_WORDS
