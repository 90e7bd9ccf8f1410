"""The rule catalogue (`data/rules.yaml`): ids, note type, rationale, example."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from notewell.core.errors import ConfigError

_KEYS = {"id", "applies_to", "rationale", "example"}


@dataclass(frozen=True, slots=True)
class RuleInfo:
    id: str
    applies_to: str  # "progress" or "psychotherapy"
    rationale: str
    example: str


@cache
def rule_catalogue() -> tuple[RuleInfo, ...]:
    text = resources.files(__package__).joinpath("data", "rules.yaml").read_text("utf-8")
    rules = []
    for index, entry in enumerate(yaml.safe_load(text)):
        unknown = sorted(set(entry) - _KEYS)
        if unknown:
            raise ConfigError(f"rules.yaml[{index}]: unknown key {unknown[0]!r}")
        rules.append(RuleInfo(**{key: str(entry[key]) for key in _KEYS}))
    return tuple(rules)


@cache
def rule_ids() -> tuple[str, ...]:
    return tuple(rule.id for rule in rule_catalogue())
