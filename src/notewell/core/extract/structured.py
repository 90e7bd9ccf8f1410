"""Structured session files (YAML or JSON) with explicit fields."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import yaml

from notewell.core.errors import InputError
from notewell.core.extract.segment import split_sentences
from notewell.core.extract.session_input import SessionInput, Unit

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
