"""What `ombudsguiden office find` prints: the same facts the bot would give, for people to check."""
from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy.engine import Engine

from knowledge.queries import NO_KNOWN_OFFICE, closed_offices_for, fact, find_municipality, no_po_report, offices_for


def office_answer(text: str, engine: Engine | None = None) -> dict[str, Any]:
    candidates = find_municipality(text, engine=engine)
    if not candidates:
        return {"query": text, "candidates": [], "offices": [], "closed_offices": [], "no_po_report": None,
                "next_step": None}
    best = candidates[0]
    offices = offices_for(best.kommun_code, best.area, engine=engine)
    report = no_po_report(best.kommun_code, engine=engine)
    next_step = None if offices else fact(NO_KNOWN_OFFICE, engine=engine)
    return {
        "query": text,
        "candidates": [asdict(c) for c in candidates],
        "offices": [asdict(o) for o in offices],
        "closed_offices": [asdict(o) for o in closed_offices_for(best.kommun_code, engine=engine)],
        "no_po_report": asdict(report) if report else None,
        "next_step": asdict(next_step) if next_step else None,
    }


def _office_lines(office: dict[str, Any]) -> list[str]:
    lines = [f"  {office['name']} (drivs av {office['operator_name'] or 'okänd'})"]
    contact = [f"tel {office['phone']} ({'PO' if office['phone_kind'] == 'po' else 'växel'})"] if office["phone"] else []
    contact += [value for value in (office["email"], office["web"]) if value]
    lines.append("    kontakt: " + (", ".join(contact) if contact else "okänd"))
    if office["age_min"] or office["age_max"]:
        lines.append(f"    ålder: {office['age_min'] or ''}–{office['age_max'] or ''}")
    for label, values in (("villkor", office["requirements"]), ("förtur", office["priority_groups"])):
        if values:
            lines.append(f"    {label}: " + "; ".join(values))
    if office["queue"]:
        dated = f"uppgift från {office['queue']['as_of']}" if office["queue"]["as_of"] else "odaterad uppgift"
        lines.append(f"    kö: {office['queue']['text']} ({dated})")
    lines.append(f"    källa: {office['source']} (kontrollerad {office['verified']}, säkerhet {office['confidence']})")
    return lines


def format_office_answer(answer: dict[str, Any]) -> str:
    if not answer["candidates"]:
        return f"Hittade ingen kommun för {answer['query']!r}."
    best = answer["candidates"][0]
    place = best["kommun"] + (f", {best['area']}" if best["area"] else "")
    lines = [f"{answer['query']!r} -> {place} ({best['lan']}), träffsäkerhet {best['score']}"]
    others = [f"{c['kommun']}{', ' + c['area'] if c['area'] else ''} ({c['score']})" for c in answer["candidates"][1:]]
    if others:
        lines.append("Andra förslag: " + "; ".join(others))
    if answer["offices"]:
        lines.append("Personligt ombud:")
        for office in answer["offices"]:
            lines += _office_lines(office)
    else:
        lines.append(answer["next_step"]["text"])
    for office in answer["closed_offices"]:
        lines.append(f"Tidigare: {office['name']} – {office['status_note'] or 'inte längre aktiv'}")
    if answer["no_po_report"]:
        report = answer["no_po_report"]
        lines.append(f"Uppgift från {report['as_of']}: {report['says']} (källa: {report['source']})")
    return "\n".join(lines)
