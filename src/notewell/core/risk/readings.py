"""What the structure readers return: a reading decides the status of the concepts it
names, over the span it claims."""

from __future__ import annotations

from dataclasses import dataclass

Span = tuple[int, int]

ALL_TYPES = ("suicidal_ideation", "homicidal_ideation", "self_harm")


@dataclass(frozen=True, slots=True)
class Reading:
    types: tuple[str, ...]
    status: str  # endorsed | denied | historical | unassessed | asked (a question)
    span: Span  # where the concept is named (the label, the list item)
    claimed: Span  # what the reading decides: ConText mentions inside it give way


@dataclass(frozen=True, slots=True)
class ClauseStructure:
    readings: tuple[Reading, ...]
    no_evidence: str | None  # "goal", "family" or "history" when the clause's label says so
