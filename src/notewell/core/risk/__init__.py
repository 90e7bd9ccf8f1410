"""The one risk reader: suicidal ideation, homicidal ideation and self-harm, for drafts
and for the checker alike.

Two layers, both fed by the vocabulary in `core/lexicons/data/` (risk_targets.yaml,
risk_structures.yaml, context_rules.yaml), loaded strictly by `vocabulary`:

- structures decide the status of the concepts they hold, whatever the words around
  them: ticked boxes (`checkboxes`), label-value lines and elliptical answers
  (`structures`), negated coordinated lists and signs (`lists`), tables, "none of the
  above" boxes and values under a heading (`forms`);
- narrative (`reader`): medspaCy's TargetMatcher finds mentions in the prose the
  structures left unread and ConText gives them their context (negated, historical,
  hypothetical, someone else's), corrected where therapy language differs (`context`);
  questions take their answers' status (`questions`).

`reader.find_mentions` and `reader.summarise` are what drafting calls; `read_risk` reads
a note written anywhere the same way, for the checker.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from notewell.core.models import (
    RISK_TYPES,
    MeasureReading,
    RiskMention,
    RiskStatus,
    SessionFacts,
)
from notewell.core.risk.reader import ASSESSMENT_DETAILS

__all__ = [
    "ASSESSMENT_DETAILS",
    "RiskReading",
    "read_risk",
    "reading_of",
    "without_measure_wording",
]


@dataclass(frozen=True, slots=True)
class RiskReading:
    """What the reader made of a text: the status per type and the mentions behind it."""

    statuses: Mapping[str, RiskStatus]
    mentions: tuple[RiskMention, ...]


def read_risk(
    text: str, nlp: Any = None, measures: tuple[MeasureReading, ...] | None = None
) -> RiskReading:
    """Read risk in a note written anywhere, the way drafting reads session input.
    `measures` are the note's measure readings when the caller has them already."""
    from notewell.core.extract.readers import read_narrative
    from notewell.core.extract.transcript import looks_like_transcript, read_transcript
    from notewell.core.risk.reader import find_mentions, resolve_questions, summarise

    if nlp is None:
        from notewell.core.risk.nlp import get_pipeline

        nlp = get_pipeline()
    # The clauses drafting would read (a note is never a structured session file; whether
    # narrative reads as shorthand or dictation does not change its clauses).
    session = (
        read_transcript(text) if looks_like_transcript(text) else read_narrative(text, "dictation")
    )
    clauses = [(u.text, u.start, u.end) for u in session.units]
    mentions = find_mentions(clauses, nlp)
    mentions = resolve_questions(
        mentions, [(u.text, u.start, u.end, u.speaker) for u in session.units]
    )
    if measures is None:
        from notewell.core.measures import read_measures

        measures = read_measures(text)
    mentions = without_measure_wording(mentions, measures)
    statuses = {name: summarise(name, mentions, clauses, clauses) for name in RISK_TYPES}
    return RiskReading(statuses, tuple(mentions))


def without_measure_wording(
    mentions: list[RiskMention], readings: tuple[MeasureReading, ...]
) -> list[RiskMention]:
    """The mentions outside a measure's own wording: "PHQ-9 item 9 (thoughts of being
    better off dead): 0" is a form's question and its answer, not the client's words."""
    spans = [span for reading in readings for span in reading.wording]
    return [m for m in mentions if not any(a <= m.span[0] < b for a, b in spans)]


def reading_of(facts: SessionFacts) -> RiskReading:
    """A draft's own risk facts: the checker of a draft judges what drafting read."""
    return RiskReading(facts.risk, facts.risk_mentions)
