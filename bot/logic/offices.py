"""Deciding which PO office to point to, and what to say about it.

The wording lives in domain.yml; this module picks the responses and fills them with
facts from the knowledge base, so every number said comes with its source and date.
"""
from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.logic.say import Button, Say
from bot.logic.sources import source_note, swedish_date
from knowledge.records import FactRecord, NoPoReport, Office, PlaceMatch
from knowledge.text import fold

SURE_SCORE = 95.0
MAX_PLACE_OPTIONS = 3
HOMELESS_TARGET = "hemlös"
_HOMELESS = re.compile(
    r"\bhemlos|\bbostadslos|\bsaknar (?:bostad|boende|lagenhet)|\b(?:har|finns) (?:ingen|inget) (?:bostad|boende)\b"
    r"|\bsover (?:ute|pa gatan)|\bharbarge|\bakutboende"
)


def mentions_homelessness(text: str) -> bool:
    return bool(_HOMELESS.search(fold(text)))


@dataclass(frozen=True)
class PlaceDecision:
    sure: PlaceMatch | None
    options: tuple[PlaceMatch, ...]  # to ask about when not sure; empty when nothing matched


def decide_place(candidates: Sequence[PlaceMatch]) -> PlaceDecision:
    """Sure only when one place stands out; otherwise the person chooses among a few."""
    if not candidates:
        return PlaceDecision(None, ())
    top, rest = candidates[0], candidates[1:]
    if top.score >= SURE_SCORE and not any(other.score >= SURE_SCORE for other in rest):
        return PlaceDecision(top, ())
    return PlaceDecision(None, tuple(candidates[:MAX_PLACE_OPTIONS]))


def place_payload(name: str) -> str:
    return "/inform_place" + json.dumps({"place": name}, ensure_ascii=False)


def place_label(match: PlaceMatch) -> str:
    if match.area and match.place != match.kommun:
        return f"{match.place} i {match.kommun}"
    return match.kommun


def confirm_place(options: Sequence[PlaceMatch], inside_a_form: bool = False) -> list[Say]:
    """Buttons for the places it may be. Inside a form a tap must answer like typing the name does."""
    if inside_a_form:
        return [Say(response="utter_confirm_place", buttons=tuple(Button(place_label(m), m.place) for m in options))]
    buttons = tuple(Button(place_label(m), place_payload(m.place)) for m in options)
    return [Say(response="utter_confirm_place", buttons=(*buttons, Button("Ingen av dem", "/inform_place_none")))]


def ask_area(match: PlaceMatch, offices: Sequence[Office]) -> list[Say]:
    """In a city with one office per part of town, ask which part; homelessness has its own office."""
    buttons = [Button(", ".join(o.areas), place_payload(o.areas[0])) for o in offices if o.areas]
    if any(o.target and HOMELESS_TARGET in o.target for o in offices):
        buttons.append(Button("Jag har ingen bostad", "/inform_homeless"))
    return [Say(response="utter_ask_area", values={"kommun": match.kommun}, buttons=tuple(buttons))]


def needs_area(match: PlaceMatch, offices: Sequence[Office]) -> bool:
    return match.area is None and sum(1 for o in offices if o.areas) > 1


def choose_offices(offices: Sequence[Office], homeless: bool) -> list[Office]:
    """The offices to present: one for people in homelessness first if that fits, else the rest."""
    for_homeless = [o for o in offices if o.target and HOMELESS_TARGET in o.target]
    if homeless and for_homeless:
        return for_homeless
    return [o for o in offices if o not in for_homeless] or list(offices)


def receiving_office(offices: Sequence[Office], area: str | None, homeless: bool) -> Office | None:
    """The one office a contact request goes to, or None while the part of the city is unknown."""
    if area is None and sum(1 for o in offices if o.areas) > 1:
        return None
    chosen = choose_offices(offices, homeless)
    return chosen[0] if chosen else None


def _age(office: Office) -> str | None:
    if office.age_min and office.age_max:
        return f"{office.age_min}–{office.age_max} år"
    if office.age_min and office.age_min > 18:
        return f"{office.age_min} år eller äldre"
    return None


def office_contact(office: Office) -> list[Say]:
    """How to reach the office: its own number or the kommun's switchboard, e-mail, web, or that none is known."""
    says = []
    if office.phone and office.phone_kind == "po":
        says.append(Say(response="utter_office_phone_po", values={"phone": office.phone}))
    elif office.phone:
        says.append(Say(response="utter_office_phone_vaxel", values={"phone": office.phone}))
    if office.email:
        says.append(Say(response="utter_office_email", values={"email": office.email}))
    if office.web:
        says.append(Say(response="utter_office_web", values={"web": office.web}))
    if not (office.phone or office.email):
        says.append(Say(response="utter_office_no_contact"))
    return says


def queue_info(office: Office) -> list[Say]:
    """The office's queue as its source put it, with the date that holds, or that nothing is known."""
    if not office.queue:
        return [Say(response="utter_office_no_queue_info")]
    dated = office.queue.as_of
    return [Say(response="utter_office_queue", values={"queue": office.queue.text}),
            Say(response="utter_office_queue_dated", values={"date": swedish_date(dated)}) if dated
            else Say(response="utter_office_queue_undated")]


def describe_office(office: Office, kommun: str) -> list[Say]:
    says = [Say(response="utter_office_intro", values={"kommun": kommun, "office": office.name})]
    if office.target:
        says.append(Say(response="utter_office_target", values={"target": office.target}))
    says += office_contact(office)
    says += queue_info(office)
    if age := _age(office):
        says.append(Say(response="utter_office_age", values={"age": age}))
    if office.requirements:
        says.append(Say(response="utter_office_requirements", values={"requirements": " ".join(office.requirements)}))
    if office.priority_groups:
        says.append(Say(response="utter_office_priority", values={"groups": ", ".join(office.priority_groups)}))
    if office.confidence != "high":
        says.append(Say(response=f"utter_office_uncertain_{office.confidence}"))
    sources = [(office.source, office.verified)] + ([(office.queue.source, office.verified)] if office.queue else [])
    says.append(Say(text=source_note(sources)))
    return says


def no_office(kommun: str, next_step: FactRecord, report: NoPoReport | None, closed: Sequence[Office]) -> list[Say]:
    says = [Say(response="utter_no_known_office", values={"kommun": kommun})]
    for office in closed:
        says.append(Say(response="utter_office_closed", values={"office": office.name}))
    if report:
        says.append(Say(response="utter_no_po_report", values={"date": swedish_date(report.as_of)}))
    says.append(Say(text=next_step.text))
    sources = [(next_step.source, next_step.verified)] + ([(report.source, report.verified)] if report else [])
    says.append(Say(text=source_note(sources)))
    return says
