"""`private-reflection-in-record`: the clinician's private analysis in a progress note.

First-person impressions and feelings ("I wonder", "my sense is", "I felt") are always
private. Speculation about origins ("may stem from", "consider exploring") is private
unless the sentence attributes it to the client ("Client wonders whether ..."), which
is the client's report. Quoted speech is the client's and never counts.
"""

from __future__ import annotations

import re

from notewell.core.check.base import CheckContext, finding
from notewell.core.check.note import NoteView, Sentence, search_outside_quotes
from notewell.core.check.registry import registers
from notewell.core.models import Finding

_CLIENT_SAYS = re.compile(
    r"\b(?:client|pt|patient|she|he|they)\s+(?:also\s+)?(?:reported|reports|stated|states|said|says"
    r"|shared|shares|wonders|wondered|believes|believed|thinks|thought|feels|felt|expressed"
    r"|explained|described|noted|identified|recogni[sz]ed|acknowledged|verbali[sz]ed|questioned"
    r"|asked|speculated|hypothesi[sz]ed|linked|connected|traced|realized|realised)\b",
    re.IGNORECASE,
)

# A planned assessment names what will be checked, not a hypothesis held: "Therapist
# will assess whether symptoms might stem from a medical cause" is a plan.
_PLANNED_ASSESSMENT = re.compile(
    r"\b(?:will|would|plan(?:s|ned)? to|going to|should|needs? to|recommend\w*|referr?\w*)\s+(?:\w+\s+)"
    r"{0,3}?(?:assess|evaluate|rule out|screen|investigate|determine|check|clarify|test|examine"
    r"|consult|coordinate|refer|monitor|obtain|request)\w*\b",
    re.IGNORECASE,
)


def _reflection(note: NoteView, sentence: Sentence, ctx: CheckContext) -> re.Match[str] | None:
    first_person = search_outside_quotes(
        ctx.profile.patterns["private_reflection_first_person"], note, sentence
    )
    if first_person:
        return first_person
    speculation = search_outside_quotes(
        ctx.profile.patterns["private_reflection_speculation"], note, sentence
    )
    if speculation:
        before = sentence.text[: speculation.start()]
        if not (_CLIENT_SAYS.search(before) or _PLANNED_ASSESSMENT.search(before)):
            return speculation
    return None


@registers("private-reflection-in-record")
def check_reflection(ctx: CheckContext) -> list[Finding]:
    findings = []
    for sentence in ctx.note.sentences:
        match = _reflection(ctx.note, sentence, ctx)
        if match is None:
            continue
        findings.append(
            finding(
                "private-reflection-in-record",
                f"Private reflection in the record: '{match.group(0)}' reads as the clinician's "
                "own impression or hypothesis.",
                sentence.span,
                "Move this to the separate psychotherapy note; in the record keep observable "
                "facts and clinical assessment, e.g. 'Client linked anxiety to fear of "
                "criticism at work.'",
            )
        )
    return findings
