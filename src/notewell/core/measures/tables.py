"""Measures in tables: the header row says what each column holds.

Three shapes, found from the header and the first column:

- items as rows under a heading that names one measure (`# | Item | Response`, codes
  such as `B1` for the PCL-5): the response column, else the last cell, is the answer
  (a number or the answer's wording); a `Total` row is the stated total;
- measures as columns (`Item | PHQ-9 | GAD-7`): rows keyed by item number give each
  measure's answers, a `Total` row their totals;
- a flowsheet: measures as columns and dates as rows, or a `date,measure,score` export
  with a row per administration. The row marked today, else the last row with a value,
  is this session's; the one before it is the previous total.

Cells are split as the risk reader splits them (`notewell.core.risk.tables.cells`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from notewell.core.measures.definitions import Measure
from notewell.core.risk.tables import RULE_LINE, cells

_RESPONSE_HEADER = re.compile(r"(?i)^(?:response|answer|score|rating|value|result|selected)s?\b")
_MEASURE_HEADER = re.compile(
    r"(?i)^(?:measure|assessment|instrument|scale|screen(?:er|ing)?|tool)s?$"
)
_SCORE_HEADER = re.compile(r"(?i)^(?:total|raw)?[\s_]*(?:score|total|result|value)s?$")
_TODAY = re.compile(r"(?i)\b(today|current|this\s+(?:session|visit))\b|<-+|←")
_PRIOR_HEADER = re.compile(r"(?i)\b(prior|prev\w*|last|baseline|intake|initial|before)\b")
_TOTAL_KEY = re.compile(r"(?i)^\s*total(?:\s+score)?\s*$")


@dataclass(slots=True)
class TableScore:
    measure: str  # id
    start: int
    end: int
    answers: dict[int, int | None] = field(default_factory=dict)
    total: int | None = None
    previous: int | None = None
    items: list[tuple[int, int | None]] = field(default_factory=list)  # single items


@dataclass(frozen=True, slots=True)
class _Table:
    start: int  # of the header line
    end: int
    rows: tuple[tuple[int, list[str]], ...]  # (line start, cells), header first

    @property
    def header(self) -> list[str]:
        return self.rows[0][1]

    @property
    def body(self) -> tuple[tuple[int, list[str]], ...]:
        return self.rows[1:]


Namer = Callable[[str], Measure | None]


def read_tables(
    text: str, cell_measure: Namer, line_measure: Namer
) -> tuple[list[TableScore], list[tuple[int, int]]]:
    """The scores the text's tables hold, and the spans of those tables (the names inside
    them are read here, not again in prose). `cell_measure` tells which measure a cell
    is the name of; `line_measure` which one measure a heading names."""
    scores: list[TableScore] = []
    spans: list[tuple[int, int]] = []
    for table in _tables(text):
        found = _read(text, table, cell_measure, line_measure)
        if found:
            scores += found
            spans.append((_title_start(text, table), table.end))
    return scores, spans


def _read(text: str, table: _Table, name_of: Namer, line_measure: Namer) -> list[TableScore]:
    columns = {
        i: m
        for i, c in enumerate(table.header)
        if (m := name_of(c)) is not None and _numeric_column(table, i)
    }
    if columns:
        keys = [row[0] if row else "" for _, row in table.body]
        if any(columns[i].item_number(k) for i in columns for k in keys):
            return [_column_items(table, i, m) for i, m in columns.items()]
        return [s for i, m in columns.items() if (s := _column_series(table, i, m))]
    if sum(c.isdigit() for c in table.header) >= 2:
        answered = _rows_of_items(table, name_of)
        if answered:
            return answered
    keyed = _keyed_rows(table, name_of)
    if keyed is not None:
        return [keyed]
    measure_col = next((i for i, c in enumerate(table.header) if _MEASURE_HEADER.match(c)), None)
    score_col = next((i for i, c in enumerate(table.header) if _SCORE_HEADER.match(c)), None)
    if measure_col is None and any(name_of(row[0]) for _, row in table.body if row):
        measure_col = 0  # "| PHQ-9 | 8 | 13 |" rows under "| | Today | Prior |"
    if score_col is None and measure_col is not None:
        score_col = next(
            (i for i, c in enumerate(table.header) if i != measure_col and _TODAY.search(c)),
            None,
        )
    if measure_col is not None and score_col is not None:
        return _long_series(table, measure_col, score_col, name_of)
    title = _title(text, table)
    measure = line_measure(title) if title else None
    measure = measure or line_measure(" ".join(table.header))  # "| # | PHQ-9 item | Score |"
    below = _line_below(text, table)
    if measure is None and below:
        measure = line_measure(below)  # "GAD-7, 2024-11-12." under the table
    if measure is not None:
        score = _row_items(table, measure)
        if score is not None:
            score.start = _title_start(text, table)
            return [score]
    return []


def _rows_of_items(table: _Table, name_of: Namer) -> list[TableScore]:
    """ "Item | 1 | 2 | ... | Total" over "PHQ-9 | 1 | 1 | ... | 7": a row per measure."""
    found = []
    for _, row in table.body:
        measure = name_of(row[0]) if row else None
        if measure is None:
            continue
        score = TableScore(measure.id, table.start, table.end)
        for heading, cell in zip(table.header[1:], row[1:], strict=False):
            if _TOTAL_KEY.match(heading):
                score.total = _number(cell)
            elif (item := measure.item_number(heading)) is not None:
                score.answers[item] = _answer(cell, measure)
        found.append(score)
    return found


def _numeric_column(table: _Table, column: int) -> bool:
    """A column of scores: most of its cells are numbers or blanks, not words."""
    cells_below = [row[column] if column < len(row) else "" for _, row in table.body]
    numeric = sum(
        bool(re.fullmatch(r"\s*\d{0,2}\s*|\s*[-—–?]\s*|(?i:\s*n/?a\s*)", c)) for c in cells_below
    )
    return numeric * 2 >= len(cells_below)


def _column_items(table: _Table, column: int, measure: Measure) -> TableScore:
    score = TableScore(measure.id, table.start, table.end)
    for _, row in table.body:
        if not row:
            continue
        cell = row[column] if column < len(row) else ""
        if _TOTAL_KEY.match(row[0]):
            score.total = _number(cell)
            continue
        item = measure.item_number(row[0])
        if item is not None:
            score.answers[item] = _answer(cell, measure)
    return score


def _column_series(table: _Table, column: int, measure: Measure) -> TableScore | None:
    values = [
        (_number(row[column]) if column < len(row) else None, _today(row)) for _, row in table.body
    ]
    return _series(measure, values, table)


def _long_series(
    table: _Table, measure_col: int, score_col: int, name_of: Namer
) -> list[TableScore]:
    prior_col = next(
        (i for i, c in enumerate(table.header) if _PRIOR_HEADER.search(c) and i != score_col),
        None,
    )
    by_measure: dict[str, tuple[Measure, list[tuple[int | None, bool]]]] = {}
    priors: dict[str, int | None] = {}
    items: dict[str, dict[int, int | None]] = {}
    for _, row in table.body:
        if max(measure_col, score_col) >= len(row):
            continue
        named = _item_key(row[measure_col], name_of)
        if named is not None:  # "PHQ-9 item 9|2||2024-06-03": one item's row
            measure, key = named
            if isinstance(key, int):
                items.setdefault(measure.id, {})[key] = _answer(row[score_col], measure)
            continue
        row_measure = name_of(row[measure_col])
        if row_measure is None:
            continue
        measure = row_measure
        by_measure.setdefault(measure.id, (measure, []))[1].append(
            (_number(row[score_col]), _today(row))
        )
        if prior_col is not None and prior_col < len(row):
            priors[measure.id] = _number(row[prior_col])
        items.setdefault(measure.id, {}).update(
            {
                item: _answer(cell, measure)
                for heading, cell in zip(table.header, row, strict=False)
                if (item := _item_header(heading, measure)) is not None and cell.strip()
            }
        )
    found = [s for m, values in by_measure.values() if (s := _series(m, values, table))]
    for score in found:
        if score.previous is None:
            score.previous = priors.get(score.measure)
        score.items = sorted(items.get(score.measure, {}).items())  # the last row's
    return found


_ITEM_KEY = re.compile(r"(?i)^(?P<name>.+?)[\s_#-]*(?:item|q)?[\s_#-]*(?P<key>\d{1,2}|total)\s*$")


def _item_key(cell: str, name_of: Namer) -> tuple[Measure, int | str] | None:
    """A cell naming one item of a measure ("PHQ9_3", "PHQ-9 item 9") or its total
    ("PHQ9_TOTAL"); None for the bare name ("PHQ-9")."""
    match = _ITEM_KEY.match(cell.strip())
    measure = name_of(match.group("name")) if match else None
    if match is None or measure is None:
        return None
    key = match.group("key")
    if key.isdigit():
        number = measure.item_number(key)
        return (measure, number) if number is not None else None
    return measure, "total"


def _keyed_rows(table: _Table, name_of: Namer) -> TableScore | None:
    """Rows keyed by a measure's items ("PHQ9_1,0" ... "PHQ9_TOTAL,")."""
    keys = [(_item_key(row[0], name_of), row) for _, row in table.body if len(row) >= 2]
    named = [(k, row) for k, row in keys if k is not None]
    counts = Counter(k[0].id for k, _ in named if isinstance(k[1], int))
    if not counts or counts.most_common(1)[0][1] < 3:
        return None
    measure_id = counts.most_common(1)[0][0]
    named = [(k, row) for k, row in named if k[0].id == measure_id]
    measure = named[0][0][0]
    score = TableScore(measure.id, table.start, table.end)
    for (_, key), row in named:
        if key == "total":
            score.total = _number(row[1])
        elif isinstance(key, int):
            score.answers[key] = _answer(row[1], measure)
    return score


