"""Tables of risk over several lines: which row is the client's now, which column is
the value.

A table is a header line and rows with two or more cells each: cells split by bars,
tabs, commas (a CSV export) or a gap of two or more spaces. Two orientations:

- risk concepts head the columns (`Date  SI  HI  SH`, `Member  SI  HI  SH`): the rows
  are observations. Only the client's current rows count: the row marked today, else the
  latest of dated rows, else the client's row of a table of people; weekday rows (a
  weekly summary) all count;
- risk concepts head the rows (`| SI | N | Y | OD 2019 |`): the column headed as the
  current value (`Current`, `Status`, `Response`, `Y/N` ...) decides; a history
  column (`Hx`, `Lifetime`) does not.

A table of people whose cells are prose (`M.G.  denies SI/HI/SH` / `A.P.  endorsed SI`)
keeps only the client's row; other people's rows say nothing about the client.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from notewell.core.risk.checkboxes import first_mark
from notewell.core.risk.readings import Reading
from notewell.core.risk.structures import piece_status, value_status
from notewell.core.risk.vocabulary import structure_vocabulary, term_types

Clause = tuple[str, int, int]


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    start: int  # offset in the clause


@dataclass(frozen=True, slots=True)
class TableReading:
    """Readings per clause index (offsets within that clause) and the clauses the table
    decided, which the line-by-line reader then skips."""

    readings: dict[int, list[Reading]]
    consumed: frozenset[int]


RULE_LINE = re.compile(r"^[\s|:+=-]*-{3,}[\s|:+=-]*$")  # "|---|:---|"
_RULE = RULE_LINE
_GAP = re.compile(r"\t+|\s{2,}")
_TODAY = re.compile(r"(?i)\b(today|current(ly)?|this (session|visit|week)|now)\b|<-+|←")
_DATE = re.compile(r"^\s*(\d{1,4}[/.-]\d{1,2}([/.-]\d{1,4})?|(19|20)\d\d-\d\d-\d\d)\b")
_WEEKDAY = re.compile(r"(?i)^\s*(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(day)?\b\.?\s*$")
_CLIENT_ROW = re.compile(r"(?i)\b(client|identified|pt|patient|self)\b")
_VALUE_HEADER = re.compile(
    r"(?i)^\s*(current|status|result|results|response|responses|finding|findings|answer"
    r"|answers|today|present|now|y\s*/\s*n|yes\s*/\s*no|rating|endorsed|screen|level"
    r"|past (?:month|week|\d+ (?:days|weeks))|since last (?:visit|session|contact)|recent|this week"
    r"|score|count|total)\b"
)
_HISTORY_HEADER = re.compile(r"(?i)^\s*(hx|history|past|lifetime|prior|previous|ever)\b")
_INITIALS = re.compile(r"^\s*(?:[A-Z]\.\s?){1,3}\s*$|^\s*[A-Z][a-z]+(?:\s+[A-Z]\.?)?\s*$")
_NAMED_CLIENT = re.compile(
    r"(?i)\b(?:identified )?client[:\s]+(?:is\s+)?(?P<who>(?-i:[A-Z][\w.]*(?:\s?[A-Z]\.)*))"
)
_PERIOD = re.compile(
    r"(?i)^\s*(?:wk|week|w|day|d|mo|month|q|session|visit)\s*\d+\s*$|^\s*baseline\s*$"
    r"|^\s*(?:last|past)\s+\d+\s*(?:d|days?|wks?|weeks?|mo|months?)\s*$|^\s*\d{1,2}/\d{1,2}\s*$"
    r"|^\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\s*$"
)
_COUNT = re.compile(r"^(\d{1,3})(?:\s*(?:/|per|x)\s*(?:wk|week|day|d|mo|month|shift))?$", re.I)
_SIGNS = {"+": "endorsed", "-": "denied", "–": "denied", "--": "unassessed", "n/a": "unassessed"}


def cells(line: str) -> list[Cell]:
    """The cells of a line and where each starts."""
    if line.count("|") >= 2:
        pattern = re.compile(r"\|")
    elif "\t" in line:
        pattern = re.compile(r"\t+")
    elif _csv(line):
        pattern = re.compile(r",")
    else:
        pattern = _GAP
    found, start = [], 0
    for sep in [*pattern.finditer(line), None]:
        end = sep.start() if sep else len(line)
        text = line[start:end]
        if text.strip():
            found.append(Cell(text.strip(), start + text.index(text.strip())))
        start = sep.end() if sep else end
    return found


def _csv(line: str) -> bool:
    """A line of a CSV export ("date,si,hi,sh,notes"): short fields, no prose."""
    fields = line.strip().split(",")
    return (
        len(fields) >= 3
        and "  " not in line.strip()
        and not line.rstrip().endswith(".")
        and all(len(f.split()) <= 3 for f in fields)
    )


def read_tables(clauses: list[Clause], original: list[Clause]) -> TableReading:
    """`clauses` with their boxes resolved; `original` as written: a block of checkbox
    lines is a form, read line by line, not a table."""
    readings: dict[int, list[Reading]] = {}
    consumed: set[int] = set()
    for header_at, rows in _tables(clauses):
        if any(first_mark(original[i][0]) is not None for i in (header_at, *rows)):
            continue
        decided = _read(clauses, header_at, rows)
        if decided is None:
            continue
        consumed.add(header_at)
        for index, found in decided.items():
            consumed.add(index)
            if found:
                readings.setdefault(index, []).extend(found)
    return TableReading(readings, frozenset(consumed))


def _tables(clauses: list[Clause]) -> Iterator[tuple[int, list[int]]]:
    """(header index, row indices) of each table: single-line clauses of 2+ cells."""
    i = 0
    while i < len(clauses):
        header = cells(clauses[i][0])
        if len(header) < 2 or "\n" in clauses[i][0] or any(len(c.text.split()) > 4 for c in header):
            i += 1
            continue
        rows: list[int] = []
        j = i + 1
        while j < len(clauses) and "\n" not in clauses[j][0]:
            if _RULE.match(clauses[j][0]):
                j += 1
                continue
            found = len(cells(clauses[j][0]))
            if found == 0 or (found < 2 and not (rows and _short(clauses[j][0]))):
                break
            rows.append(j)
            j += 1
        if rows:
            yield i, rows
            i = j
        else:
            i += 1


def _key(line: str) -> str:
    """A row's first cell: its date, person or concept."""
    found = cells(line)
    return found[0].text if found else ""


