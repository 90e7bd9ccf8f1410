"""`missing-plan`: what happens next (homework, next session, referrals, follow-up)."""

from __future__ import annotations

import re

from notewell.core.check.base import CheckContext, finding
from notewell.core.check.registry import registers
from notewell.core.models import Finding

_PLAN = re.compile(
    r"\b(?:will (?!not\b)\w+|plan(?:s|ned)? (?:to|for)|next (?:session|appointment|appt|visit|meeting"
    r"|week)|follow[- ]?up|f/u|homework|hw|between sessions|before (?:the )?next|continue (?:with |to )?"
    r"(?:weekly|biweekly|bi-weekly|monthly|sessions?|treatment|therapy|current|the|her|his|their|to|cbt"
    r"|dbt|practic\w+|\w+ing)|(?:schedule[ds]?|booked) (?:for |a |the |next |follow)|refer(?:red|ral)?"
    r" (?:to|for)|return (?:in|next)|rtc|(?:weekly|biweekly|monthly) (?:sessions?|therapy)"
    r"|(?:agreed|committed) to|assigned|to (?:practice|complete|track|monitor|log)\b(?= \w+ (?:daily"
    r"|each|every|before|between|this week|over))|reassess|discharge plan|next steps?)\b",
    re.IGNORECASE,
)


@registers("missing-plan")
def check_plan(ctx: CheckContext) -> list[Finding]:
    note = ctx.note
    if note.section_content("plan"):
        return []
    for sentence in note.sentences:
        match = _PLAN.search(sentence.text)
        if match and not note.in_quote(
            sentence.start + match.start(), sentence.start + match.end()
        ):
            return []
    end = len(ctx.text.rstrip())
    return [
        finding(
            "missing-plan",
            "No plan is documented: the note does not say what happens next.",
            (end, end),
            "Add a plan, e.g. 'Plan: client will complete a daily thought record; next session "
            "in one week to review it.'",
        )
    ]
