"""CPT code suggestion from service type and duration (DESIGN.md time rules).

The program suggests; the clinician decides. Time-based codes need a duration; a
service type the input does not name is assumed to be individual psychotherapy, and
the reason says so.
"""

from __future__ import annotations

from notewell.core.models import CptSuggestion, ServiceDetails

_INDIVIDUAL = "individual psychotherapy"


def suggest_cpt(service: ServiceDetails) -> CptSuggestion | None:
    service_type = service.service_type or _INDIVIDUAL
    assumed = (
        "" if service.service_type else " (no service type named; individual psychotherapy assumed)"
    )
    minutes = service.duration_minutes
    suggestion = _base_code(service_type, minutes, assumed)
    if suggestion is None or not service.interactive_complexity:
        return suggestion
    return CptSuggestion(
        f"{suggestion.code} +90785",
        f"{suggestion.reason}; +90785 interactive complexity (interpreter or complexity noted) — "
        "document what made the session interactively complex",
    )


def _base_code(service_type: str, minutes: int | None, assumed: str) -> CptSuggestion | None:
    if service_type == "diagnostic evaluation":
        return CptSuggestion("90791", "diagnostic evaluation (intake); not time-based")
    if service_type == "group psychotherapy":
        return CptSuggestion("90853", "group psychotherapy; not time-based")
    if minutes is None:
        return None  # every remaining code is time-based
    if service_type == "crisis psychotherapy":
        if minutes >= 30:
            return _crisis(minutes)
        service_type = _INDIVIDUAL  # under 30 minutes a crisis is billed as psychotherapy
        assumed = " (crisis under 30 minutes is reported as psychotherapy)"
    if service_type.startswith("family psychotherapy"):
        with_client = service_type.endswith("with client")
        if minutes < 26:
            return None
        code = "90847" if with_client else "90846"
        who = "with" if with_client else "without"
        return CptSuggestion(
            code, f"family psychotherapy {who} the client, {minutes} min (26+ min)"
        )
    if minutes < 16:
        return None  # under 16 minutes is not billable as psychotherapy
    if minutes <= 37:
        return CptSuggestion("90832", f"psychotherapy {minutes} min (16-37 min){assumed}")
    if minutes <= 52:
        return CptSuggestion("90834", f"psychotherapy {minutes} min (38-52 min){assumed}")
    return CptSuggestion("90837", f"psychotherapy {minutes} min (53+ min){assumed}")


def _crisis(minutes: int) -> CptSuggestion:
    if minutes < 75:
        return CptSuggestion("90839", f"psychotherapy for crisis, {minutes} min (first 30-74 min)")
    extra = (minutes - 75) // 30 + 1
    add_on = " ".join(["+90840"] * extra)
    return CptSuggestion(
        f"90839 {add_on}",
        f"psychotherapy for crisis, {minutes} min: 90839 for the first 74 min, "
        f"+90840 for each further 30 min ({extra})",
    )
