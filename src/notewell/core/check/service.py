"""`missing-service-details` and `duration-mismatch`: what service, when, how long, how.

Service details come from the shared extractor (`core.extract.service`), so the checker
reads a header exactly as the drafting engine writes and reads it.
"""

from __future__ import annotations

import re

from notewell.core.billing import code_minutes, cpt_table
from notewell.core.check.base import CheckContext, finding
from notewell.core.check.registry import registers
from notewell.core.extract.clock import START_END, duration_mentions
from notewell.core.models import Finding, Span

_CPT = re.compile(r"(?<!\d)(9083[2479]|9084[067]|90853|9079[12])(?!\d)")
_DETAIL_LABELS = {
    "date": "date of service",
    "service_type": "service type (e.g. individual psychotherapy, CPT code)",
    "duration": "duration in minutes",
    "modality": "modality or location (in person, telehealth video, telephone; office, home...)",
    "start_end_time": "start and stop times",
    "client_location": "the client's location during the telehealth session",
}


@registers("missing-service-details")
def check_service_details(ctx: CheckContext) -> list[Finding]:
    service = ctx.note.service
    present = {
        "date": service.date is not None,
        "service_type": service.service_type is not None or bool(_CPT.search(ctx.text)),
        "duration": service.duration_minutes is not None,
        "modality": service.modality is not None or service.location is not None,
        "start_end_time": _service_times(ctx) is not None,
        "client_location": service.modality not in ("telehealth_video", "telephone")
        or service.location is not None,
    }
    missing = [d for d in ctx.profile.service_details.required if not present[d]]
    if not missing:
        return []
    labels = [_DETAIL_LABELS[d] for d in missing]
    first_line = ctx.text.lstrip().split("\n", 1)[0]
    start = len(ctx.text) - len(ctx.text.lstrip())
    return [
        finding(
            "missing-service-details",
            "Service details missing: " + "; ".join(labels) + ".",
            (start, start + len(first_line.rstrip())),
            "Open the note with a header, e.g. 'Date of service: 2026-09-14. Individual "
            "psychotherapy, 53 minutes, 10:00-10:53, telehealth video (client at home).'",
        )
    ]


_CLOCK = r"(\d{1,2}):(\d{2})\s*([ap]\.?m\.?)?"
_RANGE = re.compile(
    rf"(?<![\d/:-]){_CLOCK}\s*(?:-|–|—|to|until)\s*{_CLOCK}",
    re.IGNORECASE,
)
_CLOCK_PARTS = re.compile(_CLOCK, re.IGNORECASE)
# A clock range is the session's only with a session context on its line: a label
# ("Session 1:00-1:40", "Time in: 2:10 pm", "appt", "seen"), the header's duration,
# code or modality ("90837, 10:02-10:58 (56 min)"); "a sleep window of 11:30 pm to
# 6:00 am" or "walks 7:00-7:45" name the client's day, not the service.
_SESSION_CONTEXT = re.compile(
    r"\b(?:session|sess|appt|appointment|visit|seen|saw|met|meeting|time|times|start\w*|began"
    r"|begin|end|ended|stop\w*|dos|date|service|therapy|psychotherapy|counsell?ing|individual|indiv"
    r"|family|couples?|group|intake|telehealth|video|virtual|phone|telephone|in[- ]person|office"
    r"|clinic|cpt|9083\d|9084\d|9079\d|9085\d|min|mins|minutes?)\b",
    re.IGNORECASE,
)
# The client's activities that come with clock times of their own.
_ACTIVITY_CONTEXT = re.compile(
    r"\b(?:sleep\w*|slept|bed\w*|wake\w*|woke|nap\w*|window|curfew|walk\w*|jog\w*|run|gym"
    r"|exercis\w*|work(?:s|ed|ing)?|shifts?|school|class(?:es)?|stud\w*|homework|worry|meals?"
    r"|breakfast|lunch|dinner|screen|medication|meds|dose|alarm|commute|drive|driving|lights out)\b",
    re.IGNORECASE,
)
_MAX_SESSION_MINUTES = 240
_STATED_DURATION_LABEL = re.compile(
    r"\b(?:total(?: (?:session |face-to-face |face to face )?time)?|duration|length|session length"
    r"|time spent|minutes)\s*[:=-]?\s*$",
    re.IGNORECASE,
)


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _clock_minutes(hour: str, minute: str, ampm: str | None, other_ampm: str | None) -> int:
    marker = (ampm or other_ampm or "").lower().replace(".", "")
    h = int(hour) % 12 + (12 if marker == "pm" else 0) if marker else int(hour)
    return h * 60 + int(minute)


def _line_around(text: str, start: int, end: int) -> tuple[str, str]:
    """The text of the range's line before and after it (at most 60 characters each)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return text[max(line_start, start - 60) : start], text[end : min(line_end, end + 60)]


def _session_range(text: str, span: tuple[int, int], start: int, end: int) -> bool:
    """Is the clock range at `span` plausibly the session's start and stop?"""
    if end <= start or end - start > _MAX_SESSION_MINUTES:
        return False  # crosses midnight or longer than any session: the client's day
    before, after = _line_around(text, *span)
    near_before = before[-30:]
    if _ACTIVITY_CONTEXT.search(near_before) and not _SESSION_CONTEXT.search(near_before):
        return False
    return bool(_SESSION_CONTEXT.search(before) or _SESSION_CONTEXT.search(after[:30]))


