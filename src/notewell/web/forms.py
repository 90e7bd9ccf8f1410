"""Checks of a form's own shape (not of the record's rules, which are the services')."""

from __future__ import annotations

from typing import Any

from notewell.core.errors import InputError

MAX_GOALS = 50  # goal rows one plan form may send


def require_same_password(password: str, again: str) -> None:
    """A password is typed twice where it is chosen: a typo would lock the user out."""
    if password != again:
        raise InputError("the two passwords differ: type the same password twice")


def lines(text: str) -> list[str]:
    """A textarea with one item per line; blank lines dropped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def plan_data(
    problems: str,
    interventions: str,
    review_date: str,
    goal_texts: list[str],
    goal_objectives: list[str],
    goal_keywords: list[str],
) -> dict[str, Any]:
    """The plan editor's fields as `plans.plan_input` data. Goal rows are parallel
    lists (text, objectives one per line, keywords comma-separated); a row whose text
    is empty is a removed or unused goal."""

    def at(values: list[str], index: int) -> str:
        return values[index] if index < len(values) else ""

    goals = [
        {
            "text": text.strip(),
            "objectives": lines(at(goal_objectives, i)),
            "keywords": [k.strip() for k in at(goal_keywords, i).split(",") if k.strip()],
        }
        for i, text in enumerate(goal_texts)
        if text.strip()
    ]
    return {
        "problems": lines(problems),
        "goals": goals,
        "interventions": lines(interventions),
        "review_date": review_date.strip() or None,
    }
