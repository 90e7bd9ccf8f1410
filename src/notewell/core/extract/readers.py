"""Input readers: shorthand, dictation, speaker-labelled transcripts, structured files.

Each reader turns the text as read into `Unit`s (a sentence or clause with its span,
its speaker for transcripts, and an element hint where the input says what it is) and
`fields` (service details the input states explicitly, with their spans). `read_input`
detects the kind (or takes it) and dispatches.
"""

from __future__ import annotations

import re

from notewell.core.errors import InputError
from notewell.core.extract.segment import split_sentences
from notewell.core.extract.session_input import (
    FIELD_ALIASES,
    INPUT_TYPES,
    MAX_INPUT_CHARS,
    SessionInput,
    Unit,
    read_field_lines,
)
from notewell.core.extract.spoken import unspoken
from notewell.core.extract.structured import looks_structured, parse_structured, read_structured
from notewell.core.extract.transcript import looks_like_transcript, read_transcript, speaker_lines
from notewell.core.models import InputType

__all__ = [
    "FIELD_ALIASES",
    "INPUT_TYPES",
    "MAX_INPUT_CHARS",
    "SessionInput",
    "Unit",
    "read_input",
]

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
    original, text = text, unspoken(text)  # spoken punctuation written, same offsets
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
    return SessionInput(original, input_type, units, fields)


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
        if not speaker_lines(text):
            raise InputError("no speaker-labelled lines found (expected e.g. 'T: ...' / 'C: ...')")
        return read_transcript(text)
    return read_narrative(text, input_type)  # type: ignore[arg-type]
