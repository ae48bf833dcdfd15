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

_PERSONNUMMER = re.compile(r"\b(?:19|20)?\d{2}[01]\d[0-3]\d[-+ ]?\d{4}\b")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
_PHONE_CHARACTERS = re.compile(r"^[+\d][\d\s\-()]*$")
MIN_PHONE_DIGITS, MAX_PHONE_DIGITS = 8, 13
_SKIP = re.compile(r"\b(?:hoppa over|skippa|vill inte svara|vill inte saga|vet inte|spelar ingen roll|ingen|inget|"
                   r"nej tack|strunt)\b")
_YES = re.compile(r"^(?:ja|japp|jo|absolut|okej|ok|gärna|garna|visst|stammer|skicka)\b")
_NO = re.compile(r"^(?:nej|nae|na|nope|inte)\b")
_CHANGE = re.compile(r"\b(?:andra|skriv om|egna ord|rätta|ratta)\b")


def redact_personnummer(text: str) -> tuple[str, bool]:
    """The text without any personnummer, and whether one was removed."""
    cleaned, found = _PERSONNUMMER.subn("[personnummer borttaget]", text)
    return cleaned, bool(found)


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
    if not MIN_PHONE_DIGITS <= len(digits) <= MAX_PHONE_DIGITS or _PERSONNUMMER.search(candidate):
        return None
    if not (candidate.startswith("+") or digits.startswith("0")):
        return None
    return re.sub(r"\s+", " ", candidate)


def parse_email(text: str) -> str | None:
    candidate = text.strip()
    return candidate if _EMAIL.match(candidate) and len(candidate) <= 200 else None


def parse_contact_time(text: str) -> str | None:
    folded = fold(text)
    if re.search(r"\b(?:formiddag\w*|morgon\w*|fm)\b", folded):
        return "forenoon"
    if re.search(r"\b(?:eftermiddag\w*|em)\b", folded):
        return "afternoon"
    if re.search(r"\b(?:nar som helst|narsomhelst|hela dagen|alla tider)\b", folded) or is_skip(text):
        return "any"
    return None


def parse_ombud_wish(text: str) -> str | None:
    """'woman', 'man', SKIPPED for no wish, None when unclear."""
    folded = fold(text)
    if re.search(r"\b(?:kvinna|kvinnlig\w*|tjej|dam)\b", folded):
        return "woman"
    if re.search(r"\b(?:man|manlig\w*|kille|herre)\b", folded):
        return "man"
    return SKIPPED if is_skip(text) else None


_FLAG_WORDS = (
    ("children", re.compile(r"\b(?:barn\w*)\b")),
    ("losing_home", re.compile(r"\b(?:bostad\w*|vrak\w*|hyra\w*|lagenhet\w*|hemlos\w*|boende)\b")),
    ("no_other_contact", re.compile(r"\b(?:ingen annan kontakt|ingen kontakt|inga andra kontakter|ingen annan)\b")),
    ("young_adult", re.compile(r"\b(?:18 25|under 25|ung|ungdom)\b")),
)


def parse_flags(text: str) -> list[str] | None:
    """Priority facts named in free text; [] for none of them; None when unclear."""
    folded = fold(text)
    found = [flag for flag, words in _FLAG_WORDS if words.search(folded)]
    if found:
        return found
    return [] if is_skip(text) or _NO.search(folded) else None
