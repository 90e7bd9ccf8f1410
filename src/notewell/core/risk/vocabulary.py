"""The risk reader's structural vocabulary (lexicons/data/risk_structures.yaml), loaded
strictly and compiled once: a typo in a key or a risk type fails at start-up."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from notewell.core.errors import ConfigError
from notewell.core.lexicons import read_data
from notewell.core.models import RISK_TYPES

_FILE = "risk_structures.yaml"
_LIST_KEYS = (
    "generic_labels",
    "not_evidence_labels",
    "history_words",
    "current_words",
    "negators",
    "negations_after",
    "unassessed_after",
    "list_fillers",
    "connectors",
    "counts",
    "other_people",
)
_VALUE_KINDS = ("denied", "endorsed", "not_assessed", "neutral")


@dataclass(frozen=True, slots=True)
class Phrases:
    """A set of literal phrases, matched case-insensitively, spaces as any run of spaces."""

    words: frozenset[str]
    pattern: re.Pattern[str]  # longest first, anchored at the match position

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.pattern.match(text, pos)

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text)


@dataclass(frozen=True, slots=True)
class StructureVocabulary:
    terms: re.Pattern[str]  # every concept term; the group name is the types' key
    loose_terms: re.Pattern[str]  # the same, abbreviations in any case
    term_types: dict[str, tuple[str, ...]]
    term_words: frozenset[str]  # a clause with none of these words names no term
    lists: dict[str, Phrases]
    values: dict[str, Phrases]
    ticked: tuple[str, ...]
    unticked: tuple[str, ...]
    assessment_cues: tuple[tuple[str, re.Pattern[str]], ...]  # label, pattern
    no_answer: re.Pattern[str]  # a client's answer to a risk question
    yes_answer: re.Pattern[str]


def _literal(phrase: str) -> str:
    return r"\s+".join(re.escape(part) for part in phrase.split())


def phrases(items: list[str], where: str) -> Phrases:
    if not isinstance(items, list) or not all(isinstance(i, str | int) for i in items):
        raise ConfigError(f"{_FILE}: {where} must be a list of phrases")
    words = sorted({str(i).lower() for i in items}, key=len, reverse=True)
    # A phrase ending in a word character must end at a word boundary.
    body = "|".join(_literal(w) + (r"(?![\w'])" if w[-1:].isalnum() else "") for w in words)
    return Phrases(frozenset(words), re.compile(rf"(?:{body})", re.IGNORECASE))


_PLACEHOLDERS = {
    "{self}": r"(?:self|yourself|myself|herself|himself|themselves|themself|oneself)",
    "{poss}": r"(?:my|her|his|their|your|own)",
    "{others}": r"(?:others|anyone(?:\s+else)?|someone(?:\s+else)?|other\s+people|anybody(?:\s+else)?)",
}


def _term_literal(phrase: str) -> str:
    body = _literal(phrase)
    for placeholder, alternatives in _PLACEHOLDERS.items():
        body = body.replace(re.escape(placeholder), alternatives)
    return body


def _term_pattern(
    terms: dict[str, Any], loose: bool = False
) -> tuple[re.Pattern[str], dict[str, tuple[str, ...]]]:
    """All concept terms in one pattern; `loose` also reads abbreviations in any case
    ("si/hi: neg"), for positions where only a risk concept can stand."""
    alternatives: list[tuple[int, str]] = []
    term_types: dict[str, tuple[str, ...]] = {}
    for index, (key, entry) in enumerate(terms.items()):
        types = tuple(str(key).split("+"))
        unknown = [t for t in types if t not in RISK_TYPES]
        if unknown:
            raise ConfigError(f"{_FILE}: terms: unknown risk type {unknown[0]!r} in {key!r}")
        if not isinstance(entry, dict) or set(entry) - {"exact", "words"}:
            raise ConfigError(f"{_FILE}: terms.{key}: only 'exact' and 'words' are allowed")
        group = f"t{index}"
        term_types[group] = types
        for word in entry.get("exact") or []:
            body = _literal(str(word)) if loose else f"(?-i:{_literal(str(word))})"
            alternatives.append((len(str(word)), f"(?P<{group}_{len(alternatives)}>{body})"))
        for word in entry.get("words") or []:
            body = _term_literal(str(word))
            alternatives.append((len(str(word)), f"(?P<{group}_{len(alternatives)}>{body})"))
    alternatives.sort(key=lambda a: -a[0])
    body = "|".join(a for _, a in alternatives)
    # "RISK_SI=DENIES": an underscore joins fields, it does not extend a word.
    pattern = re.compile(rf"(?<![A-Za-z0-9'-])(?:{body})(?![A-Za-z0-9']|-\w)", re.IGNORECASE)
    return pattern, term_types


@cache
def structure_vocabulary() -> StructureVocabulary:
    data = read_data(_FILE)
    allowed = {"terms", "values", "checkboxes", "answers", "assessment_cues", *_LIST_KEYS}
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ConfigError(f"{_FILE}: unknown key {unknown[0]!r} (allowed: {sorted(allowed)})")
    missing = sorted(allowed - set(data))
    if missing:
        raise ConfigError(f"{_FILE}: missing key {missing[0]!r}")
    values = data["values"]
    if set(values) != set(_VALUE_KINDS):
        raise ConfigError(f"{_FILE}: values must have exactly {list(_VALUE_KINDS)}")
    boxes = data["checkboxes"]
    if set(boxes) != {"ticked", "unticked"}:
        raise ConfigError(f"{_FILE}: checkboxes must have exactly 'ticked' and 'unticked'")
    answers = data["answers"]
    if set(answers) != {"openers", "no", "yes"}:
        raise ConfigError(f"{_FILE}: answers must have exactly 'openers', 'no' and 'yes'")
    opener = phrases(answers["openers"], "answers.openers").pattern.pattern
    no_answer, yes_answer = (
        re.compile(
            rf"^\s*[\"'“]?(?:(?:{opener})[\s,.;:!?-]*)*"
            + phrases(answers[kind], f"answers.{kind}").pattern.pattern,
            re.IGNORECASE,
        )
        for kind in ("no", "yes")
    )
    terms, term_types = _term_pattern(data["terms"])
    term_words = _key_words(data["terms"], data["generic_labels"])
    loose_terms, _ = _term_pattern(data["terms"], loose=True)
    return StructureVocabulary(
        terms=terms,
        loose_terms=loose_terms,
        term_types=term_types,
        term_words=term_words,
        lists={key: phrases(data[key], key) for key in _LIST_KEYS},
        values={kind: phrases(values[kind], f"values.{kind}") for kind in _VALUE_KINDS},
        ticked=tuple(str(b) for b in boxes["ticked"]),
        unticked=tuple(str(b) for b in boxes["unticked"]),
        assessment_cues=_cues(data["assessment_cues"]),
        no_answer=no_answer,
        yes_answer=yes_answer,
    )


def _cues(data: dict[str, Any]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    cues = []
    for label, patterns in data.items():
        if not isinstance(patterns, list) or not patterns:
            raise ConfigError(f"{_FILE}: assessment_cues.{label} must be a list of patterns")
        try:
            cues.append((str(label), re.compile("|".join(f"(?:{p})" for p in patterns), re.I)))
        except re.error as exc:
            raise ConfigError(f"{_FILE}: assessment_cues.{label}: bad pattern ({exc})") from None
    return tuple(cues)


_COMMON_WORDS = frozenset(
    [
        "of",
        "to",
        "or",
        "and",
        "the",
        "a",
        "an",
        "in",
        "for",
        "with",
        "at",
        "on",
        "my",
        "her",
        "his",
        "their",
        "your",
        "own",
        "any",
        "thoughts",
        "thought",
        "be",
        "i",
        "s",
        "c",
        "h",
        "other",
        "others",
        "people",
        "take",
        "taking",
        "life",
        "end",
        "ending",
        "else",
        "someone",
        "anyone",
        "anybody",
        "active",
        "passive",
        "status",
        "review",
        "check",
    ]
)


def _key_words(terms: dict[str, Any], generic: list[Any]) -> frozenset[str]:
    """Words of which every term and generic label holds at least one (an exact, cheap
    pre-test): each phrase keys on its longest uncommon word, or on all of its words."""
    words: set[str] = set()
    phrases = [
        str(p) for entry in terms.values() for k in ("exact", "words") for p in entry.get(k) or []
    ]
    for phrase in phrases + [str(g) for g in generic]:
        found: set[str] = set()
        for placeholder, alternatives in _PLACEHOLDERS.items():
            if placeholder in phrase:
                found |= set(re.findall(r"[a-z]+", alternatives))
                phrase = phrase.replace(placeholder, " ")
        own = set(re.findall(r"[a-z0-9]+", phrase.lower()))
        rare = own - _COMMON_WORDS
        content = own - {"or", "and", "of", "to", "a", "the"}
        if rare:
            words.add(max(sorted(rare), key=len))
        elif content:
            words.add(max(sorted(content), key=len))  # the phrase needs it anyway
        else:
            words |= found or own  # "{self} or {others}": one of the placeholder's words
    return frozenset(words)


def term_types(match: re.Match[str]) -> tuple[str, ...]:
    """The risk types a match of `StructureVocabulary.terms` names."""
    group = match.lastgroup or ""
    return structure_vocabulary().term_types[group.split("_")[0]]