def _item_header(heading: str, measure: Measure) -> int | None:
    """A column of one item's answers: "item9", "Item 9", "Q9"."""
    match = re.fullmatch(r"(?i)\s*(?:item|q)[\s_#]*(\d{1,2})\s*", heading)
    return measure.item_number(match.group(1)) if match else None


def _series(
    measure: Measure, values: list[tuple[int | None, bool]], table: _Table
) -> TableScore | None:
    """This session's total (the row marked today, else the last), and the one before."""
    present = [(i, v) for i, (v, _) in enumerate(values) if v is not None]
    if not present:
        return None
    marked = [i for i, (v, today) in enumerate(values) if today and v is not None]
    current = marked[-1] if marked else present[-1][0]
    earlier = [v for i, v in present if i < current]
    return TableScore(
        measure.id,
        table.start,
        table.end,
        total=values[current][0],
        previous=earlier[-1] if earlier else None,
    )


def _row_items(table: _Table, measure: Measure) -> TableScore | None:
    response = next((i for i, c in enumerate(table.header) if _RESPONSE_HEADER.match(c)), None)
    rows = list(table.body)
    if measure.item_number(table.header[0]) is not None:
        rows.insert(0, table.rows[0])  # no header row: the first row is an item
        response = None
    score = TableScore(measure.id, table.start, table.end)
    for _, row in rows:
        if not row:
            continue
        if any(_TOTAL_KEY.match(cell) for cell in row[:2]):
            score.total = _number(row[-1])
            continue
        item = measure.item_number(row[0])
        if item is None:
            continue
        cell = row[response] if response is not None and response < len(row) else row[-1]
        if response is None and len(row) < 2:
            cell = ""
        score.answers[item] = _answer(cell, measure)
    return score if score.answers else None


