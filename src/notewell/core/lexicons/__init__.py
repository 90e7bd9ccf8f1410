"""Lexicons are data (`data/*.yaml`); this module loads and compiles them once.

Each loader is strict: an unknown key is an error naming it, so a typo in a lexicon
fails loudly at start-up instead of silently weakening the engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, cast

import yaml

from notewell.core.errors import ConfigError


class _DataLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML 1.1 reads `no`, `off`, `on` and `yes` as booleans; in a lexicon they are words.

    Only `true`/`false` are booleans here, so `[no, nothing]` stays a list of words.
    """


_DataLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_DataLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def read_data(name: str) -> Any:
    """Parse one of the packaged YAML data files."""
    text = resources.files(__package__).joinpath("data", name).read_text("utf-8")
    return yaml.load(text, Loader=_DataLoader)


def _reject_unknown(entry: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r} (allowed: {sorted(allowed)})")


@dataclass(frozen=True, slots=True)
class Intervention:
    id: str
    label: str
    pattern: re.Pattern[str]  # phrases, case-insensitive
    abbreviation_pattern: re.Pattern[str] | None  # exact case

    def find(self, text: str) -> list[tuple[int, int]]:
        spans = [m.span() for m in self.pattern.finditer(text)]
        if self.abbreviation_pattern is not None:
            spans += [m.span() for m in self.abbreviation_pattern.finditer(text)]
        return sorted(spans)


def _word_bounded(alternatives: list[str]) -> str:
    # (?<![\w-]) instead of \b so phrases that start or end in punctuation still anchor.
    return r"(?<![\w-])(?:" + "|".join(f"(?:{a})" for a in alternatives) + r")(?![\w-])"


@cache
def interventions() -> tuple[Intervention, ...]:
    data = read_data("interventions.yaml")
    result = []
    for intervention_id, entry in data.items():
        where = f"interventions.yaml: {intervention_id}"
        _reject_unknown(entry, {"label", "phrases", "abbreviations"}, where)
        phrases = entry.get("phrases") or []
        abbreviations = entry.get("abbreviations") or []
        try:
            pattern = re.compile(_word_bounded(phrases), re.IGNORECASE)
            abbreviation_pattern = (
                re.compile(_word_bounded([re.escape(a) for a in abbreviations]))
                if abbreviations
                else None
            )
        except re.error as exc:
            raise ConfigError(f"{where}: bad phrase pattern ({exc})") from None
        result.append(
            Intervention(
                id=intervention_id,
                label=entry.get("label") or intervention_id.replace("_", " "),
                pattern=pattern,
                abbreviation_pattern=abbreviation_pattern,
            )
        )
    return tuple(result)


def intervention_labels() -> dict[str, str]:
    return {i.id: i.label for i in interventions()}


@dataclass(frozen=True, slots=True)
class Abbreviation:
    abbr: str
    expansion: str
    case_sensitive: bool


@cache
def abbreviations() -> tuple[Abbreviation, ...]:
    result = []
    for i, entry in enumerate(read_data("abbreviations.yaml")):
        _reject_unknown(entry, {"abbr", "expansion", "case_sensitive"}, f"abbreviations.yaml[{i}]")
        result.append(
            Abbreviation(
                abbr=str(entry["abbr"]),
                expansion=str(entry["expansion"]),
                case_sensitive=bool(entry.get("case_sensitive", False)),
            )
        )
    # Longest first so "SI/HI" wins over "SI" and "w/o" over "w/".
    return tuple(sorted(result, key=lambda a: -len(a.abbr)))


@cache
def abbreviation_pattern() -> tuple[re.Pattern[str], dict[str, str], dict[str, str]]:
    """One regex for all abbreviations, and lookups for exact and case-folded hits."""
    entries = abbreviations()
    exact = {a.abbr: a.expansion for a in entries if a.case_sensitive}
    folded = {a.abbr.lower(): a.expansion for a in entries if not a.case_sensitive}
    alternatives = []
    for a in entries:
        body = re.escape(a.abbr)
        alternatives.append(body if a.case_sensitive else f"(?i:{body})")
    # Abbreviations end in letters or "/"; an end that is punctuation needs no boundary.
    pattern = re.compile(r"(?<![\w/'-])(?:" + "|".join(alternatives) + r")(?![\w'-])")
    return pattern, exact, folded


@cache
def cue_lexicon() -> dict[str, Any]:
    """Element cues, verb tenses and service vocabulary (data/cues.yaml)."""
    return cast(dict[str, Any], read_data("cues.yaml"))
