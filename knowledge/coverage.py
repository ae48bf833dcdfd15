"""How much of Sweden the knowledge covers: for each kommun, an office, a dated "no PO", or nothing known."""
from __future__ import annotations

from dataclasses import dataclass

from knowledge.datafiles import KnowledgeData

WITH_OFFICE, NO_PO, UNKNOWN = "med känt ombud", "med daterad uppgift om inget PO", "okända"


@dataclass(frozen=True)
class Coverage:
    by_status: dict[str, tuple[str, ...]]  # status -> kommun codes
    conflicts: tuple[str, ...]  # kommuner with both an active office and a "no PO" report

    def summary(self) -> str:
        counts = ", ".join(f"{len(codes)} {status}" for status, codes in self.by_status.items())
        conflicts = f"; {len(self.conflicts)} där källorna går isär" if self.conflicts else ""
        return f"Täckning: {counts}{conflicts}."


def coverage(data: KnowledgeData) -> Coverage:
    served = {code for office in data.offices if office.active for code in office.kommun_codes}
    reported = {report.kommun_code for report in data.no_po_reports}
    by_status: dict[str, list[str]] = {WITH_OFFICE: [], NO_PO: [], UNKNOWN: []}
    for kommun in data.kommuner:
        status = WITH_OFFICE if kommun.code in served else NO_PO if kommun.code in reported else UNKNOWN
        by_status[status].append(kommun.code)
    return Coverage({status: tuple(codes) for status, codes in by_status.items()},
                    tuple(sorted(served & reported)))
