"""The questions the bot asks the knowledge base. Plain types in, plain types out.

Every function takes an optional engine; without it the process's default database
(DATABASE_URL or the SQLite file) is used.
"""
from __future__ import annotations

import itertools
import logging
import re

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from knowledge import places
from knowledge.datafiles import read_raw, to_records
from knowledge.loader import DataError
from knowledge.records import (
    Authority,
    Checklist,
    FactRecord,
    Kommun,
    NoPoReport,
    Office,
    PlaceMatch,
    Question,
    Switchboard,
)
from knowledge.snapshot import snapshot
from knowledge.text import fold

logger = logging.getLogger(__name__)

# The honest next step where no office is known; both the bot and `office find` say it.
NO_KNOWN_OFFICE = "po.no_known_office"


def find_municipality(text: str, engine: Engine | None = None) -> list[PlaceMatch]:
    """Candidate kommuner (and stadsdelar) for free text, best first, each with a 0–100 score."""
    return places.find_municipality(text, snapshot(engine))


# How a place is said around its name: "bor i Falun", "jag bor på Södermalm".
_AROUND_A_PLACE = frozenset({"jag", "bor", "i", "pa"})


def place_words(text: str, engine: Engine | None = None) -> frozenset[str]:
    """The words (folded) in `text` that name a place the knowledge base knows, with the words said around one."""
    names = " ".join(f"{found.place} {found.kommun}" for found in find_municipality(text, engine))
    return frozenset(fold(names).split()) | _AROUND_A_PLACE if names else frozenset()


def kommun(code_or_name: str, engine: Engine | None = None) -> Kommun | None:
    known = snapshot(engine)
    if code_or_name in known.kommuner:
        return known.kommuner[code_or_name]
    exact = [p for p in known.places_by_folded_name.get(fold(code_or_name), ()) if p.kind in {"kommun", "alias"}]
    return known.kommuner[exact[0].kommun_code] if exact else None


def offices_for(kommun_code: str, area: str | None = None, engine: Engine | None = None) -> list[Office]:
    """Active offices serving a kommun, those for the person's own area first.

    In a city with several offices (Stockholm), an `area` (stadsdelsområde) picks the
    office for that part of the city; offices for the whole kommun (e.g. one for people in
    homelessness) follow. Without an area every office of the kommun is returned.
    """
    serving = [office for office in snapshot(engine).offices_by_kommun.get(kommun_code, ()) if office.active]
    if area is None:
        return sorted(serving, key=lambda office: (office.target is not None, office.name))
    own_area = [office for office in serving if area in office.areas]
    whole_kommun = [office for office in serving if not office.areas]
    return own_area + sorted(whole_kommun, key=lambda office: (office.target is not None, office.name))


def closed_offices_for(kommun_code: str, engine: Engine | None = None) -> list[Office]:
    """Offices that used to serve the kommun, so the bot can say that PO there has ended."""
    return [office for office in snapshot(engine).offices_by_kommun.get(kommun_code, ()) if not office.active]


def no_po_report(kommun_code: str, engine: Engine | None = None) -> NoPoReport | None:
    """A dated statement that the kommun had no personligt ombud, if a source made one."""
    return snapshot(engine).no_po_reports.get(kommun_code)


def switchboard(kommun_code: str, engine: Engine | None = None) -> Switchboard | None:
    """The kommun's own switchboard number, where a source gives it."""
    return snapshot(engine).switchboards.get(kommun_code)


def office(office_id: str, engine: Engine | None = None) -> Office | None:
    return next((o for o in snapshot(engine).offices if o.id == office_id), None)


def all_authorities(engine: Engine | None = None) -> list[Authority]:
    return list(snapshot(engine).authorities.values())


def authority(topic: str, engine: Engine | None = None) -> Authority | None:
    """An authority or topic by key, name or common short form: 'FK', 'soc', 'KFM', 'god man' …"""
    known = snapshot(engine)
    key = known.authority_by_folded_alias.get(fold(topic))
    return known.authorities.get(key) if key else None


_A_WORD = re.compile(r"\S+")
# Only a long name is recognised in two parts, or with a genitive -s: two short words may make an abbreviation by
# chance, and "afs" or "socs" are not how anyone writes.
MIN_SPLIT_NAME_LENGTH = 8


def authorities_mentioned(text: str, engine: Engine | None = None) -> list[Authority]:
    """The authorities a message names ('FK sa nej', 'soc', 'Kronofogden'), in the order they appear."""
    known = snapshot(engine)
    padded = f" {fold(text)} "
    found: dict[str, int] = {}
    for alias, key in known.authority_by_folded_alias.items():
        positions = [padded.find(f" {alias} ")]
        # A long name with the genitive -s ("arbetsförmedlingens handläggare", "kronofogdens krav").
        if len(alias) >= MIN_SPLIT_NAME_LENGTH:
            positions.append(padded.find(f" {alias}s "))
        position = min((found_at for found_at in positions if found_at >= 0), default=-1)
        if alias and position >= 0:
            found[key] = min(position, found.get(key, position))
    # One long name typed as two words ("försäkrings kassan", "kron ofogden").
    words = list(_A_WORD.finditer(padded))
    for first, second in itertools.pairwise(words):
        joined = first.group() + second.group()
        split_key = known.authority_by_folded_alias.get(joined)
        if split_key is not None and len(joined) >= MIN_SPLIT_NAME_LENGTH:
            found[split_key] = min(first.start(), found.get(split_key, first.start()))
    return [known.authorities[key] for key in sorted(found, key=found.__getitem__)]


def question(key: str, engine: Engine | None = None) -> Question | None:
    return snapshot(engine).questions.get(key)


def all_questions(engine: Engine | None = None) -> list[Question]:
    return list(snapshot(engine).questions.values())


def checklist(key: str, engine: Engine | None = None) -> Checklist | None:
    return snapshot(engine).checklists.get(key)


def fact(key: str, engine: Engine | None = None) -> FactRecord | None:
    return snapshot(engine).facts.get(key)


def facts_by_keys(keys: list[str], engine: Engine | None = None) -> list[FactRecord]:
    """The facts in the order asked for; a missing key raises, because a reply would lie by omission.

    If the database cannot be read, the same facts come straight from the data files:
    crisis lines in particular must reach a person even when the database is down.
    """
    try:
        known = snapshot(engine).facts
    except (SQLAlchemyError, DataError):
        logger.exception("knowledge database unreadable; answering from the data files")
        known = {f.key: f for f in to_records(read_raw()).facts}
    missing = [key for key in keys if key not in known]
    if missing:
        raise LookupError(f"facts missing from the knowledge base: {missing}")
    return [known[key] for key in keys]


# Shorter keywords match whole words only: "kö" must not find "hjärnkoll".
MIN_PREFIX_LENGTH = 4


def _mentions(words: frozenset[str], keyword: str) -> bool:
    return keyword in words or (
        len(keyword) >= MIN_PREFIX_LENGTH and any(word.startswith(keyword) for word in words)
    )


def search_facts(keywords: str, engine: Engine | None = None, limit: int = 5) -> list[FactRecord]:
    """Facts that mention every keyword in title or text (case and å/ä/ö ignored), title hits first.

    A keyword of four letters or more also matches the start of longer words ("skuld" finds "skulder").
    """
    wanted = fold(keywords).split()
    if not wanted:
        return []
    known = snapshot(engine)
    scored = []
    for key, (title, body) in known.fact_words.items():
        if all(_mentions(title, word) or _mentions(body, word) for word in wanted):
            scored.append((sum(_mentions(title, word) for word in wanted), key, known.facts[key]))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [record for _, _, record in scored[:limit]]
