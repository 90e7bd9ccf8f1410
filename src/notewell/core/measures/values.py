"""The values in the text after a measure's name: totals, item answers, changes.

A `Tail` is that text with what holds no score masked out (dates, times, durations,
counts, targets, a scale's answer key), so the readers here see only candidate scores,
at the input's offsets. Each reader masks what it read, so nothing is read twice: single
items ("item 9 = 1", "Q9 (better off dead): 2", 'answered "several days" on question
9'), answers keyed by item ("B1: 3", "1) 2"), a run of answers as long as the measure
("2,1,3,1,2,0,1,2,1"), a trend or totals over time, a change ("from 19 to 14"), a
previous total ("down from 19", "prev 12"), and the total ("= 14", "14/27").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from notewell.core.measures.definitions import Measure, other_scales

_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen "
_ONES += "fourteen fifteen sixteen seventeen eighteen nineteen"


NUMBER_WORDS = {word: n for n, word in enumerate(_ONES.split())}


for _tens, _word in ((20, "twenty"), (30, "thirty"), (40, "forty"), (50, "fifty")):
    NUMBER_WORDS[_word] = _tens
    for _n, _one in enumerate(_ONES.split()[1:10], 1):
        NUMBER_WORDS[f"{_word}-{_one}"] = _tens + _n
        NUMBER_WORDS[f"{_word} {_one}"] = _tens + _n


# A number word is a score only after a word that introduces one ("scored fourteen").
# A number word is read as its digits (dictation: "phq nine today fifteen"), except as a
# quantity of something ("one more time", "two of them"); durations are masked after.
_NUMBER_WORD = re.compile(
    r"(?i)(?:^|(?<=[\s(:,=]))()("
    + "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True))
    + r")\b(?!\s+(?:more|of|or|other|another|thing|person|people)\b)"
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
        |(?:consecutive\s+)?administrations?|items\b|questions\b)
    | \b\d+x\b | \bx\d+\b
    | \b(?:below|under|above|less\s+than|more\s+than|at\s+least|or\s+(?:above|below)
        |reaches|reduction\s+of|drop\s+of)\s*\d+
    | \#\s*\d+(?!\s*[:=])
    | \bitems?\s*\d+\s*(?:-|–|to|through|thru)\s*\d+\b
    | \b(?:cut-?\s?off|threshold|cutpoint|max(?:imum)?)\s*(?:score\s*)?(?:of|at|is|=|:)?\s*\d+
    | \bitems\s+\#?\d{1,2}(?:\s*(?:,|and|&|,\s*and)\s*\#?\d{1,2})+\b
    """
)


_ANSWER_WORDS: dict[str, int | None] = {
    "positive": None,
    "pos": None,
    "endorsed": None,
    "negative": 0,
    "neg": 0,
    "denied": 0,
}


_ITEM = re.compile(
    r"""(?xi)
    \b(?:item|question|q)\s*\#?\s*(?P<n>\d{1,2})\b | \#\s*(?P<h>\d{1,2})\b
    """
)


@cache
def answer_wordings(measure: Measure) -> str:
    """The measure's answer wordings as one regex alternation, longest first, any spacing
    ("more than half the days" before "several days")."""
    return "|".join(
        re.escape(w).replace(r"\ ", " ").replace(" ", r"\s+")
        for w in sorted(measure.answers, key=len, reverse=True)
    )


@cache
def _item_value(measure: Measure) -> re.Pattern[str]:
    """What follows an item's name up to its answer: a label in parentheses or quotes,
    a verb ("was", "endorsed at"), then a number, a sign word or the answer's wording."""
    wordings = answer_wordings(measure)
    return re.compile(
        r"""(?xi)
        \s*(?:\([^)]{0,80}\)|['"“‘][^'"”’]{0,80}['"”’](?!\w)|\s[-–]\s[a-z][^:=\n]{0,60}?(?=\s*[:=]))?
        (?:\s*(?:she|he|they|client|pt|patient)\b)?
        (?:\s*(?:[:=]|\bwas\b|\bis\b|\banswered\b|\bscored\b|\brated\b|\bendorsed\b(?!\s*$)|[-–]|\bof\b))*
        \s*(?:at\s+|as\s+)?(?:an?\s+)?["“']?
        (?P<v>\d(?![\d/])|positive|pos|negative|neg|endorsed|denied|"""
        + wordings
        + r""")\b"""
    )


