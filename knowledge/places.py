"""Finding the kommun (and stadsdel) a person means, however they type it.

"jag bor i Rinkeby", "Göteborj", "malmo", "Sodertalje": every word group of the question
is compared with every known place name, exactly after folding (no case, no å/ä/ö) and
then by edit similarity (rapidfuzz). Candidates come back with a score, so the bot can
say "menar du …?" when it is not sure (bot/logic/offices.decide_place, which also drops the weak ones).

A near miss inside a sentence must be closer than one typed alone, except right after a place word
("bor i gävel"), and a name spelled as it sounds ("hesleholm") is offered too. The last word of a longer
name ("Biskopsgården") offers that name, never for sure.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Levenshtein

from knowledge.records import PlaceMatch
from knowledge.snapshot import Snapshot
from knowledge.text import FILLER_WORDS, fold, sound_of

# Place names that are also everyday words ("jag vill vara med", "are you", "finns det sånna"): inside a
# sentence they only count right after a place word ("bor i Vara", "från Mark").
EVERYDAY_WORD_NAMES = frozenset(
    "vara mark lund kil berg boden mala are nora mora salem kinda eda ale habo laxa sala hjo orsa ange sanna".split()
)
# Everyday words a letter or two from a name ("nästa" Nälsta, "länge" Ånge, "testa" Tensta), as seen in
# the training and evaluation texts: never read as a mistyped place.
EVERYDAY_NEAR_NAMES = frozenset(
    "nasta testa lange annan hors angra hallo basta bollas kalla glomma stampel hammare vinden hanga farsa snacka "
    "trans sokar insta hanta gotaland satter setter seter".split()
)
PLACE_CUES = frozenset("i fran till bor kommun kommunen stad staden".split())
# A name that is also an everyday word ("sala", "mora") is a place after English "in" or "to" too, when the word
# before it is English ("an ombud in Sala", "we live in Mora", "moved to Sala"): after Swedish "logga in", "lämna
# in" the word is what is logged or handed in ("logga in. Ange …"). Never a cue for a mistyped place. "kinda" after
# "in" is English.
_ENGLISH_BEFORE_IN = frozenset(
    "ombud ombuds office offices live lives living lived stay stays staying based located moved anyone someone "
    "help support there is are settled moving move".split())
_ENGLISH_WORDS_LIKE_NAMES = frozenset({"kinda"})
MAX_WORDS_IN_A_NAME = 4
MIN_FUZZY_LENGTH = 4
FUZZY_CUTOFF = 80.0
# Inside a longer message a near miss is more likely another word, so it must be closer; right after a
# place word ("bor i gävel", "ombud i örebo") it is a place as much as when typed alone.
FUZZY_CUTOFF_IN_SENTENCE = 85.0
EXTRA_WORD_PENALTY = 3.0
EXACT_IN_SENTENCE = 97.0
# "Biskopsgården" for Norra and Södra Biskopsgården: the last word of a longer name, never sure by itself.
END_OF_A_NAME = 90.0
MIN_END_OF_A_NAME_LENGTH = 6
# Endings that are everyday words: "bor i centrum" is not Angereds Centrum.
EVERYDAY_NAME_ENDINGS = frozenset("centrum strand skargarden innerstaden industriomrade mossen vallgraven".split())
# When two places differ only by å/ä/ö (Håbo and Habo), the one spelled as typed wins.
OTHER_SPELLING_PENALTY = 4.0
MAX_CANDIDATES = 5
# "hesleholm", "vesterås": a name spelled as it sounds (knowledge.text.sound_of) is offered like a slip of the fingers.
SOUNDS_LIKE = 90.0
MIN_TYPO_LENGTH = 5
# A mistyped name is offered, never taken for sure (bot/logic/offices.SURE_SCORE is 95).
SURE_BELOW = 94.0
# Words before a place the person has left ("flyttat hit från Lund", "moved here from Lund").
_LEFT_BEHIND_CUES = frozenset({"fran", "from"})
# Words before a place named only to say where another is ("bor i Sigtuna, en bit utanför Stockholm"). Only beside a
# place named right after the writer's own "bor i", and never right after "bor": "bor strax utanför Umeå" is where
# they live, and in "jag bor på landet utanför Skövde och jobbar i Mariestad" nothing says Mariestad is.
_NEAR_CUES = frozenset({"utanfor", "nara", "narheten", "outside", "near"})
_WRITER_LIVES = frozenset({"jag", "ja", "vi", "i", "we"})
# "sonen bor i Gävle och jag bor i Sandviken, var kan han få ett ombud": an ombud is for the one the question is
# about, so the writer's own place is set aside when the question is only about someone else. Never the other way:
# a parent asking where to turn may well be asking for the son. "i" is English "I" only before "live"; "vi"
# may include the one asked about, so a place after "vi bor" is never set aside.
_LIVES = frozenset({"bor", "live", "lives"})
_LIVES_CUES = frozenset({"i", "in", "pa"})
_WRITER_ALONE = frozenset({"jag", "ja", "i"})
_WRITER_IN_A_QUESTION = frozenset({"jag", "ja", "mig", "mej", "vi", "oss", "me", "we", "us"})
_SOMEONE_ELSE_IN_A_QUESTION = frozenset("han hon hen honom henne he she him her they them min mitt mina my".split())
_END_OF_A_LIVING_PLACE = FILLER_WORDS | {"and", "but", "men", "sa"}
_CLAUSE = re.compile(r"[^.!?,;]+[.!?,;]*")
_LETTERS = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class _Group:
    start: int
    size: int
    typed: str
    folded: str


def _word_groups(typed: list[str], words: list[str]) -> list[_Group]:
    """Every run of up to MAX_WORDS_IN_A_NAME words that is not only filler, longest first."""
    groups = []
    for size in range(min(MAX_WORDS_IN_A_NAME, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            group = words[start:start + size]
            if not all(word in FILLER_WORDS for word in group):
                groups.append(_Group(start, size, " ".join(typed[start:start + size]), " ".join(group)))
    return groups


def _has_place_cue(words: list[str], group: _Group) -> bool:
    before = words[group.start - 1] if group.start > 0 else ""
    before_that = words[group.start - 2] if group.start > 1 else ""
    after = words[group.start + group.size] if group.start + group.size < len(words) else ""
    in_english = (before in ("in", "to") and before_that in _ENGLISH_BEFORE_IN
                  and group.folded not in _ENGLISH_WORDS_LIKE_NAMES)
    return before in PLACE_CUES or in_english or after in {"kommun", "kommune", "stad"}


def _follows_a_place_word(words: list[str], group: _Group) -> bool:
    """One word right after "i", "bor", "från" …: "bor i gävel" (not "en annan kommun", not "i enköping")."""
    return group.size == 1 and group.start > 0 and words[group.start - 1] in PLACE_CUES


def _may_be_a_mistyped_name(group: _Group, name_words: frozenset[str]) -> bool:
    """Long enough, not an everyday word close to a name ("nästa", Nälsta), and not starting or ending with
    a filler word no name has ("går det" is not Gärdet; "uppsla stad" may be Uppsala stad)."""
    if len(group.folded) < MIN_FUZZY_LENGTH or group.folded in EVERYDAY_NEAR_NAMES:
        return False
    first, *_, last = group.folded.split() if group.size > 1 else (group.folded, group.folded)
    return not any(edge in FILLER_WORDS and edge not in name_words for edge in (first, last))


def _one_slip(typed: str, name: str) -> bool:
    """A letter left out or added, or two letters swapped ("örebo", "gävel"); not one letter for another."""
    return OSA.distance(typed, name) == 1 and (len(typed) != len(name) or Levenshtein.distance(typed, name) == 2)


def _mistyped(typed: str, name: str) -> bool:
    """One slip of the fingers ("örebo", "gävel"); not one letter for another ("bostad" is not Båstad), not a
    short word ("ater" is a word before it is Säter), and not the name's genitive ("Linköpings kommun",
    "Stockholms län", which may mean the whole län)."""
    return len(typed) >= MIN_TYPO_LENGTH and typed != f"{name}s" and _one_slip(typed, name)


def find_municipality(text: str, snapshot: Snapshot, limit: int = MAX_CANDIDATES) -> list[PlaceMatch]:
    pairs = [(word, fold(word)) for word in _LETTERS.findall(text.casefold())]
    pairs = [(word, folded) for word, folded in pairs if folded]
    if not pairs:
        return []
    typed, words = [word for word, _ in pairs], [folded for _, folded in pairs]
    meaningful = [word for word in words if word not in FILLER_WORDS]
    best: dict[tuple[str, str | None], PlaceMatch] = {}
    # "vi har flyttat dit från Karlstad": a place after "från" is where the person no longer is. It counts only
    # when no other place is named.
    left_behind: dict[tuple[str, str | None], PlaceMatch] = {}
    left_span = _left_behind_span(words) | _not_asked_about_span(text, words)
    near_span = _near_span(words)
    # A place near another in the same kommun is a part of it ("bor i Stockholm nära Skärholmen"): kept apart until
    # the places the person is in are known, and so are places named right after "bor i".
    near: dict[tuple[str, str | None], PlaceMatch] = {}
    lived_in: dict[tuple[str, str | None], PlaceMatch] = {}
    after_lives = {at + 2 for at in range(len(words) - 2) if words[at] in _LIVES and words[at + 1] in _LIVES_CUES
                   and (at == 0 or words[at - 1] in _WRITER_LIVES)}

    def consider(name: str, score: float, as_typed: str | None = None, mistyped: bool = False,
                 into: dict[tuple[str, str | None], PlaceMatch] = best) -> None:
        namesakes = snapshot.places_by_folded_name[name]
        ambiguous = len({place.kommun_code for place in namesakes}) > 1
        for place in namesakes:
            spelled_otherwise = as_typed is not None and " ".join(_LETTERS.findall(place.name.casefold())) != as_typed
            score_here = score - OTHER_SPELLING_PENALTY if ambiguous and spelled_otherwise else score
            kommun = snapshot.kommuner[place.kommun_code]
            key = (place.kommun_code, place.area)
            if key not in into or into[key].score < score_here:
                into[key] = PlaceMatch(
                    kommun_code=kommun.code, kommun=kommun.name, lan=kommun.lan, place=place.name,
                    kind=place.kind, area=place.area, score=round(score_here, 1), mistyped=mistyped,
                )

    whole = " ".join(meaningful)
    whole_is_place = whole in snapshot.places_by_folded_name
    everyday_word_alone = (
        whole in EVERYDAY_WORD_NAMES and len(words) > 1
        and not _has_place_cue(words, _Group(words.index(whole), 1, whole, whole))
    )
    if whole_is_place and not everyday_word_alone:
        consider(whole, 100.0, " ".join(t for t, w in zip(typed, words, strict=True) if w not in FILLER_WORDS))
    in_sentence = len(words) > 1
    for group in _word_groups(typed, words):
        if group.folded == whole and whole_is_place:
            continue
        positions = set(range(group.start, group.start + group.size))
        into = (left_behind if positions <= left_span else near if positions <= near_span
                else lived_in if group.start in after_lives else best)
        # "ange" may be the verb; "Ånge", typed with its own letters, can only be the place ("sånna" is not Sanna).
        if (in_sentence and group.folded in EVERYDAY_WORD_NAMES and not _typed_as_the_place(group, snapshot)
                and not _has_place_cue(words, group)):
            continue
        if group.folded in snapshot.places_by_folded_name:
            # A place named exactly is strong evidence however long the message around it is.
            consider(group.folded, EXACT_IN_SENTENCE, group.typed, into=into)
            continue
        if (group.size == 1 and len(group.folded) >= MIN_END_OF_A_NAME_LENGTH
                and group.folded not in EVERYDAY_NAME_ENDINGS):
            for name in snapshot.names_by_last_word.get(group.folded, ()):
                consider(name, END_OF_A_NAME, into=into)
        if group.size == 1 and len(group.folded) >= MIN_TYPO_LENGTH and group.folded not in EVERYDAY_NEAR_NAMES:
            # Inside a sentence, without a place word before it, only offered ("Menar du …?"), never answered for,
            # unless it is also one slip of the fingers away.
            cued = not in_sentence or _has_place_cue(words, group)
            for name in snapshot.names_by_sound.get(sound_of(group.typed), ()):
                consider(name, SOUNDS_LIKE, mistyped=cued or _mistyped(group.folded, name), into=into)
        if _may_be_a_mistyped_name(group, snapshot.place_name_words):
            after_place_word = in_sentence and _follows_a_place_word(words, group)
            cutoff = FUZZY_CUTOFF_IN_SENTENCE if in_sentence and not after_place_word else FUZZY_CUTOFF
            for name, score, _ in process.extract(
                group.folded, snapshot.places_by_folded_name.keys(), scorer=fuzz.ratio,
                score_cutoff=cutoff, limit=limit,
            ):
                if name in EVERYDAY_WORD_NAMES:
                    continue
                if after_place_word:
                    # "bor i gävel": the place word vouches for the name however long the message is, but only
                    # for one slip of the fingers ("i sängen" is not Ånge, "ont i magen" not Hagen), and a
                    # mistyped name is asked about, never taken for sure.
                    if score >= FUZZY_CUTOFF_IN_SENTENCE or _one_slip(group.folded, name):
                        consider(name, min(score, SURE_BELOW), mistyped=_mistyped(group.folded, name), into=into)
                else:
                    penalty = EXTRA_WORD_PENALTY * sum(1 for word in meaningful if word not in group.folded.split())
                    consider(name, score - penalty, mistyped=_mistyped(group.folded, name), into=into)
    for key, match in lived_in.items():
        if key not in best or best[key].score < match.score:
            best[key] = match
    kommuner_named = {match.kommun_code for match in best.values()}
    for key, match in near.items():
        (left_behind if lived_in and match.kommun_code not in kommuner_named else best)[key] = match
    if not any(match.score >= EXACT_IN_SENTENCE for match in best.values()):
        # Beside a place only guessed at ("bor i trollhätan, kommer från Lilla Edet"), the place left is not sure.
        cap = SURE_BELOW if best else None
        for key, match in left_behind.items():
            score = min(match.score, cap) if cap is not None else match.score
            if key not in best or best[key].score < score:
                best[key] = replace(match, score=score)
    if (part := _a_city_and_its_part(best.values(), meaningful, words)) is not None:
        return [part]
    return sorted(best.values(), key=lambda match: (-match.score, match.kommun))[:limit]


def _name_from(words: list[str], start: int, stops: frozenset[str]) -> set[int]:
    """The positions from `start` that may name a place: up to a name's length, until a word in `stops`."""
    span: set[int] = set()
    for position in range(start, min(start + MAX_WORDS_IN_A_NAME, len(words))):
        if words[position] in stops:
            break
        span.add(position)
    return span


