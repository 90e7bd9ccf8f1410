"""`missing-risk-assessment`: a risk the note raises needs a documented assessment.

The checker reads risk with the one risk reader (`notewell.core.risk`): on a draft it
is given the draft's own risk facts, on a note written anywhere it reads the note the
way drafting reads session input. So a draft whose facts say suicidal ideation is
endorsed is always checked for its assessment, and a note the engine would draft as a
denial is never flagged as raising a risk.

A raised risk is an endorsed one, a history of the client's own with no current
status, or a standardized measure's risk item answered above 0 (PHQ-9 item 9) with no
status at all: a positive screen asks for the clinician's assessment. Its assessment
is documented when the reader's detail holds an assessment cue (plan or intent
addressed, means, protective factors, a safety plan made or reviewed, crisis resources,
a risk level: `assessment_cues` in risk_structures.yaml, the same cues a draft shows as
detail), or a phrase of the profile's `risk_assessment` list.
"""

from __future__ import annotations

from collections.abc import Mapping

from notewell.core.check.base import CheckContext, finding
from notewell.core.check.registry import registers
from notewell.core.measures.wording import raised_items
from notewell.core.models import RISK_TYPES, Finding, RiskMention, RiskStatus
from notewell.core.risk.reader import ASSESSMENT_DETAILS, assessment_documented

_LABELS = {
    "suicidal_ideation": "suicidal ideation",
    "homicidal_ideation": "homicidal ideation",
    "self_harm": "self-harm",
    "lethal_means": "access to lethal means",
    "safety_concern": "a safety concern",
}
CONCERNS = ("lethal_means", "safety_concern")
_SUGGESTION = (
    "Document the assessment: current ideation (passive/active), plan, intent, means, "
    "protective factors, risk level, and the safety plan reviewed or updated."
)


@registers("missing-risk-assessment")
def check_risk(ctx: CheckContext) -> list[Finding]:
    reading = ctx.risk_reading()
    practice_evidence = _practice_evidence(ctx)
    findings = []
    for risk_type in RISK_TYPES:
        status = reading.statuses[risk_type]
        own = [m for m in reading.mentions if m.risk_type == risk_type and not m.family]
        if status.status == "endorsed":
            if _documented(status, ASSESSMENT_DETAILS) or practice_evidence:
                continue
            findings.append(
                finding(
                    "missing-risk-assessment",
                    f"The note records {_LABELS[risk_type]} but documents no risk assessment, "
                    "protective factors or safety plan.",
                    status.sources[0] if status.sources else ctx.whole_note(),
                    _SUGGESTION,
                )
            )
        elif status.status == "not_assessed" and any(m.historical for m in own):
            history = next(m for m in own if m.historical)
            findings.append(
                finding(
                    "missing-risk-assessment",
                    f"The note mentions a history of {_LABELS[risk_type]} but not its current "
                    "status.",
                    history.span,
                    "Document whether it is current: e.g. 'denies current "
                    f"{_LABELS[risk_type]}', with the assessment if it is.",
                )
            )
    findings += _screen_items(ctx, reading.statuses, practice_evidence)
    return findings + _concerns(ctx, reading.mentions, practice_evidence)


def _screen_items(
    ctx: CheckContext, statuses: Mapping[str, RiskStatus], practice_evidence: bool
) -> list[Finding]:
    """Risk items answered above 0 whose risk the note leaves unassessed: no status, and
    none of the assessment's parts (intent, plan, means, safety plan...) anywhere."""
    if practice_evidence or assessment_documented(ctx.text):
        return []
    findings = []
    for measure_reading in ctx.measure_readings():
        for raised in raised_items(measure_reading):
            if statuses[raised.risk_type].status != "not_assessed":
                continue
            findings.append(
                finding(
                    "missing-risk-assessment",
                    f"{raised.measure} {raised.answered}, but the note documents no "
                    f"assessment of {_LABELS[raised.risk_type]}.",
                    measure_reading.span,
                    _SUGGESTION,
                )
            )
    return findings


@registers("missing-risk-assessment", max_severity="warning")
def check_risk_policy(ctx: CheckContext) -> list[Finding]:
    """The practice's every-session screen: a reminder, never an error."""
    if not ctx.profile.risk_assessment_every_session:
        return []
    reading = ctx.risk_reading()
    if any(s.status != "not_assessed" for s in reading.statuses.values()) or any(
        m.risk_type in CONCERNS for m in reading.mentions
    ):
        return []
    if _practice_evidence(ctx):
        return []
    return [
        finding(
            "missing-risk-assessment",
            "Risk is not addressed; the practice requires a risk assessment every session.",
            ctx.whole_note(),
            "Document a risk screen, e.g. 'Client denied suicidal ideation, homicidal "
            "ideation and self-harm; no safety concerns identified.'",
        )
    ]


def _practice_evidence(ctx: CheckContext) -> bool:
    """A phrase of the profile's own `risk_assessment` list, outside quoted speech."""
    if not ctx.profile.phrases.risk_assessment:
        return False
    extra = ctx.profile.patterns["risk_assessment"]
    return any(not ctx.note.in_quote(m.start(), m.end()) for m in extra.finditer(ctx.text))


def _documented(status: RiskStatus, cues: frozenset[str]) -> bool:
    details = {part.strip() for part in (status.detail or "").split(";")}
    return bool(details & cues)


def _concerns(
    ctx: CheckContext, mentions: tuple[RiskMention, ...], practice_evidence: bool
) -> list[Finding]:
    """Lethal means and safety concerns the client's statements raise, unassessed."""
    raised = [
        m
        for m in mentions
        if m.risk_type in CONCERNS and m.counts_for_status and not m.negated and not m.quoted
    ]
    if not raised or practice_evidence:
        return []
    if assessment_documented(ctx.text):
        return []  # plan, intent, means, protective factors, safety plan, risk level...
    first: dict[str, RiskMention] = {}
    for m in raised:
        first.setdefault(m.risk_type, m)
    return [
        finding(
            "missing-risk-assessment",
            f"The note mentions {_LABELS[kind]} but documents no risk assessment, protective "
            "factors or safety plan.",
            m.span,
            _SUGGESTION,
        )
        for kind, m in first.items()
    ]
