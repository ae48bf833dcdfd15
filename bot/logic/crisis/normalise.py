"""Text as crisis detection reads it: however it was typed, the same words come out.

People in crisis type fast, on a phone, without å/ä/ö, with letters spaced out or repeated
("s j ä l v m o r d", "hjäääälp"), with zero-width or control characters from copy-paste, and in
sms spelling ("ja" for jag, "e" for är). All of that is undone here, so that the lexicon can list
each word once. Letters of other scripts (Arabic, Persian, Ethiopic) are kept as they are.
"""
from __future__ import annotations

import re
import unicodedata

_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2028-\u202f\u2060-\u206f\ufeff]")
_NOT_A_WORD = re.compile(r"[^\w ]+")
_WIDE_GAP = re.compile(r" {2,}")
_SINGLE_LETTERS = re.compile(r"[^\W\d_](?: [^\W\d_])+")
_REPEATED = re.compile(r"([^\W\d_])\1{2,}")
_DIGIT_IN_WORD = re.compile(r"(?<=[a-z])[013457]|[013457](?=[a-z])")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t"})
# sms spelling and common misspellings, after folding.
SPELLINGS = {
    "ja": "jag", "jg": "jag", "e": "ar", "ä": "ar", "ej": "inte", "int": "inte", "inge": "inget", "nt": "inte",
    "mej": "mig", "dej": "dig", "sej": "sig", "nan": "nagon", "nat": "nagot", "nanting": "nagonting",
    "o": "och", "pallar": "orkar", "orkr": "orkar", "orkarinte": "orkar inte", "vil": "vill", "lngre": "langre",
    "lenge": "lange", "sjelvmord": "sjalvmord", "sjalvmor": "sjalvmord", "sjavmord": "sjalvmord",
    "sjalmord": "sjalvmord", "sjalvmordstankar": "sjalvmord tankar", "suicidtankar": "suicid tankar",
    "dodstankar": "dod tankar", "tabbletter": "tabletter", "tablettr": "tabletter", "medicin": "mediciner",
    "im": "i am", "dont": "do not", "cant": "can not", "wont": "will not", "wanna": "want to",
}


def _fold_letter(ch: str) -> str:
    """Latin letters lose their marks (å→a, ö→o); letters of other scripts stay as they are."""
    if "LATIN" not in unicodedata.name(ch, ""):
        return ch
    return "".join(part for part in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(part))


def _join_spelt_out_words(text: str) -> str:
    """'s j ä l v m o r d' -> 'självmord'. Spelt-out words are separated by wider gaps ('v i l l  d ö'),
    or stand between ordinary words ('jag vill d ö'); a lone 'i' or 'e' in a sentence is left alone."""
    spelt = [segment for segment in _WIDE_GAP.split(text) if _SINGLE_LETTERS.fullmatch(segment)]
    if not spelt:
        return " ".join(_join_runs(segment, minimum=3) for segment in text.split("  "))
    return " ".join(_join_runs(segment, minimum=2) for segment in _WIDE_GAP.split(text))


# Two spelt-out letters that are a word of danger on their own.
_SHORT_SPELT_WORDS = {"do", "dö"}


def _join_runs(segment: str, minimum: int) -> str:
    def join(found: re.Match[str]) -> str:
        letters = found.group().split()
        word = "".join(letters)
        return word if len(letters) >= minimum or word in _SHORT_SPELT_WORDS else found.group()

    return re.sub(r"(?<!\S)[^\W\d_](?: [^\W\d_])+(?!\S)", join, segment)


def normalise(text: str) -> str:
    """Lower case, no marks on Latin letters, no invisible characters, spaced and repeated letters undone,
    digits inside words read as letters, sms spelling expanded; words separated by single spaces."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    text = "".join(ch if ch.isprintable() else " " for ch in text).casefold()
    text = "".join(_fold_letter(ch) for ch in text)
    text = _join_spelt_out_words(_NOT_A_WORD.sub(" ", text).strip())
    text = _REPEATED.sub(r"\1", text)
    text = _DIGIT_IN_WORD.sub(lambda found: found.group().translate(_LEET), text)
    return " ".join(SPELLINGS.get(word, word) for word in text.split())
