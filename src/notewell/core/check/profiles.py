"""Practice and payer profiles: which rules run, how severe, thresholds, phrase lists.

A profile is YAML validated with pydantic (`extra="forbid"`), so a typo such as
`deadline_day:` is an error naming the key instead of a silently ignored setting.
Every profile is merged onto the packaged default: a practice writes only what it
changes. Phrase lists add to the defaults unless named in `replace_phrases`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, cached_property
from importlib import resources
from typing import Any, Literal, cast

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from notewell.core.errors import ConfigError

Severity = Literal["error", "warning", "info"]
ServiceDetail = Literal[
    "date", "service_type", "duration", "modality", "start_end_time", "client_location"
]
BUILTIN_PROFILES: tuple[str, ...] = ("default", "payer_audit")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RuleConfig(_Strict):
    enabled: bool = True
    severity: Severity = "warning"


class ServiceConfig(_Strict):
    required: list[ServiceDetail] = Field(default_factory=list)


class Thresholds(_Strict):
    duration_tolerance_minutes: int = Field(3, ge=0, le=60)
    clone_similarity: float = Field(0.8, gt=0.0, le=1.0)
    transcript_dialogue_lines: int = Field(4, ge=1)
    transcript_quoted_share: float = Field(0.35, gt=0.0, le=1.0)
    transcript_min_quoted_words: int = Field(25, ge=0)
    transcript_long_quote_words: int = Field(40, ge=1)


class RequiredItem(_Strict):
    id: str
    label: str
    patterns: list[str] = Field(min_length=1)
    when: list[str] = Field(default_factory=list)
    suggestion: str | None = None

    @field_validator("patterns", "when")
    @classmethod
    def _compiles(cls, value: list[str]) -> list[str]:
        for index, pattern in enumerate(value):
            _check_regex(pattern, index)
        return value


PHRASE_LISTS = (
    "vague_interventions",
    "private_reflection_first_person",
    "private_reflection_speculation",
    "overstated_progress",
    "overstated_support",
    "risk_assessment",
)


class Phrases(_Strict):
    vague_interventions: list[str] = Field(default_factory=list)
    private_reflection_first_person: list[str] = Field(default_factory=list)
    private_reflection_speculation: list[str] = Field(default_factory=list)
    overstated_progress: list[str] = Field(default_factory=list)
    overstated_support: list[str] = Field(default_factory=list)
    risk_assessment: list[str] = Field(default_factory=list)

    @field_validator(*PHRASE_LISTS)
    @classmethod
    def _compiles(cls, value: list[str]) -> list[str]:
        for index, pattern in enumerate(value):
            _check_regex(pattern, index)
        return value


class Profile(_Strict):
    name: str = "custom"
    description: str = ""
    deadline_days: int = Field(3, ge=0, le=365)
    risk_assessment_every_session: bool = False
    rules: dict[str, RuleConfig] = Field(default_factory=dict)
    service_details: ServiceConfig = Field(default_factory=ServiceConfig)
    # The cast: without the pydantic plugin mypy reads Field(3, ge=0) defaults as required.
    thresholds: Thresholds = Field(default_factory=cast("Callable[[], Thresholds]", Thresholds))
    required_content: list[RequiredItem] = Field(default_factory=list)
    phrases: Phrases = Field(default_factory=Phrases)
    replace_phrases: list[str] = Field(default_factory=list)

    @field_validator("rules")
    @classmethod
    def _known_rules(cls, value: dict[str, RuleConfig]) -> dict[str, RuleConfig]:
        from notewell.core.check.catalogue import rule_ids  # data only, no cycle at runtime

        known = rule_ids()
        for rule in value:
            if rule not in known:
                raise ValueError(f"unknown rule {rule!r} (known: {', '.join(known)})")
        return value

    @field_validator("replace_phrases")
    @classmethod
    def _known_lists(cls, value: list[str]) -> list[str]:
        for name in value:
            if name not in PHRASE_LISTS:
                raise ValueError(f"unknown phrase list {name!r} (known: {', '.join(PHRASE_LISTS)})")
        return value

    def rule(self, rule_id: str) -> RuleConfig:
        return self.rules.get(rule_id) or RuleConfig()

    @cached_property
    def patterns(self) -> dict[str, re.Pattern[str]]:
        """Each phrase list compiled to one case-insensitive, word-bounded regex."""
        return {name: compile_phrases(getattr(self.phrases, name)) for name in PHRASE_LISTS}


def compile_phrases(phrases: list[str]) -> re.Pattern[str]:
    if not phrases:
        return re.compile(r"(?!x)x")  # matches nothing
    # (?<![\w-]) rather than \b so a phrase may start or end with punctuation.
    body = "|".join(f"(?:{p})" for p in phrases)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


def _check_regex(pattern: str, index: int) -> None:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"item {index}: bad regular expression {pattern!r} ({exc})") from None


def _read_builtin(name: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath("data", f"{name}.yaml").read_text("utf-8")
    return cast(dict[str, Any], yaml.safe_load(text))


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    replace = set(override.get("replace_phrases") or [])
    for key, value in override.items():
        if key == "phrases" and isinstance(value, dict) and isinstance(base.get(key), dict):
            phrases = dict(base[key])
            for list_name, items in value.items():
                keep = [] if list_name in replace else list(phrases.get(list_name) or [])
                phrases[list_name] = keep + list(items or []) if isinstance(items, list) else items
            merged[key] = phrases
        elif isinstance(value, dict) and isinstance(base.get(key), dict):
            merged[key] = _merge(base[key], value)
        else:
            merged[key] = value
    return merged


def profile_from_dict(data: Any, source: str = "profile") -> Profile:
    """Validate a profile mapping merged onto the default; errors name the bad key."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping of settings, got {type(data).__name__}")
    merged = _merge(_read_builtin("default"), data) if source != "default" else data
    try:
        return Profile.model_validate(merged)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"]) or "profile"
        message = str(error["msg"]).removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "unknown key"
        raise ConfigError(f"{source}: {where}: {message}") from None


def parse_profile(text: str, source: str = "profile") -> Profile:
    """Parse a profile from YAML text the caller read."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{source}: not valid YAML{where}") from None
    return profile_from_dict(data, source)


@cache
def builtin_profile(name: str = "default") -> Profile:
    key = name.strip().lower().replace("-", "_")
    if key not in BUILTIN_PROFILES:
        raise ConfigError(f"unknown profile {name!r} (built in: {', '.join(BUILTIN_PROFILES)})")
    return profile_from_dict(_read_builtin(key), key)


def default_profile() -> Profile:
    return builtin_profile("default")
