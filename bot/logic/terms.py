"""'Vad är SIP?': a short explanation of a word, found in what the knowledge base already says.

The order of where to look goes from the most exact to the loosest: a benefit an authority
explains ("Försörjningsstöd: pengar till mat …"), an authority or service by its own name
("god man", "patientnämnden"), a fact whose title names the word, then a fact that uses it.
When nothing fits, the bot says it cannot explain the word rather than guess.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.logic.questions import SURE_QUESTION
from bot.logic.say import Button, Say, facts_said
from bot.logic.sources import source_note
from knowledge.queries import question
from knowledge.records import Authority, FactRecord, Sourced
from knowledge.text import fold

# Words around the term in a question: "vad betyder det här med omprövning egentligen?"
_QUESTION_WORDS = frozenset(
    "vad va ar betyder betyda menas med en ett det den detta har som kallas kallar innebar forklara forklarar "
    "hur funkar fungerar kan du jag ni undrar ordet order egentligen for nagot nan tack snalla pa sa "
    "mig oss gor vill veta hora exakt e ens typ definiera kort nat nant nagonting grej alltsa star stand "
    "does what forkortning forkortningen".split()
)
# Words that join or compare the things asked about, or stand for anyone ("man"), never a term of their own:
# searched alone, "och" or "mellan" found facts that merely use them.
# "är det samma sak som bostadsbidrag?" compares too.
_JOINING_WORDS = frozenset(
    "och o eller men mellan kontra versus vs med utan till fran hos man som att samma sak lika likadant".split())
# Words that ask what someone does ("vad håller kronofogden på med"): with an authority, the authority is what is asked.
_DOING_WORDS = frozenset("sysslar pysslar haller gor jobbar arbetar hjalper fixar".split())
# "Skillnaden mellan soc och kronofogden": each thing named is explained.
_DIFFERENCE = re.compile(r"^(?:skill?nad\w*|skilj\w*)$")
_CLAUSE_END = re.compile(r"[.?!,;:\n]+")
# Words that ask what a word means, and the plain "vad": the clause holding one names the term.
_DEFINING = re.compile(r"\b(?:betyder|betyda|menas|innebar|forklara|kallas|definiera)\b")
_ASKING = re.compile(r"\bvad\b")
_STANDS_FOR = re.compile(r"\bstar (?:\w+ ){1,2}for\b|\b(?:vad|va) (?:ar|e) (?:en |ett )?"
                         r"(?!(?:det|den|dom|de|detta|dessa|numret|nummer\w*|telefon\w*|adress\w*|kon)\b)\w+")
# Endings to try when the exact word is not found: "överklagande" is explained under "överklaga".
_ENDINGS = ("ande", "ende", "ningen", "ning", "erna", "arna", "en", "et", "na", "ar", "er", "or", "n", "t")
MIN_STEM_LENGTH = 4
MIN_WORD_LENGTH = 3  # "SGI", "LSS", "SIP"
WORDS_BEFORE = 2  # "god man"

FactSearch = Callable[[str], Sequence[FactRecord]]


def _content(clause: str) -> str:
    return " ".join(word for word in fold(clause).split() if word not in _QUESTION_WORDS)


# "va?", "förstår inte": not a word to explain, but a person who did not follow (folded, the whole message).
_BEWILDERED = re.compile(
    r"^\W*(?:va|vad|vada|ha|eh|hm+|what|huh|(?:jag )?(?:forstar|fattar) (?:inte|ej|ingenting|noll)(?: alls)?"
    r"|(?:jag )?hanger inte med|(?:hur|vad|va) menar du(?: med det)?|(?:vad|va) sa du)\W*$")


# A question's title that asks what a thing is ("Vad är en god man?"), folded: the thing.
_WHAT_IS_TITLE = re.compile(r"^vad ar (?:en |ett )?(.+?)\W*$")


def defining_question(term: str, selected: str | None, confidence: float) -> str | None:
    """"vad är en god man" asks the question titled "Vad är en god man?", when the question selector is sure of it: its
    answer says what one does first and goes on with what people ask next (who pays), where the term's own short
    explanation would only say who decides. The question's key, or None."""
    asked = question(selected) if term and selected and confidence >= SURE_QUESTION else None
    if asked is None:
        return None
    defined = _WHAT_IS_TITLE.match(fold(asked.title))
    return asked.key if defined is not None and fold(term) == defined.group(1) else None


