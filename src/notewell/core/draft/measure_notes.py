"""Standardized measures in a draft: scored sentences in place of the input's own, and
risk prompts for risk items answered above 0.

A clause that only reports a score ("PHQ-9 today 14 (item 9 = 1), down from 19.") is
replaced by the scored sentences (total, band, change, items); a clause that says more
("Mood improved and the PHQ-9 fell to 9") keeps its own words and gains them. Either
way the sentences sit where the input reported the measure, in the format's section
for observations, and keep the input's spans.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from notewell.core.measures import ChangeThresholds
from notewell.core.measures.wording import PreviousScore, describe, invalid, raised_items
from notewell.core.models import MeasureReading, Segment, Sentence, SessionFacts, Span
from notewell.core.risk.reader import assessment_documented

# Words that only frame a score: with nothing else left, the clause is the score.
_FRAMING = re.compile(
    r"""(?xi)^(?:today|todays?|this|session|visit|week|weeks|month|months|score[sd]?|scoring
    |totals?|total(?:l?ed)|was|were|is|are|of|on|and|the|a|an|at|from|down|up|to|by|last
    |intake|baseline|prev|previous|previously|prior|points?|pts|administered|completed
    |re-?administered|repeated|client|clients|pt|patient|she|he|they|their|her|his|items?
    |answers?|responses?|results?|screening|screen|measures?|minimal|mild|moderate
    |moderately|severe|range|probable|ptsd|below|above|cut-?off|improved|decreased
    |increased|dropped|fell|rose|change|changed|unchanged|with|for|in|ago|since|mod|mod\.
    |sev|q|item)$"""
)


@dataclass(frozen=True, slots=True)
class MeasureNotes:
    anchors: Mapping[int, list[Sentence]]  # a segment's start -> the sentences before it
    covered: frozenset[int]  # starts of segments the sentences replace
    risk_prompts: tuple[Sentence, ...]

    @classmethod
    def of(
        cls,
        facts: SessionFacts,
        previous: Mapping[str, PreviousScore],
        thresholds: Mapping[str, ChangeThresholds],
    ) -> MeasureNotes:
        anchors: dict[int, list[Sentence]] = {}
        covered: set[int] = set()
        prompts: list[Sentence] = []
        assessed = assessment_documented(facts.text) if facts.measures else False
        for reading in facts.measures:
            spans = sorted({reading.span, *reading.wording})
            touched = [s for s in facts.segments if any(_overlaps(s.span, x) for x in spans)]
            if not touched:
                continue
            anchors.setdefault(touched[0].start, []).extend(
                _sentences(reading, spans, previous, thresholds)
            )
            covered.update(s.start for s in touched if _only_scores(s, spans))
            for raised in raised_items(reading):
                # The same test as the checker's: no status and no part of an assessment.
                if facts.risk[raised.risk_type].status == "not_assessed" and not assessed:
                    prompts.append(Sentence(raised.prompt, (), prompt=True))
        return cls(anchors, frozenset(covered), tuple(dict.fromkeys(prompts)))


def _sentences(
    reading: MeasureReading,
    spans: list[Span],
    previous: Mapping[str, PreviousScore],
    thresholds: Mapping[str, ChangeThresholds],
) -> list[Sentence]:
    if invalid(reading):
        return [Sentence(f"[Check the score: {reading.problem}]", (), prompt=True)]
    texts = describe(reading, previous.get(reading.measure), thresholds.get(reading.measure))
    return [Sentence(text, tuple(spans)) for text in texts]


def _only_scores(segment: Segment, spans: list[Span]) -> bool:
    chars = list(segment.text)
    for start, end in spans:
        for i in range(max(start, segment.start), min(end, segment.end)):
            chars[i - segment.start] = " "
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", "".join(chars))
    return all(_FRAMING.match(word) for word in words)


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]
