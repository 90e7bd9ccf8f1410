"""The documentation checker: is this note what a supervisor, auditor or payer expects?

`check_note` runs the rules of DESIGN.md "Documentation checklist" on the text of one
note and returns findings (rule id, severity, message, span, suggestion). Rules live
one family per module; which run and how severe is the profile's call (`profiles`).
Pure: text in, findings out. Callers read files and build the history index once.

    >>> findings = check_note(text, note_type="progress")
    >>> [f.rule for f in findings]
"""

from __future__ import annotations

import importlib
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from notewell.core.check.base import CheckContext
from notewell.core.check.catalogue import RuleInfo, rule_catalogue, rule_ids
from notewell.core.check.note import NoteView
from notewell.core.check.profiles import Profile, builtin_profile, default_profile, parse_profile
from notewell.core.check.registry import checks
from notewell.core.check.treatment_plan import TreatmentPlan, parse_plan, plan_from_data
from notewell.core.errors import InputError
from notewell.core.models import Finding

# The rule modules register their checks by id when imported (see `registry`).
for _module in (
    "service",
    "interventions",
    "response",
    "progress",
    "risk",
    "plan",
    "reflection",
    "transcript",
    "overstated",
    "timeliness",
    "required",
    "psychotherapy",
    "clone_rule",
    "crisis",
    "intake_rules",
    "group_rules",
    "goal_rules",
):
    importlib.import_module(f"{__name__}.{_module}")

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

# The note types are the catalogue's: every rule says which type it applies to.
NOTE_TYPES: tuple[str, ...] = tuple(dict.fromkeys(r.applies_to for r in rule_catalogue()))
MAX_NOTE_CHARS = 200_000

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
    service: str | None = None,
    roster: Sequence[str] = (),
) -> list[Finding]:
    """Findings for one note, errors first, then by position.

    `history` is an index of the client's earlier notes (build it once with
    `HistoryIndex.from_texts` when checking many notes); `history_key` names this
    note in it, so a note is never reported as a copy of itself. `risk` is a draft's
    own risk reading (`notewell.core.risk.reading_of`); without it the note is read.
    `service` (an id or alias of formats/data/services.yaml) is the note's service;
    without it the service the note states, else individual psychotherapy. It decides
    which rules apply: a crisis note's safety plan, an intake's sections. `roster` names
    a group session's members, for a member's note.
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
    view = NoteView(text)
    from notewell.core.formats.services import find_service, service_of_type

    # Services decide which progress-note rules apply; a psychotherapy note's rules are
    # the same for every service, so its header is not read for one.
    if service:
        note_service = find_service(service)
    elif note_type == "progress":
        note_service = service_of_type(view.service.service_type)
    else:
        note_service = service_of_type(None)
    ctx = CheckContext(
        view,
        profile,
        plan,
        history,
        signed_date,
        risk,
        history_key,
        service=note_service.id,
        roster=tuple(roster),
    )
    findings = []
    for check in checks(note_type, note_service.id, note_service.skip_rules):
        config = profile.rule(check.rule)
        if not config.enabled:
            continue
        severity = config.severity
        if check.max_severity and _SEVERITY_ORDER[severity] < _SEVERITY_ORDER[check.max_severity]:
            severity = check.max_severity
        for item in check.run(ctx):
            if item.rule != check.rule:
                raise AssertionError(f"check for {check.rule} reported {item.rule}")
            findings.append(replace(item, severity=severity))
    findings.sort(key=lambda f: (_SEVERITY_ORDER[f.severity], (f.span or (0, 0))[0]))
    return findings


def __getattr__(name: str) -> Any:
    if name == "HistoryIndex":  # lazy: keeps numpy/datasketch out of `notewell rules`
        from notewell.core.check.clone import HistoryIndex

        return HistoryIndex
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
