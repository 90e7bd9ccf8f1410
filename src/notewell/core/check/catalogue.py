"""The rule catalogue (`data/rules.yaml`): ids, note type, rationale, example."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from notewell.core.errors import ConfigError

_KEYS = {"id", "applies_to", "rationale", "example"}
_OPTIONAL = {"services"}


@dataclass(frozen=True, slots=True)
class RuleInfo:
    id: str
    applies_to: str  # "progress" or "psychotherapy"
    rationale: str
    example: str
    # The services (formats/data/services.yaml ids) whose notes the rule checks; empty:
    # every service's.
    services: tuple[str, ...] = ()


@cache
def rule_catalogue() -> tuple[RuleInfo, ...]:
    text = resources.files(__package__).joinpath("data", "rules.yaml").read_text("utf-8")
    rules = []
    for index, entry in enumerate(yaml.safe_load(text)):
        unknown = sorted(set(entry) - _KEYS - _OPTIONAL)
        if unknown:
            raise ConfigError(f"rules.yaml[{index}]: unknown key {unknown[0]!r}")
        services = entry.get("services") or []
        if not isinstance(services, list) or not all(isinstance(s, str) for s in services):
            raise ConfigError(f"rules.yaml[{index}]: 'services' must be a list of service ids")
        rules.append(RuleInfo(**{key: str(entry[key]) for key in _KEYS}, services=tuple(services)))
    return tuple(rules)


@cache
def rule_ids() -> tuple[str, ...]:
    return tuple(rule.id for rule in rule_catalogue())
