"""Personnummer, phone numbers and e-mail addresses taken out of what a person typed.

The bot never asks for a personnummer, and asks for a phone number or an e-mail address only in
the contact form. Anything of the kind typed elsewhere is replaced before Rasa stores the message
(GDPR: collect the minimum; the conversation is kept for up to 180 days), except the person's own
mobile number or address in a message that gives nothing else, where a contact request could use it
(bot/runtime/rest_channel.py decides where).

Numbers are found on a normalised copy of the text: every dash (en dash, minus sign,
non-breaking hyphen …) is read as "-", every space or invisible character as " ", and digits of
every script as 0–9. The copy has one character per character of the original, so what is
found there is cut from the original at the same place. Digits may be grouped or spaced in any
way ("85 03 12-12 31", "pnr8503121231"); ten or twelve of them in a row are a personnummer only
when the `personnummer` parser accepts them: a real date (or samordningsnummer day) and the
right check digit.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from personnummer import personnummer

from knowledge.text import fold

PERSONNUMMER_REMOVED = "[personnummer borttaget]"
PHONE_REMOVED = "[telefonnummer borttaget]"
EMAIL_REMOVED = "[e-postadress borttagen]"

_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")
# Digit groups joined by at most three separators: "850312 - 1231", "85 03 12 12 31".
_DIGIT_RUN = re.compile(r"\d+(?:[ \-+.]{1,3}\d+)*")
_DIGIT_GROUP = re.compile(r"\d+")
# The local part is bounded (RFC 5321 allows 64), so a long word without "@" costs little.
_EMAIL = re.compile(r"[\w.+\-]{1,64}@[\w\-]+(?:\.[\w\-]+)*\.[^\W\d_]{2,}")
# Digit groups as phone numbers are written: "070-123 45 67", "+46 (0)8 123 45 67", "08/12 34 56".
_PHONE_RUN = re.compile(r"\+?\(?\d+(?:[ \-./()]{1,3}\d+)*")
MIN_PHONE_DIGITS, MAX_PHONE_DIGITS = 8, 13
# Service numbers (020 freephone, 077x shared cost, 090x premium) belong to organisations such as
# Försäkringskassan (0771-524 524): a person asking about one keeps the number in the question.
_SERVICE_NUMBER = re.compile(r"^(?:020|077|090|\+4620|\+4677|\+4690|004620|004677|004690)")


@dataclass(frozen=True)
class Redaction:
    """The text as it may be kept, and what was taken out of it."""

    text: str
    personnummer: bool = False
    phone: bool = False
    email: bool = False

    @property
    def removed_anything(self) -> bool:
        return self.personnummer or self.phone or self.email


def normalised(text: str) -> str:
    """The same text, one character for one: dashes as "-", spaces and invisible characters as " ",
    digits of any script as 0–9. Positions in it are positions in `text`."""
    return "".join(_plain_character(ch) for ch in text)


def _plain_character(ch: str) -> str:
    if ch.isascii():
        return ch
    if ch in _DASHES:
        return "-"
    digit = unicodedata.decimal(ch, None)
    if digit is not None:
        return str(digit)
    if ch.isspace() or unicodedata.category(ch) == "Cf":  # NBSP, thin space, zero-width space …
        return " "
    return ch


def _compact(parts: list[re.Match[str]], plain: str) -> str:
    """The digits of consecutive groups as the parser reads them: with "+" before the last four when
    that was the separator (someone 100 years or older), else without a separator."""
    digits = "".join(part.group() for part in parts)
    if len(digits) == 10 and len(parts[-1].group()) == 4 and len(parts) > 1:
        between = plain[parts[-2].end():parts[-1].start()]
        if "+" in between:
            return f"{digits[:6]}+{digits[6:]}"
    return digits


def _typed_as_phone(parts: list[re.Match[str]], plain: str) -> bool:
    """Ten digits starting with 0 and not written as date-hyphen-four ("050312-1234"): a phone number
    to someone who was just asked for one (0701234567), even when it passes the personnummer checks."""
    digits = "".join(part.group() for part in parts)
    if len(digits) != 10 or not digits.startswith("0"):
        return False
    date_then_four = (len(parts) == 2 and len(parts[0].group()) == 6
                      and plain[parts[0].end():parts[1].start()].strip() in ("-", "+"))
    return not date_then_four


def _personnummer_spans(plain: str, phone_expected: bool) -> Iterator[tuple[int, int]]:
    for run in _DIGIT_RUN.finditer(plain):
        groups = list(_DIGIT_GROUP.finditer(plain, run.start(), run.end()))
        start = 0
        while start < len(groups):
            found = _valid_from(groups, start, plain, phone_expected)
            if found is None:
                start += 1
                continue
            yield groups[start].start(), groups[found].end()
            start = found + 1


def _valid_from(groups: list[re.Match[str]], start: int, plain: str, phone_expected: bool) -> int | None:
    """The last group of a personnummer made of whole groups from `start` on, if there is one."""
    count = 0
    for end in range(start, len(groups)):
        count += len(groups[end].group())
        if count > 12:
            return None
        parts = groups[start:end + 1]
        if count in (10, 12) and personnummer.valid(_compact(parts, plain)):
            if phone_expected and _typed_as_phone(parts, plain):
                return None
            return end
    return None


def _phone_spans(plain: str) -> Iterator[tuple[int, int]]:
    """Numbers that start with 0 or + and hold 8 to 13 digits; a longer run is cut after the
    groups that fit, so a year or a count typed after the number does not hide it."""
    for run in _PHONE_RUN.finditer(plain):
        groups = list(_DIGIT_GROUP.finditer(plain, run.start(), run.end()))
        start = 0
        while start < len(groups):
            end = _phone_from(groups, start, plain)
            if end is None:
                start += 1
                continue
            first = groups[start].start()
            opening = first > 0 and plain[first - 1] in "+("  # "+46 …" and "(08) …" go whole
            yield (first - 1 if opening else first), groups[end].end()
            start = end + 1


def _phone_from(groups: list[re.Match[str]], start: int, plain: str) -> int | None:
    first = groups[start]
    international = first.start() > 0 and plain[first.start() - 1] == "+"
    if not (international or first.group().startswith("0")):
        return None
    number = ("+" if international else "") + first.group()
    last = None
    for end in range(start, len(groups)):
        if end > start:
            number += groups[end].group()
        digits = len(number.lstrip("+"))
        if digits > MAX_PHONE_DIGITS:
            break
        if digits >= MIN_PHONE_DIGITS:
            last = end
    if last is None or _SERVICE_NUMBER.match(number):
        return None
    return last


def holds_personnummer(text: str, phone_expected: bool = False) -> bool:
    """Whether `text` holds a personnummer. With `phone_expected`, ten digits starting with 0 count
    only when written as date-hyphen-four ("050312-1238"), as in the contact form's answer."""
    return next(_personnummer_spans(normalised(text), phone_expected), None) is not None


