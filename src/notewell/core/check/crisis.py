"""`crisis-without-safety-plan`: a crisis note with an endorsed risk needs its safety plan.

The risk is the one risk reader's; the safety plan is the risk vocabulary's "safety
plan" cue (made or reviewed, not only planned), so a draft's risk detail and this rule
agree on what a safety plan is. A stated reason (a higher level of care, the client
declined) completes the note too.
"""

from __future__ import annotations

import re

from notewell.core.check.base import CheckContext, finding
from notewell.core.check.registry import registers
from notewell.core.check.service_rules_data import service_rule_vocabulary
from notewell.core.models import Finding
from notewell.core.risk.vocabulary import structure_vocabulary

# A section heading ("Safety plan and disposition:") names what should be there, it is
# not the safety plan.
_HEADING = re.compile(r"(?m)^[ \t]*[A-Z][A-Za-z ,/&-]{0,40}:")
_LABELS = {
    "suicidal_ideation": "suicidal ideation",
    "homicidal_ideation": "homicidal ideation",
    "self_harm": "self-harm",
}


@registers("crisis-without-safety-plan")
def check_crisis_safety_plan(ctx: CheckContext) -> list[Finding]:
    reading = ctx.risk_reading()
    endorsed = [t for t, s in reading.statuses.items() if s.status == "endorsed"]
    if not endorsed:
        return []
    safety_plan = dict(structure_vocabulary().assessment_cues)["safety plan"]
    body = _HEADING.sub(lambda m: " " * len(m.group()), ctx.text)  # "Safety plan and ...:"
    if safety_plan.search(body) or service_rule_vocabulary().safety_plan_reason.search(body):
        return []
    status = reading.statuses[endorsed[0]]
    return [
        finding(
            "crisis-without-safety-plan",
            f"The crisis note records {', '.join(_LABELS[t] for t in endorsed)} but no safety "
            "plan, and no reason for there being none.",
            status.sources[0] if status.sources else ctx.whole_note(),
            "Document the safety plan made or reviewed (warning signs, coping steps, "
            "contacts, means restriction), or why there is none (declined, ED, admission).",
        )
    ]
