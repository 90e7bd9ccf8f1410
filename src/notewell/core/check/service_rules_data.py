"""The service rules' vocabulary (data/service_rules.yaml), strictly loaded."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from notewell.core.errors import ConfigError

_KEYS = {"safety_plan_reasons", "mental_status_boilerplate", "goal_measure", "goal_time_frame"}


@dataclass(frozen=True, slots=True)
class ServiceRuleVocabulary:
    safety_plan_reason: re.Pattern[str]
    mental_status_boilerplate: re.Pattern[str]
    goal_measure: re.Pattern[str]
    goal_time_frame: re.Pattern[str]


@cache
def service_rule_vocabulary() -> ServiceRuleVocabulary:
    text = resources.files(__package__).joinpath("data", "service_rules.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or set(data) != _KEYS:
        raise ConfigError(f"service_rules.yaml: expected exactly {sorted(_KEYS)}")
    patterns = {}
    for key, values in data.items():
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ConfigError(f"service_rules.yaml: {key} must be a list of patterns")
        try:
            patterns[key] = re.compile("|".join(f"(?:{v})" for v in values), re.I | re.M)
        except re.error as exc:
            raise ConfigError(f"service_rules.yaml: {key}: {exc}") from None
    return ServiceRuleVocabulary(
        patterns["safety_plan_reasons"],
        patterns["mental_status_boilerplate"],
        patterns["goal_measure"],
        patterns["goal_time_frame"],
    )
