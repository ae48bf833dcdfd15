"""What `ombudsguiden office find` prints: the same facts the bot would give, for people to check.

The office comes from the same decision the bot makes (`decide_office`), so the command cannot
show another office than the chat does.
"""
from __future__ import annotations

from typing import Any

from bot.logic.offices import decide_office
from knowledge.mapping import to_plain
from knowledge.queries import NO_KNOWN_OFFICE, closed_offices_for, fact, find_municipality, no_po_report, switchboard


def office_answer(text: str) -> dict[str, Any]:
    candidates = find_municipality(text)
    empty: dict[str, Any] = {"query": text, "candidates": [], "offices": [], "area_choices": [], "closed_offices": [],
                             "no_po_report": None, "switchboard": None, "next_step": None}
    if not candidates:
        return empty
    best = candidates[0]
    decision = decide_office(best.kommun_code, best.area)
    assert decision is not None, "a place match always names a known kommun"
    report = no_po_report(best.kommun_code)
    own = switchboard(best.kommun_code)
    return {
        **empty,
        "candidates": [to_plain(c) for c in candidates],
        "offices": [to_plain(o) for o in decision.offices],
        "area_choices": [list(o.areas) for o in decision.area_choices],
        "closed_offices": [to_plain(o) for o in closed_offices_for(best.kommun_code)],
        "no_po_report": to_plain(report) if report else None,
        "switchboard": to_plain(own) if own else None,
        "next_step": to_plain(fact(NO_KNOWN_OFFICE)) if decision.none_known else None,
    }


def _office_lines(office: dict[str, Any]) -> list[str]:
    lines = [f"  {office['name']} (drivs av {office['operator_name'] or 'okänd'})"]
    kind = "PO" if office.get("phone_kind") == "po" else "växel"
    contact = [f"tel {office['phone']} ({kind})"] if office["phone"] else []
    contact += [value for value in (office["email"], office["web"]) if value]
    lines.append("    kontakt: " + (", ".join(contact) if contact else "okänd"))
    if office["age_min"] or office["age_max"]:
        lines.append(f"    ålder: {office['age_min'] or ''}–{office['age_max'] or ''}")
    for label, values in (("villkor", office["requirements"]), ("förtur", office["priority_groups"])):
        if values:
            lines.append(f"    {label}: " + "; ".join(values))
    if office["queue"]:
        source_date = office["queue"]["source_date"]
        dated = f"uppgift från {source_date}" if source_date else "odaterad uppgift"
        lines.append(f"    kö: {office['queue']['text']} ({dated})")
    dated = f"uppgift från {office['source_date']}" if office["source_date"] else "odaterad källa"
    lines.append(f"    källa: {office['source']} ({dated}, kontrollerad {office['verified']}, säkerhet "
                 f"{office['confidence']})")
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
    elif answer["area_choices"]:
        lines.append("Flera kontor; boten frågar vilken del av staden: "
                     + "; ".join(", ".join(areas) for areas in answer["area_choices"]))
    else:
        lines += ["Inget känt personligt ombud.", answer["next_step"]["text"]]
    if answer["switchboard"]:
        own = answer["switchboard"]
        lines.append(f"Kommunens växel: {own['phone']} (uppgift från {own['source_date'] or 'odaterad källa'}, "
                     f"källa: {own['source']})")
    for office in answer["closed_offices"]:
        lines.append(f"Tidigare: {office['name']} – {office['status_note'] or 'inte längre aktiv'}")
    if answer["no_po_report"]:
        report = answer["no_po_report"]
        lines.append(f"Uppgift från {report['source_date'] or 'en odaterad källa'}: {report['says']} "
                     f"(källa: {report['source']})")
    return "\n".join(lines)