def _short(text: str) -> bool:
    return len(text.split()) <= 3  # "Violence  Absent": a row with an empty notes column


def _term(text: str) -> tuple[str, ...] | None:
    match = structure_vocabulary().loose_terms.search(text)
    return term_types(match) if match else None


def _status(value: str) -> str | None:
    value = value.strip()
    if value.lower() in _SIGNS:
        return _SIGNS[value.lower()]
    count = _COUNT.match(value)
    if count:  # staff data: "0", "12/wk", a score of 0
        return "denied" if int(count.group(1)) == 0 else "endorsed"
    status = value_status(value) or piece_status(value)
    if status is None and re.search(r"(?i)(^|[;,-]\s*)(no|denies|denied|none)\.?$", value):
        return "denied"  # '"only my brother lol" - clarified joking; no'
    return status


def _read(
    clauses: list[Clause], header_at: int, rows: list[int]
) -> dict[int, list[Reading]] | None:
    header = cells(clauses[header_at][0])
    # the first column names the rows ("C-SSRS  Lifetime  Past Month" heads concept rows)
    columns = {j: _term_types_exact(c.text) for j, c in enumerate(header) if j}
    risk_columns = {j: t for j, t in columns.items() if t}
    if risk_columns:
        return _observations(clauses, header_at, rows, risk_columns)
    values = [j for j, c in enumerate(header) if j and _VALUE_HEADER.match(c.text)]
    if not values and len(header) > 2 and all(_PERIOD.match(c.text) for c in header[1:]):
        values = [len(header) - 1]  # "Wk1  Wk2  Wk3  Wk4", "Baseline  Last 30d": the latest
    if values and any(_term(_key(clauses[r][0])) for r in rows):
        return _concept_rows(clauses, rows, values[0])
    return _people_rows(clauses, header_at, rows)


