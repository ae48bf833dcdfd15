"""Finding the kommun (and stadsdel) a person means, however they type it.

"jag bor i Rinkeby", "Göteborj", "malmo", "Sodertalje": every word group of the question
is compared with every known place name, exactly after folding (no case, no å/ä/ö) and
then by edit similarity (rapidfuzz). Candidates come back with a score, so the bot can
say "menar du …?" when it is not sure.
"""
from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from knowledge.records import PlaceMatch
from knowledge.snapshot import Snapshot
from knowledge.text import fold

# Words around a place name that say nothing about which place it is.
FILLER_WORDS = frozenset(
    "jag vi han hon de min mitt mina bor bodde ska flytta flyttar i pa fran till inom nara utanfor vid och "
    "kommun kommunen kommune stad staden lan lanet stadsdel stadsdelen omrade omradet ligger det ar har "
    "en ett som hos".split()
)
MAX_WORDS_IN_A_NAME = 4
MIN_FUZZY_LENGTH = 4
FUZZY_CUTOFF = 80.0
EXTRA_WORD_PENALTY = 3.0
EXACT_IN_SENTENCE = 97.0
# When two places differ only by å/ä/ö (Håbo and Habo), the one spelled as typed wins.
OTHER_SPELLING_PENALTY = 4.0
MAX_CANDIDATES = 5
_LETTERS = re.compile(r"[^\W_]+")


def _word_groups(typed: list[str], words: list[str]) -> list[tuple[str, str]]:
    """Every run of up to MAX_WORDS_IN_A_NAME words: (as typed, folded)."""
    groups = []
    for size in range(min(MAX_WORDS_IN_A_NAME, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            group = words[start:start + size]
            if not all(word in FILLER_WORDS for word in group):
                groups.append((" ".join(typed[start:start + size]), " ".join(group)))
    return groups


def find_municipality(text: str, snapshot: Snapshot, limit: int = MAX_CANDIDATES) -> list[PlaceMatch]:
    pairs = [(word, fold(word)) for word in _LETTERS.findall(text.casefold())]
    pairs = [(word, folded) for word, folded in pairs if folded]
    if not pairs:
        return []
    typed, words = [word for word, _ in pairs], [folded for _, folded in pairs]
    meaningful = [word for word in words if word not in FILLER_WORDS]
    best: dict[tuple[str, str | None], PlaceMatch] = {}

    def consider(name: str, score: float, as_typed: str | None = None) -> None:
        namesakes = snapshot.places_by_folded_name[name]
        ambiguous = len({place.kommun_code for place in namesakes}) > 1
        for place in namesakes:
            if ambiguous and as_typed is not None and " ".join(_LETTERS.findall(place.name.casefold())) != as_typed:
                score_here = score - OTHER_SPELLING_PENALTY
            else:
                score_here = score
            kommun = snapshot.kommuner[place.kommun_code]
            key = (place.kommun_code, place.area)
            if key not in best or best[key].score < score_here:
                best[key] = PlaceMatch(
                    kommun_code=kommun.code, kommun=kommun.name, lan=kommun.lan, place=place.name,
                    kind=place.kind, area=place.area, score=round(score_here, 1),
                )

    whole = " ".join(meaningful)
    if whole in snapshot.places_by_folded_name:
        consider(whole, 100.0, " ".join(t for t, w in zip(typed, words) if w not in FILLER_WORDS))
    for as_typed, group in _word_groups(typed, words):
        extra = sum(1 for word in meaningful if word not in group.split())
        penalty = EXTRA_WORD_PENALTY * extra
        if group in snapshot.places_by_folded_name:
            consider(group, EXACT_IN_SENTENCE - penalty, as_typed)
        elif len(group) >= MIN_FUZZY_LENGTH:
            for name, score, _ in process.extract(
                group, snapshot.places_by_folded_name.keys(), scorer=fuzz.ratio,
                score_cutoff=FUZZY_CUTOFF, limit=limit,
            ):
                consider(name, score - penalty)
    return sorted(best.values(), key=lambda match: (-match.score, match.kommun))[:limit]
