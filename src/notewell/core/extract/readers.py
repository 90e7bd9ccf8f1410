"""Input readers: shorthand, dictation, speaker-labelled transcripts, structured files.

Each reader turns the text as read into `Unit`s (a sentence or clause with its span,
its speaker for transcripts, and an element hint where the input says what it is) and
`fields` (service details the input states explicitly, with their spans).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml

from notewell.core.errors import InputError
from notewell.core.extract.segment import split_sentences
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


# --- transcripts ----------------------------------------------------------------------

_SPEAKER_LINE = re.compile(
    # An optional timestamp ("[00:01:12]", "00:01") may precede the speaker label.
    r"^[ \t]*(?:\[?\d{1,2}:\d{2}(?::\d{2})?\]?[ \t]+)?"
    r"(?P<label>[A-Z][A-Za-z.'\- ]{0,24}?|[A-Z])[ \t]*:[ \t]*(?P<rest>\S.*)$",
    re.M,
)
CLINICIAN_LABELS = {
    "t",
    "th",
    "therapist",
    "clinician",
    "counselor",
    "counsellor",
    "dr",
    "doctor",
    "provider",
    "psychologist",
    "social worker",
    "lcsw",
    "me",
    "interviewer",
    "sw",
}
CLIENT_LABELS = {"c", "cl", "client", "patient", "p", "pt", "member", "consumer", "youth"}
_NOT_SPEAKERS = {
    "plan",
    "goal",
    "data",
    "assessment",
    "subjective",
    "objective",
    "behavior",
    "behaviour",
    "intervention",
    "interventions",
    "response",
    "progress",
    "risk",
    "hw",
    "homework",
    "note",
    "notes",
    "date",
    "duration",
    "modality",
    "session",
    "location",
    "time",
    "a",
    "s",
    "o",
    "d",
    "b",
    "i",
    "r",
    "g",
    "ba",
    "mi",
    "dbt",
    "cbt",
    "si",
    "hi",
    "mse",
    "dx",
    "diagnosis",
    "summary",
    "focus",
    "topic",
}


def _speaker_lines(text: str) -> list[re.Match[str]]:
    lines = []
    for match in _SPEAKER_LINE.finditer(text):
        label = match.group("label").strip().lower().rstrip(".")
        if (
            label in _NOT_SPEAKERS
            or re.match(r"^goal\s*\d", label)
            or (label in FIELD_ALIASES and label not in CLIENT_LABELS)
        ):
            continue
        lines.append(match)
    return lines


def looks_like_transcript(text: str) -> bool:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    speaker_lines = _speaker_lines(text)
    labels = {m.group("label").strip().lower() for m in speaker_lines}
    return len(speaker_lines) >= 3 and len(labels) >= 2 and len(speaker_lines) >= 0.6 * len(lines)


def _speaker_roles(matches: list[re.Match[str]]) -> dict[str, str]:
    labels: list[str] = []
    for match in matches:
        label = match.group("label").strip()
        if label not in labels:
            labels.append(label)
    roles: dict[str, str] = {}
    for label in labels:
        key = label.lower().rstrip(".")
        if key in CLINICIAN_LABELS or key.startswith(("dr ", "dr.")):
            roles[label] = "clinician"
        elif key in CLIENT_LABELS:
            roles[label] = "client"
    unnamed = [label for label in labels if label not in roles]
    if unnamed and "clinician" not in roles.values():
        # Named speakers: the one who asks more questions leads the session.
        def questions(label: str) -> int:
            return sum(
                m.group("rest").count("?") for m in matches if m.group("label").strip() == label
            )

        roles[max(unnamed, key=questions)] = "clinician"
        unnamed = [label for label in labels if label not in roles]
    for label in unnamed:
        roles[label] = "client" if "client" not in roles.values() else label.lower()
    return roles


def read_transcript(text: str) -> SessionInput:
    matches = _speaker_lines(text)
    roles = _speaker_roles(matches)
    units: list[Unit] = []
    for match in matches:
        role = roles[match.group("label").strip()]
        for piece in split_sentences(match.group("rest"), offset=match.start("rest")):
            units.append(Unit(piece.text, piece.start, piece.end, speaker=role))
    fields, _ = read_field_lines(text)
    fields.pop("client", None)
    return SessionInput(text, "transcript", units, fields, speakers=roles)


# --- shorthand and dictation ------------------------------------------------------------

_SHORTHAND_MARKS = re.compile(
    r"(?<![\w/])(?:pt|cl|c/o|hx|w/o?|f/u|HW|SI|HI|BA|MI|wks?|min|x\d|\+)(?![\w/])"
)


def classify_narrative(text: str) -> InputType:
    words = text.split()
    marks = len(_SHORTHAND_MARKS.findall(text))
    sentences = split_sentences(text)
    mean_len = len(words) / max(1, len(sentences))
    return "shorthand" if marks / max(1, len(words)) > 0.03 or mean_len < 8 else "dictation"


def read_narrative(text: str, input_type: InputType) -> SessionInput:
    fields, covered = read_field_lines(text)
    units: list[Unit] = []
    for start, end in covered:
        units.append(Unit(text[start:end].strip(), start, end, hint="service"))
    cursor = 0
    for start, end in [*covered, (len(text), len(text))]:
        for piece in split_sentences(text[cursor:start], offset=cursor):
            units.append(Unit(piece.text, piece.start, piece.end))
        cursor = end
    units.sort(key=lambda u: u.start)
    return SessionInput(text, input_type, units, fields)


# --- structured session files (YAML or JSON) ---------------------------------------------

STRUCTURED_TEXT_FIELDS: dict[str, str | None] = {
    "goals": "goal",
    "goal": "goal",
    "client_report": "client_report",
    "subjective": "client_report",
    "presenting_concerns": "client_report",
    "observations": "observation",
    "observation": "observation",
    "objective": "observation",
    "interventions": "intervention",
    "intervention": "intervention",
    "response": "response",
    "client_response": "response",
    "progress": "progress",
    "risk": "risk",
    "risk_assessment": "risk",
    "plan": "plan",
    "private": "private_reflection",
    "private_reflections": "private_reflection",
    "notes": None,
    "narrative": None,
    "summary": None,
    "session_notes": None,
    "text": None,
}
STRUCTURED_SERVICE_FIELDS = {
    "client",
    "date",
    "session_date",
    "date_of_service",
    "duration",
    "duration_minutes",
    "start_time",
    "end_time",
    "modality",
    "location",
    "service_type",
    "participants",
}


_FIRST_KEY = re.compile(r"\s*(?:---\s*\n\s*)?[\"']?([A-Za-z_]+)[\"']?\s*:")
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_structured(text: str, force: bool = False) -> dict[str, Any] | None:
    """The mapping in a YAML/JSON session file, or None when the text is not one.

    Unless `force`, YAML is only tried when the text opens with a known field name:
    parsing every shorthand note as YAML would cost more than drafting it.
    """
    stripped = text.lstrip()
    if not force and not stripped.startswith("{"):
        first = _FIRST_KEY.match(text)
        known = STRUCTURED_SERVICE_FIELDS | set(STRUCTURED_TEXT_FIELDS)
        if first is None or first.group(1) not in known:
            return None
    try:
        data = (
            json.loads(text) if stripped.startswith("{") else yaml.load(text, Loader=_YAML_LOADER)
        )
    except (json.JSONDecodeError, yaml.YAMLError):
        return None
    return data if isinstance(data, dict) else None


def looks_structured(data: dict[str, Any] | None) -> bool:
    if not data or len(data) < 2:
        return False
    known = STRUCTURED_SERVICE_FIELDS | set(STRUCTURED_TEXT_FIELDS)
    keys = [str(k) for k in data]
    return all(k in known for k in keys) and any(k in STRUCTURED_TEXT_FIELDS for k in keys)


def read_structured(text: str) -> SessionInput:
    data = parse_structured(text, force=True)
    if data is None:
        kind = "JSON" if text.lstrip().startswith("{") else "YAML"
        raise InputError(f"structured session input is not a valid {kind} mapping of fields")
    known = STRUCTURED_SERVICE_FIELDS | set(STRUCTURED_TEXT_FIELDS)
    for key in data:
        if key not in known:
            raise InputError(
                f"unknown field {key!r} in session file (known: {', '.join(sorted(known))})"
            )
    fields: dict[str, tuple[Any, tuple[int, int]]] = {}
    units: list[Unit] = []
    cursor = 0
    for key, value in data.items():
        key_span = _locate(text, str(key), 0) or (0, 0)
        if key in STRUCTURED_SERVICE_FIELDS:
            _check_service_value(key, value)
            span = _locate(text, str(value), key_span[1]) or key_span
            name = {
                "session_date": "date",
                "date_of_service": "date",
                "duration_minutes": "duration",
            }.get(key, key)
            fields[name] = (value, span)
            continue
        values = value if isinstance(value, list) else [value]
        for item in values:
            if item is None:
                continue
            if not isinstance(item, str | int | float):
                raise InputError(f"field {key!r} in session file must be text or a list of text")
            item_text = str(item)
            for piece in split_sentences(item_text):
                span = _locate(text, piece.text, cursor) or _locate(text, piece.text, 0) or key_span
                cursor = max(cursor, span[1])
                units.append(Unit(piece.text, span[0], span[1], hint=STRUCTURED_TEXT_FIELDS[key]))
    if not units:
        raise InputError("session file has no text fields (e.g. 'notes', 'interventions', 'plan')")
    return SessionInput(text, "structured", units, fields)


def _check_service_value(key: str, value: Any) -> None:
    if key == "participants":
        if not isinstance(value, list | str) or (
            isinstance(value, list) and not all(isinstance(v, str) for v in value)
        ):
            raise InputError("field 'participants' in session file must be a list of text")
    elif key == "duration_minutes":
        if not isinstance(value, int) or isinstance(value, bool) or not 0 < value < 1440:
            raise InputError(
                "field 'duration_minutes' in session file must be a whole number of minutes"
            )
    elif not isinstance(value, str | int | float | date) or isinstance(value, bool):
        raise InputError(f"field {key!r} in session file must be text")


def _locate(text: str, needle: str, start: int) -> tuple[int, int] | None:
    needle = needle.strip()
    if not needle:
        return None
    index = text.find(needle, start)
    return (index, index + len(needle)) if index >= 0 else None


# --- entry point ---------------------------------------------------------------------------


def read_input(text: str, input_type: str | None = None) -> SessionInput:
    """Detect (or take) the input type and read the text into units and fields."""
    if len(text) > MAX_INPUT_CHARS:
        raise InputError(
            f"input is {len(text):,} characters; the limit is {MAX_INPUT_CHARS:,} per session"
        )
    if not text.strip():
        raise InputError("input is empty: write a few lines about the session")
    if input_type is not None and input_type not in INPUT_TYPES:
        raise InputError(f"unknown input type {input_type!r} (known: {', '.join(INPUT_TYPES)})")
    if input_type is None:
        if looks_structured(parse_structured(text)):
            input_type = "structured"
        elif looks_like_transcript(text):
            input_type = "transcript"
        else:
            input_type = classify_narrative(text)
    if input_type == "structured":
        return read_structured(text)
    if input_type == "transcript":
        if not _speaker_lines(text):
            raise InputError("no speaker-labelled lines found (expected e.g. 'T: ...' / 'C: ...')")
        return read_transcript(text)
    return read_narrative(text, input_type)  # type: ignore[arg-type]
