"""What a link may preset in the chat (a kommun or an office) and which printable checklist fits.

Everything here is resolved against the knowledge base: the raw query text never reaches the
page, only the names the knowledge base knows. The links carry place and office names,
never anything about a person.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from bot.logic.checklist import PersonalChecklist, checklist_text, personal_checklist
from bot.logic.offices import decide_office, decide_place, place_label, place_payload
from knowledge.queries import all_authorities, authority, find_municipality, kommun, office, offices_for
from knowledge.records import Authority, Kommun, Office, PlaceMatch

# Longer than any place name in Sweden; anything longer is not a name worth searching for.
MAX_QUERY_LENGTH = 80
PRINTABLE_CHECKLIST = "/forbered"


@dataclass(frozen=True)
class Preset:
    """Where the chat starts. `key` is what the page sends back ("1080", or "0180:Bromma" for a part
    of a city); the server rebuilds the payload from it, so the browser never sends a payload of
    its own. An office serving several places has no key: `choices` lets the person pick one."""

    label: str
    key: str | None = None
    choices: tuple[tuple[str, str], ...] = ()  # (label, key) for each place the office serves


def _sure_place(kommun_code: str, name: str) -> bool:
    """Whether the bot finds this place by its name alone, in that kommun ("Centrum" it cannot)."""
    sure = decide_place(find_municipality(name)).sure
    return sure is not None and sure.kommun_code == kommun_code and sure.place == name


def preset_payload(key: str) -> str | None:
    """The message a preset key stands for: a kommun code, or "<kommun code>:<place>" for a part of
    it the knowledge base knows. Anything else is None: the key never reaches Rasa as it is."""
    if not isinstance(key, str) or len(key) > MAX_QUERY_LENGTH:
        return None
    code, _, place = key.partition(":")
    if not (len(code) == 4 and code.isdigit()):
        return None
    served = kommun(code)
    if served is None:
        return None
    if not place:
        return place_payload(served.name)
    return place_payload(place) if _sure_place(code, place) else None


def _named_place(text: str) -> Kommun | PlaceMatch | None:
    """The kommun `text` names by code or exact name, or else a place the bot would be sure of (a link
    must not start at, or print, another town's office on a loose match)."""
    return kommun(text) or decide_place(find_municipality(text)).sure


def preset_for_kommun(text: str) -> Preset | None:
    """A kommun by code ("1080"), exact name or a name with a typo; a stadsdel works too."""
    text = text.strip()[:MAX_QUERY_LENGTH]
    found = _named_place(text) if text else None
    if found is None:
        return None
    if isinstance(found, Kommun):
        return Preset(found.name, found.code)
    if found.place != found.kommun and preset_payload(f"{found.kommun_code}:{found.place}"):
        return Preset(place_label(found), f"{found.kommun_code}:{found.place}")
    return Preset(found.kommun, found.kommun_code)


def _office_choices(found: Office) -> tuple[tuple[str, str], ...]:
    """The places an office serves, each as (label, preset key); an unclear area falls back to its kommun."""
    choices: list[tuple[str, str]] = []
    for code in found.kommun_codes:
        place = kommun(code)
        if place is None:
            continue
        areas = [area for area in found.areas if any(area in o.areas for o in offices_for(code))]
        for choice in ([(a, f"{code}:{a}") if preset_payload(f"{code}:{a}") else (place.name, code) for a in areas]
                       or [(place.name, code)]):
            if choice not in choices:
                choices.append(choice)
    return tuple(choices)


def preset_for_office(office_id: str) -> Preset | None:
    """An office's share link: the chat starts at the office. The place is set only when the office
    serves exactly one; otherwise the person picks among the places it serves."""
    found = office(office_id)
    if found is None or not found.active or not found.kommun_codes:
        return None
    choices = _office_choices(found)
    if len(choices) == 1:
        return Preset(found.name, choices[0][1])
    return Preset(found.name, None, choices)


class UnknownChecklistQuery(LookupError):
    """The query names a kommun or authority the knowledge base does not know."""


def _checklist_place(text: str) -> tuple[str, str | None]:
    """The kommun code and part of it for ?kommun=…."""
    found = _named_place(text)
    if found is None:
        raise UnknownChecklistQuery("Okänd kommun eller stadsdel.")
    return (found.code, None) if isinstance(found, Kommun) else (found.kommun_code, found.area)


def checklist_for_query(kommun_text: str | None, authority_text: str | None) -> PersonalChecklist:
    """The checklist for ?kommun=… or ?myndighet=…, the same one the chat gives."""
    named: Authority | None = None
    if authority_text:
        named = authority(authority_text[:MAX_QUERY_LENGTH])
        if named is None:
            raise UnknownChecklistQuery("Okänd myndighet.")
    chosen_office: Office | None = None
    if kommun_text:
        code, area = _checklist_place(kommun_text[:MAX_QUERY_LENGTH])
        decision = decide_office(code, area)
        chosen_office = decision.office if decision else None
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
