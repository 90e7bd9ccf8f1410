"""Checkboxes: the ticked option decides.

`tick_marks_only` returns the text with every unticked option and every mark replaced
by spaces, so what remains is what the clinician ticked, at the same character offsets:

    "SI: [ ] yes [x] no"          -> "SI:             no"
    "Suicidal ideation: ☐ Yes ☒ No" -> "Suicidal ideation:         No"
    "[ ] Passive SI  [x] None"     -> "                     None"

Marks usually precede their option; a line that ends in a mark ("Yes [ ] No [x]") puts
each mark after its option.
"""

from __future__ import annotations

import itertools
import re
from functools import cache

from notewell.core.risk.vocabulary import structure_vocabulary


@cache
def _marks() -> tuple[re.Pattern[str], frozenset[str]]:
    vocabulary = structure_vocabulary()
    marks = sorted({*vocabulary.ticked, *vocabulary.unticked}, key=len, reverse=True)
    # "[ x ]", "[  ]": spacing inside brackets varies.
    bodies = [
        r"\[\s*" + re.escape(m[1:-1].strip()) + r"\s*\]"
        if m.startswith("[") and m.endswith("]")
        else r"\(\s*" + re.escape(m[1:-1].strip()) + r"\s*\)"
        if m.startswith("(") and m.endswith(")")
        else re.escape(m)
        for m in marks
    ]
    ticked = frozenset(_key(m) for m in vocabulary.ticked)
    return re.compile("|".join(dict.fromkeys(bodies))), ticked


def _key(mark: str) -> str:
    return re.sub(r"\s+", "", mark).lower()


# An option ends at a bar or semicolon, at a column gap (two or more spaces) or where the
# next label starts ("( ) active   HI: ( ) denied": "HI:" is not part of "active").
_OPTION_END = re.compile(r"[|;]|\s{2,}(?=\S)|\s(?=[\w/'-]+\s*:)")


# "[ Yes ]  [✓ No ]": an option inside its own box; "SI [N]  HI [Y]": a value in brackets.
_BOXED_OPTION = re.compile(
    r"\[\s*(?P<mark>[✓✔xX*•]\s+)?(?P<option>(?i:yes|no|y|n|denies|denied|endorses|endorsed|present"
    r"|absent|none|passive|active|unknown|positive|negative|pos|neg))\s*\]"
)
_BRACKETED_VALUE = {"y", "n", "yes", "no"}


def _boxed_options(text: str) -> str:
    """On a line with a marked box ("[✓ No ]") the unmarked boxes are unticked options;
    on a line without one, "[Y]" and "[N]" are values in brackets."""
    chars = list(text)
    offset = 0
    for line in text.split("\n"):
        matches = list(_BOXED_OPTION.finditer(line))
        marked = any(m.group("mark") for m in matches)
        for match in matches:
            boxed = bool(re.match(r"\[\s", match.group()))  # "[ Yes ]" is a box, "[Y]" a value
            if not marked and not boxed and match.group("option").lower() not in _BRACKETED_VALUE:
                continue
            if not marked and boxed:
                for i in range(match.start(), match.end()):
                    chars[offset + i] = " "  # an unticked box
                continue
            keep = (
                range(match.start("option"), match.end("option"))
                if match.group("mark") or not marked
                else range(0)
            )
            for i in range(match.start(), match.end()):
                if i not in keep:
                    chars[offset + i] = " "
        offset += len(line) + 1
    return "".join(chars)


# "Self-injury this week?  Y__  N_X_", "Yes ___  No _X_": an option with a blank after it,
# marked or left empty; "__ present  _X_ absent": the blank before it.
_OPTIONS = r"Y|N|Yes|No|present|absent|denied|denies|endorsed|endorses|none|passive|active"
_UNDERSCORE_OPTION = re.compile(
    rf"(?i)\b(?P<option>{_OPTIONS}) ?(?P<blank>_+(?P<mark>[Xx✓✔])?_*)(?!\w)"
    rf"|(?<![\w_])(?P<blank_b>_+(?P<mark_b>[Xx✓✔])?_*) ?(?P<option_b>{_OPTIONS})\b"
)