def _left_behind_span(words: list[str]) -> set[int]:
    """The positions of the words naming a place after "från" or "from" (up to a name's length, until a filler)."""
    span: set[int] = set()
    for cue in (index for index, word in enumerate(words) if word in _LEFT_BEHIND_CUES):
        span |= _name_from(words, cue + 1, FILLER_WORDS)
    return span


def _near_span(words: list[str]) -> set[int]:
    """The positions of the words naming a place after "utanför" or "nära", when the cue does not follow "bor"."""
    span: set[int] = set()
    for cue in (index for index, word in enumerate(words) if word in _NEAR_CUES):
        if cue == 0 or words[cue - 1] not in _LIVES:
            span |= _name_from(words, cue + 1, FILLER_WORDS)
    return span


def _not_asked_about_span(text: str, words: list[str]) -> set[int]:
    """The positions naming where the writer lives when the question is only about someone else (in "mormor bor i
    Nybro och jag bor i Kalmar, finns ombud för henne?" Kalmar is set aside)."""
    if not _asked_only_about_someone_else(text):
        return set()
    span: set[int] = set()
    for at in range(1, len(words) - 1):
        if words[at] not in _LIVES or words[at - 1] not in _WRITER_ALONE:
            continue
        span |= _name_from(words, at + 2 if words[at + 1] in _LIVES_CUES else at + 1, _END_OF_A_LIVING_PLACE)
    return span


