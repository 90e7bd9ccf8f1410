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
from typing import Any, cast

from notewell.core.extract.clock import (
    DURATION,
    START_END,
    TIME_RANGE,
    WORD_DURATION,
    clock_time,
    duration_mentions,
    parse_date,
    parse_duration,
    split_clock,
    time_range,
)
from notewell.core.lexicons import cue_lexicon
from notewell.core.models import ServiceDetails

Span = tuple[int, int]

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


def _normalise_modality(value: str) -> str | None:
    for name, pattern in _compiled()["modality"].items():
        if value.strip().lower() == name or pattern.search(value.replace("_", " ")):
            return cast(str, name)
    return None


def is_session_clause(text: str) -> bool:
    """Does this clause talk about the session itself (its length, mode, place)?"""
    return bool(
        _compiled()["session"].search(text)
        or START_END.search(text)
        or DURATION.search(text)
        or WORD_DURATION.search(text)
        or TIME_RANGE.search(text)
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
                clock_time(*split_clock(str(value)))
                if re.match(r"\s*\d{1,2}:\d{2}", str(value))
                else None
            )
            put(key, f"{clock[0]:02d}:{clock[1]:02d}" if clock else None, span)
        elif key == "time":
            rng = time_range(str(value))
            if rng:
                put("start_time", rng[0], span)
                put("end_time", rng[1], span)
        elif key == "participants":
            items = (
                value if isinstance(value, list) else re.split(r"\s*[,;]\s*|\s+and\s+", str(value))
            )
            put("participants", tuple(str(v).strip() for v in items if str(v).strip()), span)
        elif key == "service_type":
            put(key, _service_type_of(str(value)) or str(value).strip(), span)
        elif key in ("client", "location"):
            put(key, str(value).strip(), span)

    session_clauses = [c for c in clauses if is_session_clause(c[0])]
    for clause, start, _end in session_clauses:
        rng = time_range(clause)
        if rng:
            span = (start + rng[3][0], start + rng[3][1])
            put("start_time", rng[0], span)
            put("end_time", rng[1], span)
            put("time_range_minutes", rng[2], span)
    if "start_time" not in values:
        # "Time in: 2:10 pm. Time out: 3:05 pm." — labelled times may sit in two clauses.
        labelled = START_END.search(text)
        rng = time_range(labelled.group(0)) if labelled else None
        if labelled and rng:
            put("start_time", rng[0], labelled.span())
            put("end_time", rng[1], labelled.span())
            put("time_range_minutes", rng[2], labelled.span())
    best = _best_duration(clauses)
    # Stated start and stop times beat a duration found only loosely ("a 15-minute window").
    if best and (best[2] >= 1.5 or "time_range_minutes" not in values):
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


def _service_type_of(value: str) -> str | None:
    """A stated service type in canonical words ("Diagnostic evaluation" -> the known type)."""
    for type_name, pattern in _compiled()["service_type"]:
        if value.strip().lower() == type_name or pattern.search(value):
            return cast(str, type_name)
    return None


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


_ACTIVITY_BEFORE = re.compile(
    r"(?i)\b(sleep\w*|slept|nap\w*|walk(?!-in)\w*|jog\w*|exercis\w*|work\w*|stud\w*|screen|gym|shifts?"
    r"|drives?|driving|commute|practice|homework|window|timer|break|meditat\w*|read\w*)\b[\w\s,-]{0,12}$"
)


_ACTIVITY_AFTER = re.compile(
    r"(?i)\s*(worry |daily |each |a |per )?(window|walk|break|timer|nap|practice|exercise|drive"
    r"|commute|each day|a day|daily|per day|at night|of sleep|of screen|of homework|of reading)\b"
)


def _best_duration(clauses: list[tuple[str, int, int]]) -> tuple[int, Span, float] | None:
    """The session's length: a duration in a clause about the session, not "a party for 30 min"."""
    best: tuple[float, int, Span] | None = None
    for index, (clause, start, _end) in enumerate(clauses):
        for minutes, (m_start, m_end) in duration_mentions(clause):
            if not 5 <= minutes <= 480:
                continue
            before = clause[:m_start].lower()
            score: float = 0
            after = clause[m_end:].lower()
            if re.search(r"\b(for|about|spent|lasted|over|after|every|per|each|of)\s*$", before):
                score -= 2  # "attended a party for 30 min", "walks 20 min"
            if _ACTIVITY_BEFORE.search(before) or _ACTIVITY_AFTER.match(after):
                score -= 3  # "sleep 5 hrs", "walked 20 min", "a 15-minute worry window"
            if re.match(r"\s*(late|early|ago|later|before|after|behind|of (the|her|his))\b", after):
                score -= 3  # "arrived 10 minutes late"
            if re.search(
                r"\b(remaining|actual|total|met for( the)?|lasted|session (was|lasted)|duration)\s*:?\s*$",
                before,
            ):
                score += 3  # "we met for the remaining 40 minutes"
            if _compiled()["session"].search(clause):
                score += 2
            if re.fullmatch(r"[\s\w,.-]{0,12}", before):
                score += 1  # the clause opens with it: "53 min indiv telehealth"
            score -= index * 0.01  # earlier wins ties
            if best is None or score > best[0]:
                best = (score, minutes, (start + m_start, start + m_end))
    if best is None or best[0] < -0.5:
        return None  # only activities' durations: the session's length was not stated
    return best[1], best[2], best[0]
