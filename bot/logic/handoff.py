"""A contact request to a human ombud: the summary the person approves, and their answers read.

Nothing here stores anything. It builds the text the ombud will receive from what the
conversation already holds (kommun, what the person asked about, which authorities),
reads free answers ("ring mig på eftermiddagen"), and removes a personnummer if one is typed:
the bot never asks for one and never keeps one.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from knowledge.text import fold

SKIPPED = "-"
# What a person asked about, by the intents of their messages, in the ombud's words.
NEEDS_BY_INTENT = {
    "ask_authority": "kontakt med myndigheter",
    "authority_gap": "fastnat mellan Försäkringskassan och Arbetsförmedlingen",
    "no_money": "pengar till det nödvändigaste",
    "report_obstacle": "hinder i kontakten med myndigheter eller vården",
    "check_eligibility": "veta om personligt ombud passar",
    "prepare_contact": "förbereda en kontakt",
    "find_office": "hitta personligt ombud",
    "inform_homeless": "bostad",
}

# Ten or twelve digits with an optional separator; whether it really is one is decided below.
_NUMBER_LIKE_PERSONNUMMER = re.compile(r"\b(\d{6}|\d{8})([-+ ]?)(\d{4})\b")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
_PHONE_CHARACTERS = re.compile(r"^[+\d][\d\s\-()]*$")
MIN_PHONE_DIGITS, MAX_PHONE_DIGITS = 8, 13
_SKIP = re.compile(r"\b(?:hoppa over|skippa|vill inte svara|vill inte saga|vet inte|spelar ingen roll|ingen|inget|"
                   r"nej tack|strunt)\b")
_YES = re.compile(r"^(?:ja|japp|jo|absolut|okej|ok|gärna|garna|visst|stammer|skicka)\b")
_NO = re.compile(r"^(?:nej|nae|na|nope|inte)\b")
_CHANGE = re.compile(r"\b(?:andra|skriv om|egna ord|rätta|ratta)\b")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for position, digit in enumerate(int(d) for d in digits):
        doubled = digit * 2 if position % 2 == 0 else digit
        total += doubled - 9 if doubled > 9 else doubled
    return total % 10 == 0


def is_personnummer(date_part: str, separator: str, last_four: str) -> bool:
    """A valid date (or samordningsnummer day) and check digit.

    Ten digits typed together and starting with 0 are read as a phone number (070…, 08…):
    mistaking a phone number for a personnummer would make the bot refuse it.
    """
    if len(date_part) == 8 and date_part[:2] not in ("19", "20"):
        return False
    short = date_part[-6:]
    if len(date_part) == 6 and not separator and short.startswith("0"):
        return False
    month, day = int(short[2:4]), int(short[4:6])
    day = day - 60 if day > 60 else day  # samordningsnummer add 60 to the day
    return 1 <= month <= 12 and 1 <= day <= 31 and _luhn_ok(short + last_four)


def _personnummer_spans(text: str) -> list[tuple[int, int]]:
    return [found.span() for found in _NUMBER_LIKE_PERSONNUMMER.finditer(text) if is_personnummer(*found.groups())]


REDACTED = "[personnummer borttaget]"


def redact_personnummer(text: str) -> tuple[str, bool]:
    """The text without any personnummer, and whether one was removed (here or already by the channel)."""
    spans = _personnummer_spans(text)
    already = REDACTED in text
    for start, end in reversed(spans):
        text = f"{text[:start]}{REDACTED}{text[end:]}"
    return text, bool(spans) or already


def needs_from(intents: Iterable[str]) -> list[str]:
    needs: list[str] = []
    for intent in intents:
        need = NEEDS_BY_INTENT.get(intent)
        if need and need not in needs:
            needs.append(need)
    return needs


def summary_text(kommun_name: str | None, needs: Sequence[str], contacts: Sequence[str]) -> str:
    """The short text the ombud receives: kommun, what the person wants help with, who they deal with."""
    parts = [f"Kommun: {kommun_name or 'inte angiven'}."]
    parts.append(f"Vill ha hjälp med: {', '.join(needs)}." if needs else "Vill ha hjälp med: inte angivet.")
    if contacts:
        parts.append(f"Har kontakt med: {', '.join(contacts)}.")
    return " ".join(parts)


def parse_approval(text: str) -> str | None:
    """'ja' -> 'yes', 'ändra' -> 'change', 'nej' -> 'no'; None when unclear."""
    folded = fold(text)
    if _CHANGE.search(folded):
        return "change"
    if _YES.search(folded):
        return "yes"
    if _NO.search(folded):
        return "no"
    return None


_NEGATION = re.compile(r"\b(?:inte|ej|inga|ingen|utan|aldrig)\s+(?:\w+\s+)?$")


def _said(pattern: re.Pattern[str], folded: str) -> bool:
    """The words are there and not negated just before ('inga barn', 'inte på förmiddagen')."""
    return any(not _NEGATION.search(folded[:found.start()]) for found in pattern.finditer(folded))


def is_skip(text: str) -> bool:
    return bool(_SKIP.search(fold(text)))


def parse_contact_method(text: str) -> str | None:
    folded = fold(text)
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
    if not MIN_PHONE_DIGITS <= len(digits) <= MAX_PHONE_DIGITS or _personnummer_spans(candidate):
        return None
    if not (candidate.startswith("+") or digits.startswith("0")):
        return None
    return re.sub(r"\s+", " ", candidate)


def parse_email(text: str) -> str | None:
    candidate = text.strip()
    return candidate if _EMAIL.match(candidate) and len(candidate) <= 200 else None


_FORENOON = re.compile(r"\b(?:formiddag\w*|morgon\w*|fm)\b")
_AFTERNOON = re.compile(r"\b(?:eftermiddag\w*|em)\b")
_ANY_TIME = re.compile(r"\b(?:nar som helst|narsomhelst|hela dagen|alla tider)\b")


def parse_contact_time(text: str) -> str | None:
    folded = fold(text)
    forenoon, afternoon = _said(_FORENOON, folded), _said(_AFTERNOON, folded)
    if forenoon != afternoon:
        return "forenoon" if forenoon else "afternoon"
    if _ANY_TIME.search(folded) or is_skip(text):
        return "any"
    return None


_WOMAN = re.compile(r"\b(?:kvinna|kvinnlig\w*|tjej|dam)\b")
# "man" is also the pronoun "one" ("man kan ta vem som helst"), so only these forms count.
_MAN = re.compile(r"\b(?:manlig\w*|kille|herre|en man)\b|^man$")


def parse_ombud_wish(text: str) -> str | None:
    """'woman', 'man', SKIPPED for no wish (also 'helst inte en man'), None when unclear."""
    folded = fold(text)
    woman, man = _said(_WOMAN, folded), _said(_MAN, folded)
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
    found = [flag for flag, words in _FLAG_WORDS if _said(words, folded)]
    if found:
        return found
    named_but_negated = any(words.search(folded) for _, words in _FLAG_WORDS)
    return [] if named_but_negated or is_skip(text) or _NO.search(folded) else None