def asks_what_a_word_means(text: str) -> bool:
    """The message asks what a word means ("betyder", "menas med", "står för", "vad är"), whatever else it says."""
    folded = fold(text)
    return bool(_DEFINING.search(folded) or _STANDS_FOR.search(folded))


def bewildered(text: str) -> bool:
    """The whole message says the person did not follow ("va?", "fattar inte"): a guess with choices fits,
    not "I cannot explain that word"."""
    return bool(_BEWILDERED.match(fold(text)))


def asked_term(text: str) -> str:
    """The word or words asked about, without the question around them ('' if nothing is left).

    The clause that asks names the term ("Vad betyder fullmakt? Handläggaren nämnde det."): first one
    that asks what a word means, else the last one with "vad"; when that clause holds only "vad är det",
    the term is in the clause before it ("… en fullmakt, vad är det?").
    """
    clauses = [clause for clause in _CLAUSE_END.split(text) if clause.strip()]
    # "skillnaden på kfm, soc o fk?": the things compared run over the commas, to the end of the message.
    for index, clause in enumerate(clauses):
        if _asks_a_difference(clause):
            return _content(" ".join(clauses[index:]))
    for asking in (_DEFINING, _ASKING):
        for index in reversed([i for i, clause in enumerate(clauses) if asking.search(fold(clause))]):
            # The word asked about ends the clause before: "… behöver en fullmakt, vad är det?".
            before = " ".join(_content(clauses[index - 1]).split()[-WORDS_BEFORE:]) if index else ""
            if found := _content(clauses[index]) or before:
                return found
    return _content(text)


def _asks_a_difference(clause: str) -> bool:
    """"skillnad mellan …?", "vad skiljer …"; not "det gör ingen skillnad"."""
    words = _content(clause).split()
    difference = any(_DIFFERENCE.match(word) for word in words)
    return difference and (bool(_ASKING.search(fold(clause)) or _DEFINING.search(fold(clause)))
                           or bool(_DIFFERENCE.match(words[0])))


def _candidates(term: str) -> list[str]:
    """The asked words together, then each word alone, longest first: "aktivitetsersättning, jag har
    haft den länge" is explained by its longest word when the whole phrase is not."""
    # Longest first, and of equal length the first typed: the order must not depend on a set's hashing.
    words = sorted(dict.fromkeys(word for word in term.split()
                                 if len(word) >= MIN_WORD_LENGTH and word not in _JOINING_WORDS
                                 and not _DIFFERENCE.match(word)),
                   key=len, reverse=True)
    return [candidate for candidate in dict.fromkeys([term, *words]) if candidate not in _JOINING_WORDS]


def _stems(term: str) -> list[str]:
    """The term, then shorter forms of it with a common ending taken off."""
    stems = [term]
    for ending in _ENDINGS:
        if term.endswith(ending) and len(term) - len(ending) >= MIN_STEM_LENGTH:
            stems.append(term[: -len(ending)])
    return stems


def _benefit_named(term: str, authorities: Sequence[Authority]) -> tuple[str, Authority] | None:
    for candidate in _stems(term):
        for authority in authorities:
            for benefit in authority.benefits:
                head, colon, _ = benefit.partition(":")
                head = fold(head)
                if colon and (head == candidate or len(candidate) >= MIN_STEM_LENGTH and head.startswith(candidate)):
                    return benefit, authority
    return None


# "… Skriv ett brev till Kronofogden och säg emot. Det kallas att bestrida.": the knowledge base names a word where it
# explains it (folded).
_CALLED = re.compile(r"\bdet kallas (?:att )?(\w+)")
_SENTENCE = re.compile(r"(?<=[.?!])\s+")


def _explained_where_named(term: str, authorities: Sequence[Authority]) -> tuple[str, Sourced, Authority] | None:
    """What an authority's text says up to the sentence that names the term ("Det kallas utslag."), with its source."""
    for candidate in _stems(term):
        for authority in authorities:
            texts: list[tuple[str, Sourced]] = [*((b, authority) for b in authority.benefits),
                                               *((d.text, d) for d in authority.deadlines)]
            for text, source in texts:
                sentences = _SENTENCE.split(text)
                for end, sentence in enumerate(sentences):
                    called = _CALLED.search(fold(sentence))
                    if called and (called.group(1) == candidate
                                   or len(candidate) >= MIN_STEM_LENGTH and called.group(1).startswith(candidate)):
                        return " ".join(sentences[:end + 1]), source, authority
    return None


