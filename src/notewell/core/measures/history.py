"""A client's earlier administrations, for the change since the last one.

The record gives (date of service, text) for the client's earlier notes; each note's
text is read by the same reader as session input, and `previous` picks, per measure,
the latest administration before the new note's date of service.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from notewell.core.measures.reader import read_measures
from notewell.core.measures.wording import PreviousScore


@dataclass(frozen=True, slots=True)
class MeasureHistory:
    """(date of service, measure id, total), newest first; undated notes are left out."""

    entries: tuple[tuple[str, str, int], ...] = ()

    @classmethod
    def of_notes(cls, notes: Iterable[tuple[str, str]]) -> MeasureHistory:
        """From (date of service YYYY-MM-DD, note text) pairs, in any order."""
        entries = []
        for service_date, text in notes:
            for reading in read_measures(text):
                if reading.total is not None:
                    entries.append((service_date, reading.measure, reading.total))
        entries.sort(key=lambda entry: entry[0], reverse=True)
        return cls(tuple(entries))

    def previous(self, before: str | None) -> dict[str, PreviousScore]:
        """Each measure's latest total before `before` (YYYY-MM-DD; None: the latest)."""
        found: dict[str, PreviousScore] = {}
        for service_date, measure, total in self.entries:
            if before is not None and service_date >= before:
                continue
            found.setdefault(measure, PreviousScore(total, service_date))
        return found