def _asked_only_about_someone_else(text: str) -> bool:
    """The question (the last clause with a question mark, else the last) names someone else ("han", "henne", "min
    son") and not the writer; a clause that only says where someone lives asks about nobody."""
    clauses = [clause for clause in _CLAUSE.findall(text) if clause.strip(" .!?,;")]
    if not clauses:
        return False
    asked = next((clause for clause in reversed(clauses) if clause.rstrip().endswith("?")), clauses[-1])
    words = {fold(word) for word in _LETTERS.findall(asked.casefold())}
    return (not words & _LIVES and bool(words & _SOMEONE_ELSE_IN_A_QUESTION)
            and not words & _WRITER_IN_A_QUESTION)


def _typed_as_the_place(group: _Group, snapshot: Snapshot) -> bool:
    """Typed with the letters of a place whose name has å, ä or ö ("Ånge"), which the everyday word lacks."""
    typed = group.typed.casefold()
    namesakes = snapshot.places_by_folded_name[group.folded]
    spellings = {" ".join(_LETTERS.findall(place.name.casefold())) for place in namesakes}
    return typed != group.folded and typed in spellings


def _position(words: list[str], name: str) -> int | None:
    name_words = fold(name).split()
    return next((i for i in range(len(words) - len(name_words) + 1) if words[i:i + len(name_words)] == name_words),
                None)


