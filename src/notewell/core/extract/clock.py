"""Durations, clock times and dates as clinicians write them.

"53 min", "50-minute", "a forty-five minute session", "half an hour", "10:00-10:53",
"3:00-3:40 pm", "start 14:00, end 14:30"; "2026-10-02", "10/02/2026", "Oct 2, 2026".
"""

from __future__ import annotations

import re
from datetime import date

Span = tuple[int, int]

DURATION = re.compile(
    r"(?<![\w:.])(?P<n>\d{1,3}(?:\.\d+)?)\s*(?:-|\s)?\s*(?P<unit>minutes?|mins?|m(?=\b)|hours?|hrs?|hr)(?![a-z])",
    re.IGNORECASE,
)
_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORD_NUMBER = rf"(?P<tens>{'|'.join(_TENS)})(?:[- ](?P<unit>{'|'.join(_UNITS)}))?|(?P<teen>{'|'.join(_TEENS)})"
# Dictation spells numbers out: "a forty-five minute session", "half an hour", "an hour".
WORD_DURATION = re.compile(
    rf"\b(?:(?:{_WORD_NUMBER})[- ]min(?:ute)?s?|(?P<half>half an? hour|half-hour|30-minute)"
    rf"|(?P<hour>an hour and a half|(?:an?|one)[- ]hour(?:[- ]long)?|hour-long))\b",
    re.IGNORECASE,
)
_TIME = r"(?P<{0}h>\d{{1,2}})(?::(?P<{0}m>\d{{2}}))?\s*(?P<{0}ap>[ap]\.?m\.?)?"
TIME_RANGE = re.compile(
    r"(?<![\d/])"
    + _TIME.format("s")
    + r"\s*(?:-|–|—|to|until)\s*"
    + _TIME.format("e")
    + r"(?![\d/])",
    re.IGNORECASE,
)
START_END = re.compile(
    r"\b(?:start(?:ed|ing)?(?:\s*time)?|time\s*in|began|begin)\s*(?:at|:)?\s*"
    r"(?P<s>\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?)"
    r".{0,40}?\b(?:end|ended|stop|stopped|ending|time\s*out|finished)(?:\s*time)?\s*(?:at|:)?\s*"
    r"(?P<e>\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?)",
    re.IGNORECASE | re.DOTALL,
)
_DATES = (
    (re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"), "ymd"),
    (re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b"), "mdy"),
    (
        re.compile(
            r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b",
            re.IGNORECASE,
        ),
        "named",
    ),
)
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def _word_minutes(match: re.Match[str]) -> int:
    if match.group("half"):
        return 30
    if match.group("hour"):
        return 90 if "half" in match.group("hour").lower() else 60
    if match.group("teen"):
        return 10 + _TEENS.index(match.group("teen").lower())
    tens = 20 + 10 * _TENS.index(match.group("tens").lower())
    return tens + (1 + _UNITS.index(match.group("unit").lower()) if match.group("unit") else 0)


# "1 hr 15 min", "1h 10m": hours and minutes together; "3/4 hr"; "45'" (minutes mark).
_HOURS_MINUTES = re.compile(
    r"(?<![\w:.])(?P<h>\d)\s*(?:h|hr|hrs|hour|hours)\.?\s*(?:and\s*)?(?P<m>\d{1,2})\s*"
    r"(?:m|min|mins|minutes?)\b",
    re.IGNORECASE,
)
_FRACTION_HOUR = re.compile(r"(?<![\w/])(?P<n>[13])/(?P<d>[24])\s*(?:hr|hour)s?\b", re.IGNORECASE)
_MINUTE_MARK = re.compile(r"(?<![\w:.'])(?P<n>\d{2,3})'(?![\w'])")


_MAYBE_DURATION = re.compile(r"\d|hour|minute|\bhr|\bmin", re.IGNORECASE)


def duration_mentions(clause: str) -> list[tuple[int, tuple[int, int]]]:
    if not _MAYBE_DURATION.search(clause):
        return []  # most clauses name no length at all: skip the five patterns below
    combined = [(int(m["h"]) * 60 + int(m["m"]), m.span()) for m in _HOURS_MINUTES.finditer(clause)]
    inside = [span for _, span in combined]
    found = [
        (parse_duration(m.group(0)) or 0, m.span())
        for m in DURATION.finditer(clause)
        if not any(a <= m.start() < b for a, b in inside)  # "1 hr" of "1 hr 15 min"
    ]
    found += combined
    found += [(_word_minutes(m), m.span()) for m in WORD_DURATION.finditer(clause)]
    found += [(60 * int(m["n"]) // int(m["d"]), m.span()) for m in _FRACTION_HOUR.finditer(clause)]
    found += [(int(m["n"]), m.span()) for m in _MINUTE_MARK.finditer(clause)]
    return sorted(found, key=lambda item: item[1])


def parse_duration(value: str) -> int | None:
    combined = _HOURS_MINUTES.search(value)
    if combined:
        return int(combined["h"]) * 60 + int(combined["m"])
    words = WORD_DURATION.search(value)
    if words and not DURATION.search(value):
        return _word_minutes(words)
    match = DURATION.search(value)
    if match:
        amount = float(match.group("n"))  # "1.5 hrs" is 90 minutes
        return round(amount * 60) if match.group("unit").lower().startswith("h") else round(amount)
    return int(value) if value.strip().isdigit() else None


def clock_time(
    hour: str, minute: str | None, ampm: str | None, ref_ampm: str | None = None
) -> tuple[int, int] | None:
    h, m = int(hour), int(minute or 0)
    marker = (ampm or ref_ampm or "").lower().replace(".", "")
    if h > 23 or m > 59:
        return None
    if marker == "pm" and h < 12:
        h += 12
    elif marker == "am" and h == 12:
        h = 0
    elif not marker and 1 <= h <= 6:
        h += 12  # "3:00-3:40" with no am/pm: clinics see clients in the afternoon, not at 3 a.m.
    return h, m


def time_range(text: str) -> tuple[str, str, int, Span] | None:
    """(start HH:MM, end HH:MM, minutes between, span) from "10:00-10:53" or "start 14:00 ... end 14:30"."""
    match = START_END.search(text)
    if match:
        start_t = clock_time(*split_clock(match.group("s")))
        end_t = clock_time(*split_clock(match.group("e")))
    else:
        # The first range with a clock time: "2026-10-05 ... 10:00-10:30" skips the date.
        match = next((m for m in TIME_RANGE.finditer(text) if m.group("sm") or m.group("em")), None)
        if match is None:
            return None
        end_ap = match.group("eap")
        start_t = clock_time(match.group("sh"), match.group("sm"), match.group("sap"), end_ap)
        end_t = clock_time(match.group("eh"), match.group("em"), end_ap, match.group("sap"))
    if not start_t or not end_t:
        return None
    minutes = (end_t[0] * 60 + end_t[1]) - (start_t[0] * 60 + start_t[1])
    if minutes <= 0 or minutes > 240:
        return None  # "a sleep window of 11:30 pm to 6:00 am" is not a session
    return (
        f"{start_t[0]:02d}:{start_t[1]:02d}",
        f"{end_t[0]:02d}:{end_t[1]:02d}",
        minutes,
        match.span(),
    )


def split_clock(value: str) -> tuple[str, str | None, str | None]:
    m = re.match(r"(\d{1,2}):(\d{2})\s*([ap]\.?m\.?)?", value.strip(), re.IGNORECASE)
    assert m is not None
    return m.group(1), m.group(2), m.group(3)


def parse_date(text: str) -> tuple[str, Span] | None:
    for pattern, kind in _DATES:
        for match in pattern.finditer(text):
            try:
                if kind == "ymd":
                    y, mo, d = (int(g) for g in match.groups())
                elif kind == "mdy":
                    mo, d, y = (int(g) for g in match.groups())
                    y += 2000 if y < 100 else 0
                else:
                    mo = _MONTHS.index(match.group(1).lower()[:3]) + 1
                    d, y = int(match.group(2)), int(match.group(3))
                return date(y, mo, d).isoformat(), match.span()
            except ValueError:
                continue
    return None
