"""Dictation as the recogniser wrote it: spoken punctuation and spoken corrections.

Speech-to-text without punctuation gives "he denies suicidal ideation period new line
he does report ...", "denies S I slash H I", "quote I want to feel something unquote",
"she endorses SI scratch that she denies SI". `unspoken` turns these into the marks
they stand for and blanks what the speaker took back, keeping every character offset
(the replacement is padded with spaces), so provenance still points into the input.
It changes nothing unless the text is dictated this way (two or more spoken marks, and
more spoken marks than written sentence ends).
"""

from __future__ import annotations

import re

_MARKS = {
    "new paragraph": "\n",
    "next paragraph": "\n",
    "new line": "\n",
    "next line": "\n",
    "full stop": ".",
    "period": ".",
    "question mark": "?",
    "exclamation point": "!",
    "semicolon": ";",
    "colon": ":",
    "comma": ",",
    "slash": "/",
    "end quote": '"',
    "close quote": '"',
    "unquote": '"',
    "open quote": '"',
    "quote": '"',
    "dash": "-",
    "hyphen": "-",
}
_SPOKEN = re.compile(r"(?i)(?<![\w-])(?:" + "|".join(re.escape(k) for k in _MARKS) + r")(?![\w-])")
_SIGNAL = re.compile(r"(?i)(?<![\w-])(?:period|comma|new line|new paragraph|full stop)(?![\w-])")
_WRITTEN_ENDS = re.compile(r"[.!?](?=\s|$)")
# Spelled abbreviations: "S I", "h i", "S I B", "N S S I".
_SPELLED = re.compile(r"(?i)(?<![\w-])(s i b|n s s i|s i|h i|s h)(?![\w-])")
# What the speaker takes back runs from the clause start to the correction.
_CORRECTION = re.compile(
    r"(?i)(?<![\w-])(?:scratch that|strike that|delete that|no,? i'?m sorry|sorry,? i mean)(?![\w-])"
)
_CLAUSE_START = re.compile(r"[.;:!?\n][\s\"]*")
_SUBJECT = re.compile(r"(?i)\b(?:she|he|they|client|patient|pt|i)\b")


def is_spoken(text: str) -> bool:
    spoken = len(_SIGNAL.findall(text))
    return spoken >= 2 and spoken > len(_WRITTEN_ENDS.findall(text))


def unspoken(text: str) -> str:
    """The text with spoken marks written and retracted words blanked, same length."""
    if not is_spoken(text):
        return text
    chars = list(text)
    for match in _SPOKEN.finditer(text):
        _put(chars, match.start(), match.end(), _MARKS[match.group().lower()])
    for match in _SPELLED.finditer(text):
        _put(chars, match.start(), match.end(), match.group().replace(" ", "").upper())
    written = "".join(chars)
    taken_back = 0
    for match in _CORRECTION.finditer(written):
        # "she endorses SI scratch that she denies SI": from the clause's (or the last
        # subject's) start after the previous correction, up to the correction
        starts = [m.end() for m in _CLAUSE_START.finditer(written, taken_back, match.start())]
        subjects = [m.start() for m in _SUBJECT.finditer(written, taken_back, match.start())]
        start = max([taken_back, *starts[-1:], *subjects[-1:]])
        _put(chars, start, match.end(), "")
        taken_back = match.end()
    return "".join(chars)


def _put(chars: list[str], start: int, end: int, mark: str) -> None:
    """Write `mark` over chars[start:end], padded with spaces after it. A mark that ends
    a sentence keeps its place right after the word before it ("up. " not "up ."), so
    the sentence splitter sees a written sentence end."""
    if mark in ".,;:?!" and start > 0 and chars[start - 1] == " ":
        start -= 1
        end = max(end, start + 1)
    chars[start:end] = list(mark.ljust(end - start))
