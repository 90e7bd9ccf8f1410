"""Find the administrations of standardized measures a session input reports.

The order of reading, for each place the text names a measure (`names`):

1. tables first (`tables`): items as rows, measures as columns, flowsheets; names
   inside a table are read there and nowhere else;
2. a table row, the clause after the name (`values`), or, under a heading, a form, a
   label block or keyed answers on the lines below (`layouts`);
3. what follows: sentences that still speak of a reading ("Item 9 endorsed at 2.",
   "It was 22 last month."), names that share one sentence ("PHQ-9 and GAD-7 were 11
   and 14 respectively"), items asked and answered aloud (`spoken`);
4. merging: an earlier administration ("last PHQ-9 was 18") becomes today's previous
   total, a line with only items joins the reading before it, a repeat is one reading.

Plans, refusals, targets and conditions ("if PHQ-9 rises above 15") are not this
session's administrations.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field, replace

from notewell.core.measures.definitions import Measure, measures
from notewell.core.measures.layouts import Found, read_block, read_row
from notewell.core.measures.names import (
    cell_measure,
    line_measure,
    may_name_a_measure,
    measure_names,
    spoken_punctuation,
)
from notewell.core.measures.scoring import MeasureScore, score_answers, score_total
from notewell.core.measures.spoken import read_spoken
from notewell.core.measures.tables import TableScore, read_tables
from notewell.core.measures.values import (
    MONTHS,
    Tail,
    item_answer,
    read_change,
    read_items,
    read_keyed,
    read_run,
    read_series,
    read_total,
    read_worded_run,
)
from notewell.core.models import MeasureReading
from notewell.core.risk.checkboxes import tick_marks_only

_PLANNED = re.compile(
    r"(?i)\b(will|would|to be|plan(?:s|ned)?|next|repeat|readminister|re-administer|due|"
    r"declined|refused|defer(?:red)?|pending|consider|schedule[ds]?|not|never|unable to|"
    r"if|unless|once|until|whether|goal|target|aim|criteria|threshold|"
    r"did\s+not|didn't|couldn't|without|before\s+next|send|sent\s+home\s+with)\b"
    r"(?:\s*\d+)?\s*:?[^.;:\n]{0,40}$"
)


_EARLIER = re.compile(
    r"(?i)(?:^|[,(;:|]|\band\b)\s*(?:the\s+|her\s+|his\s+|their\s+)?"
    r"(last|previous|prior|prev|baseline|intake|initial|earlier|first|reviewed\s+chart|"
    r"chart\s+review|per\s+(?:chart|records?)|outside\s+records?|records?\s+show)\b"
    r"(?:[A-Za-z' :.-]|\(\d{1,2}/\d{1,2}(?:/\d{2,4})?\)){0,24}$"
)


# "Previous: PHQ-9 16, GAD-7 10": a label that makes the whole list earlier.
_EARLIER_LABEL = re.compile(
    r"(?i)^\s*(?:previous|prior|last|baseline|intake|initial|at\s+(?:intake|baseline)|"
    r"reviewed\s+(?:the\s+)?chart|chart\s+review|per\s+(?:chart|records?)|outside\s+records?|"
    r"(?:records?|notes?|reports?)\s+from|prior\s+(?:therapist|provider|clinician|clinic|episode))\b"
)
_PAIR_LEGEND = re.compile(
    r"(?i)\(\s*(?:admission|admit|intake|baseline|pre|start|initial|first)\s*/\s*"
    r"(?:discharge|current|today|post|now|end|final|last)\s*\)"
)
_NOW_WORD = re.compile(r"(?i)\b(?:today|now|current|this\s+(?:session|visit))\b")


_NOT_DONE = re.compile(
    r"(?i)\bnot\s+(?:completed|done|administered|given|scored)\b|\b(?:declined|refused|deferred|"
    r"skipped|incomplete)\b(?!\s+(?:items?|questions?|q\d|\#))"
)
# Said anywhere in the clause: the measure was not given here ("not administered here
# today", "cannot be scored" is a scoring problem, not this).
_NOT_GIVEN_HERE = re.compile(
    r"(?i)\bnot\s+(?:re-?)?(?:administered|given|repeated|done)\b(?:\s+(?:here|today|this))?"
)
# "PHQ-9 at last clinical visit (5/10) was 14": an earlier administration named after.
_EARLIER_AFTER = re.compile(
    r"(?i)^\s*(?:at|from|on|during)\s+(?:the\s+|her\s+|his\s+|their\s+)?"
    r"(?:last|previous|prior|intake|baseline|initial)\b"
)


_NOT_GIVEN = re.compile(
    r"(?i)^[\s:,(|\"'=-]*(?:was\s+|were\s+)?(not(?!\s+at\s+all)|declined|refused|deferred|pending|to\s+be|will|next|"
    r"due|incomplete|n/?a\b|unable|deferred|skipped|not\s+done|\?)"
)


_SCORE_BEFORE_NAME = re.compile(
    r"(?i)(?:\b(?:scor(?:ed|ing)|score\s+of|total\s+of|totall?ed|got|obtained|endorsed|at)\s+"
    r"(?:an?\s+)?(\d{1,2})|\((\d{1,2})\))\s+(?:points?\s+|pts\s+)?on\s+"
    r"(?:the\s+|her\s+|his\s+|their\s+|today's\s+|your\s+)?$"
)


_CONTINUATION_PREVIOUS = (
    re.compile(
        r"(?i)\b(?:last|previous|prior|prev)(?:\s+(?:visit|session|time|week|month|score|total|"
        r"administration))?\s*(?:\([^)\n]{0,30}\))?\s*(?:[:=,]|was|of)?\s*(\d{1,2})(?!\d)"
    ),
    re.compile(
        r"(?i)\b(?:it|that|you|she|he|they|the\s+(?:score|total)|(?:her|his|their)\s+(?:score|total))\s+"
        r"(?:was|were|had\s+been)\s+(?:at\s+)?(\d{1,2})\b(?=[^.;\n]{0,25}\b(?:last|ago|at\s+intake|at\s+baseline|"
        r"previously|before|prior|initially|in\s+[A-Z]))"
    ),
    re.compile(
        r"(?i)\b(?:at\s+intake|at\s+baseline|last\s+(?:time|month|week|session|visit)|"
        rf"(?:in|on)\s+{MONTHS}|\w+\s+(?:weeks?|months?|sessions?)\s+ago|ago)\b"
        r"[^.;\n]{0,80}?\b(?:was|were|of|at)\s+(\d{1,2})(?!\d)"
    ),
    re.compile(r"(?i)\b(?:up|down)\s+from\s+(\d{1,2})(?!\d)"),
)


_ITEM_OF_NAME = re.compile(
    r"(?i)\b(?:item|question|q)\s*#?\s*(\d{1,2})\s+(?:of|on|from)\s+(?:the\s+)?$"
)


_CONTINUATION_TOTAL = re.compile(
    r"(?i)\b(?:total|score)\s*(?:of|was|is|:|=|came\s+to)?\s*(\d{1,2})\b|\bscored\s+(?:an?\s+)?(\d{1,2})\b"
)


# "was 38 in March, 31 in May": earlier totals listed in order; the last is the latest.
_EARLIER_LIST = re.compile(
    rf"(?i)\b(?:was|were)\s+\d{{1,2}}\s+(?:in|on|at)\s+(?:{MONTHS}|intake|baseline)\b"
    rf"(?:\s*(?:,|and|,\s*and)\s*\d{{1,2}}\s+(?:in|on|at)\s+(?:{MONTHS}|intake|baseline)\b)+"
)


_CONNECTOR = re.compile(r"(?i)^\s*(?:,|/|&|\+|and|,\s*and)\s*$")


_PAIR = r"(\d{1,2})\s*(?:,\s*and|,|and|/|&)\s*(\d{1,2})\b"


_PAIRED = re.compile(rf"(?i)[^.;\n\d]{{0,40}}?\b{_PAIR}(?:\s*,?\s*respectively)?")


# The earlier pair after a shared sentence: "down from 15 and 16", "(last visit 20/13)",
# "at intake in February they were 13 and 55".
_PAIRED_BEFORE = re.compile(
    rf"(?i)[^.\n\d]{{0,60}}?\b(?:from|last(?:\s+\w+)?|prev\w*|prior|intake|baseline|"
    rf"(?:they|these|those|it)\s+were)\s*[:=]?\s*{_PAIR}"
)


@dataclass(slots=True)
class _Reading:
    measure: Measure
    start: int
    end: int
    answers: list[int | None] | None = None
    stated: int | None = None
    previous: int | None = None
    items: list[tuple[int, int | None]] = field(default_factory=list)
    earlier: bool = False  # "last PHQ-9 was 18": an earlier administration's total
    wording: list[tuple[int, int]] = field(default_factory=list)  # item labels, form lines

    @property
    def empty(self) -> bool:
        return self.answers is None and self.stated is None and not self.items


def read_measures(text: str) -> tuple[MeasureReading, ...]:
    """Every administration of a packaged measure the text reports, in order."""
    if not may_name_a_measure().search(text):
        return ()
    # Only ticked boxes remain, dot leaders ("PHQ-9 ........ 16") are no sentence ends;
    # offsets stay put.
    view = _DOT_LEADER.sub(
        lambda m: " " * len(m.group()), spoken_punctuation(tick_marks_only(text))
    )
    scores, tables = read_tables(view, cell_measure, line_measure)
    readings = [_from_table(score) for score in scores]
    found = [
        m for m in measure_names().finditer(view) if not any(a <= m.start() < b for a, b in tables)
    ]
    for index, match in enumerate(found):
        measure = measures()[match.lastgroup or ""]
        limit = found[index + 1].start() if index + 1 < len(found) else len(view)
        reading = _read_one(view, match, measure, limit, text)
        if reading is not None:
            readings.append(reading)
    _earlier_lists(view, readings)
    _shared_scores(view, found, readings)
    _read_continuations(view, found, readings)
    _add_spoken(view, found, readings)
    for reading in readings:
        if reading.earlier and reading.stated is None and reading.answers is None:
            reading.stated, reading.previous = reading.previous, None  # "was 51 in 01/2024"
    return _merged([r for r in readings if not r.empty])


def _read_one(
    text: str, match: re.Match[str], measure: Measure, limit: int, original: str
) -> _Reading | None:
    """The reading after one name. `text` shows only ticked boxes; `original` is the
    input as written (a grid's ticks are read by their column)."""
    clause_start = _clause_start(text, match.start())
    head = text[clause_start : match.start()]
    if _PLANNED.search(head):
        return None
    line_start = text.rfind("\n", 0, match.start()) + 1
    line_end = _line_end(text, match.end())
    # What a name's reading may look at on its line stops at the next name, so a long
    # line of many names costs each name only its own stretch, not the whole line.
    near_end = min(line_end, limit)
    if line_end - line_start <= _ROW_CHARS:  # a table row is short
        row = read_row(text, line_start, line_end, match.end(), measure)
        if row is not None:
            return _from_layout(measure, match.start(), row)
    end = _clause_end(text, match.end(), limit)
    tail = Tail.of(text, match.end(), end, measure)
    if _NOT_GIVEN.match(tail.masked):
        return None
    first_number = re.search(r"\d", tail.masked)
    if _NOT_DONE.search(tail.text[: first_number.start() if first_number else len(tail.text)]):
        return None  # '"PHQ-9","status":"skipped - time" ... 15 mg': not given
    if _NOT_GIVEN_HERE.search(tail.text):
        return None  # 'PHQ-9 was "around 10" at her PCP - not administered here today'

    sentence_head = _sentence_head(text, match.start(), clause_start)
    earlier = _is_earlier(head, sentence_head, tail)
    reading = _Reading(measure, match.start(), match.end(), earlier=earlier)
    item_of = _ITEM_OF_NAME.search(head)
    if item_of:  # "Item 9 of the PHQ-9 was 0": one item, no total
        answer = item_answer(tail, 0)
        number = int(item_of.group(1))
        if answer is None or not 1 <= number <= measure.item_count:
            return None
        reading.items = [(number, answer[0])]
        reading.start, reading.end = clause_start + item_of.start(), match.end() + answer[1]
        reading.wording = [(reading.start, reading.end)]
        return reading
    before = _SCORE_BEFORE_NAME.search(head)
    if before:
        reading.stated = int(before.group(1) or before.group(2))
        reading.start = clause_start + before.start()
    line_tail = Tail.of(text, match.end(), near_end, measure)
    keyed = read_keyed(line_tail)  # keyed answers run on past the clause ("B1 2; C1 3")
    if keyed is not None:
        tail = Tail.of(text, match.end(), max(end, match.end() + line_tail.end), measure)
        tail.take(0, line_tail.end)
    item_spans = read_items(tail)
    reading.answers = keyed if keyed is not None else read_run(tail)
    read_to = match.end() + tail.end
    if reading.answers is None:
        worded = read_worded_run(line_tail)  # "interest - several days; down - ..."
        if worded is not None:
            reading.answers, read_to = worded, match.end() + line_tail.end
    sentence = _SENTENCE_END.search(text, match.end(), near_end)
    legend = _PAIR_LEGEND.search(sentence_head)
    pair = re.match(r"\s*(\d{1,2})\s*/\s*(\d{1,2})(?!\d)", text[match.end() : end])
    if legend and pair and reading.stated is None:  # "(admission / discharge): PHQ-9 24 / 9"
        reading.previous, reading.stated = int(pair.group(1)), int(pair.group(2))
        reading.end = match.end() + pair.end()
        return reading
    previous, total, now, series_end = read_series(
        text, match.end(), sentence.start() if sentence else near_end, measure
    )
    if previous is not None and not now:
        today = _TODAY_LABEL.match(text, sentence.start()) if sentence else None
        if today:  # "history: 03/2023 18; 01/2024 11. Today: 7."
            previous, total, now = total, int(today.group(1)), True
    if now:
        earlier = reading.earlier = False  # "Baseline PHQ-9: 18 ... Current (today): 9"
    if earlier:  # "Last PCL-5 (month 1): 58; baseline 64": its first number is its own
        previous = total = None
    elif total is None:
        previous, total = read_change(tail)
    reading.previous = previous
    if reading.stated is None:
        reading.stated = total if total is not None else read_total(tail)
    reading.items = tail.items
    reading.wording = item_spans
    reading.end = max(read_to, match.end() + tail.end, series_end if total is not None else 0)
    if not reading.empty:
        return reading
    heading = Tail.of(text, match.end(), min(line_end, match.end() + _HEADING_CHARS), measure)
    if _NOT_DONE.search(heading.text):
        return None  # "GAD-7 | Score: -- | Status: Not completed"
    if not re.search(r"\d", _ITEM_REF.sub(" ", heading.masked)):
        return _read_below_heading(text, original, match, line_end, reading)
    return reading


def _sentence_head(text: str, name_start: int, clause_start: int) -> str:
    """The sentence (or line) before a name, up to it."""
    start = max(clause_start - 400, 0)
    ends = list(_SENTENCE_OR_LINE_END.finditer(text, start, name_start))
    return text[ends[-1].end() if ends else start : name_start]


def _is_earlier(head: str, sentence_head: str, tail: Tail) -> bool:
    """An earlier administration: "last PHQ-9", "PHQ-9 at last visit", or a label over
    the sentence's whole list ("Reviewed chart: PHQ-9 on 1/12 was 13; GAD-7 ... 10"),
    unless that sentence speaks of today."""
    return bool(
        _EARLIER.search(head)
        or _EARLIER_AFTER.match(tail.text)
        or (_EARLIER_LABEL.match(sentence_head) and not _NOW_WORD.search(sentence_head))
    )


def _read_below_heading(
    text: str, original: str, match: re.Match[str], line_end: int, reading: _Reading
) -> _Reading:
    """A heading ("PHQ-9 (EHR checkbox form) - 2024-11-05"): the answers are below it,
    one item per line, keyed on the next lines ("B1=2 B2=3 ..."), or a total alone."""
    measure = reading.measure
    block = read_block(
        text, line_end, measure, lambda line: bool(measure_names().search(line)), original
    )
    if block is not None:
        return _from_layout(measure, match.start(), block)
    below = _lines_below(text, line_end)
    if below is None:
        return reading
    lines = Tail.of(text, below[0], below[1], measure)
    answers = read_keyed(lines) or read_worded_run(lines)
    if answers is not None:
        reading.answers, reading.end = answers, below[1]
        reading.wording = [(match.start(), below[1])]
    elif bare := _BARE_NUMBER.match(text, below[0]):  # "GAD-7" then "14" below it
        reading.stated, reading.end = int(bare.group(1)), bare.end()
    return reading


_ROW_CHARS = 1000  # longer lines are prose or pasted text, not a table row
_HEADING_CHARS = 300  # the rest of a heading's line, at most
_ITEM_REF = re.compile(r"(?i)\b(?:item|question|q)\s*\#?\s*\d{1,2}\b")
_BARE_NUMBER = re.compile(r"[ \t]*(?:total|score)?[ \t:.–—-]*(\d{1,2})[ \t]*(?=\n|$)", re.I)


def _lines_below(text: str, line_end: int, most: int = 8) -> tuple[int, int] | None:
    """The lines after a heading up to a blank line or a line naming a measure (at most
    `most`)."""
    if line_end >= len(text):
        return None
    start = end = line_end + 1
    for _ in range(most):
        stop = _line_end(text, end)
        if not text[end:stop].strip() or measure_names().search(text, end, stop):
            break
        end = stop + 1
    return (start, end - 1) if end > start else None


def _add_spoken(text: str, found: list[re.Match[str]], readings: list[_Reading]) -> None:
    """Items asked and answered aloud join the measure's reading, or make one. A spoken
    answer is the client's own word, so it stays risk evidence (no `wording` span)."""
    named = [(m.start(), measures()[m.lastgroup or ""]) for m in found]
    for spoken in read_spoken(text, named):
        measure = spoken.measure
        complete = len(spoken.answers) >= measure.item_count - measure.missing.max_missing
        target = next((r for r in readings if r.measure.id == measure.id and not r.earlier), None)
        if target is None:
            target = _Reading(measure, spoken.start, spoken.end)
            readings.append(target)
        if complete and target.answers is None:
            target.answers = [spoken.answers.get(n) for n in range(1, measure.item_count + 1)]
        elif not complete:
            known = {n for n, _ in target.items}
            target.items += [
                (n, a)
                for n, a in sorted(spoken.answers.items())
                if n not in known and any(r.item == n for r in measure.risk_items)
            ]


def _from_table(score: TableScore) -> _Reading:
    measure = measures()[score.measure]
    answers = (
        [score.answers.get(n) for n in range(1, measure.item_count + 1)] if score.answers else None
    )
    return _Reading(
        measure,
        score.start,
        score.end,
        answers=answers,
        stated=score.total,
        previous=score.previous,
        items=[(n, a) for n, a in score.items if a is not None],
        wording=[(score.start, score.end)],  # the table is the form's, not the client's words
    )


def _from_layout(measure: Measure, start: int, found: Found) -> _Reading:
    return _Reading(
        measure,
        start,
        found.end,
        answers=found.answer_list(measure),
        stated=found.total,
        previous=found.previous,
        items=found.items,
        wording=[(start, found.end)],  # the form's lines are its wording, not the client's
    )


_LIST_JOIN = re.compile(r"(?i)^[\s,;/&]*(?:and\s+)?$")


def _earlier_lists(text: str, readings: list[_Reading]) -> None:
    """'previous PHQ9 6, GAD7 5', 'prev PHQ9 12 / GAD7 17': an earlier cue covers the list."""
    ordered = sorted(readings, key=lambda r: r.start)
    for one, two in itertools.pairwise(ordered):
        if one.earlier and not two.earlier and _LIST_JOIN.match(text[one.end : two.start]):
            two.earlier = True


def _shared_scores(text: str, found: list[re.Match[str]], readings: list[_Reading]) -> None:
    """'PHQ-9 and GAD-7 were 11 and 14 (respectively)': the scores go to the names in order."""
    by_start = {r.start: r for r in readings}
    for first, second in itertools.pairwise(found):
        between = text[first.end() : second.start()]
        one, two = by_start.get(first.start()), by_start.get(second.start())
        if one is None or two is None:
            continue
        if not _CONNECTOR.match(between) or not one.empty:
            _shared_previous(text, one, two)
            continue
        pair = _PAIRED.match(text, second.end())
        if pair is None:
            continue
        one.stated, two.stated = int(pair.group(1)), int(pair.group(2))
        one.previous = two.previous = None
        earlier = _PAIRED_BEFORE.match(text, pair.end())
        if earlier is not None:
            one.previous, two.previous = int(earlier.group(1)), int(earlier.group(2))
        two.end = max(two.end, pair.end())


def _shared_previous(text: str, one: _Reading, two: _Reading) -> None:
    """ "PHQ-9 came back at 5 and his GAD-7 at 4 today, down from 10 and 9 respectively"."""
    if two.previous is None or one.previous is not None:
        return
    clause = text[two.start : _clause_end(text, two.start, len(text))]
    pair = re.search(rf"(?i)\bfrom\s+{_PAIR}\s*,?\s*respectively", clause)
    if pair and int(pair.group(1)) == two.previous:
        one.previous, two.previous = int(pair.group(1)), int(pair.group(2))


_CONTENT = re.compile(r"\S")


def _read_continuations(text: str, found: list[re.Match[str]], readings: list[_Reading]) -> None:
    """Items and earlier totals in the sentences after a reading, up to the next name.

    An item goes to the nearest reading whose measure has it: "PHQ-9 14/27, GAD-7 7/21.
    #9: 0." is the PHQ-9's item 9.
    """
    starts = [m.start() for m in found] + [len(text)]
    last_seen: dict[str, tuple[int, _Reading]] = {}  # each measure's latest reading so far
    for index, reading in enumerate(readings):
        # This reading, then the nearest reading before it of each other measure.
        others = sorted(
            (pair for key, pair in last_seen.items() if key != reading.measure.id),
            key=lambda pair: pair[0],
            reverse=True,
        )
        nearest = [reading, *(r for _, r in others)]
        last_seen[reading.measure.id] = (index, reading)
        following = starts[bisect.bisect_left(starts, reading.end)]
        limit = min(following, reading.end + 300)
        content = _CONTENT.search(text, reading.end)
        paragraph = text.find("\n\n", content.start() if content else reading.end, limit)
        if paragraph != -1:
            limit = min(limit, paragraph)
        if limit <= reading.end:
            continue
        claimed: list[tuple[int, int]] = []
        for candidate in nearest:
            tail = Tail.of(text, reading.end, limit, candidate.measure)
            for start, end in claimed:  # an item another reading took is not re-read
                tail.blank(start - reading.end, end - reading.end)
            spans = read_items(tail)
            claimed += spans
            candidate.wording += spans
            known = {n for n, _ in candidate.items}
            candidate.items += [(n, a) for n, a in tail.items if n not in known]
        if reading.stated is None and reading.answers is None and not reading.earlier:
            tail = Tail.of(text, reading.end, limit, reading.measure)
            total = _CONTINUATION_TOTAL.search(tail.masked)
            if total and total.start() < 120:
                reading.stated = int(total.group(1) or total.group(2))
        if reading.previous is None and not reading.earlier:
            tail = Tail.of(text, reading.end, limit, reading.measure)
            listed = _EARLIER_LIST.search(tail.masked)
            if listed:
                reading.previous = int(re.findall(r"\d{1,2}", listed.group(0))[-1])
            for pattern in () if listed else _CONTINUATION_PREVIOUS:
                match = pattern.search(tail.masked)
                if match:
                    reading.previous = int(match.group(1))
                    break
            if reading.previous is None:
                # "Trajectory: 52 at intake (1/9), 44 at session 4 (2/6).": the latest.
                ends = [m.start() for m in _SENTENCE_END.finditer(text, reading.end, limit)][:2]
                stop = ends[-1] if ends else limit
                start = ends[0] + 1 if len(ends) == 2 and ends[0] - reading.end < 3 else reading.end
                _, latest, now, _ = read_series(text, start, stop, reading.measure)
                if latest is not None and not now:
                    reading.previous = latest


def _merged(readings: list[_Reading]) -> tuple[MeasureReading, ...]:
    """Today's readings. An earlier administration's total becomes their `previous`; a
    line with only items ("PHQ-9 Item 9: 0") joins the reading before it; a repeat of
    the same total ("PHQ-9 14" in two sections) is one reading."""
    current: list[_Reading] = []
    for reading in readings:
        if reading.earlier:
            continue
        same = [r for r in current if r.measure.id == reading.measure.id]
        if same and reading.answers is None and reading.stated is None:
            same[-1].items += reading.items
            same[-1].wording += reading.wording
            continue
        repeat = next(
            (r for r in same if _total_of(r) is not None and _total_of(r) == _total_of(reading)),
            None,
        )
        if repeat is not None:
            repeat.previous = repeat.previous if repeat.previous is not None else reading.previous
            repeat.items += [i for i in reading.items if i not in repeat.items]
            repeat.wording += reading.wording
            continue
        current.append(reading)
    for reading in (r for r in readings if r.earlier):
        target = next(
            (r for r in current if r.measure.id == reading.measure.id and r.previous is None),
            None,
        )
        if target is not None:
            target.previous = _total_of(reading)
    return tuple(_result(r) for r in current)


def _total_of(reading: _Reading) -> int | None:
    if reading.answers is not None:
        return score_answers(reading.measure, reading.answers).total
    return reading.stated


def _result(reading: _Reading) -> MeasureReading:
    score = _score(reading.measure, reading.answers, reading.stated)
    return MeasureReading(
        measure=reading.measure.id,
        span=(reading.start, reading.end),
        total=score.total,
        band=score.band,
        answers=score.answers,
        items=tuple(reading.items),
        previous=reading.previous,
        prorated=score.prorated,
        problem=score.problem,
        wording=tuple(sorted(reading.wording)),
    )


def _score(measure: Measure, answers: list[int | None] | None, stated: int | None) -> MeasureScore:
    if answers is None:
        if stated is None:
            return MeasureScore(measure.id, None, None)
        return score_total(measure, stated)
    score = score_answers(measure, answers)
    if stated is not None and score.total is not None and stated != score.total:
        return replace(
            score,
            problem=f"the stated total {stated} differs from the items' total {score.total}",
        )
    return score


_TODAY_LABEL = re.compile(
    r"(?i)[.!?]\s*(?:today|current|now|this\s+(?:session|visit))\b[^.\d\n]{0,12}(\d{1,2})\b"
)


_DOT_LEADER = re.compile(r"\.{3,}|…")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
_SENTENCE_OR_LINE_END = re.compile(r"[.!?](?=\s|$)|\n")


_CLAUSE_END = re.compile(r"[;\n]|[.!?](?=\s|$)")


def _clause_start(text: str, position: int) -> int:
    ends = list(_CLAUSE_END.finditer(text, max(0, position - 400), position))
    return ends[-1].end() if ends else max(0, position - 400)


def _clause_end(text: str, position: int, limit: int) -> int:
    """The end of the clause that starts after a name: a sentence end, ';' or a line end."""
    match = _CLAUSE_END.search(text, position, limit)
    return match.start() if match else limit


def _line_end(text: str, position: int) -> int:
    end = text.find("\n", position)
    return len(text) if end == -1 else end
