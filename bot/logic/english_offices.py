"""The office answer for a message in English ("Is there a personal ombud in Malmö?").

It is built from the same records and decisions as the Swedish answer (bot/logic/offices.py): the office,
how to reach it, its queue and how old that is. An office's own notes (its queue, who it is for, its
conditions) are kept as their source wrote them, in Swedish, and are said to be so: a translation that no
source holds could be wrong. Where the answer has a fact with no English text, the Swedish answer is given.
"""
from __future__ import annotations

from bot.logic.english import CHATBOT_NOTE, ENGLISH_NOTE
from bot.logic.offices import NO_HOME, OTHER_SUPPORT, OfficeDecision, age_limits, ask_area, place_label
from bot.logic.say import Button, Say
from bot.logic.sources import source_date_said, source_note
from knowledge.queries import closed_offices_for, fact, kommun, no_po_report, switchboard
from knowledge.records import FactRecord, Kommun, Office, PlaceMatch, Sourced

# As in Swedish, every confidence below "high" is said; one the knowledge base adds later gets the first warning.
_UNCERTAIN = {
    "medium": "The information may have changed. Please check with the municipality.",
    "low": "The information is old or uncertain. Call the municipality and ask if it is still right.",
}
_NO_HOME = "I have no home"


def _date(record: Sourced) -> str:
    date = record.source_date
    return f"information from {source_date_said(date, ENGLISH_NOTE.months)}" if date else "this information has no date"


def _a_list(record: Sourced) -> str:
    date = record.source_date
    return f"A list from {source_date_said(date, ENGLISH_NOTE.months)}" if date else "An undated list"


def _own_switchboard(place: Kommun) -> list[Say]:
    own = switchboard(place.code)
    if own is None:
        return []
    return [Say(text=f"Your own municipality, {place.name}, has the switchboard {own.phone} ({_date(own)}).")]


def _phone(office: Office, place: Kommun) -> str | None:
    """The number to ring, said with the office's name: that is what "is there an ombud in X?" asks."""
    if office.phone and office.phone_kind == "po":
        return f"You can call the ombuds on {office.phone}."
    if office.phone:
        owner = kommun(office.phone_owner or "") or place
        return (f"Call the municipal switchboard in {owner.name} on {office.phone} and ask for personligt ombud "
                f"(a personal ombud).")
    return None


def _other_ways(office: Office, place: Kommun) -> list[Say]:
    """The person's own switchboard when the number is another kommun's, the e-mail and the web page."""
    says = []
    owner = kommun(office.phone_owner or "") if office.phone and office.phone_kind != "po" else None
    if owner is not None and owner.code != place.code:
        says += _own_switchboard(place)
    if office.email:
        says.append(Say(text=f"E-mail: {office.email}"))
    if office.web:
        says.append(Say(text=f"More about the office (in Swedish): {office.web}"))
    if not (office.phone or office.email):
        says.append(Say(text="I have no e-mail or direct number for the ombuds. Call the municipality and ask for "
                             "personligt ombud."))
        says += _own_switchboard(place)
    return says


def _age(office: Office) -> str | None:
    if (limits := age_limits(office)) is None:
        return None
    lowest, highest = limits
    return f"The office is for people aged {lowest} to {highest}." if highest else (
        f"The office is for people aged {lowest} or older.")


def describe_office_in_english(office: Office, place: Kommun) -> list[Say]:
    """One office in English, in the order of the Swedish answer, ending with its sources."""
    intro = f"In {place.name} there is {office.name}."
    phone = _phone(office, place)
    says = [Say(text=f"{intro} {phone}" if phone else intro)]
    if office.target:
        says.append(Say(text=f"Who the office is for, in Swedish: {office.target}"))
    says += _other_ways(office, place)
    if office.queue:
        says.append(Say(text=f"About the queue, in Swedish: {office.queue.text}"))
        dated = office.queue.source_date
        says.append(Say(text=f"The queue information is from {source_date_said(dated, ENGLISH_NOTE.months)}."
                        if dated else "The queue information has no date."))
    else:
        says.append(Say(text="I do not know if there is a queue now. Ask when you get in touch."))
    if age := _age(office):
        says.append(Say(text=age))
    if office.requirements:
        says.append(Say(text=f"The office's conditions, in Swedish: {' '.join(office.requirements)}"))
    if office.priority_groups:
        says.append(Say(text=f"If there is a queue, some go first (in Swedish): {', '.join(office.priority_groups)}."))
    if office.confidence != "high":
        says.append(Say(text=_UNCERTAIN.get(office.confidence, _UNCERTAIN["medium"])))
    report = no_po_report(place.code)
    if report is not None:
        says.append(Say(text=f"The sources disagree. {_a_list(report)} said {place.name} had no personligt ombud. "
                             f"Ask the municipality what is true now."))
    sourced: list[Sourced] = [office, *([office.queue] if office.queue else []), *([report] if report else [])]
    return [*says, Say(text=source_note(sourced, ENGLISH_NOTE))]


def _no_office(place: Kommun, next_step: FactRecord) -> list[Say] | None:
    other = fact(OTHER_SUPPORT)
    if not next_step.text_en or other is None or not other.text_en:
        return None
    says = [Say(text=f"I do not know of a personligt ombud in {place.name}. The municipality can tell you if there "
                     f"is one.")]
    says += [Say(text=f"{office.name} no longer exists.") for office in closed_offices_for(place.code)]
    report = no_po_report(place.code)
    if report is not None:
        says.append(Say(text=f"{_a_list(report)} said the municipality had no personligt ombud then."))
    own = switchboard(place.code)
    says += [Say(text=next_step.text_en), *_own_switchboard(place), Say(text=other.text_en)]
    sourced: list[Sourced] = [next_step, *([report] if report else []), other, *([own] if own else [])]
    return [*says, Say(text=source_note(sourced, ENGLISH_NOTE))]


def describe_decision_in_english(decision: OfficeDecision, next_step: FactRecord) -> list[Say] | None:
    """The office answer in English for a decision, with the note that this is a bot; None when part of it has
    no English text (the Swedish answer is given then)."""
    if decision.needs_area:
        buttons = tuple(Button(_NO_HOME, b.payload) if b.title == NO_HOME else b for b in ask_area(decision)[0].buttons)
        return [Say(text=f"In {decision.kommun.name} there are several offices. Which part of the city do you "
                         f"live in?", buttons=buttons)]
    if decision.none_known:
        answer = _no_office(decision.kommun, next_step)
    else:
        answer = [say for office in decision.offices for say in describe_office_in_english(office, decision.kommun)]
    return [*answer, Say(text=CHATBOT_NOTE)] if answer else None


def read_as_in_english(match: PlaceMatch) -> str:
    """The guess from a mistyped name (`bot/logic/offices.read_as`), in English."""
    return f"I think you mean {place_label(match)}. Write the name of the place again if that is wrong."
