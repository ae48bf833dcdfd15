"""What a person's free answers to the contact request say: yes or no, skip, a phone number or an e-mail
address, a time of day, a wish for the ombud, priority facts. Plain readings of text, with no form around them:
the form that asks (bot/logic/handoff.py), the crisis assessment and the NLU read answers with them.
"""
from __future__ import annotations

import re

from bot.inbound.redaction import (
    EMAIL_REMOVED,
    PHONE_REMOVED,
    gives_only_contact_details,
    holds_personnummer,
    is_mobile,
)
from bot.logic.offices import mentions_homelessness
from knowledge.text import fold

SKIPPED = "-"
YES, NO, CHANGE = "yes", "no", "change"
PHONE, EMAIL, SELF = "phone", "email", "self"
ANY_TIME = "any"

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
_PHONE_CHARACTERS = re.compile(r"^[+\d][\d\s\-()]*$")
# A number or an address inside a sentence ("ni kan ringa 070-174 06 33 efter lunch").
_PHONE_IN_TEXT = re.compile(r"(?<![\d+])(?:\+\d|0)[\d\s\-()]{6,16}\d(?!\d)")
_EMAIL_IN_TEXT = re.compile(r"[^@\s<>(),;:]+@[^@\s<>(),;:]+\.[a-z]{2,}", re.IGNORECASE)
MIN_PHONE_DIGITS, MAX_PHONE_DIGITS = 8, 13
_SKIP = re.compile(r"\b(?:hoppa over|skippa|vill inte svara|vill inte saga|vet inte|spelar ingen roll|ingen|inget|"
                   r"nej tack|strunt)\b")
_YES = re.compile(r"^(?:ja+|japp|jepp|jada|jo|absolut|okej|oki|ok|garna|visst|stammer|skicka|yes|sjalvklart)\b")
_NO = re.compile(r"^(?:nej|nae|na|nope|inte)\b")
_CHANGE = re.compile(r"\b(?:andra|skriv om|egna ord|ratta)\b")


# Any of these words anywhere in an answer to a consent question takes the yes away: "skicka inte",
# "absolut inte", "ok vänta" must never send a request or share a conversation.
_HOLDS_BACK = re.compile(r"\b(?:inte|ej|icke|aldrig|nej|vanta|vant|stopp|avvakta|ingen|inget)\b")


def parse_approval(text: str) -> str | None:
    """'ja' -> 'yes', 'ändra' -> 'change', 'nej' -> 'no'; None when unclear.

    A yes counts only when nothing in the answer holds it back; "skicka inte" is a no, and a mixed
    answer ("jo men nej", "ok vänta") is unclear, so the question is explained and asked again.
    """
    folded = fold(text)
    if _CHANGE.search(folded):
        return "change"
    held_back = bool(_HOLDS_BACK.search(folded))
    if _YES.search(folded) and not held_back:
        return "yes"
    if _NO.search(folded) or re.search(r"\b(?:skicka|dela|ja|absolut|garna) (?:inte|ej)\b", folded):
        return "no"
    return None


_NEGATION = re.compile(r"\b(?:inte|ej|inga|ingen|utan|aldrig)\s+(?:\w+\s+)?$")


def said_unnegated(pattern: re.Pattern[str], folded: str) -> bool:
    """The words are there and not negated just before ('inga barn', 'inte på förmiddagen')."""
    return any(not _NEGATION.search(folded[:found.start()]) for found in pattern.finditer(folded))


def is_skip(text: str) -> bool:
    return bool(_SKIP.search(fold(text)))


def parse_contact_method(text: str) -> str | None:
    # "ring inte", "inte mejl": a way the person does not want is not chosen.
    folded = re.sub(r"\b(?:inte|ej|aldrig) (?:\w+ )?(?:ring\w*|telefon\w*|mejl\w*|mail\w*|e ?post|sms)\b|"
                    r"\b(?:ring\w*|mejl\w*|mail\w*) (?:inte|ej)\b", " ", fold(text))
    if re.search(r"\b(?:sjalv|sjalva)\b", folded):
        return "self"
    if re.search(r"\b(?:e ?post|mejl\w*|mail\w*|epost)\b", folded):
        return "email"
    if re.search(r"\b(?:telefon\w*|ring\w*|mobil\w*|sms)\b", folded):
        return "phone"
    return None


