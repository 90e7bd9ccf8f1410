"""Find the administrations of standardized measures a session input reports.

A measure is found by its names (`measures.yaml`). What follows the name in its clause
is read in a fixed order, each piece masked once read so it is not read twice: single
items ("item 9 = 1", "Q9 (better off dead): 2"), a run of item answers as long as the
measure ("2,1,3,1,2,0,1,2,1"), a change ("from 19 to 14", "19 -> 14"), a previous total
("down from 19", "prev 12", "was 18 at intake"), then the total ("= 14", "14/27", "score
of 14"). Dates, times and durations are masked first, so "PHQ-9 (11/03): 12" and "repeat
PHQ-9 in 4 wks" are read right. A form whose items stand on their own lines ("1. Little
interest: 2"), a label block and a table row are read by `layouts`. The sentences after
a reading may still speak of it ("Item 9 endorsed at 2.", "It was 22 last month."):
items and earlier totals there join the nearest reading they fit. Plans, refusals and
a "last PHQ-9" are not this session's administration; a previous total said on its own
joins today's reading.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cache

from notewell.core.measures.definitions import Measure, measures
from notewell.core.measures.layouts import Found, read_block, read_row
from notewell.core.measures.scoring import MeasureScore, score_answers, score_total
from notewell.core.measures.spoken import read_spoken
from notewell.core.measures.tables import TableScore, read_tables
from notewell.core.models import MeasureReading
from notewell.core.risk.checkboxes import tick_marks_only

_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen "
_ONES += "fourteen fifteen sixteen seventeen eighteen nineteen"
_NUMBER_WORDS = {word: n for n, word in enumerate(_ONES.split())}
for _tens, _word in ((20, "twenty"), (30, "thirty"), (40, "forty"), (50, "fifty")):
    _NUMBER_WORDS[_word] = _tens
    for _n, _one in enumerate(_ONES.split()[1:10], 1):
        _NUMBER_WORDS[f"{_word}-{_one}"] = _tens + _n
        _NUMBER_WORDS[f"{_word} {_one}"] = _tens + _n
# A number word is a score only after a word that introduces one ("scored fourteen").
_NUMBER_WORD = re.compile(
    r"(?i)\b(?:scored|score[sd]?|total|score\s+of|score\s+is|total\s+(?:of|is)|is|was|were|at|an?|"
    r"came\s+to|to|of|got|from|item|question|previous|prior|last|\d)"
    r"\s+(" + "|".join(sorted(map(re.escape, _NUMBER_WORDS), key=len, reverse=True)) + r")\b"
)

# Text that holds digits but no score: dates, times, durations and counts of things.
_NOT_SCORES = re.compile(
    r"""(?xi)
      \b\d{4}-\d{1,2}-\d{1,2}\b
    | (?<![/\d])\d{1,2}/\d{4}\b
    | \b(?:19|20)\d{2}\b
    | \b\d{3}-\d{4}\b | \bext\.?\s*\d+
    | (?<![/\d])\d{1,2}/\d{1,2}/\d{2,4}\b(?!/\d)
    | (?<![/\d])(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])\b(?![/\d]|\s*\d)(?<!/27)(?<!/21)(?<!/80)
    | (?<![/\d])(?:[12]\d|3[01])/(?:0?[1-9]|1[0-2])\b(?![/\d]|\s*\d)
    | \b\d{1,2}:\d{2}\b(?:\s*[ap]\.?m\.?)?
    | \b\d{1,2}\s*[ap]\.?m\.?\b
    | \b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?\b
    | \b\d{1,2}(?:st|nd|rd|th)\b
    | \b(?:in|every|after|for|within|next|over|about|past|last)\s+\d+\s*(?:-\s*\d+\s*)?
        (?:weeks?|wks?|days?|months?|mos?|sessions?|visits?|min(?:utes?|s)?|hours?|hrs?|years?|yrs?)\b
    | \b\d+\s*(?:-\s*\d+\s*)?(?:weeks?|wks?|w\b|days?|d\b|months?|mos?\b|min(?:utes?|s)?\b|hours?|hrs?|h\b
        |years?|yrs?|y/?o\b|sessions?|visits?|times|%|percent|mg\b|mcg\b|ml\b
        |(?:consecutive\s+)?administrations?)
    | \b\d+x\b | \bx\d+\b
    | (?:(?<!\d)(?<!\d\s)(?<![-=])[<>≤≥]=?|\b(?:below|under|above|less\s+than|more\s+than|at\s+least|or\s+(?:above|below)
        |reaches|reduction\s+of|drop\s+of))\s*\d+
    | \#\s*\d+(?!\s*[:=])
    | \bitems?\s*\d+\s*(?:-|–|to|through|thru)\s*\d+\b
    """
)
_PLANNED = re.compile(
    r"(?i)\b(will|would|to be|plan(?:s|ned)?|next|repeat|readminister|re-administer|due|"
    r"declined|refused|defer(?:red)?|pending|consider|schedule[ds]?|not|never|unable to|"
    r"if|unless|once|until|whether|goal|target|aim|criteria|threshold|"
    r"did\s+not|didn't|couldn't|without|before\s+next|send|sent\s+home\s+with)\b"
    r"(?:\s*\d+)?\s*:?[^.;:\n]{0,40}$"
)
_EARLIER = re.compile(
    r"(?i)(?:^|[,(;:]|\band\b)\s*(?:the\s+|her\s+|his\s+|their\s+)?"
    r"(last|previous|prior|prev|baseline|intake|initial|earlier|first)\b"
    r"(?:[A-Za-z' :.-]|\(\d{1,2}/\d{1,2}(?:/\d{2,4})?\)){0,24}$"
)
# "Previous: PHQ-9 16, GAD-7 10": a label that makes the whole list earlier.
_EARLIER_LABEL = re.compile(
    r"(?i)^\s*(?:previous|prior|last|baseline|intake|initial|at\s+(?:intake|baseline))\b"
)
_NOT_DONE = re.compile(
    r"(?i)\bnot\s+(?:completed|done|administered|given|scored)\b|\b(?:declined|refused|deferred|"
    r"skipped|incomplete)\b"
)
_NOT_GIVEN = re.compile(
    r"(?i)^[\s:,(-]*(?:was\s+|were\s+)?(not(?!\s+at\s+all)|declined|refused|deferred|pending|to\s+be|will|next|"
    r"due|incomplete|n/?a\b|unable|deferred|skipped|not\s+done|\?)"
)
_SCORE_BEFORE_NAME = re.compile(
    r"(?i)(?:\b(?:scor(?:ed|ing)|score\s+of|total\s+of|totall?ed|got|obtained|endorsed|at)\s+"
    r"(?:an?\s+)?(\d{1,2})|\((\d{1,2})\))\s+(?:points?\s+|pts\s+)?on\s+"
    r"(?:the\s+|her\s+|his\s+|their\s+|today's\s+|your\s+)?$"
)
_ANSWER_WORDS = {"positive": None, "pos": None, "endorsed": None, "negative": 0, "neg": 0}
_ANSWER_WORDS |= {"denied": 0}
_ITEM = re.compile(
    r"""(?xi)
    \b(?:item|question|q)\s*\#?\s*(?P<n>\d{1,2})\b | \#\s*(?P<h>\d{1,2})\b
    """
)


@cache
def _item_value(measure: Measure) -> re.Pattern[str]:
    """What follows an item's name up to its answer: a label in parentheses or quotes,
    a verb ("was", "endorsed at"), then a number, a sign word or the answer's wording."""
    wordings = "|".join(
        re.escape(w).replace(r"\ ", " ").replace(" ", r"\s+")
        for w in sorted(measure.answers, key=len, reverse=True)
    )
    return re.compile(
        r"""(?xi)
        \s*(?:\([^)]{0,80}\)|['"“‘][^'"”’]{0,80}['"”’](?!\w)|\s[-–]\s[a-z][^:=\n]{0,60}?(?=\s*[:=]))?
        (?:\s*(?:[:=]|\bwas\b|\bis\b|\banswered\b|\bscored\b|\brated\b|\bendorsed\b(?!\s*$)|[-–]|\bof\b))*
        \s*(?:at\s+|as\s+)?(?:an?\s+)?["“']?
        (?P<v>\d(?![\d/])|positive|pos|negative|neg|endorsed|denied|"""
        + wordings
        + r""")\b"""
    )


