"""A personal checklist for a first contact, as one message a person can save or print.

Built from the knowledge base: the general advice for PO or for an authority, the
authority's own list of documents, and the phone numbers known for the person's office.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.logic.sources import source_note
from knowledge.queries import checklist, kommun
from knowledge.records import Authority, Checklist, Office, Sourced
from knowledge.text import fold

PO_CHECKLIST = "po"
AUTHORITY_CHECKLIST = "authority"


@dataclass(frozen=True)
class Section:
    heading: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class PersonalChecklist:
    title: str
    sections: tuple[Section, ...]
    sources: str


def _who_answers(office: Office) -> str:
    if office.phone_kind != "vaxel":
        return "ombuden"
    owner = kommun(office.phone_owner or "")
    return f"växeln i {owner.name}, fråga efter personligt ombud" if owner else "växeln, fråga efter personligt ombud"


def build_checklist(advice: Checklist, office: Office | None = None,
                    authority: Authority | None = None) -> PersonalChecklist:
    bring = (*(authority.documents_to_bring if authority else ()), *advice.bring)
    sections = [
        Section("Ta med", tuple(dict.fromkeys(bring))),
        Section("Säg", advice.say),
        Section("Fråga", advice.ask),
        Section("Skriv upp", advice.write_down),
    ]
    contact: list[str] = []
    sources: list[Sourced] = [advice]
    if office:
        contact.append(f"{office.name}: {office.phone} ({_who_answers(office)})." if office.phone
                       else f"{office.name}.")
        if office.web:
            contact.append(f"Webb: {office.web}")
        sources.append(office)
    if authority:
        contact.append(f"{authority.name}: {authority.phone}." if authority.phone
                       else f"{authority.name}: via din kommun.")
        sources.append(authority)
    if contact:
        sections.append(Section("Kontakt", tuple(contact)))
    title = f"{advice.title}: {authority.name}" if authority else advice.title
    return PersonalChecklist(title, tuple(sections), source_note(sources))


# "till läkaren", "inför mötet med hyresvärden": where the person is going, named (folded); "med mig", "dit" name none.
_DESTINATION = re.compile(r"\b(?:till|hos|infor|med) (?!(?:mig|mej|sig|dit|dom|dem|de|er|oss|dig)\b)\w+")


def names_another_destination(text: str) -> bool:
    return bool(_DESTINATION.search(fold(text)))


def personal_checklist(office: Office | None = None, authority: Authority | None = None) -> PersonalChecklist:
    """The authority checklist when an authority is named, otherwise the one for contacting PO."""
    advice = checklist(AUTHORITY_CHECKLIST if authority else PO_CHECKLIST)
    if advice is None:
        raise LookupError("the knowledge base lacks its checklists")
    return build_checklist(advice, office=office, authority=authority)


def checklist_text(checklist: PersonalChecklist) -> str:
    lines = [checklist.title]
    for section in checklist.sections:
        lines.append("")
        lines.append(f"{section.heading}:")
        lines += [f"• {item}" for item in section.items]
    lines += ["", checklist.sources]
    return "\n".join(lines)


def checklist_json(checklist: PersonalChecklist) -> dict[str, object]:
    return {
        "title": checklist.title,
        "sections": [{"heading": s.heading, "items": list(s.items)} for s in checklist.sections],
        "sources": checklist.sources,
    }