def parse_phone(text: str) -> str | None:
    """A Swedish or international phone number as typed, tidied; None if it cannot be one."""
    candidate = text.strip()
    if not _PHONE_CHARACTERS.match(candidate):
        return None
    digits = re.sub(r"\D", "", candidate)
    if not MIN_PHONE_DIGITS <= len(digits) <= MAX_PHONE_DIGITS:
        return None
    if holds_personnummer(candidate, phone_expected=True):  # the same rule as the chat's redaction
        return None
    if not (candidate.startswith("+") or digits.startswith("0")):
        return None
    return re.sub(r"\s+", " ", candidate)


def parse_email(text: str) -> str | None:
    candidate = text.strip()
    return candidate if _EMAIL.match(candidate) and len(candidate) <= 200 else None


def offers_own_contact(text: str) -> bool:
    """A message that gives the person's own e-mail or mobile number ("sms 070-…") asks to be contacted.
    Other numbers are not counted: "jag har ringt 0771-524 524" quotes an authority. The chat removes
    such details before the bot sees them unless a request could use them (bot/runtime/rest_channel.py);
    the marker left in their place says the same."""
    if contact_was_removed(text):
        return True
    given = contact_in(text)
    return given is not None and (given[0] == EMAIL or is_mobile(given[1]))


def gives_only_own_contact(text: str, other_words: frozenset[str]) -> bool:
    """The person's own mobile number or address and nothing else but `other_words` and words that go with
    it: the test by which the chat keeps such details (bot/inbound/redaction.py), for the form's own reading."""
    return offers_own_contact(text) and gives_only_contact_details(text, other_words)


def without_contact_details(text: str) -> str:
    """The message with every phone number, e-mail address and the chat's removal markers taken out."""
    for marker in (PHONE_REMOVED, EMAIL_REMOVED):
        text = text.replace(marker, " ")
    return _EMAIL_IN_TEXT.sub(" ", _PHONE_IN_TEXT.sub(" ", text))


def contact_was_removed(text: str) -> bool:
    return PHONE_REMOVED in text or EMAIL_REMOVED in text


def contact_in(text: str) -> tuple[str, str] | None:
    """The way to reach the person that a message gives, as (method, value): an e-mail address or a
    phone number anywhere in it. A personnummer is never taken for a phone number."""
    if email := next((parse_email(m.group().rstrip(".")) for m in _EMAIL_IN_TEXT.finditer(text)), None):
        return EMAIL, email
    for match in _PHONE_IN_TEXT.finditer(text):
        if phone := parse_phone(match.group()):
            return PHONE, phone
    return None


_FORENOON = re.compile(r"\b(?:formiddag\w*|morgon\w*|fm|(?:innan|fore) (?:lunch|(?:kl(?:ockan)? ?)?1[0-2]\b))")
_AFTERNOON = re.compile(r"\b(?:eftermiddag\w*|em|efter (?:lunch|(?:kl(?:ockan)? ?)?1[2-9]\b))")
_ANY_TIME = re.compile(r"\b(?:nar som helst|narsomhelst|hela dagen|alla tider)\b")


def parse_contact_time(text: str) -> str | None:
    folded = fold(text)
    forenoon, afternoon = said_unnegated(_FORENOON, folded), said_unnegated(_AFTERNOON, folded)
    if forenoon != afternoon:
        return "forenoon" if forenoon else "afternoon"
    # "inte innan lunch": the half of the day ruled out leaves the other one.
    if not forenoon and _FORENOON.search(folded) and not _AFTERNOON.search(folded):
        return "afternoon"
    if not afternoon and _AFTERNOON.search(folded) and not _FORENOON.search(folded):
        return "forenoon"
    if _ANY_TIME.search(folded) or is_skip(text):
        return "any"
    return None