def _said_as_places(words: list[str], part: PlaceMatch, city: PlaceMatch) -> bool:
    """The part and its city next to each other ("Göteborg, Angered"), or with only a place word between
    ("bor på hisingen i gbg"): not a word that happens to be a part's name ("jag bor i göteborg och skär mig"),
    nor two places said apart ("bor i stockholm men jobbar i kista")."""
    at_part, at_city = _position(words, part.place), _position(words, city.place)
    if at_part is None or at_city is None:
        return False
    part_end, city_end = at_part + len(fold(part.place).split()), at_city + len(fold(city.place).split())
    between = words[part_end:at_city] if part_end <= at_city else words[city_end:at_part]
    return len(between) <= 1 and all(word in PLACE_CUES for word in between)


def _a_city_and_its_part(found: Iterable[PlaceMatch], meaningful: list[str], words: list[str]) -> PlaceMatch | None:
    """"göteborg hisingen", "bor på hisingen i göteborg, finns ombud?": a city and one of its own parts, said
    as places, name that part. Otherwise the two are offered as usual ("jag bor i göteborg och skär mig" does
    not make Skår sure)."""
    found = list(found)
    exact = [match for match in found if match.score >= EXACT_IN_SENTENCE]
    for part in (match for match in exact if match.area):
        for city in (match for match in exact if match.kommun_code == part.kommun_code and not match.area):
            only_the_two = sorted(meaningful) == sorted([*fold(part.place).split(), *fold(city.place).split()])
            # With any other place found too ("jobbar i kista i stockholm men bor i uppsala"), the person chooses.
            no_other_place = all(match in (part, city) for match in found)
            if only_the_two or (no_other_place and _said_as_places(words, part, city)):
                return replace(part, score=100.0)
    return None