def _term_types_exact(text: str) -> tuple[str, ...] | None:
    match = structure_vocabulary().loose_terms.fullmatch(text.strip().strip(":"))
    return term_types(match) if match else None


def _observations(
    clauses: list[Clause], header_at: int, rows: list[int], risk_columns: dict[int, tuple[str, ...]]
) -> dict[int, list[Reading]]:
    chosen = _client_rows(clauses, header_at, rows)
    found: dict[int, list[Reading]] = {r: [] for r in rows}
    header = cells(clauses[header_at][0])
    for r in chosen:
        row = cells(clauses[r][0])
        for j, types in risk_columns.items():
            cell = _cell_under(row, header, j)
            status = _status(cell.text) if cell else "unassessed"
            if status in ("endorsed", "denied", "unassessed") and cell is not None:
                span = (cell.start, cell.start + len(cell.text))
                found[r].append(Reading(types, status, span, span))
    return found


def _cell_under(row: list[Cell], header: list[Cell], column: int) -> Cell | None:
    """The row's cell under a header cell: by position when the counts agree, else the
    cell whose start is nearest the header's (columns aligned by spaces)."""
    if len(row) == len(header) or (len(row) > len(header) and column < len(row)):
        return row[column]
    target = header[column].start
    nearest = min(row[1:], key=lambda c: abs(c.start - target), default=None)
    return nearest if nearest and abs(nearest.start - target) <= 4 else None


def _client_rows(clauses: list[Clause], header_at: int, rows: list[int]) -> list[int]:
    keys = [_key(clauses[r][0]) for r in rows]
    today = [r for r in rows if _TODAY.search(clauses[r][0])]
    if today:
        return today[-1:]
    if all(_WEEKDAY.match(k) for k in keys):
        return rows
    if all(_DATE.match(k) for k in keys):
        return rows[-1:]
    people = _people(clauses, header_at, rows)
    return people if people is not None else rows


def _people(clauses: list[Clause], header_at: int, rows: list[int]) -> list[int] | None:
    """The client's rows when the rows are people; None when they are not people."""
    keys = [_key(clauses[r][0]) for r in rows]
    others = structure_vocabulary().lists["other_people"]
    is_person = [
        bool(_INITIALS.match(k) or others.search(k) or _CLIENT_ROW.search(k)) for k in keys
    ]
    if len(rows) < 2 or not all(is_person):
        return None
    named = _named_client(" ".join(c[0] for c in clauses[: header_at + 1]))
    return [
        r
        for r, key in zip(rows, keys, strict=True)
        if _CLIENT_ROW.search(key) or (named and key.split()[0].strip("()") == named)
    ]


def _named_client(text: str) -> str | None:
    match = _NAMED_CLIENT.search(text)
    return match.group("who").strip() if match else None


def _concept_rows(
    clauses: list[Clause], rows: list[int], value_column: int
) -> dict[int, list[Reading]]:
    found: dict[int, list[Reading]] = {}
    for r in rows:
        row = cells(clauses[r][0])
        types = _term(row[0].text) if row else None
        if not types:
            continue
        value = row[value_column] if value_column < len(row) else None
        status = _status(value.text) if value else "unassessed"
        if status not in ("endorsed", "denied", "unassessed"):
            continue
        span = (row[0].start, row[0].start + len(row[0].text))
        claimed = (0, len(clauses[r][0]))
        found[r] = [Reading(types, status, span, claimed)]
    return found


def _people_rows(
    clauses: list[Clause], header_at: int, rows: list[int]
) -> dict[int, list[Reading]] | None:
    """Rows of people with prose: other people's rows are set aside (consumed, nothing
    read); the client's rows are left to the line reader."""
    chosen = _people(clauses, header_at, rows)
    if not chosen:
        return None
    return {r: [] for r in rows if r not in chosen}
