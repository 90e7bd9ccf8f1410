"""CPT code suggestion from service type and duration (DESIGN.md time rules).

The program suggests; the clinician decides. Time-based codes need a duration; a
service type the input does not name is assumed to be individual psychotherapy, and
the reason says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from notewell.core.errors import ConfigError
from notewell.core.lexicons import read_data
from notewell.core.models import CptSuggestion, ServiceDetails

_INDIVIDUAL = "individual psychotherapy"


@dataclass(frozen=True, slots=True)
class CptCode:
    code: str
    min: int | None = None
    max: int | None = None
    add_on: str | None = None
    add_on_minutes: int | None = None

    def allows(self, minutes: int) -> bool:
        return (self.min is None or minutes >= self.min) and (
            self.max is None or minutes <= self.max
        )

    @property
    def range_text(self) -> str:
        return f"{self.min}-{self.max} min" if self.max is not None else f"{self.min}+ min"


_TABLE_KEYS = {
    "psychotherapy",
    "crisis",
    "family_without_client",
    "family_with_client",
    "diagnostic_evaluation",
    "group",
    "interactive_complexity",
}


@cache
def cpt_table() -> dict[str, tuple[CptCode, ...]]:
    """The CPT time rules (lexicons/data/cpt.yaml), strictly loaded."""
    data = read_data("cpt.yaml")
    if set(data) != _TABLE_KEYS:
        bad = sorted(set(data) ^ _TABLE_KEYS)[0]
        raise ConfigError(f"cpt.yaml: unknown or missing key {bad!r}")
    table = {}
    for key, entries in data.items():
        entries = entries if isinstance(entries, list) else [entries]
        codes = []
        for entry in entries:
            unknown = sorted(set(entry) - {"code", "min", "max", "add_on", "add_on_minutes"})
            if unknown:
                raise ConfigError(f"cpt.yaml: {key}: unknown key {unknown[0]!r}")
            codes.append(
                CptCode(
                    **cast(
                        dict[str, Any],
                        {k: (str(v) if k in ("code", "add_on") else v) for k, v in entry.items()},
                    )
                )
            )
        table[key] = tuple(codes)
    return table


def code_minutes() -> dict[str, CptCode]:
    """Every time-based code by its number (what the checker holds a duration to)."""
    return {c.code: c for codes in cpt_table().values() for c in codes if c.min is not None}


def suggest_cpt(service: ServiceDetails) -> CptSuggestion | None:
    """The CPT code the service's type and minutes point to; None when nothing can be
    suggested (too short, no minutes for a time-based code, or a service that is not
    psychotherapy: case management, a check-in, a treatment plan, a discharge summary)."""
    if not is_psychotherapy_code_service(service.service_type):
        return None
    service_type = service.service_type or _INDIVIDUAL
    assumed = (
        "" if service.service_type else " (no service type named; individual psychotherapy assumed)"
    )
    minutes = service.duration_minutes
    suggestion = _base_code(service_type, minutes, assumed)
    if suggestion is None or not service.interactive_complexity:
        return suggestion
    return CptSuggestion(
        f"{suggestion.code} {cpt_table()['interactive_complexity'][0].code}",
        f"{suggestion.reason}; +90785 interactive complexity (interpreter or complexity noted) — "
        "document what made the session interactively complex",
    )


def _base_code(service_type: str, minutes: int | None, assumed: str) -> CptSuggestion | None:
    table = cpt_table()
    code: str | CptCode  # a code string, then each psychotherapy CptCode in turn
    if service_type == "diagnostic evaluation":
        code = table["diagnostic_evaluation"][0].code
        return CptSuggestion(code, "diagnostic evaluation (intake); not time-based")
    if service_type == "group psychotherapy":
        return CptSuggestion(table["group"][0].code, "group psychotherapy; not time-based")
    if minutes is None:
        return None  # every remaining code is time-based
    if service_type == "crisis psychotherapy":
        crisis = table["crisis"][0]
        if minutes >= (crisis.min or 0):
            return _crisis(minutes, crisis)
        service_type = _INDIVIDUAL  # under 30 minutes a crisis is billed as psychotherapy
        assumed = " (crisis under 30 minutes is reported as psychotherapy)"
    if service_type.startswith("family psychotherapy"):
        with_client = service_type.endswith("with client")
        family = table["family_with_client" if with_client else "family_without_client"][0]
        if not family.allows(minutes):
            return None
        who = "with" if with_client else "without"
        return CptSuggestion(
            family.code,
            f"family psychotherapy {who} the client, {minutes} min ({family.range_text})",
        )
    for code in table["psychotherapy"]:
        if code.allows(minutes):
            return CptSuggestion(
                code.code, f"psychotherapy {minutes} min ({code.range_text}){assumed}"
            )
    return None  # under 16 minutes is not billable as psychotherapy


def _crisis(minutes: int, crisis: CptCode) -> CptSuggestion:
    top = crisis.max or minutes
    if minutes <= top:
        return CptSuggestion(
            crisis.code, f"psychotherapy for crisis, {minutes} min (first {crisis.range_text})"
        )
    step = crisis.add_on_minutes or 30
    extra = (minutes - top - 1) // step + 1
    add_on = " ".join([crisis.add_on or ""] * extra)
    return CptSuggestion(
        f"{crisis.code} {add_on}",
        f"psychotherapy for crisis, {minutes} min: {crisis.code} for the first {top} min, "
        f"{crisis.add_on} for each further {step} min ({extra})",
    )


def is_psychotherapy_code_service(service_type: str | None) -> bool:
    """Whether a service of this type is billed with a psychotherapy-section code
    (90791-90853); contacts, plans and summaries are not (formats/data/services.yaml)."""
    from notewell.core.formats.services import list_services

    for entry in list_services():
        if entry.service_type == service_type:
            return entry.psychotherapy_code
    return True  # an unstated or unlisted type is individual psychotherapy
