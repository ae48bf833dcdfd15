"""How much of Sweden the knowledge covers: for each kommun, an office, a dated "no PO", or nothing known.

"Unknown" is allowed only with a note of what was searched (po_status.yaml, `unknown:`), so a
kommun is never unknown merely because nobody looked. The target is at most MAX_UNKNOWN.
"""
from __future__ import annotations

from dataclasses import dataclass

from knowledge.datafiles import KnowledgeData

WITH_OFFICE, NO_PO, UNKNOWN = "med känt ombud", "med daterad uppgift om inget PO", "okända"
# At most this many kommuner may stay unknown (issue 15); in 2021–22 about 245–251 of 290 offered PO.
MAX_UNKNOWN = 30


@dataclass(frozen=True)
class Coverage:
    by_status: dict[str, tuple[str, ...]]  # status -> kommun codes
    conflicts: tuple[str, ...]  # kommuner with both an active office and a dated "no PO" report
    unsearched: tuple[str, ...]  # unknown kommuner without a note of what was searched
    names: dict[str, str]  # kommun code -> name, to list kommuner by name

    @property
    def unknown(self) -> tuple[str, ...]:
        return self.by_status[UNKNOWN]

    def named(self, codes: tuple[str, ...]) -> str:
        """Codes with the names people know: "0114 Upplands Väsby, 0123 Järfälla"."""
        return ", ".join(f"{code} {self.names[code]}" for code in codes)

    def summary(self) -> str:
        total = sum(len(codes) for codes in self.by_status.values())
        counts = ", ".join(f"{len(codes)} {status}" for status, codes in self.by_status.items())
        conflicts = f"; {len(self.conflicts)} där källorna går isär ({self.named(self.conflicts)})" \
            if self.conflicts else ""
        lines = [f"Täckning: {counts} av {total} kommuner (målet är högst {MAX_UNKNOWN} okända){conflicts}."]
        if self.unsearched:
            lines.append(f"Okända utan anteckning om vad som sökts ({len(self.unsearched)}): "
                         f"{self.named(self.unsearched)}.")
        else:
            lines.append("Alla okända kommuner har en anteckning om vad som sökts.")
        return "\n".join(lines)


def coverage(data: KnowledgeData) -> Coverage:
    """Each kommun counted once: an active office first, then a dated "no PO", otherwise unknown."""
    served = {code for office in data.offices if office.active for code in office.kommun_codes}
    # An undated "no PO" says nothing about when, so the kommun stays unknown (and needs a search note).
    reported = {report.kommun_code for report in data.no_po_reports if report.source_date is not None}
    searched = {note.kommun_code for note in data.search_notes}
    by_status: dict[str, list[str]] = {WITH_OFFICE: [], NO_PO: [], UNKNOWN: []}
    for kommun in data.kommuner:
        status = WITH_OFFICE if kommun.code in served else NO_PO if kommun.code in reported else UNKNOWN
        by_status[status].append(kommun.code)
    return Coverage(
        by_status={status: tuple(codes) for status, codes in by_status.items()},
        conflicts=tuple(sorted(served & reported)),
        unsearched=tuple(code for code in by_status[UNKNOWN] if code not in searched),
        names={kommun.code: kommun.name for kommun in data.kommuner},
    )
