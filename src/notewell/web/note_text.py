"""A progress note's text as the editor shows it: the header, then one box per section.

The record keeps one text (services.record_text: title and header lines, then each
section as an upper-case heading and its body); the editor splits it on the format's
headings and joins the boxes back the same way, so an unedited note round-trips.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from notewell.core.errors import FormatError
from notewell.core.formats import load_format


@dataclass(frozen=True, slots=True)
class Editable:
    header: str
    sections: tuple[tuple[str, str], ...]  # (heading, body); empty: one free-text box

    @property
    def text(self) -> str:
        return join(self.header, self.sections)


def headings(note_format: str) -> list[str]:
    try:
        return [s.name.upper() for s in load_format(note_format).sections]
    except FormatError:
        return []


def split(text: str, note_format: str) -> Editable:
    """Sections in the format's order; a note whose headings were edited away stays one
    free-text box rather than being guessed apart."""
    names = headings(note_format)
    lines = text.rstrip("\n").split("\n")
    positions = []
    start = 0
    for name in names:
        found = next((i for i in range(start, len(lines)) if lines[i].strip() == name), None)
        if found is None:
            return Editable(text, ())
        positions.append(found)
        start = found + 1
    if not positions:
        return Editable(text, ())
    header = "\n".join(lines[: positions[0]]).rstrip()
    ends = [*positions[1:], len(lines)]
    sections = tuple(
        (name, "\n".join(lines[begin + 1 : end]).strip())
        for name, begin, end in zip(names, positions, ends, strict=True)
    )
    return Editable(header, sections)


def join(header: str, sections: tuple[tuple[str, str], ...] | list[tuple[str, str]]) -> str:
    if not sections:
        return header.rstrip() + "\n"
    parts = [header.rstrip()]
    parts += [f"{name}\n{body.strip() or '(nothing)'}" for name, body in sections]
    return "\n\n".join(parts).rstrip() + "\n"


def digest(text: str) -> str:
    """Tells the sign route whether the clinician edited the text since it was saved."""
    return hashlib.sha256(text.encode()).hexdigest()
