"""`record-content-in-psychotherapy-note`: content HIPAA excludes from psychotherapy notes.

45 CFR 164.501 excludes medication prescription and monitoring, session start and stop
times, modalities and frequencies of treatment, results of clinical tests, and summaries
of diagnosis, functional status, treatment plan, symptoms, prognosis and progress. Such
content belongs in the record, whoever it is about: "Client's mother was prescribed
sertraline" is still medication content. One finding per passage, naming the category.
The vocabulary is data (data/psychotherapy.yaml): words too common to count alone
("weekly", "score") count only near treatment or a named test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from notewell.core.check.base import CheckContext, finding
from notewell.core.check.registry import registers
from notewell.core.models import Finding

_SENTENCE_END = re.compile(r"[.!?\n]")


@dataclass(frozen=True, slots=True)
class _Contextual:
    pattern: re.Pattern[str]
    near: re.Pattern[str]
    window: int


@dataclass(frozen=True, slots=True)
class _Category:
    name: str
    pattern: re.Pattern[str] | None
    contextual: tuple[_Contextual, ...]


def _compile(alternatives: list[str]) -> re.Pattern[str]:
    body = "|".join(f"(?:{a})" for a in alternatives)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


@cache
def categories() -> tuple[_Category, ...]:
    """The excluded categories of data/psychotherapy.yaml, compiled once."""
    text = resources.files(__package__).joinpath("data", "psychotherapy.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    names = re.sub(r"\s+", "", data.get("medication_names", ""))
    out = []
    for name, spec in data["categories"].items():
        patterns = [p.replace("{medication_names}", names) for p in spec.get("patterns") or []]
        contextual = tuple(
            _Contextual(_compile(c["patterns"]), _compile(c["near"]), int(c.get("window", 50)))
            for c in spec.get("contextual") or []
        )
        out.append(_Category(name, _compile(patterns) if patterns else None, contextual))
    return tuple(out)


def _sentence_window(text: str, start: int, end: int, window: int) -> str:
    """Up to `window` characters either side of [start, end), within its sentence."""
    left = text[max(0, start - window) : start]
    cuts = [m.end() for m in _SENTENCE_END.finditer(left)]
    left = left[cuts[-1] :] if cuts else left
    right = text[end : end + window]
    stop = _SENTENCE_END.search(right)
    right = right[: stop.start()] if stop else right
    return f"{left} {text[start:end]} {right}"


def _matches(category: _Category, text: str) -> list[re.Match[str]]:
    found = list(category.pattern.finditer(text)) if category.pattern else []
    for ctx in category.contextual:
        for match in ctx.pattern.finditer(text):
            around = _sentence_window(text, match.start(), match.end(), ctx.window)
            near = [m for m in ctx.near.finditer(around) if m.group(0) != match.group(0)]
            if near:
                found.append(match)
    return sorted(found, key=lambda m: m.start())


@registers("record-content-in-psychotherapy-note")
def check_psychotherapy(ctx: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []
    for item in categories():
        category = item.name
        for match in _matches(item, ctx.text):
            span = match.span()
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue  # one finding per passage; the first category that claims it wins
            taken.append(span)
            findings.append(
                finding(
                    "record-content-in-psychotherapy-note",
                    f"Record content in a psychotherapy note ({category}): '{match.group(0)}'.",
                    span,
                    f"Move {category} to the progress note (the record); psychotherapy notes hold "
                    "only private impressions, hypotheses and questions to explore.",
                )
            )
    return sorted(findings, key=lambda f: f.span or (0, 0))
