"""Form structures around the clause reader (`structures`): tables, "none of the above"
boxes, values under a heading, terse questions of a concept alone.

    | Risk | Yes | No |          SI  [ ] HI  [ ] SH  [x] None        Suicidal Ideation
    | SI   |     |  X |                                                 [x] Denied
"""

from __future__ import annotations

import re

from notewell.core.risk.structures import (
    PIECE_BREAK,
    Reading,
    piece_status,
    value_status,
)
from notewell.core.risk.vocabulary import structure_vocabulary, term_types


def checked_none(original: str, ticked: str) -> list[Reading]:
    """With "none" ticked, every concept left unticked is denied:
    "Current risk: [ ] SI  [ ] HI  [ ] SH  [x] None endorsed"."""
    if not none_ticked(original, ticked):
        return []
    return unticked_terms(original, ticked)


def none_ticked(original: str, ticked: str) -> bool:
    """Is a ticked option a denial that names no concept ("[x] None", "[X] denies all")?"""
    if original == ticked:
        return False
    chunks = [c for c in re.split(r"\s{2,}|:", ticked) if c.strip()]
    terms = structure_vocabulary().loose_terms
    return any(
        (value_status(c) == "denied" or piece_status(c) == "denied") and not terms.search(c)
        for c in chunks
    )


def unticked_terms(original: str, ticked: str) -> list[Reading]:
    """Denials of the concepts whose boxes were left unticked."""
    return [
        Reading(term_types(m), "denied", m.span(), m.span())
        for m in structure_vocabulary().terms.finditer(original)
        if not ticked[m.start() : m.end()].strip()
    ]


_AFTER_MARK = re.compile(r"(?:[\])☐☒☑□✓✔■▣⊠○●◉◼◯◻☓✗✘_]|\b[xX])\s*$")


def blanked_terms(original: str, ticked: str) -> list[Reading]:
    """Concepts of a line of columns whose every option was left unticked
    ("SI __ present ✓ absent   Self-mutilation __ present __ absent"): not assessed."""
    found = list(structure_vocabulary().loose_terms.finditer(ticked))
    readings = []
    for i, term in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(ticked)
        end = min(end, (ticked.find("\n", term.end()) + 1 or len(ticked) + 1) - 1)
        options = original[term.end() : end]
        is_option = _AFTER_MARK.search(original[: term.start()])  # "[ ] Active SI": an option
        if (
            not is_option
            and not any(ch.isalnum() for ch in ticked[term.end() : end])
            and any(ch.isalnum() for ch in options)
        ):
            # the label and its separator go, so nothing reads the rest as its value
            sep = re.match(r"\s*[:=\-–—.]*", ticked[term.end() : end])
            blank = (term.start(), term.end() + (sep.end() if sep else 0))
            readings.append(Reading(term_types(term), "unassessed", term.span(), blank))
    return readings


def heading_value(text: str) -> str | None:
    """A value on its own line under a heading ("[x] Active with plan", "Denied")."""
    status = value_status(text)
    if status is not None:
        return status
    status = piece_status(PIECE_BREAK.split(text)[0])
    return status if status in ("denied", "endorsed", "unassessed") else None


_SHORT_QUESTION = re.compile(
    r"^\W*(?:(?:any|no|and|or|what about|how about)\s+)?(?P<term>.+?)\s*\?\s*$", re.I
)


def short_question_terms(text: str) -> list[Reading]:
    """A question of a concept alone, whatever its case ("any si?", "hi?"); the answer
    (see `context.resolve_questions`) decides its status."""
    match = _SHORT_QUESTION.match(text)
    if not match or len(match.group("term").split()) > 3:
        return []
    term = structure_vocabulary().loose_terms.fullmatch(match.group("term"))
    if not term:
        return []
    span = (match.start("term"), match.end("term"))
    return [Reading(term_types(term), "asked", span, span)]


def table_header(text: str) -> list[str] | None:
    """The cells of a table's header row whose columns are values ("| Risk | Yes | No |")."""
    if text.count("|") < 3:
        return None
    cells = [c.strip() for c in text.strip().strip("|").split("|")]
    if sum(value_status(c) is not None for c in cells[1:]) >= 2:
        return cells
    return None


def table_value_row(text: str) -> list[Reading]:
    """A row whose second cell is the value: "| SI | Denied | notes |", "| HI | -- |"."""
    if text.count("|") < 2:
        return []
    body = text.strip()
    lead = len(text) - len(text.lstrip()) + (1 if body.startswith("|") else 0)
    cells = body.strip("|").split("|")
    if len(cells) < 2:
        return []
    term = structure_vocabulary().loose_terms.fullmatch(cells[0].strip())
    if term is None:
        return []
    value = cells[1].strip()
    status = "unassessed" if not value.strip("-–— _") else piece_status(value)
    if status not in ("denied", "endorsed", "unassessed"):
        return []
    offset = lead + cells[0].index(cells[0].strip())
    span = (offset, offset + len(cells[0].strip()))
    return [Reading(term_types(term), status, span, (0, len(text)))]


def table_row(text: str, header: list[str]) -> list[Reading]:
    """A row under such a header: the concept in its first cell, the marked column's
    value ("| SI |  | X |" under "| Risk | Yes | No |" is "SI: No")."""
    if text.count("|") < 2:
        return []
    body = text.strip()
    lead = len(text) - len(text.lstrip()) + (1 if body.startswith("|") else 0)
    cells = body.strip("|").split("|")
    term = structure_vocabulary().loose_terms.search(cells[0]) if cells else None
    if term is None:
        return []
    marked = [
        i
        for i, c in enumerate(cells)
        if i and c.strip().lower() in ("x", "✓", "✔", "*", "•", "☒", "☑")
    ]
    span = (lead + term.start(), lead + term.end())
    if not marked:  # a row left blank: nothing was asked or said
        return [Reading(term_types(term), "unassessed", span, (0, len(text)))]
    if len(marked) != 1 or marked[0] >= len(header):
        return []
    status = value_status(header[marked[0]])
    if status is None:
        return []
    return [Reading(term_types(term), status, span, (0, len(text)))]