def _replace(text: str, spans: list[tuple[int, int]], marker: str) -> str:
    for start, end in sorted(spans, reverse=True):
        text = f"{text[:start]}{marker}{text[end:]}"
    return text


# The words that go with giving one's own contact details (folded): "det vore bra om någon kunde ringa mig,
# mitt nummer är …", "sms efter kl 15 helst".
CONTACT_WORDS = frozenset(
    "ring ringa ringer ringt sms smsa sms:a mejla mejl maila mail epost e post mig mitt min nummer numret telefon "
    "tel mobil mobilen pa ar e efter fore innan kl klockan helst garna eller och tack hej nas na kan ni du nagon nan "
    "nagra kunde vore bra om det jag vill att mellan lunch formiddag formiddagen eftermiddag eftermiddagen kvall "
    "kvallen morgon morgonen dag dagen idag imorgon skicka skriv kontakta hora av er sig ombud nr".split()
)
# Words that go with a new number where the contact request shows what it holds: "nytt nummer 070-…", "mejla
# hellre, …". A "nej" or "vänta" still keeps it out ("ok vänta, 070-…" may not be meant as the way).
NEW_CONTACT_WORDS = frozenset({"nytt", "ny", "nya", "istallet", "byt", "byta", "hellre", "forresten"})
# When not to call is part of how to call ("men helst inte före lunch om det går", "inte på helger"): "inte"
# is allowed there only, before a time (folded; a time of day written as 0).
_WHEN_NOT_TO_CALL = re.compile(
    r"\b(?:men |kanske |helst |garna )*inte "
    r"(?:(?:innan|fore|efter|under|pa) (?:kl |klockan )?"
    r"(?:0|ett|tva|tre|fyra|fem|sex|sju|atta|nio|tio|elva|tolv|lunch|morgonen|morgnarna|morgnar|formiddagen"
    r"|formiddagar|eftermiddagen|eftermiddagar|kvallen|kvallar|kvallarna|natten|helgen|helger|helgerna|dagtid"
    r"|arbetstid|mandagar|tisdagar|onsdagar|torsdagar|fredagar|lordagar|sondagar)"
    r"|idag|i dag|imorgon|i morgon|ikvall|i kvall)\b(?: om det gar)?"
)
_TIME_OF_DAY = re.compile(r"\d{1,2}(?:[.:]\d{2})?")
_APPROVAL_WORDS = frozenset({"ja", "jo", "japp", "ok", "okej", "absolut", "visst", "stammer"})
_LETTER_WORD = re.compile(r"[^\W\d_]+")


