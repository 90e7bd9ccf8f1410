"""Split input text into sentences and clauses, keeping character spans.

Clinicians' shorthand ends clauses with ".", ";" or a line break and rarely with a
capital letter after, so boundaries are punctuation + space or a newline, not
capitalisation. Abbreviations with dots ("Dr.", "e.g.", "a.m.") do not end a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NO_BREAK_BEFORE = re.compile(
    r"(?:\b(?i:dr|mr|mrs|ms|st|vs|etc|e\.g|i\.e|approx|a\.m|p\.m|s\.i|h\.i)|\b[A-Z])$"
)
_TITLE_BEFORE = re.compile(r"\b(?i:dr|mr|mrs|ms|st)$")
# A boundary: sentence punctuation (plus closing quotes/brackets) then space, or ";", or a newline.
# A checkbox ("[ ] Yes [x] No") is not a bracketed aside: its "]" ends nothing.
_BOUNDARY = re.compile(r"[.!?]+[\"”')\]]*(?=\s)|;|\n|(?<!\[[ xX✓✔*•])(?<!\[)\](?=\s+[A-Z])")
# Section labels a clinician may type ("Plan:", "D:", "Goal 2:") at the start of a clause.
LABEL = re.compile(
    r"^(?P<label>(?i:subjective|objective|assessment|plan|data|behaviou?r|interventions?|response"
    r"|goals?(?:\s*#?\s*\d+)?|progress|risk|hw|homework|s|o|a|p|d|b|i|r|g))\s*[:\-]\s+"
)


_LIST_MARKER = re.compile(r"^\(?\d{1,2}[.)]$")
_BULLET = re.compile(r"^(?:[-–—•*]+\s+|[•*]+)+")


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    start: int
    end: int


def split_sentences(text: str, offset: int = 0) -> list[Piece]:
    """Sentences/clauses of `text` as trimmed pieces with absolute offsets."""
    pieces: list[Piece] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        # "Dr. Lee", "e.g. grounding": no break unless a new line or sentence follows.
        before = text[start : match.start()]
        if (
            match.group().startswith(".")
            and _NO_BREAK_BEFORE.search(before)
            and not text[end : end + 2].startswith("\n")
            and (not _looks_like_new_sentence(text, end) or _TITLE_BEFORE.search(before))
        ):
            continue  # "Dr. Lee", "St. Luke's": a title before a name
        if match.group() == "\n" and _wrapped(text, match.start()):
            continue  # a hard-wrapped line: the sentence goes on
        if _dotted_leader(text, match.start(), end):
            continue  # "Passive death wish ..... Y": a form's label and its value
        piece = _trimmed(text, start, match.start() if match.group() in (";", "\n") else end)
        if piece and not _LIST_MARKER.match(piece[0]):  # "1." of a numbered list is not a clause
            pieces.append(Piece(piece[0], piece[1] + offset, piece[2] + offset))
        start = end
    piece = _trimmed(text, start, len(text))
    if piece:
        pieces.append(Piece(piece[0], piece[1] + offset, piece[2] + offset))
    return pieces


_WRAP_BEFORE = re.compile(r"[\w,\"”')]\s*$")
_WRAP_AFTER = re.compile(r"[ \t]*[\"“']?[a-z]")


def _wrapped(text: str, newline: int) -> bool:
    """A line break inside a sentence (text wrapped at a width): the line before ends in a
    word or comma and the next begins in lower case ("thinking about killing\nherself")."""
    line_start = text.rfind("\n", 0, newline) + 1
    before = text[line_start:newline]
    return (
        len(before) >= 40
        and bool(_WRAP_BEFORE.search(before))
        and bool(_WRAP_AFTER.match(text, newline + 1))
    )


def _dotted_leader(text: str, start: int, end: int) -> bool:
    """A run of dots between a label and its value on the same line (not an ellipsis:
    four or more dots, or three after a space)."""
    dots = text[start:end].rstrip("\"”')]")
    if set(dots) != {"."} or len(dots) < 3:
        return False
    spaced = len(dots) >= 4 or (start > 0 and text[start - 1] in " \t")
    rest = text[end:].split("\n", 1)[0].strip()
    return spaced and bool(rest)


def _looks_like_new_sentence(text: str, index: int) -> bool:
    rest = text[index:].lstrip()
    return bool(rest) and (rest[0].isupper() or rest[0] in '"“')


# One trailing dash run (spaced, or after punctuation); a loop strips several. A single
# pattern repeating the alternatives backtracks exponentially on a table rule "|----|---|".
_TRAILING_DASHES = re.compile(r"(?:(?<![:=])\s+|(?<=[^\w\s+:=]))[-–—]+$")


_SIGNED_ABBREVIATION = re.compile(r"\b[A-Z]{2,5}\s*$")


def _without_trailing_dashes(text: str) -> str:
    while (match := _TRAILING_DASHES.search(text)) is not None:
        single = len(match.group().strip()) == 1
        if _SIGNED_ABBREVIATION.search(text, 0, match.start()) or (
            single and text[match.start() : match.start() + 2] in ("  ", "\t")
        ):
            break  # "SI +   HI -   SH -", "03/09   +   -": a sign, the last column's value
        text = text[: match.start()]
    return text.rstrip()


def _trimmed(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    chunk = text[start:end]
    # Bullets ("- ", "• ") go; a sign glued to a word stays: "-SI/HI" means "no SI/HI".
    stripped = _BULLET.sub("", chunk.strip())
    # A trailing spaced dash goes; "SH-" (negative) keeps its sign.
    stripped = _without_trailing_dashes(stripped)
    if not stripped or not any(ch.isalnum() for ch in stripped):
        return None
    lead = chunk.index(stripped)
    return stripped, start + lead, start + lead + len(stripped)


def split_label(text: str) -> tuple[str | None, int]:
    """A leading section label ("Plan:") and where the content after it starts."""
    match = LABEL.match(text)
    if not match:
        return None, 0
    return match.group("label").lower(), match.end()


_INDENT = re.compile(r"[ \t]*")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-–•*+>]|\d{1,2}[.)]|[a-z]\))[ \t]")


def under_heading(text: str, heading: int, start: int) -> bool:
    """Whether the line at `start` goes on under the heading's line: indented deeper,
    or a list item under a heading that is not itself one ("- Med: ..." then "- Son
    ..." are siblings)."""
    head_line = text.rfind("\n", 0, heading) + 1
    line = text.rfind("\n", 0, start) + 1
    head_indent = len(_INDENT.match(text, head_line).group())  # type: ignore[union-attr]
    indent = len(_INDENT.match(text, line).group())  # type: ignore[union-attr]
    if indent > head_indent:
        return True
    return bool(_LIST_ITEM.match(text, line)) and not _LIST_ITEM.match(text, head_line)
