"""The documentation checker: is this note what a supervisor, auditor or payer expects?

`check_note` runs the rules of DESIGN.md "Documentation checklist" on the text of one
note and returns findings (rule id, severity, message, span, suggestion). Rules live
one family per module; which run and how severe is the profile's call (`profiles`).
Pure: text in, findings out. Callers read files and build the history index once.

    >>> findings = check_note(text, note_type="progress")
    >>> [f.rule for f in findings]
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from notewell.core.check.base import CheckContext
from notewell.core.check.catalogue import RuleInfo, rule_catalogue, rule_ids
from notewell.core.check.interventions import check_missing_intervention, check_vague_intervention
from notewell.core.check.note import NoteView
from notewell.core.check.overstated import check_overstated
from notewell.core.check.plan import check_plan
from notewell.core.check.profiles import Profile, builtin_profile, default_profile, parse_profile
from notewell.core.check.progress import check_progress
from notewell.core.check.psychotherapy import check_psychotherapy
from notewell.core.check.reflection import check_reflection
from notewell.core.check.required import check_required
from notewell.core.check.response import check_client_response
from notewell.core.check.risk import check_risk
from notewell.core.check.service import check_duration, check_service_details
from notewell.core.check.timeliness import check_timeliness
from notewell.core.check.transcript import check_transcript
from notewell.core.check.treatment_plan import TreatmentPlan, parse_plan, plan_from_data
from notewell.core.errors import InputError
from notewell.core.models import Finding

if TYPE_CHECKING:
    from notewell.core.check.clone import HistoryIndex
    from notewell.core.risk import RiskReading

__all__ = [
    "NOTE_TYPES",
    "HistoryIndex",
    "Profile",
    "RuleInfo",
    "TreatmentPlan",
    "builtin_profile",
    "check_note",
    "default_profile",
    "parse_plan",
    "parse_profile",
    "rule_catalogue",
    "rule_ids",
]

NOTE_TYPES: tuple[str, ...] = ("progress", "psychotherapy")
MAX_NOTE_CHARS = 200_000

Rule = Callable[[CheckContext], list[Finding]]
PROGRESS_RULES: tuple[Rule, ...] = (
    check_service_details,
    check_duration,
    check_missing_intervention,
    check_vague_intervention,
    check_client_response,
    check_progress,
    check_risk,
    check_plan,
    check_reflection,
    check_transcript,
    check_overstated,
    check_timeliness,
    check_required,
)
PSYCHOTHERAPY_RULES: tuple[Rule, ...] = (check_psychotherapy,)
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def check_note(
    text: str,
    note_type: str = "progress",
    profile: Profile | str | None = None,
    plan: TreatmentPlan | Mapping[str, Any] | list[Any] | None = None,
    history: HistoryIndex | Mapping[Hashable, str] | None = None,
    signed_date: str | None = None,
    history_key: Hashable | None = None,
    risk: RiskReading | None = None,
) -> list[Finding]:
    """Findings for one note, errors first, then by position.

    `history` is an index of the client's earlier notes (build it once with
    `HistoryIndex.from_texts` when checking many notes); `history_key` names this
    note in it, so a note is never reported as a copy of itself. `risk` is a draft's
    own risk reading (`notewell.core.risk.reading_of`); without it the note is read.
    """
    if note_type not in NOTE_TYPES:
        raise InputError(f"unknown note type {note_type!r} (known: {', '.join(NOTE_TYPES)})")
    if not text.strip():
        raise InputError("the note is empty")
    if len(text) > MAX_NOTE_CHARS:
        raise InputError(f"the note is {len(text):,} characters; the limit is {MAX_NOTE_CHARS:,}")
    if profile is None:
        profile = default_profile()
    elif isinstance(profile, str):
        profile = builtin_profile(profile)
    if plan is not None and not isinstance(plan, TreatmentPlan):
        plan = plan_from_data(plan)
    if history is not None:
        # datasketch (numpy) loads only when clone detection is asked for.
        from notewell.core.check.clone import HistoryIndex

        if not isinstance(history, HistoryIndex):
            history = HistoryIndex.from_texts(dict(history), profile.thresholds.clone_similarity)
    ctx = CheckContext(NoteView(text), profile, plan, history, signed_date, risk)
    raw: list[Finding] = []
    if note_type == "psychotherapy":
        for rule in PSYCHOTHERAPY_RULES:
            raw += rule(ctx)
    else:
        for rule in PROGRESS_RULES:
            raw += rule(ctx)
        if history is not None:
            from notewell.core.check.clone import check_clone

            raw += check_clone(ctx, exclude=history_key)
    findings = []
    for item in raw:
        config = profile.rule(item.rule)
        if config.enabled:
            severity = config.severity
            if item.rule == "missing-risk-assessment" and item.message.startswith("Risk is not"):
                severity = "warning" if severity == "error" else severity  # policy reminder only
            findings.append(replace(item, severity=severity))
    findings.sort(key=lambda f: (_SEVERITY_ORDER[f.severity], (f.span or (0, 0))[0]))
    return findings


def __getattr__(name: str) -> Any:
    if name == "HistoryIndex":  # lazy: keeps numpy/datasketch out of `notewell rules`
        from notewell.core.check.clone import HistoryIndex

        return HistoryIndex
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
