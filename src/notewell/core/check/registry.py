"""The checker's rules, registered by their catalogue id.

Each rule module registers the function that reports its rule:

    @registers("missing-plan")
    def check_plan(ctx): ...

`check_note` runs the checks registered for a note type (the catalogue's
`applies_to`), and a test holds the registry and the catalogue (data/rules.yaml) to
the same ids. A check may cap the severity of what it reports (a policy reminder is
never an error, whatever the profile says of its rule).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from notewell.core.check.base import CheckContext
from notewell.core.check.catalogue import rule_catalogue
from notewell.core.errors import ConfigError
from notewell.core.models import Finding, Severity

Run = Callable[[CheckContext], list[Finding]]


@dataclass(frozen=True, slots=True)
class Check:
    rule: str
    run: Run
    max_severity: Severity | None = None


_CHECKS: list[Check] = []


def registers(rule: str, max_severity: Severity | None = None) -> Callable[[Run], Run]:
    """Register a check for a catalogue rule id (unknown ids fail at import)."""
    if rule not in {info.id for info in rule_catalogue()}:
        raise ConfigError(f"no rule {rule!r} in the catalogue (data/rules.yaml)")

    def add(run: Run) -> Run:
        _CHECKS.append(Check(rule, run, max_severity))
        return run

    return add


def checks(
    note_type: str, service: str | None = None, skip: tuple[str, ...] = ()
) -> tuple[Check, ...]:
    """The checks for a note type and service: a rule limited to some services runs only
    on their notes, and a service skips the rules that do not apply to it."""
    info = {rule.id: rule for rule in rule_catalogue()}
    return tuple(
        c
        for c in _CHECKS
        if info[c.rule].applies_to == note_type
        and c.rule not in skip
        and (not info[c.rule].services or service in info[c.rule].services)
    )


def registered_rules() -> frozenset[str]:
    return frozenset(c.rule for c in _CHECKS)
