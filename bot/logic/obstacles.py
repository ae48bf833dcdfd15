"""Which obstacle a person describes, and which reason for contact it belongs to.

Only categories come out of here: the person's own words are never kept. The keyword
lists follow the obstacles PO offices report most (Stockholms stad, Personligt ombud,
årsrapport 2024): lost applications, phone lines nobody answers, being sent between
psykiatrin and vårdcentralen, and many changes of handläggare.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.text import fold


@dataclass(frozen=True)
class ObstacleCategories:
    """All that is kept of an obstacle. The keys are those the casework store counts under
    (casework/obstacles.py); `authority` is None when the person named none."""

    authority: str | None
    obstacle: str
    contact_reason: str


# First match wins, so the more specific patterns come first.
_OBSTACLES = (
    ("bounced", r"bolla\w*|skick\w* (?:\w+ ){0,4}?(?:runt|mellan|tillbaka)|remitt\w* (?:tillbaka|runt)|"
                r"\w+s ansvar|ta ansvar|tar inte emot|hanvis\w* (?:till|mellan|runt)|mellan \w+ och \w+"),
    ("staff_changes", r"(?:ny|nya|olika|byt\w*|bytt) (?:\w+ )?(?:handlaggare|lakare|kontakt\w*)|"
                      r"handlaggare\w* (?:\w+ ){0,3}byt\w*|handlaggarbyt\w*"),
    ("lost_papers", r"tappat bort|slarva\w* bort|kommit bort|forsvunn\w*|forlorat|borttappa\w*|hittar inte|"
                    r"kom aldrig fram|(?:aldrig|inte) fatt (?:\w+ )?(?:mina?|papper\w*|ansokan\w*)|"
                    r"skickat in samma"),
    ("unreachable", r"(?:svarar (?:inte|aldrig)|ingen svarar)|ringt? (?:\w+ ){0,3}(?:timm\w*|gang\w*|dag\w*)|"
                    r"(?:inte|aldrig|ingen har) svarat|besvaras (?:inte|aldrig)|"
                    r"komma? (?:inte |aldrig )?fram|telefon\w*|upptaget|ringer (?:inte|aldrig)|ingen ringer|"
                    r"ringa tillbaka|ateruppringning|hor av sig|koat|koar|inget svar|nar (?:inte|ingen)|"
                    r"(?:inte|aldrig) fatt (?:nagot )?svar|i ko|bankid|boka tid pa natet"),
    ("long_wait", r"vantat|vantar|vantetid\w*|vantelista|lang ko|kon till|tar sa lang tid|tagit \w+ \w+ manader"),
)
_REASONS = (
    ("bostad", r"bostad\w*|lagenhet\w*|vrak\w*|hyreskontrakt|hemlos\w*|boende|hyresvard\w*"),
    ("sysselsattning", r"jobb\w*|arbete\w*|praktik\w*|sysselsattning\w*|daglig verksamhet"),
    ("ekonomi", r"pengar|skuld\w*|rakning\w*|forsorjningsstod|bistand\w*|inkasso\w*|budget\w*|lon|ersattning\w*"),
    ("sjukvard", r"psyk\w*|vardcentral\w*|lakare\w*|sjukvard\w*|vard(?:en)?|bup|remiss\w*|utredning\w*"),
    ("struktur", r"post(?:en)?|tvatt\w*|stad\w*|ordning|vardag\w*|boendestod\w*"),
)
# An authority with a clear area gives the reason when the words do not.
_REASON_OF_AUTHORITY = {
    "arbetsformedlingen": "sysselsattning",
    "ekonomiskt_bistand": "ekonomi",
    "kronofogden": "ekonomi",
    "budget_skuldradgivning": "ekonomi",
    "psykiatri_1177": "sjukvard",
}
DEFAULT_OBSTACLE, DEFAULT_REASON = "other", "myndigheter"
_COMPILED_OBSTACLES = tuple((key, re.compile(rf"\b(?:{pattern})\b")) for key, pattern in _OBSTACLES)
_COMPILED_REASONS = tuple((key, re.compile(rf"\b(?:{pattern})\b")) for key, pattern in _REASONS)


def classify(text: str, authority_keys: Sequence[str]) -> ObstacleCategories:
    """The categories of an obstacle described in `text`; `authority_keys` are those it names, in order."""
    folded = fold(text)
    obstacle = next((key for key, pattern in _COMPILED_OBSTACLES if pattern.search(folded)), DEFAULT_OBSTACLE)
    authority = authority_keys[0] if authority_keys else None
    reason = next((key for key, pattern in _COMPILED_REASONS if pattern.search(folded)), None)
    if reason is None:
        reason = _REASON_OF_AUTHORITY.get(authority or "", DEFAULT_REASON)
    return ObstacleCategories(authority=authority, obstacle=obstacle, contact_reason=reason)


# What helps with each kind of obstacle, as facts in the knowledge base.
ADVICE = {
    "bounced": ("rights.sip",),
    "staff_changes": ("rights.sip",),
    "lost_papers": ("rights.fl_service",),
    "unreachable": ("rights.fl_service",),
    "long_wait": ("rights.fl_begar_beslut",),
    "other": ("rights.fl_service",),
}


def serialise(note: ObstacleCategories) -> str:
    """A note kept in a slot until the person says yes or no: 'forsakringskassan|lost_papers|myndigheter'
    (an empty first part: no authority named)."""
    return "|".join((note.authority or "", note.obstacle, note.contact_reason))


def deserialise(value: str | None) -> ObstacleCategories | None:
    parts = (value or "").split("|")
    if len(parts) != 3:
        return None
    authority, obstacle, reason = parts
    return ObstacleCategories(authority or None, obstacle, reason)
