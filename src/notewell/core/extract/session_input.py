"""What a reader produces: `Unit`s with spans, and service fields the input states.

Also the `key: value` lines ("duration: 16 min") any narrative or transcript may open with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from notewell.core.models import InputType

MAX_INPUT_CHARS = 100_000
"""Longest session input accepted (about 15,000 words: a long session transcript)."""

INPUT_TYPES: tuple[str, ...] = ("shorthand", "dictation", "transcript", "structured")


@dataclass(frozen=True, slots=True)
class Unit:
    text: str
    start: int
    end: int
    speaker: str | None = None  # "clinician" or "client" (or another participant's label)
    hint: str | None = None  # element named by the input itself


@dataclass(slots=True)
class SessionInput:
    text: str
    input_type: InputType
    units: list[Unit]
    fields: dict[str, tuple[Any, tuple[int, int]]] = field(default_factory=dict)
    speakers: dict[str, str] = field(default_factory=dict)  # label -> role


# --- key: value service lines ("duration: 16 min") -----------------------------------

FIELD_ALIASES: dict[str, str] = {
    "client": "client",
    "client id": "client",
    "client_id": "client",
    "client name": "client",
    "date": "date",
    "session date": "date",
    "session_date": "date",
    "date of service": "date",
    "dos": "date",
    "service date": "date",
    "duration": "duration",
    "duration_minutes": "duration",
    "length": "duration",
    "session length": "duration",
    "minutes": "duration",
    "start": "start_time",
    "start time": "start_time",
    "start_time": "start_time",
    "end": "end_time",
    "end time": "end_time",
    "end_time": "end_time",
    "stop time": "end_time",
    "stop": "end_time",
    "time": "time",
    "modality": "modality",
    "format": "modality",
    "mode": "modality",
    "delivery": "modality",
    "location": "location",
    "place of service": "location",
    "pos": "location",
    "service": "service_type",
    "service type": "service_type",
    "service_type": "service_type",
    "type": "service_type",
    "participants": "participants",
    "attendees": "participants",
    "present": "participants",
}
_FIELD_LINE = re.compile(
    r"^[ \t]*(?P<key>"
    + "|".join(sorted((re.escape(k) for k in FIELD_ALIASES), key=len, reverse=True))
    + r")[ \t]*:[ \t]*(?P<value>[^\n]+?)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)


def read_field_lines(
    text: str,
) -> tuple[dict[str, tuple[Any, tuple[int, int]]], list[tuple[int, int]]]:
    """Leading `key: value` lines naming service details, and the spans they cover."""
    fields: dict[str, tuple[Any, tuple[int, int]]] = {}
    covered: list[tuple[int, int]] = []
    for match in _FIELD_LINE.finditer(text):
        key = FIELD_ALIASES[match.group("key").lower()]
        if key == "client" and len(match.group("value").split()) > 4:
            continue  # "Client: I had a panic attack..." is speech, not an identifier
        fields.setdefault(key, (match.group("value"), match.span("value")))
        covered.append(match.span())
    return fields, covered
