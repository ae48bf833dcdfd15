"""Crisis detection that does not depend on the intent classifier.

A keyword net with high recall: any hit sends the conversation to crisis support
before anything else. False alarms cost one extra message; a miss can cost a life.
Words of grief or debt alone ("pappa dog", "skulder", "Kronofogden") must not trigger it,
so every pattern names self-harm, suicide or acute danger.
"""
from __future__ import annotations

import re

from knowledge.text import fold

_ME = r"(?:mig|mej|sig|dig|oss|honom|henne)"
_WHO = (
    r"(?:han|hon|de|nagon|min man|min fru|min sambo|min pojkvan|min flickvan|mitt ex|min pappa|min mamma|pappa|"
    r"mamma|min bror|min syster|min son|min dotter|min styvpappa|min styvmamma)"
)
_PATTERNS = (
    r"sjalvmord",
    r"suicid",
    r"\bsjalvskad",
    r"\bta (?:livet av|mitt liv|sitt liv|ditt liv)",
    r"\btar livet av\b",
    r"\b(?:avsluta|avslutar) (?:mitt liv|sitt liv|livet|allt)\b",
    r"\b(?:vill|ska|skulle vilja|kommer att|tanker) (?:bara )?do\b",
    r"\btankar pa att do\b",
    r"\btanker (?:mycket )?pa doden\b",
    r"\bbattre om jag (?:var|vore) dod\b",
    r"\bbattre om jag inte (?:fanns|levde)\b",
    r"\b(?:vill|orkar|kan) inte (?:leva|finnas)(?: langre| mer)?\b",
    r"\bingen mening (?:med att|att) leva\b",
    r"\binte vart att leva\b",
    r"\bnu far det vara slut\b",
    r"\bhej ?da (?:for alltid|till alla)\b",
    # "skadade mig i knät" is an accident, not self-harm.
    rf"\b(?:doda|skad(?:a|ar|at|ade)|skar(?:a)?|skurit|hanga|skjuta) {_ME}\b(?! i | pa )",
    r"\b(?:hoppa|kasta mig) framfor\b",
    r"\b(?:hoppa|kasta mig) fran (?:bron|taket|balkongen|fonstret|ett hus)\b",
    r"\boverdos",
    r"\b(?:svalja|svalt) (?:alla |en massa |massa |for manga )?(?:mina )?(?:tabletter|piller|mediciner)\b",
    r"\b(?:tagit|tog) (?:alla|en massa|massa|for manga) (?:mina )?(?:tabletter|piller|mediciner)\b",
    r"\bavskedsbrev",
    r"\bingen utvag\b",
    r"\bvill inte vakna\b",
    r"\ballt ska ta slut\b",
    r"\bgora (?:mig|sig) illa\b",
    r"\bakut fara\b",
    r"\blivsfara\b",
    rf"\b(?:hotar att doda|slar ihjal|ska doda|vill doda)(?: {_ME})?\b",
    rf"\b{_WHO} (?:slar|hotar|misshandlar|stryper|sparkar) {_ME}\b",
    r"\bkill (?:myself|me)\b",
    r"\bsuicide\b",
    r"\bwant to die\b",
    r"\bself ?harm\b",
)
_CRISIS = re.compile("|".join(_PATTERNS))


def mentions_crisis(text: str) -> bool:
    """True when the message speaks of suicide, self-harm or acute danger (own or someone else's)."""
    return bool(_CRISIS.search(fold(text)))


CRISIS_LINE_KEYS = (
    "crisis.emergency",
    "crisis.suicide_line",
    "crisis.healthcare_advice",
    "crisis.psychiatric_emergency",
    "crisis.support_line",
)


def crisis_reply(line_texts: list[str]) -> list[str]:
    """Messages for a person in crisis, in CRISIS_LINE_KEYS order.

    112 and Självmordslinjen share the first message, so they arrive first even on a
    slow connection or a screen reader that stops after one message.
    """
    emergency, suicide_line, healthcare, psychiatric, support_line = line_texts
    return [f"{emergency} {suicide_line}", f"{healthcare} {psychiatric}", support_line]
