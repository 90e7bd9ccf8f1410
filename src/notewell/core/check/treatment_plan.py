"""A client's treatment plan for `--plan`: the goals progress should be tied to.

YAML, either a list of goals or a mapping with `goals` (and optional `client`). A goal
is text, or a mapping `{id, text, keywords}`; keywords are extra words that name it.

    client: A.B.
    goals:
      - id: 1
        text: Reduce avoidance of work-related tasks
        keywords: [avoidance, work email]
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from notewell.core.errors import ConfigError

_STOPWORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "to",
        "for",
        "in",
        "on",
        "with",
        "by",
        "at",
        "from",
        "into",
        "about",
        "toward",
        "towards",
        "than",
        "then",
        "their",
        "her",
        "his",
        "client",
        "clients",
        "will",
        "would",
        "able",
        "reduce",
        "increase",
        "improve",
        "decrease",
        "maintain",
        "develop",
        "use",
        "using",
        "per",
        "week",
        "weeks",
        "weekly",
        "daily",
        "day",
        "days",
        "month",
        "months",
        "times",
        "least",
        "more",
        "less",
        "fewer",
        "as",
        "evidenced",
        "reported",
        "self",
        "report",
        "sessions",
        "session",
        "goal",
        "goals",
        "objective",
        "be",
        "being",
        "has",
        "have",
        "had",
        "skills",
    ]
)


class Goal(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)
    id: str
    text: str
    keywords: list[str] = Field(default_factory=list)

    def stems(self) -> set[str]:
        words = re.findall(r"[a-z]+", self.text.lower())
        return {w[:5] for w in words if len(w) > 3 and w not in _STOPWORDS}


class TreatmentPlan(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    client: str | None = None
    goals: list[Goal] = Field(min_length=1)


def plan_from_data(data: Any, source: str = "plan") -> TreatmentPlan:
    if isinstance(data, list):
        data = {"goals": data}
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a list of goals or a mapping with 'goals'")
    goals = data.get("goals")
    if isinstance(goals, list):
        data = dict(data)
        data["goals"] = [
            {"id": str(i + 1), "text": str(g)} if isinstance(g, str | int | float) else g
            for i, g in enumerate(goals)
        ]
    try:
        return TreatmentPlan.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"]) or "plan"
        message = "unknown key" if error["type"] == "extra_forbidden" else error["msg"]
        raise ConfigError(f"{source}: {where}: {message}") from None


def parse_plan(text: str, source: str = "plan") -> TreatmentPlan:
    """Parse a treatment plan from YAML text the caller read."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        raise ConfigError(f"{source}: not valid YAML") from None
    return plan_from_data(data, source)


def goal_named(goal: Goal, index: int, text: str) -> bool:
    """Does `text` name this goal: by number, by a keyword, or by its content words?"""
    lowered = text.lower()
    ids = {goal.id.lower()}  # goals given as plain text are numbered 1, 2, ... on load
    for match in re.finditer(r"\b(?:goal|objective)\s*#?\s*(\w+)", lowered):
        if match.group(1) in ids:
            return True
    if any(re.search(rf"\b{re.escape(k.lower())}", lowered) for k in goal.keywords):
        return True
    stems = goal.stems()
    if not stems:
        return False
    found = {w[:5] for w in re.findall(r"[a-z]+", lowered) if len(w) > 3} & stems
    return len(found) >= min(2, len(stems))
