"""`missing-intervention` and `vague-intervention`: what did the clinician do?

Named techniques come from the shared intervention lexicon. A vague phrase ("provided
support", "discussed anxiety") is only a finding when the same sentence names no
technique: "Used grounding exercise to support emotional regulation" is specific.
"""

from __future__ import annotations

import re

from notewell.core.check.base import CheckContext, finding
from notewell.core.check.note import NoteView, Sentence, search_outside_quotes
from notewell.core.check.registry import registers
from notewell.core.models import Finding

_CLINICIAN_SUBJECT = (
    r"(?:therapist|clinician|counselor|counsellor|writer|this writer|provider|i|we|sw|th)"
)
_ACTION_VERBS = (
    r"(?:used|utili[sz]ed|taught|reviewed|explored|guided|model(?:l)?ed|facilitated|administered"
    r"|assessed|challenged|educated|psychoeducated|encouraged|validated|reframed|coached"
    r"|demonstrated|introduced|practiced|practised|rehearsed|role-?played|normali[sz]ed|implemented"
    r"|conducted|developed|created|assisted|helped|led|provided|offered|completed|identified"
    r"|collaborated|instructed|trained|applied|worked|elicited|reinforced|processed|discussed)"
)
_CLINICIAN_ACTION = re.compile(
    rf"^\W*(?:(?:the )?{_CLINICIAN_SUBJECT}\s+(?:also\s+|then\s+)?)?{_ACTION_VERBS}\b",
    re.IGNORECASE,
)
_CLINICIAN_ANYWHERE = re.compile(
    rf"\b(?:the )?(?:therapist|clinician|counselor|counsellor|writer)\s+(?:also\s+)?{_ACTION_VERBS}\b",
    re.IGNORECASE,
)
_CLIENT_AND_CLINICIAN = re.compile(
    r"^\W*(?:the )?(?:client|pt|patient) and (?:the )?(?:therapist|clinician|counselor|writer|i)\b",
    re.IGNORECASE,
)
_FUTURE = re.compile(r"\b(?:will|next (?:session|week|time)|plan(?:s|ned)? to|going to)\b", re.I)
_LABEL = re.compile(r"^[A-Za-z #*]{1,30}?:\s+")


def _body(sentence: Sentence) -> str:
    match = _LABEL.match(sentence.text)
    return sentence.text[match.end() :] if match else sentence.text


def _is_clinician_action(note: NoteView, sentence: Sentence) -> bool:
    body = _body(sentence)
    if _CLINICIAN_ACTION.match(body) or _CLINICIAN_ANYWHERE.search(body):
        return True
    return bool(_CLIENT_AND_CLINICIAN.match(body))


@registers("missing-intervention")
def check_missing_intervention(ctx: CheckContext) -> list[Finding]:
    note = ctx.note
    if note.has_intervention or note.section_content("intervention"):
        return []
    vague = ctx.profile.patterns["vague_interventions"]
    for sentence in note.sentences:
        if sentence.section == "plan":
            continue
        if _is_clinician_action(note, sentence) or search_outside_quotes(vague, note, sentence):
            return []
    return [
        finding(
            "missing-intervention",
            "No intervention is documented: the note does not say what the clinician did.",
            ctx.whole_note(),
            "Name each intervention and its target, e.g. 'Used cognitive restructuring to "
            "challenge catastrophic predictions about returning to work.'",
        )
    ]


@registers("vague-intervention")
def check_vague_intervention(ctx: CheckContext) -> list[Finding]:
    note = ctx.note
    vague = ctx.profile.patterns["vague_interventions"]
    findings: list[Finding] = []
    for sentence in note.sentences:
        if sentence.section == "plan" or _FUTURE.search(sentence.text):
            continue  # "Next session will discuss ..." is a plan, not a description
        match = search_outside_quotes(vague, note, sentence)
        if match is None:
            continue
        if note.about_client(sentence) and not _CLIENT_AND_CLINICIAN.match(_body(sentence)):
            continue  # "Client discussed her week" reports what the client said
        found = [
            m
            for m in vague.finditer(sentence.text)
            if not note.in_quote(sentence.start + m.start(), sentence.start + m.end())
        ]
        if note.sentence_has_intervention_outside(sentence, [m.span() for m in found]):
            continue  # a named technique beside the vague phrase makes the sentence specific
        phrases = [m.group(0) for m in found]
        quoted = ", ".join(f"'{p}'" for p in dict.fromkeys(phrases))
        start = sentence.start + match.start()
        findings.append(
            finding(
                "vague-intervention",
                f"Vague intervention: {quoted} does not name a technique or its target.",
                (start, sentence.end),
                "Name the technique, what it targeted and how, e.g. 'Used grounding (5-4-3-2-1) "
                "to support emotional regulation after client reported panic symptoms' instead "
                f"of {quoted}.",
            )
        )
    return findings
