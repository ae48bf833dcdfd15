"""Which language a message is written in, well enough to answer a person in crisis in their own.

Scripts decide first (Arabic or Persian letters, Ethiopic, Cyrillic); Latin-script messages are
told apart by their common words. Swedish is assumed when nothing else is clear: the bot's own
language is the safe default, and its crisis numbers are the same in every language.
"""
from __future__ import annotations

import re
import unicodedata

SWEDISH, ENGLISH, ARABIC, PERSIAN, SOMALI, TIGRINYA, RUSSIAN, OTHER = "sv", "en", "ar", "fa", "so", "ti", "ru", "other"
# Letters Persian has and Arabic does not.
_PERSIAN_LETTERS = set("پچژگکی")
# The English words cover short questions too ("does it cost money", "who can get one?"), and none of
# them is Swedish once å/ä/ö are taken away ("an" is "än", "at" is "åt", "do" is "dö"): a Swedish
# message read as English would lose its Swedish crisis reply.
_WORDS = {
    ENGLISH: set("i im me my the to and is are am you it want dont cant can not please help pills kill die myself "
                 "going tonight is anyone speak english what how this that with have has been he she "
                 "does did who where when why which there they them their we your his her of if was were will "
                 "would should could about from get need cost money free pay much many old any someone "
                 "hello hi thanks thank bye".split()),
    SOMALI: set("waan waxaan ma rabo inaan aan iyo ayaa waa haddii caawiya caawi dhimasho noolaado daalay hooyo "
                "aabe aad wax kuma waxay ku".split()),
    SWEDISH: set("jag ar och det att inte vill har en som mig pa med till for kan du vad hur min mitt nu bara "
                 "orkar jag e ja o".split()),
}
_LETTERS = re.compile(r"[^\W\d_]+")


def _script(text: str) -> str | None:
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            script = name.split(" ")[0]
            counts[script] = counts.get(script, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else None


def _word_scores(text: str) -> dict[str, int]:
    """How many words of the message each language's word list knows."""
    folded = _folded_words(text)
    return {language: sum(word in vocabulary for word in folded) for language, vocabulary in _WORDS.items()}


def _folded_words(text: str) -> list[str]:
    words = _LETTERS.findall(text.casefold())
    return ["".join(c for c in unicodedata.normalize("NFKD", w) if not unicodedata.combining(c)) for w in words]


def has_swedish_words(text: str) -> bool:
    """Some common Swedish words, more than of any other language listed. `language_of` says Swedish also
    for a Latin-script language it has no list for ("necesito un abogado"); this does not."""
    scores = _word_scores(text)
    return scores[SWEDISH] > 0 and all(scores[SWEDISH] > n for language, n in scores.items() if language != SWEDISH)


# Swedish words no neighbouring language spells the same ("ja", "en", "min", "kan", "har" are Finnish,
# Danish, Dutch or Bosnian words too).
_ONLY_SWEDISH = frozenset("och jag inte vad hur att vill bara orkar ar".split())


def clearly_swedish(text: str) -> bool:
    """Swedish by its words, with at least one that only Swedish has ("okej. och brevet då?"; not
    "en ymmärrä ruotsia", "sono stanco e non capisco", "kan ik hulp krijgen", "min mama nema")."""
    return has_swedish_words(text) and not _ONLY_SWEDISH.isdisjoint(_folded_words(text))


def language_of(text: str) -> str:
    script = _script(text)
    if script == "ARABIC":
        return PERSIAN if _PERSIAN_LETTERS & set(text) else ARABIC
    if script == "ETHIOPIC":
        return TIGRINYA
    if script == "CYRILLIC":
        return RUSSIAN
    if script not in (None, "LATIN"):
        return OTHER
    scores = _word_scores(text)
    best = max(scores, key=scores.__getitem__)
    if best != SWEDISH and scores[best] >= 2 and scores[best] > scores[SWEDISH]:
        return best
    return SWEDISH
