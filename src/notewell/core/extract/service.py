"""Service details: date, duration, start/stop time, modality, location, service type.

Explicit `key: value` fields win; otherwise details are read from the clauses that talk
about the session itself ("53 min indiv telehealth", "Session 3:00-3:40 pm, office"), so
"spends hours on the phone" or "anxious about tests at school" are not mistaken for the
modality or location of the service.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any

from notewell.core.lexicons import cue_lexicon
from notewell.core.models import ServiceDetails

Span = tuple[int, int]

_DURATION = re.compile(
    r"(?<![\w:])(?P<n>\d{1,3})\s*(?:-|\s)?\s*(?P<unit>minutes?|mins?|m(?=\b)|hours?|hrs?|hr)(?![a-z])",
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
_WORD_DURATION = re.compile(
    rf"\b(?:(?:{_WORD_NUMBER})[- ]min(?:ute)?s?|(?P<half>half an? hour|half-hour|30-minute)"
    rf"|(?P<hour>an hour and a half|(?:an?|one)[- ]hour(?:[- ]long)?|hour-long))\b",
    re.IGNORECASE,
)
_TIME = r"(?P<{0}h>\d{{1,2}})(?::(?P<{0}m>\d{{2}}))?\s*(?P<{0}ap>[ap]\.?m\.?)?"
_TIME_RANGE = re.compile(
    r"(?<![\d/])"
    + _TIME.format("s")
    + r"\s*(?:-|–|—|to|until)\s*"
    + _TIME.format("e")
    + r"(?![\d/])",
    re.IGNORECASE,
)
_START_END = re.compile(
    r"\bstart(?:ed|ing)?(?:\s*time)?\s*(?:at|:)?\s*(?P<s>\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?)"
    r".{0,40}?\b(?:end|ended|stop|stopped|ending)(?:\s*time)?\s*(?:at|:)?\s*(?P<e>\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?)",
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
_CLIENT_ID = re.compile(
    # Initials ("A.B.", "J D") or an id with a digit ("C-1042"); never words of speech.
    r"(?im)^[ \t]*client(?:[ \t]*id)?[ \t]*:[ \t]*"
    r"(?P<id>(?-i:[A-Z](?:\.?[ \t]?[A-Z](?![a-z]))*\.?)|[\w-]*\d[\w-]*)(?=\s|$)"
)


@cache
def _compiled() -> dict[str, Any]:
    service = cue_lexicon()["service"]

    def alternation(words: list[str]) -> re.Pattern[str]:
        return re.compile(r"(?<![\w-])(?:" + "|".join(words) + r")(?![\w-])", re.IGNORECASE)

    return {
        "modality": {name: alternation(words) for name, words in service["modality"].items()},
        "location": {name: alternation(words) for name, words in service["location"].items()},
        "service_type": [(e["type"], alternation(e["cues"])) for e in service["service_type"]],
        "session": alternation([re.escape(w) for w in service["session_words"]]),
        "participants": alternation(service["participants"]),
        "complexity": alternation(service["interactive_complexity"]),
    }


def _word_minutes(match: re.Match[str]) -> int:
    if match.group("half"):
        return 30
    if match.group("hour"):
        return 90 if "half" in match.group("hour").lower() else 60
    if match.group("teen"):
        return 10 + _TEENS.index(match.group("teen").lower())
    tens = 20 + 10 * _TENS.index(match.group("tens").lower())
    return tens + (1 + _UNITS.index(match.group("unit").lower()) if match.group("unit") else 0)


def _duration_mentions(clause: str) -> list[tuple[int, tuple[int, int]]]:
    found = [(parse_duration(m.group(0)) or 0, m.span()) for m in _DURATION.finditer(clause)]
    found += [(_word_minutes(m), m.span()) for m in _WORD_DURATION.finditer(clause)]
    return sorted(found, key=lambda item: item[1])


def parse_duration(value: str) -> int | None:
    words = _WORD_DURATION.search(value)
    if words and not _DURATION.search(value):
        return _word_minutes(words)
    match = _DURATION.search(value)
    if match:
        minutes = int(match.group("n"))
        return minutes * 60 if match.group("unit").lower().startswith("h") else minutes
    return int(value) if value.strip().isdigit() else None


def _clock(
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


def _time_range(text: str) -> tuple[str, str, int, Span] | None:
    """(start HH:MM, end HH:MM, minutes between, span) from "10:00-10:53" or "start 14:00 ... end 14:30"."""
    match = _START_END.search(text)
    if match:
        start_t = _clock(*_split_clock(match.group("s")))
        end_t = _clock(*_split_clock(match.group("e")))
    else:
        # The first range with a clock time: "2026-10-05 ... 10:00-10:30" skips the date.
        match = next(
            (m for m in _TIME_RANGE.finditer(text) if m.group("sm") or m.group("em")), None
        )
        if match is None:
            return None
        end_ap = match.group("eap")
        start_t = _clock(match.group("sh"), match.group("sm"), match.group("sap"), end_ap)
        end_t = _clock(match.group("eh"), match.group("em"), end_ap, match.group("sap"))
    if not start_t or not end_t:
        return None
    minutes = (end_t[0] * 60 + end_t[1]) - (start_t[0] * 60 + start_t[1])
    if minutes <= 0:
        minutes += 12 * 60 if minutes > -12 * 60 else 24 * 60
    return (
        f"{start_t[0]:02d}:{start_t[1]:02d}",
        f"{end_t[0]:02d}:{end_t[1]:02d}",
        minutes,
        match.span(),
    )


def _split_clock(value: str) -> tuple[str, str | None, str | None]:
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


def _normalise_modality(value: str) -> str | None:
    for name, pattern in _compiled()["modality"].items():
        if value.strip().lower() == name or pattern.search(value.replace("_", " ")):
            return name
    return None


def is_session_clause(text: str) -> bool:
    """Does this clause talk about the session itself (its length, mode, place)?"""
    return bool(
        _compiled()["session"].search(text)
        or _DURATION.search(text)
        or _WORD_DURATION.search(text)
        or _TIME_RANGE.search(text)
    )


def extract_service(
    text: str,
    clauses: list[tuple[str, int, int]],
    fields: dict[str, tuple[Any, Span]] | None = None,
    transcript: bool = False,
) -> ServiceDetails:
    """Service details from explicit fields first, then from session clauses."""
    fields = fields or {}
    compiled = _compiled()
    values: dict[str, Any] = {}
    sources: dict[str, tuple[Span, ...]] = {}

    def put(key: str, value: Any, span: Span) -> None:
        if value is not None and key not in values:
            values[key] = value
            sources[key] = (span,)

    for key, (value, span) in fields.items():
        if key == "duration":
            put(
                "duration_minutes",
                value if isinstance(value, int) else parse_duration(str(value)),
                span,
            )
        elif key == "date":
            parsed = (
                parse_date(str(value)) if not isinstance(value, date) else (value.isoformat(), span)
            )
            put("date", parsed[0] if parsed else None, span)
        elif key == "modality":
            put("modality", _normalise_modality(str(value)), span)
        elif key in ("start_time", "end_time"):
            clock = (
                _clock(*_split_clock(str(value)))
                if re.match(r"\s*\d{1,2}:\d{2}", str(value))
                else None
            )
            put(key, f"{clock[0]:02d}:{clock[1]:02d}" if clock else None, span)
        elif key == "time":
            rng = _time_range(str(value))
            if rng:
                put("start_time", rng[0], span)
                put("end_time", rng[1], span)
        elif key == "participants":
            items = (
                value if isinstance(value, list) else re.split(r"\s*[,;]\s*|\s+and\s+", str(value))
            )
            put("participants", tuple(str(v).strip() for v in items if str(v).strip()), span)
        elif key in ("client", "location", "service_type"):
            put(key, str(value).strip(), span)

    session_clauses = [c for c in clauses if is_session_clause(c[0])]
    for clause, start, _end in session_clauses:
        rng = _time_range(clause)
        if rng:
            span = (start + rng[3][0], start + rng[3][1])
            put("start_time", rng[0], span)
            put("end_time", rng[1], span)
            put("time_range_minutes", rng[2], span)
    best = _best_duration(clauses)
    if best:
        put("duration_minutes", best[0], best[1])
    if "duration_minutes" not in values and "time_range_minutes" in values:
        put("duration_minutes", values["time_range_minutes"], sources["time_range_minutes"][0])
    for clause, start, _end in session_clauses:
        for name, pattern in compiled["modality"].items():
            match = pattern.search(clause)
            if match:
                put("modality", name, (start + match.start(), start + match.end()))
        for name, pattern in compiled["location"].items():
            match = pattern.search(clause)
            if match and not (name == "office" and values.get("modality") == "telehealth_video"):
                put("location", name, (start + match.start(), start + match.end()))
    for type_name, pattern in compiled["service_type"]:
        for clause, start, _end in clauses:
            match = pattern.search(clause)
            if match and (type_name != "individual psychotherapy" or is_session_clause(clause)):
                put("service_type", type_name, (start + match.start(), start + match.end()))
                break
    date_hit = parse_date(text)
    if date_hit:
        put("date", date_hit[0], date_hit[1])
    client = None if transcript else _CLIENT_ID.search(text)
    if client:
        put("client", client.group("id").strip(), client.span("id"))
    participants = [(m.group(0), m.span()) for m in compiled["participants"].finditer(text)]
    if participants:
        put("participants", tuple(_participant(p[0]) for p in participants), participants[0][1])
    complexity = compiled["complexity"].search(text)
    values.pop("time_range_minutes", None)
    return ServiceDetails(
        client=values.get("client"),
        date=values.get("date"),
        service_type=values.get("service_type"),
        duration_minutes=values.get("duration_minutes"),
        start_time=values.get("start_time"),
        end_time=values.get("end_time"),
        modality=values.get("modality"),
        location=values.get("location"),
        participants=values.get("participants", ()),
        interactive_complexity=complexity is not None,
        sources=sources,
    )


def _participant(phrase: str) -> str:
    words = re.findall(r"[a-z]+", phrase.lower())
    roles = [
        w
        for w in words
        if w
        not in {
            "was",
            "were",
            "present",
            "attended",
            "joined",
            "participated",
            "in",
            "attendance",
            "with",
            "and",
            "her",
            "his",
            "their",
            "client",
            "s",
        }
    ]
    return " ".join(roles) or phrase


def _best_duration(clauses: list[tuple[str, int, int]]) -> tuple[int, Span] | None:
    """The session's length: a duration in a clause about the session, not "a party for 30 min"."""
    best: tuple[int, int, Span] | None = None
    for index, (clause, start, _end) in enumerate(clauses):
        for minutes, (m_start, m_end) in _duration_mentions(clause):
            if not 5 <= minutes <= 480:
                continue
            before = clause[:m_start].lower()
            score = 0
            if re.search(r"\b(for|about|spent|lasted|over|after|every|per|each|of)\s*$", before):
                score -= 2  # "attended a party for 30 min", "walks 20 min"
            if _compiled()["session"].search(clause):
                score += 2
            if re.fullmatch(r"[\s\w,.-]{0,12}", before):
                score += 1  # the clause opens with it: "53 min indiv telehealth"
            score -= index * 0.01  # earlier wins ties
            if best is None or score > best[0]:
                best = (score, minutes, (start + m_start, start + m_end))
    if best is None or best[0] < -1:
        return None
    return best[1], best[2]
