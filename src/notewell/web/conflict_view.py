"""Both sides of a refused save, line by line, with the lines that differ marked, so
the clinician sees at once what the other tab changed."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from notewell.services.errors import Conflict


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    changed: bool


@dataclass(frozen=True, slots=True)
class ConflictView:
    conflict: Conflict
    saved: tuple[Line, ...]
    yours: tuple[Line, ...]


def marked_lines(saved: str, yours: str) -> tuple[tuple[Line, ...], tuple[Line, ...]]:
    a, b = saved.splitlines(), yours.splitlines()
    left: list[Line] = []
    right: list[Line] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        left += [Line(t, tag != "equal") for t in a[i1:i2]]
        right += [Line(t, tag != "equal") for t in b[j1:j2]]
    return tuple(left), tuple(right)


def conflict_view(conflict: Conflict) -> ConflictView:
    saved, yours = marked_lines(conflict.current_text, conflict.attempted_text)
    return ConflictView(conflict, saved, yours)