_RUN_TOKEN = r"(?:\d|\?|x|_+|n/?a|\(?(?:blank|skipped|missing|omitted)\)?|(?<=\s)(?:--?|—)(?=\s))"
_RUN_SEP = r"(?:\s*[,/|]\s*|(?<=\d)[-–](?=\d)|\s+)"
_PREVIOUS = (
    re.compile(r"(?i)\bfrom\s+(\d{1,2})\s+to\s+(\d{1,2})\b"),
    re.compile(r"(\d{1,2})\s*(?:->|→|=>|-->|⇒)\s*(\d{1,2})\b"),
)
_PREVIOUS_ONLY = (
    re.compile(
        r"(?i)\b(?:down|up|improved|decreased|increased|dropped|fell|rose|reduced|worsened|"
        r"improvement|change|declined)?\s*(?:from|vs\.?|versus|compared\s+(?:with|to))\s+"
        r"(?:(?:a|an|the|her|his|their|last|previous|prior|baseline|intake|[a-z]+'s)\s+){0,3}"
        r"(?:score\s+of\s+|total\s+of\s+)?(\d{1,2})(?!\d)"
    ),
    re.compile(r"(?i)\((?:was|prev\w*|prior|last|from)\s*:?\s*(\d{1,2})(?!\d)"),
    re.compile(
        r"(?i)\((?:wk|week|session|sess|visit|month|intake|baseline|admission)\b[^)\d]{0,12}"
        r"[:=]?\s*(\d{1,2})\)"
    ),
    re.compile(
        r"(?i)\b(?:prev(?:ious(?:ly)?)?|last|prior|baseline|intake|initial|before)\b\.?\s*"
        r"(?:score|total|time|session|week|month|visit|administration)?\s*(?:was|of|:|=)?\s*"
        r"(\d{1,2})(?!\d)"
    ),
    re.compile(
        r"(?i)\b(?:was|were)\s+(\d{1,2})\b(?=\s+(?:at|on|in|last|previously|prior|before|"
        r"during|a\s+(?:month|week)|two|three|four|several|\d))"
    ),
    re.compile(r"(?i)\b(\d{1,2})\s+(?:last|at\s+intake|at\s+baseline|previously|prior)\b"),
)
_TOTAL_CUE = re.compile(
    r"(?i)(?:score[ds]?|total(?:l?ed)?|result(?:ed)?|=|:|came\s+(?:out\s+)?(?:at|to)|is|was|"
    r"of|at|today|now|\|)\s*(?:of\s+|was\s+|is\s+|at\s+|a\s+|an\s+)?$"
)
_TOTAL = re.compile(r"(?<![\d./])(\d{1,2})(?:\s*/\s*(\d{1,3}))?(?![\d.]\d)")
# Scale legends ("0=Not at all 1=Several days", "(0-3)") are no answers.
_SCALE_RANGE = re.compile(
    r"(?i)\(\s*\d{1,2}\s*(?:-|–|to|→|->)\s*\d{1,2}\s*\)"
    r"|\b\d{1,2}\s*(?:-|–|to)\s*\d{1,2}\s*(?:scale|points?|likert)\b"
    r"|\b(?:range|band)\s*,?\s*\d{1,2}\s*(?:-|–|to)\s*\d{1,2}\b"
)
_EARLIER_TIME = re.compile(
    r"(?i)\s*(?:at|on|in|during)\s+(?:intake|baseline|the\s+(?:last|first|previous)|last|"
    r"initial)|\s*(?:last|previously|before|prior|ago|\w+\s+(?:weeks?|months?|sessions?)\s+ago)"
)
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
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
        rf"(?:in|on)\s+{_MONTHS}|\w+\s+(?:weeks?|months?|sessions?)\s+ago)\b"
        r"[^.;\n]{0,80}?\b(?:was|were|of|at)\s+(\d{1,2})(?!\d)"
    ),
    re.compile(r"(?i)\b(?:up|down)\s+from\s+(\d{1,2})(?!\d)"),
)
_BLANK_ANSWER = (
    r"skipped|blank|missing|n/?a|—|-(?!\d)|_+|\((?:skipped|blank|no\s+(?:answer|response))\)"
)


