"""What a link may preset in the chat (a kommun or an office) and which printable checklist fits.

Everything here is resolved against the knowledge base: the raw query text never reaches the
page, only the names the knowledge base knows. The links carry place and office names,
never anything about a person.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from bot.logic.checklist import PersonalChecklist, checklist_text, personal_checklist
from bot.logic.offices import decide_place, place_label, place_payload
from knowledge.queries import all_authorities, authority, find_municipality, kommun, office, offices_for
from knowledge.records import Authority, Office

# Longer than any place name in Sweden; anything longer is not a name worth searching for.
MAX_QUERY_LENGTH = 80
PRINTABLE_CHECKLIST = "/forbered"


@dataclass(frozen=True)
class Preset:
    """The place the chat starts in: `payload` is sent to Rasa, `label` is shown to the person."""

    label: str
    payload: str


def preset_for_kommun(text: str) -> Preset | None:
    """A kommun by code ("1080"), exact name or a name with a typo; a stadsdel works too."""
    text = text.strip()[:MAX_QUERY_LENGTH]
    if not text:
        return None
    exact = kommun(text)
    if exact is not None:
        return Preset(exact.name, place_payload(exact.name))
    sure = decide_place(find_municipality(text)).sure
    return Preset(place_label(sure), place_payload(sure.place)) if sure else None


def preset_for_office(office_id: str) -> Preset | None:
    """An office's share link: the chat starts in (the first part of) the area it serves."""
    found = office(office_id)
    if found is None or not found.active or not found.kommun_codes:
        return None
    if found.areas:
        return Preset(found.name, place_payload(found.areas[0]))
    served = kommun(found.kommun_codes[0])
    return Preset(found.name, place_payload(served.name)) if served else None


class UnknownChecklistQuery(LookupError):
    """The query names a kommun or authority the knowledge base does not know."""


def checklist_for_query(kommun_text: str | None, authority_text: str | None) -> PersonalChecklist:
    """The checklist for ?kommun=… or ?myndighet=…, the same one the chat gives."""
    named: Authority | None = None
    if authority_text:
        named = authority(authority_text[:MAX_QUERY_LENGTH])
        if named is None:
            raise UnknownChecklistQuery("Okänd myndighet.")
    chosen_office: Office | None = None
    if kommun_text:
        exact = kommun(kommun_text[:MAX_QUERY_LENGTH])
        matches = find_municipality(kommun_text[:MAX_QUERY_LENGTH]) if exact is None else []
        if exact is None and not matches:
            raise UnknownChecklistQuery("Okänd kommun eller stadsdel.")
        code, area = (exact.code, None) if exact else (matches[0].kommun_code, matches[0].area)
        chosen_office = next(iter(offices_for(code, area)), None)
    return personal_checklist(office=chosen_office, authority=named)


def printable_checklist_link(given: str, kommun_code: str | None, area: str | None) -> str | None:
    """The /forbered link that prints exactly the checklist the bot gave, or None if none does.

    The chat's checklist depends on the office or the authority, which the conversation
    knows and the page does not; trying the few possibilities keeps the URL free of the text.
    """
    candidates: list[dict[str, str]] = []
    place = kommun(kommun_code) if kommun_code else None
    if place is not None:
        candidates.append({"kommun": area or place.name})
    candidates += [{"myndighet": a.key} for a in all_authorities()]
    candidates.append({})
    for query in candidates:
        try:
            if checklist_text(checklist_for_query(query.get("kommun"), query.get("myndighet"))) == given:
                return f"{PRINTABLE_CHECKLIST}?{urlencode(query)}" if query else PRINTABLE_CHECKLIST
        except (UnknownChecklistQuery, LookupError):
            continue
    return None
