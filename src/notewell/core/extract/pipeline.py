"""`extract_facts`: session input text in, `SessionFacts` out."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from notewell.core.extract.delivered import extract_interventions
from notewell.core.extract.elements import classify_units
from notewell.core.extract.readers import read_input
from notewell.core.extract.service import extract_service
from notewell.core.measures import read_measures
from notewell.core.models import RISK_TYPES, SessionFacts
from notewell.core.risk import without_measure_wording
from notewell.core.risk.reader import find_mentions, resolve_questions, summarise

# Clauses that say nothing about the client's risk today: the clinician's private
# musings, and treatment-plan goals ("Goal 1: reduce self-harm urges").
_NOT_RISK_EVIDENCE = {"private_reflection", "goal"}


def extract_facts(text: str, input_type: str | None = None, nlp: Any = None) -> SessionFacts:
    """Read, segment and classify the input; find service details, interventions, risk.

    `nlp` is the language pipeline (see `notewell.core.risk.nlp`); by default the
    shared one is built on first use.
    """
    if nlp is None:
        from notewell.core.risk.nlp import get_pipeline

        nlp = get_pipeline()
    session = read_input(text, input_type)
    clauses = [(u.text, u.start, u.end) for u in session.units]
    all_mentions = find_mentions(clauses, nlp)
    # Questions about risk take their answer's status, in transcripts and in narratives.
    spoken = [(u.text, u.start, u.end, u.speaker) for u in session.units]
    all_mentions = resolve_questions(all_mentions, spoken)
    endorsed = frozenset(m.span[0] for m in all_mentions if m.counts_for_status and not m.negated)
    segments = classify_units(session.units, {m.span[0] for m in all_mentions}, endorsed)
    measures = read_measures(text)
    excluded = [(s.start, s.end) for s in segments if s.element in _NOT_RISK_EVIDENCE]
    mentions = [m for m in all_mentions if not any(a <= m.span[0] < b for a, b in excluded)]
    mentions = without_measure_wording(mentions, measures)
    risk_clauses = [
        (s.text, s.start, s.end) for s in segments if s.element not in _NOT_RISK_EVIDENCE
    ]
    related = [
        (s.text, s.start, s.end) for s in segments if s.element in ("risk", "intervention", "plan")
    ]
    risk = {name: summarise(name, mentions, risk_clauses, related) for name in RISK_TYPES}

    # Plans speak of later sessions ("next session 10:00-10:50"); private musings of nothing.
    record_clauses = [
        (s.text, s.start, s.end)
        for s in segments
        if s.element not in ("private_reflection", "plan", "goal")
    ]
    service = extract_service(
        text, record_clauses, session.fields, transcript=session.input_type == "transcript"
    )
    if session.input_type == "transcript" and not service.participants:
        service = replace(service, participants=tuple(sorted(set(session.speakers.values()))))
    return SessionFacts(
        text=text,
        input_type=session.input_type,
        service=service,
        segments=tuple(segments),
        interventions=tuple(extract_interventions(segments, text)),
        risk=risk,
        risk_mentions=tuple(mentions),
        measures=measures,
    )
