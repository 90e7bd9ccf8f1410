"""Treatment-plan goals: measurable and time-bound; a discharge summary addresses each.

`goal-not-measurable` reads a treatment plan's goal and objective lines ("Goal 1: ...",
"Objective 1a: ...", or the lines of its Goals and objectives section) and flags one
that says neither how progress shows (a count, frequency, score, rating, observable
behavior) nor, as a second finding, by when. `measurability` is the same test for a
plan in the record or given with --plan. `discharge-goal-not-addressed` holds a
discharge summary to the goals of the plan given with it, by the same goal matching
as `progress-not-linked-to-goal`.
"""

from __future__ import annotations

import re

from notewell.core.check.base import CheckContext, finding
from notewell.core.check.registry import registers
from notewell.core.check.service_rules_data import service_rule_vocabulary
from notewell.core.check.treatment_plan import goal_named
from notewell.core.models import Finding, Span

_GOAL_LINE = re.compile(
    r"(?im)^[ \t>*•-]*(?:(?:long[- ]term |short[- ]term )?(?:goal|objective|obj)s?\s*#?\s*[\w.]{0,4}\s*[:.)\-–]"
    r"|\d{1,2}[a-z]?[.)])\s*(?P<goal>[^\n]{3,})$"
)
_SECTION_BODY = re.compile(r"(?im)^[ \t]*goals? and objectives[ \t]*:[ \t]*(?P<body>[^\n]+)$")


def measurability(goal: str) -> str | None:
    """What a goal lacks: "measure" (nothing says how progress shows), "time frame"
    (nothing says by when), or None."""
    vocab = service_rule_vocabulary()
    if not vocab.goal_measure.search(goal):
        return "measure"
    if not vocab.goal_time_frame.search(goal):
        return "time frame"
    return None


def goal_lines(text: str) -> list[tuple[str, Span]]:
    """The goal and objective statements of a treatment plan's text: labelled or
    numbered lines, and the sentences of its Goals and objectives section."""
    found = [(m.group("goal").strip(), m.span("goal")) for m in _GOAL_LINE.finditer(text)]
    for section in _SECTION_BODY.finditer(text):
        start = section.start("body")
        for sentence in re.finditer(r"[^.;\n]+[.;]?", section.group("body")):
            goal = sentence.group().strip()
            if len(goal) > 3 and not any(a <= start + sentence.start() < b for _, (a, b) in found):
                offset = (
                    start
                    + sentence.start()
                    + (len(sentence.group()) - len(sentence.group().lstrip()))
                )
                found.append((goal, (offset, offset + len(goal))))
    return sorted(
        ((g, span) for g, span in found if not g.startswith("[")),  # not a fill-in prompt
        key=lambda item: item[1],
    )


@registers("goal-not-measurable")
def check_goals_measurable(ctx: CheckContext) -> list[Finding]:
    findings = []
    for goal, span in goal_lines(ctx.text):
        lacking = measurability(goal)
        if lacking == "measure":
            findings.append(
                finding(
                    "goal-not-measurable",
                    f"Goal '{_short(goal)}' does not say how progress will be measured.",
                    span,
                    "Add what will be counted or scored and the target, e.g. 'panic attacks "
                    "from 4 to 1 or fewer a week (self-report log)'.",
                )
            )
        elif lacking == "time frame":
            findings.append(
                finding(
                    "goal-not-measurable",
                    f"Goal '{_short(goal)}' has no time frame.",
                    span,
                    "Add by when: 'within 12 weeks', 'by the 90-day review'.",
                )
            )
    return findings


@registers("discharge-goal-not-addressed")
def check_discharge_goals(ctx: CheckContext) -> list[Finding]:
    if ctx.plan is None:
        return []
    findings = []
    for index, goal in enumerate(ctx.plan.goals):
        if not goal_named(goal, index, ctx.text):
            findings.append(
                finding(
                    "discharge-goal-not-addressed",
                    f"The discharge summary does not report progress on goal {goal.id} "
                    f"('{_short(goal.text)}').",
                    ctx.whole_note(),
                    "Say, for each goal of the last plan, whether it was met, partly met or "
                    "not met, with the evidence.",
                )
            )
    return findings


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
