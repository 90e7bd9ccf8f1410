"""Measures laid out over several lines: forms, label blocks and tables.

- A form: a heading that names the measure, then one item per line ("1. Little
  interest: 2", "Q3 ( )0 (X)1 ( )2", "4. Trouble relaxing: More than half the days"),
  perhaps "Total: 13" and "Item 9: 0" lines.
- A label block: "Measure: PHQ-9" then "Total: 12", "Item 9: 0", "Previous: 15".
- A table row: "| PHQ-9 | 8 | 13 |" under "| Measure | Score | Prior |", or a row of
  item answers under "Item | 1 | 2 | ... | Total".

Checkboxes are read with the risk reader's tick marks (`tick_marks_only`), so the text
these functions see holds only what was ticked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from notewell.core.measures.definitions import Measure
from notewell.core.risk.tables import cells


@dataclass(slots=True)
class Found:
    """What a layout gave: answers by item, a stated total and previous, and its end."""

    answers: dict[int, int | None] = field(default_factory=dict)
    total: int | None = None
    previous: int | None = None
    items: list[tuple[int, int | None]] = field(default_factory=list)
    end: int = 0

    @property
    def empty(self) -> bool:
        return not self.answers and self.total is None and not self.items

    def answer_list(self, measure: Measure) -> list[int | None] | None:
        """All item answers in order, when at least one form line gave one."""
        if not self.answers:
            return None
        return [self.answers.get(n) for n in range(1, measure.item_count + 1)]


_ITEM_LINE = re.compile(
    r"""(?xi)^[\s|*•-]*(?:q|item\s*|question\s*|\#)?(?P<n>\d{1,2})\b(?![/:]\d)[.):]?
    (?P<rest>.*)$"""
)
_LINE_VALUE = re.compile(r"(?<![\d/.-])(?P<v>\d)\s*(?:\([^)\n]*\))?[\s|.]*$")
_LABEL_LINE = re.compile(
    r"(?i)^[\s|*•-]*(?:[A-Za-z]+\.\d+\.)?(?P<label>(?:total|raw)(?:\s*score)?|score|result|"
    r"(?:previous|prior|last)(?:\s*(?:score|total|visit|session|administration))?|baseline|intake|"
    r"(?:item|question)\s*\#?\s*(?P<n>\d{1,2})(?:\s+(?:response|answer|score))?|q\s*(?P<q>\d{1,2}))"
    r"\s*(?:\([^)\n]*\))?\s*[:=|-]\s*(?P<v>\d{1,2}(?!\d)|[A-Za-z(][^\n]*)"
)
_SKIPPED_LABEL = re.compile(
    r"(?i)^[\s|*•-]*(date|administered|completed|time|form|version|scale|responses?|answers?|"
    r"scoring|key|measure|instrument|screen(?:ing)?|interpretation|severity|status|band|range|"
    r"notes?|comments?|clinician|rater|source|provider|encounter|method|mode|period|"
    r"time\s*frame)\b[^\n]*$"
)
# "Interest: 3", "Energy: (no answer)", "Trouble relaxing: Several days": an item named
# by its wording, in the form's order.
_WORDED_LINE = re.compile(
    r"^[\s|*•-]*(?P<label>[A-Za-z][^:=\n]{1,80}?)\s*(?:[:=]|\s[-–—]\s)\s*(?P<v>[^\n]*?)\s*$"
)
_PREVIOUS_HEADER = re.compile(r"(?i)\b(prior|prev\w*|last|baseline|intake|initial|before)\b")
_TOTAL_HEADER = re.compile(
    r"(?i)\b(score|total|today|current|result|now|this\s+(?:session|visit))\b"
)


def read_block(
    text: str,
    line_end: int,
    measure: Measure,
    names_measure: Callable[[str], bool],
    original: str,
) -> Found | None:
    """A form or a label block on the lines after a heading that ends at `line_end`; it
    ends at a blank line, a line it cannot read, or one that names a measure. A grid of
    boxes under a row of answer numbers ("0   1   2   3") is read from `original`, by
    the column of each line's tick."""
    found = Found(end=line_end)
    in_order: list[int | None] = []
    columns: list[tuple[int, int]] = []
    for line, start in _lines_after(text, line_end):
        if names_measure(line):
            break
        if not columns and (heads := _answer_columns(line, measure)):
            columns = heads
            found.end = start + len(line.rstrip())
            continue
        as_written = original[start : start + len(line)]
        boxed = _ticked_column(as_written, columns) if columns else _box_answer(as_written, measure)
        if boxed is not None:
            item = _ITEM_LINE.match(line)
            if item and 1 <= int(item.group("n")) <= measure.item_count:
                found.answers[int(item.group("n"))] = boxed[0]
                found.end = start + len(line.rstrip())
                continue
        if not line.strip():
            if found.answers or in_order:
                break
            continue
        if not (found.answers or in_order or columns) and _legend_line(line, measure):
            columns = _answer_columns(line, measure)
            found.end = start + len(line.rstrip())
            continue  # "Over the last 2 weeks...   0  1  2  3": the grid's key
        if not _read_line(line, measure, found):
            worded = _WORDED_LINE.match(line)
            answer = _line_answer(":" + worded.group("v"), measure) if worded else False
            if answer is False or found.answers:
                break
            in_order.append(answer)
        found.end = start + len(line.rstrip())
    if not found.answers and len(in_order) == measure.item_count:
        found.answers = dict(enumerate(in_order, 1))
    return None if found.empty else found


def _read_line(line: str, measure: Measure, found: Found) -> bool:
    """Read one line of a form or block into `found`; False when it is neither."""
    label = _LABEL_LINE.match(line)
    if label:
        name = label.group("label").lower()
        number = label.group("n") or label.group("q")
        if not label.group("v")[0].isdigit():
            worded = _line_answer(":" + label.group("v"), measure) if number else None
            if number is not None and isinstance(worded, int) and worded is not False:
                found.items.append((int(number), worded))
            return True  # "Previous Score: N/A", "Item 9 Response: Not at all"
        value = int(label.group("v"))
        if number is not None:
            item = int(number)
            if 1 <= item <= measure.item_count and _answer_ok(measure, value):
                found.items.append((item, value))
        elif name.startswith(("prev", "prior", "last", "baseline", "intake")):
            found.previous = value
        else:
            found.total = value
        return True
    line_item = _ITEM_LINE.match(line)
    if line_item and 1 <= int(line_item.group("n")) <= measure.item_count:
        answer = _line_answer(line_item.group("rest"), measure)
        if answer is not False:
            found.answers[int(line_item.group("n"))] = answer
            return True
    return bool(_SKIPPED_LABEL.match(line)) and not found.answers


_TICK = re.compile(r"\[\s*[xX✓✔*]\s*\]|\(\s*[xX✓✔*]\s*\)|[☒☑✓✔■●]")


def _answer_columns(line: str, measure: Measure) -> list[tuple[int, int]]:
    """A header row ending in every answer number ("Over the last 2 weeks   0  1  2  3"):
    (column, answer) pairs."""
    low, high = measure.item_range
    header = r"\s+".join(str(n) for n in range(low, high + 1))
    match = re.search(rf"(?:^|\s){header}\s*$", line)
    if match is None:
        return []
    return [(match.start() + m.start(), int(m.group())) for m in re.finditer(r"\d", match.group())]


def _legend_line(line: str, measure: Measure) -> bool:
    """A line of a form's answer key: its answer numbers, or two or more answer wordings."""
    lowered = line.lower()
    return bool(_answer_columns(line, measure)) or sum(w in lowered for w in measure.answers) >= 2


_BOX = re.compile(r"\[\s*[xX✓✔*]?\s*\]|\(\s*[xX✓✔*]?\s*\)|[☐☒☑□■]")


def _box_answer(line: str, measure: Measure) -> tuple[int | None] | None:
    """A row of one box per answer ("[ ][x][ ][ ]", "☐ ☐ ☒ ☐"): the ticked box's place
    is the answer, and a row with no tick is a blank item."""
    boxes = list(_BOX.finditer(line))
    if len(boxes) != len(measure.answers):
        return None
    ticked = [i for i, box in enumerate(boxes) if _TICK.search(box.group())]
    if len(ticked) > 1:
        return None
    return (measure.item_range[0] + ticked[0],) if ticked else (None,)


def _ticked_column(line: str, columns: list[tuple[int, int]]) -> tuple[int | None] | None:
    """The answer whose column holds the line's one tick."""
    ticks = list(_TICK.finditer(line))
    if not ticks and len(_BOX.findall(line)) >= len(columns):
        return (None,)  # a row of empty boxes: the item was left blank
    if len(ticks) != 1:
        return None
    middle = (ticks[0].start() + ticks[0].end() - 1) / 2
    return (min(columns, key=lambda c: abs(c[0] - middle))[1],)


def _line_answer(rest: str, measure: Measure) -> int | bool | None:
    """The answer at the end of an item line: a number, an answer's wording, or blank
    (None); False when the line does not end like an item of this measure."""
    value = _LINE_VALUE.search(rest)
    if value and _answer_ok(measure, int(value.group("v"))):
        return int(value.group("v"))
    worded = measure.worded_answer(rest)
    if worded is not None:
        return worded
    lowered = rest.lower()
    if re.search(r"[:=|-]\s*$|\b(blank|skipped|missing|n/?a|no\s+(?:answer|response))\b", lowered):
        return None
    return False


def read_row(
    text: str, line_start: int, line_end: int, name_end: int, measure: Measure
) -> Found | None:
    """A table row that names the measure, read by the header row above it."""
    row = text[line_start:line_end]
    row_cells = cells(row)
    if len(row_cells) < 2:
        return None
    header = _header_above(text, line_start, len(row_cells))
    if header is None:
        return None
    found = Found(end=line_end)
    name_column = next(
        (i for i, c in enumerate(row_cells) if line_start + c.start + len(c.text) >= name_end), 0
    )
    for column, cell in enumerate(row_cells):
        if column == name_column or column >= len(header):
            continue
        value = cell.text.strip()
        heading = header[column]
        if not re.fullmatch(r"\d{1,2}", value):
            if heading.isdigit() and value in ("-", "?", "", "x", "—"):
                found.answers[int(heading)] = None
            continue
        number = int(value)
        if heading.isdigit() and 1 <= int(heading) <= measure.item_count:
            if _answer_ok(measure, number):
                found.answers[int(heading)] = number
        elif _PREVIOUS_HEADER.search(heading):
            found.previous = number
        elif _TOTAL_HEADER.search(heading) and found.total is None:
            found.total = number
    return None if found.empty else found


def _header_above(text: str, line_start: int, width: int) -> list[str] | None:
    """The header cells of the table whose row starts at `line_start`: its first line."""
    lines: list[str] = []
    position = line_start
    while position > 0:
        previous_end = position - 1
        previous_start = text.rfind("\n", 0, previous_end) + 1
        line = text[previous_start:previous_end]
        if not line.strip() or (len(cells(line)) < 2 and not re.fullmatch(r"[\s|:+=-]+", line)):
            break
        lines.append(line)
        position = previous_start
    headers = [line for line in lines if not re.fullmatch(r"[\s|:+=-]+", line)]
    if not headers:
        return None
    header = [c.text.strip() for c in cells(headers[-1])]
    return header if len(header) >= width - 1 else None


def _answer_ok(measure: Measure, value: int) -> bool:
    return measure.item_range[0] <= value <= measure.item_range[1]


def _lines_after(text: str, position: int) -> Iterator[tuple[str, int]]:
    start = text.find("\n", position)
    while start != -1 and start < len(text):
        start += 1
        stop = text.find("\n", start)
        stop = len(text) if stop == -1 else stop
        yield text[start:stop].rstrip("\r"), start
        start = stop
