"""Items asked and answered aloud: a transcript or a dictation that walks through a form.

An item is recognised by its wording (`measures.yaml`): a turn, or a clause of a
dictated sentence, that holds most of an item's content words asks that item. Its
answer is the answer's wording or a number, in the same clause (dictation: "felt
nervous or on edge nearly every day") or in the next turn ("C: More than half the
days."); a clinician's "that's a 1" right after wins. Only measures the text names are
read, and an item goes to the measure whose wording it matches best.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache

from notewell.core.measures.definitions import Measure
from notewell.core.measures.values import NUMBER_WORDS

_TURN = re.compile(r"(?m)^[ \t]*(?P<who>[A-Z][\w .'-]{0,24}?)\s*:\s*(?P<said>.*)$")
_CLAUSE = re.compile(r"[^,;.\n]+")
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "or",
        "of",
        "and",
        "in",
        "to",
        "on",
        "for",
        "that",
        "you",
        "your",
        "yourself",
        "being",
        "been",
        "have",
        "had",
        "has",
        "would",
        "some",
        "way",
        "things",
        "thing",
        "about",
        "as",
        "if",
        "it",
        "is",
        "was",
        "were",
        "do",
        "doing",
        "so",
        "such",
        "feeling",
        "feel",
        "felt",
        "like",
    ]
)
_NUMBER_WORDS = {**NUMBER_WORDS, "none": 0}  # "none" answers "how often"
_REPORTS_ANSWER = re.compile(
    r"(?i)\b(?:you|she|he|they)\s+(?:marked|answered|chose|put|selected|rated|said)\b"
)
_SAYS_NUMBER = re.compile(r"(?i)\b(?:that's|that is|so|scored?|a)\s+(?:a\s+)?(\d)\b")


@dataclass(slots=True)
class Spoken:
    measure: Measure
    answers: dict[int, int] = field(default_factory=dict)
    start: int = 0
    end: int = 0


def read_spoken(text: str, named: list[tuple[int, Measure]]) -> list[Spoken]:
    """Items answered aloud for the measures named in the text (`named`: where each
    name starts, and its measure)."""
    if not named:
        return []
    turns = list(_TURN.finditer(text))
    found: dict[str, Spoken] = {}
    if len(turns) >= 2:
        for i, turn in enumerate(turns[:-1]):
            answer, after = turns[i + 1], turns[i + 2].group("said") if i + 2 < len(turns) else ""
            _read_pair(
                found,
                named,
                turn.start("said"),
                turn.group("said"),
                answer.group("said"),
                after,
                answer.end(),
            )
    else:  # a dictation: an item and its answer in one clause, after the measure's name
        starts = [s for s, _ in named]  # in order: the names within 600 before a clause
        for clause in _CLAUSE.finditer(text):
            first = bisect.bisect_left(starts, clause.start() - 600)
            last = bisect.bisect_right(starts, clause.start())
            near = named[first:last]
            if near:
                said = clause.group(0)
                _read_pair(found, near, clause.start(), said, said, "", clause.end())
    return list(found.values())


def _read_pair(
    found: dict[str, Spoken],
    named: list[tuple[int, Measure]],
    start: int,
    question: str,
    answer: str,
    after: str,
    end: int,
) -> None:
    best = _best_item(question, [m for _, m in named])
    if best is None:
        return
    measure, item = best
    value = _answer(answer, measure, after)
    if value is None and _REPORTS_ANSWER.search(question):
        value = _answer(question, measure, "")  # 'about thoughts ..., you marked "2"'
    if value is None:
        return
    spoken = found.setdefault(measure.id, Spoken(measure, start=start))
    spoken.answers.setdefault(item, value)
    spoken.end = max(spoken.end, end)


def _best_item(question: str, candidates: list[Measure]) -> tuple[Measure, int] | None:
    words = set(_content(question))
    best: tuple[float, Measure, int] | None = None
    for measure in {m.id: m for m in candidates}.values():
        for number, label in enumerate(measure.items, 1):
            wanted = _label_words(label)
            overlap = len(wanted & words)
            share = overlap / len(wanted)
            if overlap >= 2 and share >= 0.6 and (best is None or share > best[0]):
                best = (share, measure, number)
    return (best[1], best[2]) if best else None


def _answer(answer: str, measure: Measure, after: str) -> int | None:
    low, high = measure.item_range
    said = _SAYS_NUMBER.search(after)  # "T: Okay, that's a 1."
    if said and low <= int(said.group(1)) <= high:
        return int(said.group(1))
    worded = measure.worded_answer(answer)
    if worded is not None:
        return worded
    lowered = answer.lower()
    number = re.search(r"(?<![\d/:.])(\d)(?![\d/:])|\b(zero|one|two|three|four)\b", lowered)
    if number:
        value = int(number.group(1)) if number.group(1) else _NUMBER_WORDS[number.group(2)]
        return value if low <= value <= high else None
    return None


@cache
def _label_words(label: str) -> frozenset[str]:
    return frozenset(_content(label))


def _content(text: str) -> list[str]:
    words = re.findall(r"[a-z]+", text.lower())
    return [_stem(w) for w in words if w not in _STOP and len(w) > 2]


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word