_WOMAN = re.compile(r"\b(?:kvinna|kvinnlig\w*|tjej|dam)\b")
# "man" is also the pronoun "one" ("man kan ta vem som helst"), so only these forms count.
_MAN = re.compile(r"\b(?:manlig\w*|kille|herre|en man)\b|^man$")


def parse_ombud_wish(text: str) -> str | None:
    """'woman', 'man', SKIPPED for no wish (also 'helst inte en man'), None when unclear."""
    folded = fold(text)
    woman, man = said_unnegated(_WOMAN, folded), said_unnegated(_MAN, folded)
    if woman != man:
        return "woman" if woman else "man"
    if _WOMAN.search(folded) or _MAN.search(folded) or is_skip(text):
        return SKIPPED
    return None


_FLAG_WORDS = (
    ("children", re.compile(r"\b(?:barn\w*)\b")),
    ("losing_home", re.compile(r"\b(?:bostad\w*|vrak\w*|hyra\w*|lagenhet\w*|hemlos\w*|boende)\b")),
    ("no_other_contact", re.compile(r"\b(?:ingen annan kontakt|ingen kontakt|inga andra kontakter|ingen annan)\b")),
    ("young_adult", re.compile(r"\b(?:18 25|under 25|ung|ungdom)\b")),
)


def parse_flags(text: str) -> list[str] | None:
    """Priority facts named in free text; [] for none of them; None when unclear."""
    folded = fold(text)
    found = [flag for flag, words in _FLAG_WORDS if said_unnegated(words, folded)]
    if found:
        return found
    named_but_negated = any(words.search(folded) for _, words in _FLAG_WORDS)
    return [] if named_but_negated or is_skip(text) or _NO.search(folded) else None


# A no at the start, then nothing, a word that only softens it, or a reason ("nej förresten, jag pratar med
# honom först"). Not a no that goes on to a place, a correction or a question ("nej, Sala", "nej vänta",
# "nej inte stockholm utan solna", "nej jag är hemlös", "nej, hur lång tid tar det?").
_NO_FIRST = re.compile(r"^(?:nej|nae|jag angrar mig|glom det|inte nu)\b")
_SOFTENERS = frozenset("typ tack forresten inte nu".split())
_GOES_ON = re.compile(r"\b(?:vanta|menar|utan|bor|bodde|heter|hemlos\w*|gatan|bostad\w*|hem|vad|hur|var|vart|nar"
                      r"|vem|vilk\w*|varfor|kan|far|maste|finns)\b")


def declines(text: str) -> bool:
    """"nej förresten, jag pratar med honom först" where a place is asked: no request after all."""
    folded = fold(text)
    first = _NO_FIRST.match(folded)
    if first is None or "?" in text or mentions_homelessness(text):
        return False
    rest = folded[first.end():].split()
    if len(rest) == 1 and rest[0] not in _SOFTENERS:
        return False
    return not _GOES_ON.search(" ".join(rest))


def is_only_skip(text: str) -> bool:
    """The whole answer says 'skip' ('hoppa över', 'vet inte tack'): for free-text questions, where
    'Jag vet inte hur jag söker bostadsbidrag' is an answer, not a skip."""
    return bool(_ONLY_SKIP.match(fold(text)))


_ONLY_SKIP = re.compile(r"^(?:(?:nej|jag|det|den|du|vi|kan|vill|ok|okej|men|helst)\s+)*"
                        r"(?:hoppa over|skippa|vill inte svara|vill inte saga|vet inte|spelar ingen roll|ingen|inget|"
                        r"inga|nej tack|strunt i det|pass)"
                        r"(?:\s+(?:tack|det|den|fragan|nu|sa lange))*$")


def means_yes(text: str) -> bool:
    """A bare yes ('ja', 'okej'): to a question with named choices it says nothing about which."""
    return parse_approval(text) == YES


def says_no(text: str) -> bool:
    """The answer starts with a no ("nej", "nope", "inte nu")."""
    return bool(_NO.search(fold(text)))
