"""`missing-service-details` and `duration-mismatch`: what service, when, how long, how.

Service details come from the shared extractor (`core.extract.service`), so the checker
reads a header exactly as the drafting engine writes and reads it.
"""

from __future__ import annotations

import re

from notewell.core.check.base import CheckContext, finding
from notewell.core.models import Finding

# CPT psychotherapy codes and the minutes each allows (DESIGN.md "Billing support").
CPT_MINUTES: dict[str, tuple[int, int | None]] = {
    "90832": (16, 37),
    "90834": (38, 52),
    "90837": (53, None),
    "90839": (30, 74),
    "90846": (26, None),
    "90847": (26, None),
}
_CPT = re.compile(r"(?<!\d)(9083[2479]|9084[067]|90853|9079[12])(?!\d)")
_DETAIL_LABELS = {
    "date": "date of service",
    "service_type": "service type (e.g. individual psychotherapy, CPT code)",
    "duration": "duration in minutes",
    "modality": "modality or location (in person, telehealth video, telephone; office, home...)",
    "start_end_time": "start and stop times",
    "client_location": "the client's location during the telehealth session",
}


def check_service_details(ctx: CheckContext) -> list[Finding]:
    service = ctx.note.service
    present = {
        "date": service.date is not None,
        "service_type": service.service_type is not None or bool(_CPT.search(ctx.text)),
        "duration": service.duration_minutes is not None,
        "modality": service.modality is not None or service.location is not None,
        "start_end_time": (service.start_time is not None and service.end_time is not None)
        or clock_range(ctx.text) is not None,
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
    rf"(?<![\d/:-]){_CLOCK}\s*(?:-|–|—|to|until)\s*{_CLOCK}"
    rf"|\bstart(?:ed|ing)?(?: time)?\s*(?:at|:)?\s*{_CLOCK}.{{0,40}}?\b(?:end|ended|stop|stopped)"
    rf"(?: time)?\s*(?:at|:)?\s*{_CLOCK}",
    re.IGNORECASE | re.DOTALL,
)


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _clock_minutes(hour: str, minute: str, ampm: str | None, other_ampm: str | None) -> int:
    marker = (ampm or other_ampm or "").lower().replace(".", "")
    h = int(hour) % 12 + (12 if marker == "pm" else 0) if marker else int(hour)
    return h * 60 + int(minute)


def clock_range(text: str) -> tuple[str, str, tuple[int, int]] | None:
    """Start and stop times ("10:00-10:45", "start 2:00 pm ... end 2:45 pm") as HH:MM."""
    for match in _RANGE.finditer(text):
        groups = [g for g in match.groups()]
        values = groups[:6] if groups[0] is not None else groups[6:]
        start = _clock_minutes(values[0], values[1], values[2], values[5])
        end = _clock_minutes(values[3], values[4], values[5], values[2])
        if values[2] is None and values[5] is None and end < start and start < 13 * 60:
            end += 12 * 60  # "11:30-1:15": past noon
        if max(start, end) >= 24 * 60 or int(values[1]) > 59 or int(values[4]) > 59:
            continue
        return (
            f"{start // 60:02d}:{start % 60:02d}",
            f"{end // 60:02d}:{end % 60:02d}",
            match.span(),
        )
    return None


def check_duration(ctx: CheckContext) -> list[Finding]:
    service = ctx.note.service
    findings: list[Finding] = []
    duration = service.duration_minutes
    duration_src = service.sources.get("duration_minutes", ())
    time_src = service.sources.get("start_time", ())
    start_time, end_time = service.start_time, service.end_time
    if not (start_time and end_time):
        found = clock_range(ctx.text)
        if found:
            start_time, end_time, time_span = found
            time_src = (time_span,)
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
    for match in _CPT.finditer(ctx.text):
        code = match.group(1)
        if code not in CPT_MINUTES:
            continue
        low, high = CPT_MINUTES[code]
        if duration < low or (high is not None and duration > high):
            allowed = f"{low}-{high}" if high is not None else f"{low}+"
            findings.append(
                finding(
                    "duration-mismatch",
                    f"CPT {code} requires {allowed} minutes but the note documents {duration}.",
                    match.span(1),
                    "Use the code that matches the documented time (90832 16-37, 90834 38-52, "
                    "90837 53+ minutes) or correct the documented duration.",
                )
            )
    return findings
