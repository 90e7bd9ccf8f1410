"""An intake's own rules: every biopsychosocial section covered, mental status as observed.

`intake-section-missing` reads the note with the intake's topic vocabulary (the same
headings and cues that place the clinician's notes in a drafted intake): a topic is
covered by a heading with content under it, or by a clause its cues recognise.
`mental-status-unspecified` flags an MSE written as a blanket normal ("MSE: WNL").
"""

from __future__ import annotations

import re

from notewell.core.check.base import CheckContext, finding
from notewell.core.check.registry import registers
from notewell.core.check.service_rules_data import service_rule_vocabulary
from notewell.core.formats import load_format
from notewell.core.intake.topics import heading_topic, intake_vocabulary, normalise_label
from notewell.core.models import Finding

# The topics an intake must cover: the history of the present illness is read with the
# presenting problem, recommendations are the plan rule's.
_REQUIRED = (
    "presenting_problem",
    "psychiatric_history",
    "medical_history",
    "substance_use",
    "family_history",
    "social_history",
    "developmental_history",
    "trauma_history",
    "mental_status",
    "risk",
    "diagnostic_impression",
)
# A heading opens a line or follows a sentence: "Dx: panic disorder", ". FHx: none".
_LABEL_START = re.compile(r"\n|[.;]\s+")
_LABEL = re.compile(r"[ \t>*•-]*(?P<label>[A-Za-z][\w &/+-]{0,40}?)[ \t]*:[ \t]*")


@registers("intake-section-missing")
def check_intake_sections(ctx: CheckContext) -> list[Finding]:
    covered = _covered(ctx)
    missing = [t for t in _REQUIRED if t not in covered]
    if not missing:
        return []
    titles = _titles()
    return [
        finding(
            "intake-section-missing",
            f"The intake does not cover: {', '.join(titles[t] for t in missing)}.",
            ctx.whole_note(),
            "Add each section, or say it was not assessed and why.",
        )
    ]


@registers("mental-status-unspecified")
def check_mental_status(ctx: CheckContext) -> list[Finding]:
    match = service_rule_vocabulary().mental_status_boilerplate.search(ctx.text)
    if match is None:
        return []
    return [
        finding(
            "mental-status-unspecified",
            f"'{match.group().strip()}' does not say what was observed.",
            match.span(),
            "Record each domain as observed: appearance, behavior, speech, mood (in the "
            "client's words), affect, thought process and content, perception, cognition, "
            "insight, judgment.",
        )
    ]


def _titles() -> dict[str, str]:
    return {e: s.name.lower() for s in load_format("intake").sections for e in s.elements}


def _covered(ctx: CheckContext) -> set[str]:
    vocab = intake_vocabulary()
    text = ctx.text
    covered: set[str] = set()
    headed: list[tuple[str, int, int]] = []  # topic, content start, heading start
    starts = sorted({0, *(m.end() for m in _LABEL_START.finditer(text))})
    for start in starts:
        match = _LABEL.match(text, start)
        if match is None:
            continue
        topic = heading_topic(normalise_label(match.group("label")), vocab)
        if topic is not None:
            headed.append((topic, match.end(), match.start()))
    for i, (topic, start, _) in enumerate(headed):
        end = headed[i + 1][2] if i + 1 < len(headed) else len(text)
        if text[start:end].strip():
            covered.add(topic)
    if "hpi" in covered:
        covered.add("presenting_problem")
    for sentence in ctx.note.sentences:
        for topic, pattern in vocab.cues:
            if pattern.search(sentence.text):
                covered.add(topic)
        if any(d.pattern.search(sentence.text) for d in vocab.domains if d.id != "behavior"):
            covered.add("mental_status")
    if any(s.status != "not_assessed" for s in ctx.risk_reading().statuses.values()):
        covered.add("risk")
    return covered
