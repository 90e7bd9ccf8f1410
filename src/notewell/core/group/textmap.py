"""Text rebuilt from pieces of an input, with every piece's place in the input kept.

A member's share of a group note is made of clauses of the group input, with other
members' names replaced; drafting it gives spans into the member's text, which
`MappedText.to_input` turns back into spans of what the clinician typed.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from notewell.core.models import Span


@dataclass(slots=True)
class MappedText:
    _parts: list[str] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)  # where each piece starts here
    _sources: list[Span] = field(default_factory=list)  # and what it came from
    _length: int = 0

    def add(self, text: str, source: Span) -> None:
        """Append `text`, which stands for `source` in the input."""
        self._starts.append(self._length)
        self._sources.append(source)
        self._parts.append(text)
        self._length += len(text)

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def to_input(self, span: Span) -> Span:
        """The span of the input that produced `span` of this text."""
        first = self._piece(span[0])
        last = self._piece(max(span[0], span[1] - 1))
        return (self._point(first, span[0]), self._point(last, span[1], end=True))

    def _piece(self, offset: int) -> int:
        return max(0, bisect_right(self._starts, offset) - 1)

    def _point(self, index: int, offset: int, end: bool = False) -> int:
        start, (source_start, source_end) = self._starts[index], self._sources[index]
        if len(self._parts[index]) == source_end - source_start:
            return min(source_end, source_start + offset - start)  # copied: exact offset
        return source_end if end else source_start  # replaced: the whole of what it replaced
