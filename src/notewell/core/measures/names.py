"""Where a text names a measure: its names as clinicians write, say and tabulate them.

"PHQ-9" is also "PHQ9", "phq 9", "phq nine" and "p h q nine"; a table cell may add
"(items)" or "response"; voice-to-text may say its punctuation aloud.
"""

from __future__ import annotations

import re
from functools import cache

from notewell.core.measures.definitions import Measure, measures

_SPOKEN_MARK = re.compile(r"(?i)\s(period|full stop|comma|semicolon|colon|new line)\b")


_MARKS = {"period": ".", "full stop": ".", "comma": ",", "semicolon": ";", "colon": ":"}


def spoken_punctuation(text: str) -> str:
    """Voice-to-text with its punctuation said aloud ("forty four comma previous was
    fifty one period"): the words become the marks, padded so offsets stay put."""
    if "." in text or len(_SPOKEN_MARK.findall(text)) < 2:
        return text
    return _SPOKEN_MARK.sub(
        lambda m: " " + _MARKS.get(m.group(1).lower(), "\n").ljust(len(m.group(1))), text
    )


def cell_measure(cell: str) -> Measure | None:
    """The measure a table cell is the name of ("PHQ-9", "GAD 7 (items)")."""
    match = measure_names().match(cell.strip())
    rest = cell.strip()[match.end() :] if match else ""
    rest = re.sub(r"(?i)\([^)]*\)|\b(responses?|scores?|answers?|totals?|today)\b", "", rest)
    if match is None or re.search(r"[A-Za-z]", rest):
        return None
    return measures()[match.lastgroup or ""]


def line_measure(line: str) -> Measure | None:
    """The one measure a heading names, unless it names several or plans one."""
    named = {m.lastgroup for m in measure_names().finditer(line)}
    return measures()[named.pop() or ""] if len(named) == 1 else None


@cache
def measure_names() -> re.Pattern[str]:
    """One pattern for every measure's names, a named group per measure id."""
    groups = []
    for measure in measures().values():
        variants = sorted(measure.names, key=len, reverse=True)
        group = "|".join(
            _flexible(name) + ("" if name[-1].isdigit() else r"(?![-\s]?\d)") for name in variants
        )
        groups.append(f"(?P<{measure.id}>{group})")
    # "PHQ-9" is not "PHQ-9A"; "Patient Health Questionnaire" is not its "-2".
    return re.compile(r"(?i)(?<![\w-])(?:" + "|".join(groups) + r")(?![\w]|[-‐‑–—]\w)")


_DIGIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _flexible(name: str) -> str:
    """'PHQ-9' also as 'PHQ9', 'PHQ 9', 'phq nine' and 'p h q nine' (dictation); spaces as
    any whitespace."""
    out = []
    for part in re.split(r"([-\s]+)", name):
        if re.fullmatch(r"[-\s]+", part):
            out.append(r"[-‐‑‒–—\s]?" if "-" in part else r"\s+")  # any dash, or none
        elif part.isdigit() and len(part) == 1:
            out.append(f"(?:{part}|{_DIGIT_WORDS[int(part)]})")
        elif part.isalpha() and part.isupper() and len(part) <= 4:
            out.append(r"\s?".join(re.escape(ch) for ch in part))
        else:
            out.append(re.escape(part))
    return "".join(out)


@cache
def may_name_a_measure() -> re.Pattern[str]:
    """A cheap test that runs before any reading: the letters that start a measure's name
    ("PHQ", "p h q", "Patient Health Questionnaire"). Without them a text names no measure,
    so the checker's folder audits pay nothing for notes without scores."""
    stems = set()
    for measure in measures().values():
        for name in measure.names:
            stem = re.match(r"[A-Za-z ]+?(?=[-\s]?\d|$)", name)
            letters = (stem.group(0) if stem else name).strip()
            if letters.isupper() and len(letters) <= 4:
                stems.add(r"\s?".join(re.escape(ch) for ch in letters))
            else:
                stems.add(re.escape(letters).replace(r"\ ", r"\s+"))
    return re.compile(r"(?i)" + "|".join(sorted(stems, key=len, reverse=True)))