def _answer(cell: str, measure: Measure) -> int | None:
    low, high = measure.item_range
    number = re.fullmatch(r"\s*\(?(\d)\)?\s*", cell)
    if number and low <= int(number.group(1)) <= high:
        return int(number.group(1))
    return measure.worded_answer(cell)


def _number(cell: str) -> int | None:
    match = re.match(r"\s*(\d{1,2})\b(?!\s*[/:-]\s*\d)", cell)
    return int(match.group(1)) if match else None


def _today(row: list[str]) -> bool:
    return any(_TODAY.search(cell) for cell in row)


def _tables(text: str) -> list[_Table]:
    """Runs of two or more lines with two or more cells each (rules skipped)."""
    tables: list[_Table] = []
    run: list[tuple[int, list[str]]] = []
    position = 0
    for line in [*text.split("\n"), ""]:
        start, position = position, position + len(line) + 1
        if RULE_LINE.match(line) and run:
            continue
        row = _split(line)
        if len(row) < 2:
            if len(run) >= 2:
                last_start, _ = run[-1]
                end = text.find("\n", last_start)
                tables.append(_Table(run[0][0], len(text) if end == -1 else end, tuple(run)))
            run = []
            continue
        run.append((start, row))
    return tables


def _split(line: str) -> list[str]:
    """A line's cells, empty ones kept where bars or tabs mark them; [] for prose."""
    if line.count("|") >= 1 and line.strip().strip("|").strip():
        return [c.strip() for c in line.strip().strip("|").split("|")]
    if "\t" in line:
        return [c.strip() for c in line.strip().split("\t")]
    if re.fullmatch(r"[^\s,]+(?:,[^\s,]*)+", line.strip()):
        return line.strip().split(",")  # a CSV export's row ("PHQ9_1,0")
    found = [c.text for c in cells(line)]
    if len(found) >= 3 and all(len(c.split()) <= 4 for c in found):
        return found  # a CSV export or a whitespace-aligned grid, not prose
    if len(found) == 2 and all(re.fullmatch(r"\w{1,3}", c) for c in found):
        return found  # a short row of an aligned grid ("8     1")
    return []


def _line_below(text: str, table: _Table) -> str | None:
    start = table.end + 1
    if start >= len(text):
        return None
    end = text.find("\n", start)
    return text[start : len(text) if end == -1 else end] or None


def _title(text: str, table: _Table) -> str | None:
    """The heading above a table: the nearest line with text, within two lines."""
    start = _title_start(text, table)
    return text[start : text.find("\n", start)] if start < table.start else None


def _title_start(text: str, table: _Table) -> int:
    end = table.start - 1
    for _ in range(3):
        if end < 0:
            break
        start = text.rfind("\n", 0, end) + 1
        if text[start:end].strip():
            return start
        end = start - 1
    return table.start