_MOBILE = re.compile(r"^(?:\+46|0046|0)7[02369]")  # 070, 072, 073, 076, 079; 077x are service numbers


def is_mobile(number: str) -> bool:
    """A Swedish mobile number, however it is spaced: an office's or an authority's landline is not one."""
    return bool(_MOBILE.match(re.sub(r"[^\d+]", "", number)))


def gives_only_contact_details(text: str, other_words: frozenset[str] = frozenset()) -> bool:
    """One mobile number or e-mail address, and only words that go with giving one's own ("ja, ring mig
    efter kl 15 på 070-…"): no "nej", "vänta" or "inte", no one else ("min handläggare nås på …"), and no
    landline (an office's or an authority's: "kan jag ringa 08-…"). `other_words` (folded) may be there
    too: the place, or "nytt nummer", where the contact request asks for them."""
    plain = normalised(text)
    emails = [found.span() for found in _EMAIL.finditer(plain)]
    phones = list(_phone_spans(plain))
    spans = [*emails, *phones]
    if len(spans) != 1 or (phones and not is_mobile(plain[phones[0][0]:phones[0][1]])):
        return False
    rest = re.sub(r"[^\w:.]+", " ", _TIME_OF_DAY.sub("0", fold(_replace(plain, spans, " "))))
    return all(word in CONTACT_WORDS or word in _APPROVAL_WORDS or word in other_words
               for word in _LETTER_WORD.findall(_WHEN_NOT_TO_CALL.sub(" ", rest)))


def redact(text: str, contact_details_asked: bool = False, contact_details_welcome: bool = False,
           other_words: frozenset[str] = frozenset()) -> Redaction:
    """`text` without personnummer, phone numbers and e-mail addresses.

    With `contact_details_asked` (the contact form has just asked how to reach the person), phone
    numbers and e-mail addresses stay: they are the answer. With `contact_details_welcome` (the form
    asks something else before that question) they stay only in a message that gives nothing but one's
    own contact details (and `other_words`), and a number that reads as a personnummer is one. A
    personnummer never stays.
    """
    plain = normalised(text)
    found_personnummer = list(_personnummer_spans(plain, phone_expected=contact_details_asked))
    text = _replace(text, found_personnummer, PERSONNUMMER_REMOVED)
    if contact_details_asked or (contact_details_welcome and gives_only_contact_details(text, other_words)):
        return Redaction(text, personnummer=bool(found_personnummer))
    plain = normalised(text)
    emails = [found.span() for found in _EMAIL.finditer(plain)] if "@" in plain else []
    text = _replace(text, emails, EMAIL_REMOVED)
    phones = list(_phone_spans(normalised(text)))
    text = _replace(text, phones, PHONE_REMOVED)
    return Redaction(text, personnummer=bool(found_personnummer), phone=bool(phones), email=bool(emails))


def redact_personnummer(text: str) -> tuple[str, bool]:
    """The text without any personnummer, and whether one was removed (here or already by the channel).

    For answers where a phone number or e-mail address may stay, such as the name the contact form asks
    for. Ten digits starting with 0 count here too when they pass the checks (someone born 2000–2009).
    """
    found = list(_personnummer_spans(normalised(text), phone_expected=False))
    return _replace(text, found, PERSONNUMMER_REMOVED), bool(found) or PERSONNUMMER_REMOVED in text