def _underscore_options(text: str) -> str:
    chars = list(text)
    for match in _UNDERSCORE_OPTION.finditer(text):
        if match.group("option") is not None:
            marked, blank = match.group("mark") is not None, "blank"
        else:
            marked, blank = match.group("mark_b") is not None, "blank_b"
        blank_out = range(match.start(blank), match.end(blank)) if marked else range(*match.span())
        for i in blank_out:
            chars[i] = " "
    return "".join(chars)


def tick_marks_only(text: str) -> str:
    if "_" in text:
        text = _underscore_options(text)
    if "[" in text or "(" in text:
        text = bracket_choices(text)
        text = _boxed_options(text)
    if not any(ch in text for ch in "[(☐☒☑□✓✔■▣⊠○●◉◼◯◻☓✗✘"):
        return text
    pattern, ticked = _marks()
    chars = list(text)
    offset = 0
    for line in text.split("\n"):
        _blank_line(line, offset, chars, pattern, ticked)
        offset += len(line) + 1
    return "".join(chars)


def _blank_line(
    line: str, offset: int, chars: list[str], pattern: re.Pattern[str], ticked: frozenset[str]
) -> None:
    marks = list(pattern.finditer(line))
    if not marks:
        return
    marks_after = not line[marks[-1].end() :].strip() or _labels_first(line, marks)
    colon = line.find(":")
    for i, mark in enumerate(marks):
        if marks_after and not (len(marks) == 1 and mark.start() == len(line) - len(line.lstrip())):
            start = (
                marks[i - 1].end()
                if i
                else (colon + 1 if 0 <= colon < mark.start() else _last_word(line, mark.start()))
            )
            end = mark.start()
        else:
            start = mark.end()
            end = marks[i + 1].start() if i + 1 < len(marks) else len(line)
            stop = _OPTION_END.search(line, start, end)
            end = stop.start() if stop else end
        if _key(mark.group()) not in ticked:
            _blank(chars, offset + start, offset + end)
        _blank(chars, offset + mark.start(), offset + mark.end())


def _last_word(line: str, end: int) -> int:
    match = re.search(r"\S+\s*$", line[:end])
    return match.start() if match else end


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def any_ticked(text: str) -> bool:
    """Whether a line with checkbox marks has one ticked (or no marks at all)."""
    pattern, ticked = _marks()
    marks = [_key(m.group()) for m in pattern.finditer(text)]
    return not marks or any(m in ticked for m in marks) or bool(_TICKED_BLANK.search(text))


_TICKED_BLANK = re.compile(r"_[Xx✓✔]_|\[[Xx✓✔]\]|\(\s*[Xx✓✔•]\s*\)")


def first_mark(text: str) -> int | None:
    """Where the first checkbox mark of the text is, if any."""
    pattern, _ticked = _marks()
    match = pattern.search(text)
    return match.start() if match else None


def _labels_first(line: str, marks: list[re.Match[str]]) -> bool:
    """ "SI [✓]  HI [ ]  SH [ ]": each concept before its own box."""
    terms = structure_vocabulary().loose_terms
    before = line[: marks[0].start()].strip()
    between = [line[a.end() : b.start()].strip() for a, b in itertools.pairwise(marks)]
    return (
        len(marks) >= 2
        and bool(terms.fullmatch(before))
        and all(terms.fullmatch(segment) for segment in between)
    )


# "SI: [Y]/N   HI: Y/[N]", "Passive death wish (Y)  N": the bracketed (circled)
# alternative is the one selected.
_BRACKET_CHOICE = re.compile(
    r"[\[(](?P<a>Y|N|Yes|No)[\])](?:\s*/\s*|\s+)(?P<b>Y|N|Yes|No)\b"
    r"|\b(?P<c>Y|N|Yes|No)(?:\s*/\s*|\s+)[\[(](?P<d>Y|N|Yes|No)[\])]",
    re.I,
)


def bracket_choices(text: str) -> str:
    chars = list(text)
    for match in _BRACKET_CHOICE.finditer(text):
        keep = "a" if match.group("a") else "d"
        for i in range(match.start(), match.end()):
            if not (match.start(keep) <= i < match.end(keep)):
                chars[i] = " "
    return "".join(chars)