def _to_clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def clock_range(text: str) -> tuple[str, str, tuple[int, int]] | None:
    """The session's start and stop times as HH:MM: a labelled pair ("start 2:00 pm ...
    end 2:45 pm", "Time in: 2:10 pm. Time out: 3:05 pm", the engine's `START_END`) or a
    range ("10:00-10:45") with a session context; never the client's sleep window."""
    labelled = START_END.search(text)
    if labelled:
        first = _CLOCK_PARTS.match(labelled.group("s").strip())
        second = _CLOCK_PARTS.match(labelled.group("e").strip())
        if first and second:
            found = _read_pair(first.groups(), second.groups())
            if found and found[1] - found[0] <= _MAX_SESSION_MINUTES:
                return _to_clock(found[0]), _to_clock(found[1]), labelled.span()
    for match in _RANGE.finditer(text):
        found = _read_pair(match.groups()[:3], match.groups()[3:])
        if found and _session_range(text, match.span(), *found):
            return _to_clock(found[0]), _to_clock(found[1]), match.span()
    return None


def _read_pair(
    first: tuple[str | None, ...], second: tuple[str | None, ...]
) -> tuple[int, int] | None:
    h1, m1, ap1 = first
    h2, m2, ap2 = second
    if h1 is None or m1 is None or h2 is None or m2 is None:
        return None
    if int(m1) > 59 or int(m2) > 59:
        return None
    start = _clock_minutes(h1, m1, ap1, ap2)
    end = _clock_minutes(h2, m2, ap2, ap1)
    if ap1 is None and ap2 is None and end < start and start < 13 * 60:
        end += 12 * 60  # "11:30-1:15": past noon
    if max(start, end) >= 24 * 60:
        return None
    if end <= start:
        return None  # "11:30 pm to 6:00 am" crosses midnight: no session does
    return start, end


def _service_times(ctx: CheckContext) -> tuple[str, str, tuple[tuple[int, int], ...]] | None:
    """Start and stop from the engine's service details when they are the session's,
    otherwise from the checker's own reading of the text."""
    service = ctx.note.service
    time_src = service.sources.get("start_time", ())
    if service.start_time and service.end_time:
        start, end = _minutes(service.start_time), _minutes(service.end_time)
        span = time_src[0] if time_src else None
        labelled = span is not None and bool(START_END.search(ctx.text, span[0], span[1]))
        plausible = 0 < end - start <= _MAX_SESSION_MINUTES
        if plausible and (span is None or labelled or _session_range(ctx.text, span, start, end)):
            return service.start_time, service.end_time, time_src
    found = clock_range(ctx.text)
    if found:
        return found[0], found[1], (found[2],)
    return None


def _stated_duration(ctx: CheckContext, exclude: tuple[int, int]) -> tuple[int, Span] | None:
    """A duration written with a label ("Total: 45 min", "Duration: 50 minutes") outside
    the start/stop times, for when the engine took the session length from the times."""
    for sentence in ctx.note.sentences:
        if sentence.end <= exclude[0] or sentence.start >= exclude[1]:
            for minutes, (a, b) in duration_mentions(sentence.text):
                if 5 <= minutes <= 480 and _STATED_DURATION_LABEL.search(sentence.text[:a]):
                    return minutes, (sentence.start + a, sentence.start + b)
    return None


@registers("duration-mismatch")
def check_duration(ctx: CheckContext) -> list[Finding]:
    service = ctx.note.service
    findings: list[Finding] = []
    duration = service.duration_minutes
    duration_src = service.sources.get("duration_minutes", ())
    time_src = service.sources.get("start_time", ())
    start_time = end_time = None
    times = _service_times(ctx)
    if times:
        start_time, end_time, time_src = times
    if times and duration_src and duration_src == time_src:
        # The engine took the length from the times; a stated total may still disagree.
        stated = _stated_duration(ctx, duration_src[0])
        if stated:
            duration, duration_src = stated[0], (stated[1],)
    if duration is not None and start_time and end_time:
        elapsed = (_minutes(end_time) - _minutes(start_time)) % (24 * 60)
        derived = bool(duration_src) and duration_src == time_src
        if (
            not derived
            and abs(elapsed - duration) > ctx.profile.thresholds.duration_tolerance_minutes
        ):
            span = duration_src[0] if duration_src else (time_src[0] if time_src else None)
            findings.append(
                finding(
                    "duration-mismatch",
                    f"Duration {duration} min disagrees with start/stop times "
                    f"{start_time}-{end_time} ({elapsed} min).",
                    span,
                    "Correct either the duration or the start and stop times so they agree.",
                )
            )
    if duration is None and start_time and end_time:
        duration = (_minutes(end_time) - _minutes(start_time)) % (24 * 60)
    if duration is None:
        return findings
    codes = code_minutes()
    psychotherapy = ", ".join(
        f"{c.code} {c.range_text.removesuffix(' min')}" for c in cpt_table()["psychotherapy"]
    )
    for match in _CPT.finditer(ctx.text):
        rule = codes.get(match.group(1))
        if rule is None or rule.allows(duration):
            continue
        findings.append(
            finding(
                "duration-mismatch",
                f"CPT {rule.code} requires {rule.range_text.removesuffix(' min')} minutes but "
                f"the note documents {duration}.",
                match.span(1),
                f"Use the code that matches the documented time ({psychotherapy} minutes) or "
                "correct the documented duration.",
            )
        )
    return findings