_RUN_TOKEN = r"(?:\d|\?|x|_+|n/?a|\(?(?:blank|skipped|missing|omitted)\)?|(?<=\s)(?:--?|—|–)(?=\s))"


_RUN_SEP = r"(?:\s*[,/|]\s*|(?<=\d)[-–](?=\d)|\s+)"


_PREVIOUS = (
    re.compile(r"(?i)\bfrom\s+(\d{1,2})\s+to\s+(\d{1,2})\b"),
    re.compile(r"(\d{1,2})\s*(?:->|→|⟶|=>|-->|⇒|➔)\s*(\d{1,2})\b"),
)


_PREVIOUS_ONLY = (
    re.compile(
        r"(?i)\b(?:down|up|improved|decreased|increased|dropped|fell|rose|reduced|worsened|"
        r"improvement|change|declined)?\s*(?:from|vs\.?|versus|compared\s+(?:with|to))\s+"
        r"(?:(?:a|an|the|her|his|their|last|previous|prior|baseline|intake|[a-z]+'s)\s+){0,3}"
        r"(?:score\s+of\s+|total\s+of\s+)?(\d{1,2})(?!\d)"
    ),
    re.compile(
        r"(?i)\((?:was|prev\w*|prior|last|from)(?:\s+(?:review|visit|session|score|total|time))?"
        r"\s*:?\s*(\d{1,2})(?!\d)"
    ),
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


# A digit glued to letters ("PHQ2", "B1") or to a decimal or fraction is no total.
_TOTAL = re.compile(r"(?<![\d./A-Za-z])(\d{1,2})(?:\s*/\s*(\d{1,3}))?(?![\d.]\d)")


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


MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"


_BLANK_ANSWER = (
    r"skip|"
    r"skipped|blank|missing|n/?a|—|-(?!\d)|_+|\((?:skipped|blank|no\s+(?:answer|response))\)"
)


@cache
def _keyed(measure: Measure) -> re.Pattern[str]:
    """ "B1: 3, B2: 2", "B1 moderately", "1) 2  2) 1", "Q1=2": answers keyed by item. A
    number key needs its separator; a code ("B1") may stand before its answer alone."""
    wordings = answer_wordings(measure)
    return re.compile(
        r"(?i)(?<![\w/])(?:(?P<code>[A-Z]\d)\s*(?:[:=.)]|-(?!\d))?|(?P<key>q\s?\d{1,2}|\d{1,2})"
        rf"(?:\s*(?:\)|[:=.]|-(?!\d))|\s+(?=(?:{wordings})\b)))\s*"
        rf"(?P<v>\d(?![\d/:])|{wordings}|{_BLANK_ANSWER})(?!\w)"
    )


# "B1-B5: 3 3 2 4 3": a cluster's answers in a run.
_CLUSTER_RUN = re.compile(r"(?P<code>[A-Z])(?P<first>\d)\s*[-–]\s*(?P=code)(?P<last>\d)\s*:\s*")


# A trend: "21 > 17 > 12 (today)", "19 -> 14 -> 9".
_CHAIN = re.compile(r"(?<![\d/])\d{1,2}(?:\s*(?:->|→|⟶|=>|-->|⇒|➔|>)\s*\d{1,2}\b)+")


# Totals over time, each with its moment: "intake 22, week 6: 16, ...; at discharge today 6".
_MOMENT = re.compile(
    r"(?i)\b(intake|baseline|admission|initial|start|weeks?|wks?|sessions?|sess|months?|visits?|"
    r"mid-?point|mid-?treatment|midway|middle|end|final|pre|post|"
    r"discharge|today|now|current(?:ly)?|this\s+(?:session|visit|week)|last\s+\w+|ago|"
    r"review|follow-?up|f/u|check-?in|appointment|appt|admit|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\b"
)


_NUMBERED_MOMENT = re.compile(
    r"(?i)(?<!last\s)(?<!this\s)(?<!prior\s)(?<!previous\s)"
    r"\b(session|sess|visit|wk|week|day|month|mo|age|room|rm|grade|step)(\s*\#?\s*)(\d+)\b"
)


_DATE_MOMENT = re.compile(r"\b\d{1,2}/\d{1,4}\b|\b\d{4}-\d{2}(?:-\d{2})?\b")


# "fell from 24 at intake to 13 at midpoint and to 5 at today's final session"
_FROM_TO_TO = re.compile(r"(?i)\bfrom\s+\d{1,2}\b(?:[^.;\d]{0,30}?\bto\s+\d{1,2}\b){2,}")


_NOW = re.compile(r"(?i)\b(today|now|current(?:ly)?|this\s+(?:session|visit|week)|discharge)\b")


# A target or threshold ("GAD-7 < 8", ">= 10"), read in the tail, where the name's own
# digit no longer stands before it; a trend ("21 > 17") has a number before its sign.
_TARGET = re.compile(r"(?<!\d)(?<!\d\s)(?<![-=])(?:[<>≤≥]=?)\s*\d+")


@dataclass(slots=True)
class Tail:
    """The clause after a measure's name, with what has been read masked out."""

    text: str
    offset: int  # where `text` starts in the input
    measure: Measure
    masked: str = ""
    end: int = 0  # the furthest character read, relative to `text`
    items: list[tuple[int, int | None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        masked = _common_masks(self.text)
        masked = mask(masked, _legends(self.measure))
        masked = mask(masked, _ranges(self.measure))
        self.masked = mask(masked, _TARGET)

    @classmethod
    def of(cls, text: str, start: int, end: int, measure: Measure) -> Tail:
        """The tail `text[start:end]`, its measure-independent masks cut from the whole
        text's (computed once per text, not once per tail)."""
        tail = cls.__new__(cls)
        tail.text, tail.offset, tail.measure = text[start:end], start, measure
        tail.end, tail.items = 0, []
        masked = _common_masks(text)[start:end]
        masked = mask(masked, _legends(measure))
        masked = mask(masked, _ranges(measure))
        tail.masked = mask(masked, _TARGET)
        return tail

    def take(self, start: int, end: int) -> None:
        """Mark text as read: masked, and part of the reading's span."""
        self.blank(start, end)
        self.end = max(self.end, end)

    def blank(self, start: int, end: int) -> None:
        self.masked = self.masked[:start] + " " * (end - start) + self.masked[end:]


def _read_answered_items(tail: Tail) -> list[tuple[int, int]]:
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
    wordings = answer_wordings(measure)
    return re.compile(
        rf"(?i)\b(?:answered|scored|rated|endorsed|marked|chose)\s+(?:an?\s+)?[\"“']?"
        rf"(?P<v>\d|{wordings})[\"”']?\s+(?:on|for|to)\s+(?:the\s+)?(?:question|item|q)\s*#?\s*"
        r"(?P<n>\d{1,2})\b"
    )


def read_items(tail: Tail) -> list[tuple[int, int]]:
    """Single items: "item 9 = 1", "Q9 (better off dead): 0", "#9: 0", "item 9 endorsed".
    Returns the span of each item read, in the input."""
    measure = tail.measure
    spans = _read_answered_items(tail)
    for item in list(_ITEM.finditer(tail.masked)):
        number = int(item.group("n") or item.group("h"))
        if not 1 <= number <= measure.item_count:
            continue
        answer = item_answer(tail, item.end())
        if answer is None:
            tail.blank(*item.span())  # "(item 7 left blank)": no answer, and no total either
            continue
        value, end = answer
        tail.items.append((number, value))
        tail.take(item.start(), end)
        spans.append((tail.offset + item.start(), tail.offset + end))
    return spans


def item_answer(tail: Tail, position: int) -> tuple[int | None, int] | None:
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


def read_keyed(tail: Tail) -> list[int | None] | None:
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


def _dated(words: list[str]) -> tuple[int, int, int] | None:
    """The date among a total's moments, as (year, month, day) for ordering; a date with
    no year ("3/1") is taken as this year's (0), a month and year ("01/2024") as day 0."""
    for word in words:
        iso = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", word)
        if iso:
            return int(iso.group(1)), int(iso.group(2)), int(iso.group(3) or 0)
        slash = re.fullmatch(r"(\d{1,2})/(\d{1,4})", word)
        if slash:
            first, second = int(slash.group(1)), slash.group(2)
            if len(second) == 4:
                return int(second), first, 0
            return 0, first, int(second)
    return None


def _moment_owner(raw: str, numbers: list[re.Match[str]], moment: re.Match[str]) -> int | None:
    """The total a moment belongs to: the one just before it ("52 at the start", "46 two
    weeks ago"), else the one it labels ("intake 22", "Current (today): 9")."""
    before = [i for i, n in enumerate(numbers) if n.end() <= moment.start()]
    after = [i for i, n in enumerate(numbers) if n.start() >= moment.end()]
    if after and re.match(r"(?i)last\b", moment.group()):
        gap = raw[moment.end() : numbers[after[0]].start()]
        if len(gap) <= 12 and not re.search(r"[,;.]", gap):
            return after[0]  # "last time it was 9", "last 15 in April": it labels what follows
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


def read_series(
    text: str, name_end: int, line_end: int, measure: Measure
) -> tuple[int | None, int | None, bool, int]:
    """(previous, current, whether the current one is marked today, where the series
    ends) from a trend or totals over time on the name's line."""
    raw = _NUMBERED_MOMENT.sub(_numbered, text[name_end:line_end])
    raw = mask(raw, _ranges(measure))  # "6/21" is a score of 21, not a date
    line = Tail(raw, name_end, measure).masked
    chain = _CHAIN.search(line) or _FROM_TO_TO.search(line)
    if chain and chain.start() < 40:
        values = [int(v) for v in re.findall(r"(?<![\d/])\d{1,2}(?![\d/])", chain.group(0))]
        return values[-2], values[-1], False, name_end + chain.end()
    numbers = list(re.finditer(r"(?<![\d/.])\d{1,2}(?![\d/])", line))
    if len(numbers) < 2:
        return None, None, False, name_end
    attached: list[list[str]] = [[] for _ in numbers]
    for moment in [*_MOMENT.finditer(raw), *_DATE_MOMENT.finditer(raw)]:
        index = _moment_owner(raw, numbers, moment)
        if index is not None:
            attached[index].append(moment.group(0))
    if not all(attached):
        return None, None, False, name_end  # a number with no moment: not a series
    points = [
        (int(n.group(0)), any(_NOW.fullmatch(w) for w in words), _oldest(words), _dated(words))
        for n, words in zip(numbers, attached, strict=True)
    ]
    marked = [i for i, point in enumerate(points) if point[1]]
    current = marked[-1] if marked else len(points) - 1
    # The latest earlier total: the one just before today's; when today's is said first
    # ("41 today, compared with 52 at the start and 46 two weeks ago"), the last one not
    # at the start of treatment, else the last.
    earlier = [p for i, p in enumerate(points) if i != current]
    if earlier and all(p[3] is not None for p in earlier):
        previous = max(earlier, key=lambda p: p[3] or (0, 0, 0))[0]  # dated: the latest date
    elif current:
        previous = points[current - 1][0]
    else:
        later = [p for p in points[1:] if not p[2]]
        previous = (later or points[1:])[-1][0]
    return previous, points[current][0], bool(marked), name_end + numbers[-1].end()


def read_worded_run(tail: Tail) -> list[int | None] | None:
    """Every item's answer in words, in order ("interest - several days; down - more than
    half the days; ..."): as many answer wordings as the measure has items."""
    measure = tail.measure
    low = measure.item_range[0]
    found = list(_wordings(measure).finditer(tail.masked))
    if len(found) != measure.item_count:
        return None
    for match in found:
        tail.take(*match.span())
    return [measure.answers.index(re.sub(r"\s+", " ", m.group().lower())) + low for m in found]


@cache
def _wordings(measure: Measure) -> re.Pattern[str]:
    return re.compile(rf"(?i)\b(?:{answer_wordings(measure)})\b")


def read_run(tail: Tail) -> list[int | None] | None:
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


def read_change(tail: Tail) -> tuple[int | None, int | None]:
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


def read_total(tail: Tail) -> int | None:
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


@cache
def _ranges(measure: Measure) -> re.Pattern[str]:
    """The measure's own ranges ("0–27", "(0–3)", "/27"): no score in them."""
    low, high = measure.item_range
    return re.compile(
        rf"(?<![\d/]){low * measure.item_count}\s*[-–—]\s*{measure.max_total}(?!\d)"
        rf"|(?<!\d){low}\s*[-–—]\s*{high}(?!\d)(?=\s*\)|\s*:|\s*scale)"
        rf"|(?<=\d)\s*/\s*{measure.max_total}(?!\d)"
    )


@cache
def _other_scales() -> re.Pattern[str]:
    """Another scale's name and the score after it ("BDI-II 22", "PHQ-2: 3")."""
    names = "|".join(
        re.escape(n).replace(r"\-", "[-‐‑–—]?")
        for n in sorted(other_scales(), key=len, reverse=True)
    )
    return re.compile(rf"(?i)(?<![\w-])(?:{names})(?![\w]|[-‐‑–—]\w)[^.;,\n\d]{{0,40}}\d{{1,3}}")


@cache
def _legends(measure: Measure) -> re.Pattern[str]:
    """'0=Not at all', 'Several days (1)': a scale's answer key, not an answer."""
    wordings = answer_wordings(measure)
    entry = rf"\b\d\s*(?:=|:|-)\s*(?:{wordings})\b|\b(?:{wordings})\s*(?:=\s*\d|\(\d\))"
    low, high = measure.item_range
    header = r"\s+".join(str(n) for n in range(low, high + 1))  # "0  1  2  3" over boxes
    return re.compile(rf"(?i)(?:(?:{entry})[\s,;/]*){{2,}}|(?<!\d)\b{header}\b(?!\s*\d)")


@lru_cache(maxsize=16)
def _common_masks(text: str) -> str:
    """Number words as digits; dates, times, durations, counts, targets, other scales'
    scores and scale ranges blanked: what no measure's score can be."""
    masked = _NUMBERED_MOMENT.sub(_numbered, text)  # "week 6": a moment, no score
    masked = _NUMBER_WORD.sub(_digits, _NUMBER_WORD.sub(_digits, masked))
    masked = mask(masked, _NOT_SCORES)
    masked = mask(masked, _other_scales())
    return mask(masked, _SCALE_RANGE)


def mask(text: str, pattern: re.Pattern[str]) -> str:
    """`text` with every match of `pattern` blanked out, offsets unchanged."""
    return pattern.sub(_blank, text)


def _blank(match: re.Match[str]) -> str:
    return " " * (match.end() - match.start())


def _numbered(match: re.Match[str]) -> str:
    return match.group(1) + match.group(2) + " " * len(match.group(3))


def _digits(match: re.Match[str]) -> str:
    """The number word as digits, padded to the word's length so offsets stay put."""
    word = match.group(2)
    value = str(NUMBER_WORDS[re.sub(r"\s+", " ", word.lower())]).rjust(len(word))
    whole = match.group(0)
    return whole[: match.start(1) - match.start(0)] + value
