"""Intake sentences: a clause under its biopsychosocial heading, and what the mental
status examination leaves unsaid.

A relative's history is written as the clinician wrote it (no "Client ..." subject put
in front of "She was hospitalized"), and the heading the section already says is
dropped ("FHx: mother - depression" -> "Mother - depression."). The mental status
section asks for the domains the notes do not state; it never fills one in.
"""

from __future__ import annotations

import re
from dataclasses import replace

from notewell.core.draft.rewrite import record_sentence
from notewell.core.draft.style import StylePreferences
from notewell.core.intake import Placement, mental_status_domains
from notewell.core.models import Segment, Sentence, SessionFacts

# Topics written as the clinician wrote them: another person's history must keep its
# subject, and a diagnosis its wording.
_AS_WRITTEN = frozenset(["family_history", "diagnostic_impression", "recommendations"])
_THIRD_PERSON = re.compile(r"(?i)^\W*(?:he|she|they|his|her|their|him|them)\b")


def intake_sentence(
    segment: Segment,
    placement: Placement,
    style: StylePreferences,
    dialogue: dict[int, str],
) -> str:
    if segment.start in dialogue:
        return dialogue[segment.start]
    if placement.label_end:
        text = segment.text[placement.label_end :].strip()
        if not text:
            return ""
        segment = replace(segment, text=text)
    if segment.speaker is None and (
        placement.topic in _AS_WRITTEN or _THIRD_PERSON.match(segment.text)
    ):
        # "He was diagnosed with schizophrenia at 20" after "Her brother ...": the pronoun
        # may be anyone's, so it is never rewritten as "Client".
        # The plan/goal path of the rewriter keeps the clause's own subject.
        return record_sentence(replace(segment, element="plan"), style)
    return record_sentence(segment, style)


def mental_status_prompt(facts: SessionFacts, topics: dict[int, Placement]) -> list[Sentence]:
    texts = [s.text for s in facts.segments if topics[s.start].topic == "mental_status"]
    _, missing = mental_status_domains(texts)
    if not missing:
        return []
    return [
        Sentence(
            f"[Mental status not documented: {', '.join(missing)}. Add what was observed, "
            "or leave it out; nothing is assumed.]",
            (),
            prompt=True,
        )
    ]