@cache
def _keyed(measure: Measure) -> re.Pattern[str]:
    """ "B1: 3, B2: 2", "B1 moderately", "1) 2  2) 1", "Q1=2": answers keyed by item. A
    number key needs its separator; a code ("B1") may stand before its answer alone."""
    wordings = "|".join(
        re.escape(w).replace(r"\ ", " ").replace(" ", r"\s+")
        for w in sorted(measure.answers, key=len, reverse=True)
    )
    return re.compile(
        r"(?i)(?<![\w/])(?:(?P<code>[A-Z]\d)\s*(?:[:=.)]|-(?!\d))?|(?P<key>q\s?\d{1,2}|\d{1,2})"
        rf"(?:\s*(?:\)|[:=.]|-(?!\d))|\s+(?=(?:{wordings})\b)))\s*"
        rf"(?P<v>\d(?![\d/:])|{wordings}|{_BLANK_ANSWER})(?!\w)"
    )


# "B1-B5: 3 3 2 4 3": a cluster's answers in a run.
_CLUSTER_RUN = re.compile(r"(?P<code>[A-Z])(?P<first>\d)\s*[-–]\s*(?P=code)(?P<last>\d)\s*:\s*")
# A trend: "21 > 17 > 12 (today)", "19 -> 14 -> 9".
_CHAIN = re.compile(r"(?<![\d/])\d{1,2}(?:\s*(?:->|→|=>|-->|⇒|>)\s*\d{1,2}\b)+")
# Totals over time, each with its moment: "intake 22, week 6: 16, ...; at discharge today 6".
_MOMENT = re.compile(
    r"(?i)\b(intake|baseline|admission|initial|start|weeks?|wks?|sessions?|sess|months?|visits?|"
    r"mid-?point|mid-?treatment|midway|middle|end|final|pre|post|"
    r"discharge|today|now|current(?:ly)?|this\s+(?:session|visit|week)|last\s+\w+|ago|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\b"
)
_NUMBERED_MOMENT = re.compile(
    r"(?i)(?<!last\s)(?<!this\s)(?<!prior\s)(?<!previous\s)"
    r"\b(session|sess|visit|wk|week|day|month|mo|age|room|rm|grade|step)(\s*\#?\s*)(\d+)\b"
)
_DATE_MOMENT = re.compile(r"\b\d{1,2}/\d{2,4}\b|\b\d{4}-\d{2}(?:-\d{2})?\b")
# "fell from 24 at intake to 13 at midpoint and to 5 at today's final session"
_FROM_TO_TO = re.compile(r"(?i)\bfrom\s+\d{1,2}\b(?:[^.;\d]{0,30}?\bto\s+\d{1,2}\b){2,}")
_NOW = re.compile(r"(?i)\b(today|now|current(?:ly)?|this\s+(?:session|visit|week)|discharge)\b")
_ITEM_OF_NAME = re.compile(
    r"(?i)\b(?:item|question|q)\s*#?\s*(\d{1,2})\s+(?:of|on|from)\s+(?:the\s+)?$"
)
_CONTINUATION_TOTAL = re.compile(
    r"(?i)\b(?:total|score)\s*(?:of|was|is|:|=|came\s+to)?\s*(\d{1,2})\b|\bscored\s+(?:an?\s+)?(\d{1,2})\b"
)
# "was 38 in March, 31 in May": earlier totals listed in order; the last is the latest.
_EARLIER_LIST = re.compile(
    rf"(?i)\b(?:was|were)\s+\d{{1,2}}\s+(?:in|on|at)\s+(?:{_MONTHS}|intake|baseline)\b"
    rf"(?:\s*(?:,|and|,\s*and)\s*\d{{1,2}}\s+(?:in|on|at)\s+(?:{_MONTHS}|intake|baseline)\b)+"
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
class _Tail:
    """The clause after a measure's name, with what has been read masked out."""

    text: str
    offset: int  # where `text` starts in the input
    measure: Measure
    masked: str = ""
    end: int = 0  # the furthest character read, relative to `text`
    items: list[tuple[int, int | None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        masked = _NUMBERED_MOMENT.sub(_numbered, self.text)  # "week 6": a moment, no score
        masked = _NUMBER_WORD.sub(_digits, _NUMBER_WORD.sub(_digits, masked))
        masked = _mask(masked, _NOT_SCORES.finditer(masked))
        masked = _mask(masked, _legends(self.measure).finditer(masked))
        self.masked = _mask(masked, _SCALE_RANGE.finditer(masked))

    def take(self, start: int, end: int) -> None:
        """Mark text as read: masked, and part of the reading's span."""
        self.blank(start, end)
        self.end = max(self.end, end)

    def blank(self, start: int, end: int) -> None:
        self.masked = self.masked[:start] + " " * (end - start) + self.masked[end:]


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
    view = _spoken_punctuation(tick_marks_only(text))  # only ticked boxes remain; same offsets
    scores, tables = read_tables(view, _cell_measure, _line_measure)
    readings = [_from_table(score) for score in scores]
    found = [m for m in _names().finditer(view) if not any(a <= m.start() < b for a, b in tables)]
    for index, match in enumerate(found):
        measure = measures()[match.lastgroup or ""]
        limit = found[index + 1].start() if index + 1 < len(found) else len(view)
        reading = _read_one(view, match, measure, limit, text)
        if reading is not None:
            readings.append(reading)
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
    row = read_row(text, line_start, line_end, match.end(), measure)
    if row is not None:
        return _from_layout(measure, match.start(), row)
    end = _clause_end(text, match.end(), limit)
    tail = _Tail(text[match.end() : end], match.end(), measure)
    if _NOT_GIVEN.match(tail.masked):
        return None
    earlier = bool(_EARLIER.search(head) or _EARLIER_LABEL.match(head))
    reading = _Reading(measure, match.start(), match.end(), earlier=earlier)
    item_of = _ITEM_OF_NAME.search(head)
    if item_of:  # "Item 9 of the PHQ-9 was 0": one item, no total
        answer = _item_answer(tail, 0)
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
    line_tail = _Tail(text[match.end() : line_end], match.end(), measure)
    keyed = _read_keyed(line_tail)  # keyed answers run on past the clause ("B1 2; C1 3")
    if keyed is not None:
        tail = _Tail(
            text[match.end() : max(end, match.end() + line_tail.end)], match.end(), measure
        )
        tail.take(0, line_tail.end)
    item_spans = _read_items(tail)
    reading.answers = keyed if keyed is not None else _read_run(tail)
    sentence = _SENTENCE_END.search(text, match.end(), min(line_end, limit))
    previous, total, now = _read_series(
        text, match.end(), sentence.start() if sentence else min(line_end, limit), measure
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
        previous, total = _read_change(tail)
    reading.previous = previous
    if reading.stated is None:
        reading.stated = total if total is not None else _read_total(tail)
    reading.items = tail.items
    reading.wording = item_spans
    reading.end = match.end() + tail.end
    heading = _Tail(text[match.end() : line_end], match.end(), measure)
    if reading.empty and _NOT_DONE.search(heading.text):
        return None  # "GAD-7 | Score: -- | Status: Not completed"
    if reading.empty and not re.search(r"\d", heading.masked):
        # A heading ("PHQ-9 (EHR checkbox form) - 2024-11-05"): the answers are below it,
        # one item per line, or keyed on the next line ("B1=2 B2=3 ...").
        block = read_block(
            text, line_end, measure, lambda line: bool(_names().search(line)), original
        )
        if block is not None:
            return _from_layout(measure, match.start(), block)
        below = _lines_below(text, line_end)
        if below is not None:
            answers = _read_keyed(_Tail(text[below[0] : below[1]], below[0], measure))
            if answers is not None:
                reading.answers, reading.end = answers, below[1]
                reading.wording = [(match.start(), below[1])]
    return reading


def _lines_below(text: str, line_end: int, most: int = 8) -> tuple[int, int] | None:
    """The lines after a heading up to a blank line (at most `most`)."""
    if line_end >= len(text):
        return None
    start = end = line_end + 1
    for _ in range(most):
        stop = _line_end(text, end)
        if not text[end:stop].strip():
            break
        end = stop + 1
    return (start, end - 1) if end > start else None


_SPOKEN_MARK = re.compile(r"(?i)\s(period|full stop|comma|semicolon|colon|new line)\b")
_MARKS = {"period": ".", "full stop": ".", "comma": ",", "semicolon": ";", "colon": ":"}


def _spoken_punctuation(text: str) -> str:
    """Voice-to-text with its punctuation said aloud ("forty four comma previous was
    fifty one period"): the words become the marks, padded so offsets stay put."""
    if "." in text or len(_SPOKEN_MARK.findall(text)) < 2:
        return text
    return _SPOKEN_MARK.sub(
        lambda m: " " + _MARKS.get(m.group(1).lower(), "\n").ljust(len(m.group(1))), text
    )


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


def _cell_measure(cell: str) -> Measure | None:
    """The measure a table cell is the name of ("PHQ-9", "GAD 7 (items)")."""
    match = _names().match(cell.strip())
    rest = cell.strip()[match.end() :] if match else ""
    rest = re.sub(r"(?i)\([^)]*\)|\b(responses?|scores?|answers?|totals?|today)\b", "", rest)
    if match is None or re.search(r"[A-Za-z]", rest):
        return None
    return measures()[match.lastgroup or ""]


def _line_measure(line: str) -> Measure | None:
    """The one measure a heading names, unless it names several or plans one."""
    named = {m.lastgroup for m in _names().finditer(line)}
    return measures()[named.pop() or ""] if len(named) == 1 else None


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


def _read_continuations(text: str, found: list[re.Match[str]], readings: list[_Reading]) -> None:
    """Items and earlier totals in the sentences after a reading, up to the next name.

    An item goes to the nearest reading whose measure has it: "PHQ-9 14/27, GAD-7 7/21.
    #9: 0." is the PHQ-9's item 9.
    """
    starts = [m.start() for m in found] + [len(text)]
    for index, reading in enumerate(readings):
        following = [s for s in starts if s >= reading.end]
        limit = min(following[0] if following else len(text), reading.end + 300)
        content = len(text) - len(text[reading.end :].lstrip())
        paragraph = text.find("\n\n", content)
        if paragraph != -1:
            limit = min(limit, paragraph)
        if limit <= reading.end:
            continue
        continuation = text[reading.end : limit]
        claimed: list[tuple[int, int]] = []
        for candidate in [reading, *reversed(readings[:index])]:
            tail = _Tail(continuation, reading.end, candidate.measure)
            for start, end in claimed:  # an item another reading took is not re-read
                tail.blank(start - reading.end, end - reading.end)
            spans = _read_items(tail)
            claimed += spans
            candidate.wording += spans
            known = {n for n, _ in candidate.items}
            candidate.items += [(n, a) for n, a in tail.items if n not in known]
        if reading.stated is None and reading.answers is None and not reading.earlier:
            tail = _Tail(continuation, reading.end, reading.measure)
            total = _CONTINUATION_TOTAL.search(tail.masked)
            if total and total.start() < 120:
                reading.stated = int(total.group(1) or total.group(2))
        if reading.previous is None and not reading.earlier:
            tail = _Tail(continuation, reading.end, reading.measure)
            listed = _EARLIER_LIST.search(tail.masked)
            if listed:
                reading.previous = int(re.findall(r"\d{1,2}", listed.group(0))[-1])
            for pattern in () if listed else _CONTINUATION_PREVIOUS:
                match = pattern.search(tail.masked)
                if match:
                    reading.previous = int(match.group(1))
                    break


def _read_answered_items(tail: _Tail) -> list[tuple[int, int]]:
    """'answered "more than half the days" on question 9': the answer before its item."""
    spans = []
    pattern = _answered_on(tail.measure)
    for match in pattern.finditer(tail.masked):
        item = tail.measure.item_number(match.group("n"))
        answer = _answer_value(tail.measure, match.group("v"))
        if item is None or answer is None or answer is False:
            continue
        tail.items.append((item, answer))
        tail.take(*match.span())
        spans.append((tail.offset + match.start(), tail.offset + match.end()))
    return spans


@cache
def _answered_on(measure: Measure) -> re.Pattern[str]:
    wordings = "|".join(
        re.escape(w).replace(r"\ ", " ").replace(" ", r"\s+")
        for w in sorted(measure.answers, key=len, reverse=True)
    )
    return re.compile(
        rf"(?i)\b(?:answered|scored|rated|endorsed|marked|chose)\s+(?:an?\s+)?[\"“']?"
        rf"(?P<v>\d|{wordings})[\"”']?\s+(?:on|for|to)\s+(?:the\s+)?(?:question|item|q)\s*#?\s*"
        r"(?P<n>\d{1,2})\b"
    )


def _read_items(tail: _Tail) -> list[tuple[int, int]]:
    """Single items: "item 9 = 1", "Q9 (better off dead): 0", "#9: 0", "item 9 endorsed".
    Returns the span of each item read, in the input."""
    measure = tail.measure
    spans = _read_answered_items(tail)
    for item in list(_ITEM.finditer(tail.masked)):
        number = int(item.group("n") or item.group("h"))
        if not 1 <= number <= measure.item_count:
            continue
        answer = _item_answer(tail, item.end())
        if answer is None:
            tail.blank(*item.span())  # "(item 7 left blank)": no answer, and no total either
            continue
        value, end = answer
        tail.items.append((number, value))
        tail.take(item.start(), end)
        spans.append((tail.offset + item.start(), tail.offset + end))
    return spans


def _item_answer(tail: _Tail, position: int) -> tuple[int | None, int] | None:
    """The answer after an item's name, skipping one said to be earlier ("was 1 at
    intake, 0 today")."""
    low, high = tail.measure.item_range
    while True:
        value = _item_value(tail.measure).match(tail.masked, position)
        if value is None:
            return None
        word = re.sub(r"\s+", " ", value.group("v").lower())
        if word.isdigit():
            answer: int | None = int(word)
        elif word in _ANSWER_WORDS:
            answer = _ANSWER_WORDS[word]
        else:
            answer = tail.measure.answers.index(word) + low
        if answer is not None and not low <= answer <= high:
            return None
        if not _EARLIER_TIME.match(tail.masked, value.end()):
            return answer, value.end()
        rest = re.match(r"[^,;.\d]*[,;]?\s*", tail.masked[value.end() :])
        position = value.end() + (rest.end() if rest else 0)


def _read_keyed(tail: _Tail) -> list[int | None] | None:
    """Answers keyed by item ("B1: 3, B2: 2", "1) 2  2) 1"), when they cover the measure
    but for the items its missing-item rule allows."""
    measure = tail.measure
    answers: dict[int, int | None] = {}
    spans = []
    for match in _CLUSTER_RUN.finditer(tail.masked):
        first = measure.item_number(match.group("code") + match.group("first"))
        last = measure.item_number(match.group("code") + match.group("last"))
        if first is None or last is None:
            continue
        run = re.match(
            rf"\s*((?:\d{_RUN_SEP}){{{last - first}}}\d)(?!\d)", tail.masked[match.end() :]
        )
        if run is None:
            continue
        for offset, value in enumerate(re.findall(r"\d", run.group(1))):
            answers[first + offset] = _answer_value(measure, value)
        spans.append((match.start(), match.end() + run.end()))
    for match in _keyed(measure).finditer(tail.masked):
        item = measure.item_number(match.group("code") or match.group("key"))
        if item is None or item in answers:
            continue
        answer = _answer_value(measure, match.group("v"))
        if answer is False:
            continue
        answers[item] = answer
        spans.append(match.span())
    if len(answers) < measure.item_count - measure.missing.max_missing:
        return None
    for span in spans:
        tail.take(*span)
    return [answers.get(n) for n in range(1, measure.item_count + 1)]


_OLDEST = re.compile(r"(?i)^(intake|baseline|admission|initial|start|first)$")


def _oldest(words: list[str]) -> bool:
    """A total from the start of treatment ("at intake 22")."""
    return any(_OLDEST.match(w) for w in words)


def _moment_owner(raw: str, numbers: list[re.Match[str]], moment: re.Match[str]) -> int | None:
    """The total a moment belongs to: the one just before it ("52 at the start", "46 two
    weeks ago"), else the one it labels ("intake 22", "Current (today): 9")."""
    before = [i for i, n in enumerate(numbers) if n.end() <= moment.start()]
    after = [i for i, n in enumerate(numbers) if n.start() >= moment.end()]
    if before:
        gap = raw[numbers[before[-1]].end() : moment.start()]
        if len(gap) <= 10 and not re.search(r"[,;:]", gap):
            return before[-1]
    if after:
        gap = raw[moment.end() : numbers[after[0]].start()]
        if len(gap) <= 25 and (len(gap) <= 12 or not re.search(r"[,;.]", gap)):
            return after[0]
    return before[-1] if before else None


def _answer_value(measure: Measure, value: str) -> int | bool | None:
    """An answer as written: a number in range, the answer's wording, or a blank (None);
    False when it is none of these."""
    word = re.sub(r"\s+", " ", value.lower())
    if word.isdigit():
        number = int(word)
        return number if measure.item_range[0] <= number <= measure.item_range[1] else False
    if word in measure.answers:
        return measure.answers.index(word) + measure.item_range[0]
    return None


def _read_series(
    text: str, name_end: int, line_end: int, measure: Measure
) -> tuple[int | None, int | None, bool]:
    """(previous, current, whether the current one is marked today) from a trend or
    totals over time on the name's line."""
    raw = _NUMBERED_MOMENT.sub(_numbered, text[name_end:line_end])
    line = _Tail(raw, name_end, measure).masked
    chain = _CHAIN.search(line) or _FROM_TO_TO.search(line)
    if chain and chain.start() < 40:
        values = [int(v) for v in re.findall(r"(?<![\d/])\d{1,2}(?![\d/])", chain.group(0))]
        return values[-2], values[-1], False
    numbers = list(re.finditer(r"(?<![\d/.])\d{1,2}(?![\d/])", line))
    if len(numbers) < 2:
        return None, None, False
    attached: list[list[str]] = [[] for _ in numbers]
    for moment in [*_MOMENT.finditer(raw), *_DATE_MOMENT.finditer(raw)]:
        index = _moment_owner(raw, numbers, moment)
        if index is not None:
            attached[index].append(moment.group(0))
    if not all(attached):
        return None, None, False  # a number with no moment: not a series
    points = [
        (int(n.group(0)), any(_NOW.fullmatch(w) for w in words), _oldest(words))
        for n, words in zip(numbers, attached, strict=True)
    ]
    marked = [i for i, (_, now, _) in enumerate(points) if now]
    current = marked[-1] if marked else len(points) - 1
    # The latest earlier total: the one just before today's; when today's is said first
    # ("41 today, compared with 52 at the start and 46 two weeks ago"), the last one not
    # at the start of treatment, else the last.
    if current:
        previous = points[current - 1][0]
    else:
        later = [p for p in points[1:] if not p[2]]
        previous = (later or points[1:])[-1][0]
    return previous, points[current][0], bool(marked)


def _read_run(tail: _Tail) -> list[int | None] | None:
    """A run of item answers as long as the measure (one more: a stated total at its end)."""
    count = tail.measure.item_count
    run = re.compile(
        rf"(?i)(?<![\w.]){_RUN_TOKEN}(?:{_RUN_SEP}{_RUN_TOKEN}){{{count - 1},{count}}}"
        rf"(?![\w.]|\s*[,/|-]\s*\d)"
    )
    for match in run.finditer(tail.masked):
        tokens = re.findall(rf"(?i){_RUN_TOKEN}", match.group(0))
        answers = [int(t) if t.isdigit() else None for t in tokens]
        if len(answers) == count + 1:
            *answers, total = answers  # "| 1 | 1 | ... | 0 | 7": the last cell is the total
            if total is None:
                continue
        tail.take(*match.span())
        return answers
    return None


def _read_change(tail: _Tail) -> tuple[int | None, int | None]:
    """(previous, current) from "from 19 to 14" or "19 -> 14"; else a previous alone."""
    for pattern in _PREVIOUS:
        match = pattern.search(tail.masked)
        if match:
            tail.take(*match.span())
            return int(match.group(1)), int(match.group(2))
    for pattern in _PREVIOUS_ONLY:
        match = pattern.search(tail.masked)
        if match:
            tail.take(*match.span())
            return int(match.group(1)), None
    return None, None


def _read_total(tail: _Tail) -> int | None:
    for match in _TOTAL.finditer(tail.masked):
        before = tail.masked[: match.start()]
        if len(re.findall(r"[A-Za-z]+", before)) > 6 and not _TOTAL_CUE.search(before):
            return None  # too far from the name to be its score
        denominator = match.group(2)
        if denominator is not None and int(denominator) != tail.measure.max_total:
            continue  # "14/9" is no total of this measure
        tail.take(*match.span())
        return int(match.group(1))
    return None


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
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
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


@cache
def _legends(measure: Measure) -> re.Pattern[str]:
    """'0=Not at all', 'Several days (1)': a scale's answer key, not an answer."""
    wordings = "|".join(re.escape(w) for w in sorted(measure.answers, key=len, reverse=True))
    entry = rf"\b\d\s*(?:=|:|-)\s*(?:{wordings})\b|\b(?:{wordings})\s*(?:=\s*\d|\(\d\))"
    low, high = measure.item_range
    header = r"\s+".join(str(n) for n in range(low, high + 1))  # "0  1  2  3" over boxes
    return re.compile(rf"(?i)(?:(?:{entry})[\s,;/]*){{2,}}|(?<!\d)\b{header}\b(?!\s*\d)")


@cache
def _names() -> re.Pattern[str]:
    """One pattern for every measure's names, a named group per measure id."""
    groups = []
    for measure in measures().values():
        variants = sorted(measure.names, key=len, reverse=True)
        group = "|".join(
            _flexible(name) + ("" if name[-1].isdigit() else r"(?![-\s]?\d)") for name in variants
        )
        groups.append(f"(?P<{measure.id}>{group})")
    # "PHQ-9" is not "PHQ-9A"; "Patient Health Questionnaire" is not its "-2".
    return re.compile(r"(?i)(?<![\w-])(?:" + "|".join(groups) + r")(?![\w]|-\w)")


_DIGIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _flexible(name: str) -> str:
    """'PHQ-9' also as 'PHQ9', 'PHQ 9', 'phq nine' and 'p h q nine' (dictation); spaces as
    any whitespace."""
    out = []
    for part in re.split(r"([-\s]+)", name):
        if re.fullmatch(r"[-\s]+", part):
            out.append(r"[-\s]?" if "-" in part else r"\s+")
        elif part.isdigit() and len(part) == 1:
            out.append(f"(?:{part}|{_DIGIT_WORDS[int(part)]})")
        elif part.isalpha() and part.isupper() and len(part) <= 4:
            out.append(r"\s?".join(re.escape(ch) for ch in part))
        else:
            out.append(re.escape(part))
    return "".join(out)


def _mask(text: str, matches: Iterator[re.Match[str]]) -> str:
    chars = list(text)
    for match in matches:
        for i in range(*match.span()):
            chars[i] = " "
    return "".join(chars)


def _numbered(match: re.Match[str]) -> str:
    return match.group(1) + match.group(2) + " " * len(match.group(3))


def _digits(match: re.Match[str]) -> str:
    """The number word as digits, padded to the word's length so offsets stay put."""
    word = match.group(1)
    value = str(_NUMBER_WORDS[re.sub(r"\s+", " ", word.lower())]).rjust(len(word))
    whole = match.group(0)
    return whole[: match.start(1) - match.start(0)] + value