def _more_about(authorities: Sequence[Authority], offer_more: bool) -> tuple[Button, ...]:
    if not offer_more:
        return ()
    return tuple(Button(title=f"Mer om {authority.name}", payload=f'/ask_authority{{"authority":"{authority.key}"}}')
                 for authority in authorities)


def _explained(texts: Sequence[str], authorities: Sequence[Authority], offer_more: bool) -> list[Say]:
    note = source_note(authorities)
    return [*(Say(text=text) for text in texts), Say(text=note, buttons=_more_about(authorities, offer_more))]


def _only_names(term: str, named: Sequence[Authority]) -> bool:
    """The term is the named authorities and nothing more ("fk", "soc och kfm", "jobbar soc med"), not a word about one
    of them ("omprövning hos fk" is about omprövning)."""
    rest = f" {term} "
    for authority in named:
        for alias in sorted({fold(name) for name in (authority.name, *authority.aliases)}, key=len, reverse=True):
            rest = rest.replace(f" {alias} ", " ")
    return all(word in _JOINING_WORDS or word in _DOING_WORDS or _DIFFERENCE.match(word) for word in rest.split())


def _each_compared(term: str, named: Sequence[Authority], all_authorities: Sequence[Authority],
                   offer_more: bool) -> list[Say] | None:
    """"Skillnaden på sjukpenning och aktivitetsersättning", "… mellan soc och KFM": each benefit named (in the order
    asked), then each authority named whose benefit was not; None unless two things are explained."""
    words = [word for word in term.split() if word not in _JOINING_WORDS and not _DIFFERENCE.match(word)]
    benefits = [found for found in (_benefit_named(word, all_authorities) for word in words) if found]
    covered = {authority.key for _, authority in benefits}
    others = [authority for authority in named if authority.key not in covered]
    texts = list(dict.fromkeys([*(text for text, _ in benefits), *(authority.decides for authority in others)]))
    if len(texts) < 2:
        return None
    authorities = list({authority.key: authority for authority in [*(a for _, a in benefits), *others]}.values())
    return _explained(texts, authorities, offer_more)


@dataclass(frozen=True)
class Definition:
    says: list[Say]
    # The one authority whose own words explain the term ("lönebidrag": Arbetsförmedlingen's), so that a follow-up
    # ("hur når jag dom?") is about it; None for a comparison, a fact, or several authorities.
    authority: str | None = None


def define(term: str, named: Sequence[Authority], all_authorities: Sequence[Authority],
           search: FactSearch, offer_more: bool = True) -> Definition | None:
    """What to say about `term`, or None when the knowledge base has no explanation of it. Last of all, an
    authority's text that names the word where it explains it ("… och säg emot. Det kallas att bestrida.").

    `named` are the authorities the term names, in order; `search` finds facts by keyword.
    `offer_more` adds a button to the authority's full answer (not inside a form, where a
    button press would be taken as the answer to the form's question).
    """
    if not term:
        return None
    if any(_DIFFERENCE.match(word) for word in term.split()):
        if compared := _each_compared(term, named, all_authorities, offer_more):
            return Definition(compared)
    candidates = _candidates(term)
    if benefit := next(filter(None, (_benefit_named(c, all_authorities) for c in candidates)), None):
        text, authority = benefit
        return Definition(_explained([text], [authority], offer_more), authority.key)
    if named and _only_names(term, named):
        return Definition(_explained([authority.decides for authority in named], named, offer_more),
                          named[0].key if len(named) == 1 else None)
    for candidate in (stem for c in candidates for stem in _stems(c)):
        facts = search(candidate)
        if facts:
            return Definition(facts_said(facts[:1]))
    if where := next(filter(None, (_explained_where_named(c, all_authorities) for c in candidates)), None):
        text, source, authority = where
        note = Say(text=source_note([source]), buttons=_more_about([authority], offer_more))
        return Definition([Say(text=text), note], authority.key)
    return None
