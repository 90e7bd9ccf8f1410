"""Section headings of SOAP, DAP, BIRP, GIRP and PIRP notes, and common extra headings.

A heading is recognised at the start of a line, alone ("PLAN", "## Assessment") or
followed by a colon or dash and its content ("Plan: continue weekly"). Single letters
("P:", "D:") count only with a colon, so a sentence starting "A client ..." is not
an Assessment heading. A note without headings has one implicit section, `body`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# canonical section -> heading words (regex). Order matters only for readability.
HEADINGS: dict[str, tuple[str, ...]] = {
    "subjective": ("subjective", "s"),
    "objective": ("objective", "o"),
    "assessment": ("assessment", "clinical assessment", "a"),
    "plan": (
        "plan",
        "p",
        "treatment plan",
        "next",
        "next steps?",
        "next (?:session|appointment|appt|visit)",
        "plan and next steps",
        "follow[- ]up",
        "f/u",
        "homework",
        "hw",
        "recommendations?",
        "disposition",
    ),
    "data": ("data", "d"),
    "behavior": ("behaviou?rs?", "b", "presentation"),
    "intervention": (
        "interventions?(?: used| provided| delivered)?",
        "i",
        "therapist interventions?",
    ),
    "response": (
        "response",
        "r",
        "client response",
        "client'?s response",
        "response to interventions?",
    ),
    "goal": ("goals?(?:\\s*#?\\s*\\d+)?", "g", "goals? addressed", "treatment goals?"),
    "problem": ("problem", "presenting problem", "presenting concerns?", "chief complaint"),
    "progress": ("progress", "progress toward goals?", "progress towards goals?"),
    "risk": ("risk", "risk assessment", "safety", "safety assessment", "suicide risk"),
    "mental_status": ("mental status(?: exam(?:ination)?)?", "mse"),
    "diagnosis": ("diagnos[ie]s", "dx", "diagnostic impression"),
    "symptoms": ("symptoms", "current symptoms"),
    "evaluation": ("evaluation", "e"),
}

_ALTERNATIVES = sorted(
    ((word, name) for name, words in HEADINGS.items() for word in words),
    key=lambda item: -len(item[0]),
)
_HEADING = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*|__)?(?P<word>"
    + "|".join(f"(?P<h{i}>{word})" for i, (word, _name) in enumerate(_ALTERNATIVES))
    + r")(?:\*\*|__)?[ \t]*(?P<sep>:|-(?=\s)|–|—|$)(?:\*\*|__)?",
    re.IGNORECASE | re.MULTILINE,
)
_GROUP_NAMES = {f"h{i}": name for i, (_word, name) in enumerate(_ALTERNATIVES)}


@dataclass(frozen=True, slots=True)
class Section:
    name: str  # canonical name, or "body" for text before any heading
    start: int  # where the content starts (after the heading)
    end: int
    heading: tuple[int, int] | None = None

    def has_content(self, text: str) -> bool:
        return any(ch.isalnum() for ch in text[self.start : self.end])


def find_sections(text: str) -> list[Section]:
    """Sections in order; text before the first heading is `body`."""
    marks: list[tuple[str, int, int, int]] = []  # name, heading start, heading end, content start
    for match in _HEADING.finditer(text):
        word = match.group("word")
        sep = match.group("sep")
        if len(word) == 1 and sep != ":":
            continue  # "A client ..." / "I think" are not headings
        if sep == "" and not _alone_on_line(text, match):
            continue
        name = next(
            _GROUP_NAMES[g] for g, v in match.groupdict().items() if v and g in _GROUP_NAMES
        )
        marks.append((name, match.start("word"), match.end(), match.end()))
    sections: list[Section] = []
    cursor = 0
    pending: tuple[str, tuple[int, int] | None] = ("body", None)
    for name, h_start, h_end, c_start in marks:
        if pending[0] != "body" or any(ch.isalnum() for ch in text[cursor:h_start]):
            sections.append(Section(pending[0], cursor, h_start, pending[1]))
        pending = (name, (h_start, h_end))
        cursor = c_start
    sections.append(Section(pending[0], cursor, len(text), pending[1]))
    return sections


def _alone_on_line(text: str, match: re.Match[str]) -> bool:
    line_end = text.find("\n", match.end())
    rest = text[match.end() : line_end if line_end >= 0 else len(text)]
    return not rest.strip(" \t*_:")


def section_at(sections: list[Section], position: int) -> str:
    for section in sections:
        if section.start <= position < section.end or (
            section.heading and section.heading[0] <= position < section.start
        ):
            return section.name
    return "body"
