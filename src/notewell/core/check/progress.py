"""`missing-progress` and `progress-not-linked-to-goal` (with a treatment plan).

A standardized measure's change since its last administration ("PHQ-9 ... down 5 points
from 19") is documented progress, and it is tied to every plan goal that names that
measure ("PHQ-9 below 10 by June").
"""

from __future__ import annotations

import re

from notewell.core.check.base import CheckContext, finding
from notewell.core.check.note import Sentence
from notewell.core.check.registry import registers
from notewell.core.check.treatment_plan import goal_named
from notewell.core.measures.names import measure_names
from notewell.core.models import Finding

_SYMPTOMS = (
    r"(?:symptoms?|anxiety|worry|depress\w*|mood|panic(?: attacks)?|urges|cravings|avoidance|sleep"
    r"|nightmares|flashbacks|irritability|anger|outbursts|conflict|use|drinking|compulsions|rumination"
    r"|distress|frequency|intensity|severity|score)"
)
_PROGRESS = re.compile(
    r"(?<!\w)(?=\w)(?:progress\w*|improv(?:ed|ement|ements|ing)|regress\w*|setbacks?|worse\w*|(?:toward|towards"
    r"|on|to|of) (?:\w+ ){0,3}(?:goals?|objectives?|aims?|targets?)|closer to (?:\w+ ){0,2}(?:goals?"
    r"|objectives?|aims?|targets?)|(?:working|worked|works|moving|moved) (?:toward|towards) (?:\w+ ){0,3}"
    r"(?:goals?|objectives?|aims?|targets?)|(?:goals?|objectives?|aims?|targets?) (?:#?\d+ )?(?:is |was |"
    r"has been |have been )?(?:met|achieved|partially|not met|in progress|ongoing|progress)"
    r"|(?:feels?|felt|feeling|doing|did|sleeping|slept|coping|managing|is|was|been|getting) better"
    r"|better (?:than|able|sleep|mood)"
    r"|compared (?:to|with)|since (?:the |our )?(?:last|previous|prior|intake|start)|than (?:last|at)"
    r"|from \d+(?:/10)? to \d+|(?:up|down|increas\w*|decreas\w*|reduc\w*|rose|fell|dropped) from \d+"
    # A count against the goal or a baseline: "2 jobs this week (goal: 3/week)", "vs 4 last week".
    r"|(?<=\()(?:goal|target)\s*[:=]?\s*\d+|(?:from|vs\.?|versus|compared to|over|above|below) (?:the |her |his "
    r"|their )?baseline|baseline (?:of |was |is |=|: ?)?\d+|(?:vs\.?|versus) (?:\w+ ){0,2}?(?:last|at|previous\w*"
    r"|prior|before)|(?:reduc|decreas|increas|lessen|declin|drop|rose|rise|risen)\w*\s+"
    rf"(?:\w+\s+){{0,2}}?(?:in |of )?{_SYMPTOMS}|{_SYMPTOMS} (?:has |have |had )?(?:reduc|decreas|"
    r"increas|lessen|declin|drop|remain|persist|continu|stabili|resolv)\w*|remains? (?:elevated|stable"
    r"|unchanged|the same|high|low|consistent)|(?:no|little|minimal|some|partial|steady|significant)"
    r" (?:change|progress|improvement)|unchanged|stable|maintain\w* (?:gains|progress|sobriety)"
    r"|(?:fewer|less|more) (?:frequent|often|panic|episodes|days|nights|outbursts|conflicts"
    r"|anxious|depressed|consistent|able)|first time (?:in|since)|on track|milestone|met (?:her|his"
    r"|their|the)? ?(?:goal|target)|achiev\w+)\b",
    re.IGNORECASE,
)
_MONITOR = re.compile(
    r"\b(?:monitor|track|review|assess|reassess|evaluate)\w* (?:\w+ )?progress\b", re.I
)


def progress_sentences(ctx: CheckContext) -> list[Sentence]:
    note = ctx.note
    hits = []
    for sentence in note.sentences:
        if sentence.section == "plan" and not sentence.text.lower().startswith("progress"):
            continue  # "Plan: monitor progress" documents no progress
        match = _PROGRESS.search(sentence.text)
        if not match or _MONITOR.search(sentence.text):
            continue
        if note.in_quote(sentence.start + match.start(), sentence.start + match.end()):
            continue
        hits.append(sentence)
    return hits


def _progress_documented(ctx: CheckContext) -> list[Sentence]:
    return (
        progress_sentences(ctx)
        or _measured_change(ctx)
        or [
            Sentence(ctx.text[s.start : s.end], s.start, s.end, s.name)
            for s in ctx.note.section_content("progress")
        ]
    )


def _measured_change(ctx: CheckContext) -> list[Sentence]:
    """The sentences holding a measure's total with its previous one."""
    changed = [r for r in ctx.measure_readings() if r.total is not None and r.previous is not None]
    return [
        sentence
        for sentence in ctx.note.sentences
        if any(sentence.start <= r.span[0] < sentence.end for r in changed)
    ]


def _goals_measured(ctx: CheckContext) -> bool:
    """A plan goal names a measure this note scored ("PHQ-9 below 10")."""
    plan = ctx.plan
    read = {r.measure for r in ctx.measure_readings() if r.total is not None}
    if plan is None or not read:
        return False
    names = measure_names()
    return any(m.lastgroup in read for goal in plan.goals for m in names.finditer(goal.text))


@registers("missing-progress")
def check_progress(ctx: CheckContext) -> list[Finding]:
    if _progress_documented(ctx):
        return []
    return [
        finding(
            "missing-progress",
            "No progress toward treatment goals is documented.",
            ctx.whole_note(),
            "State progress toward a plan goal, e.g. 'Partial progress toward goal 1 "
            "(reduce avoidance): reviewed one work email daily, up from none last week.'",
        )
    ]


@registers("progress-not-linked-to-goal")
def check_progress_goal(ctx: CheckContext) -> list[Finding]:
    sentences = _progress_documented(ctx)
    plan = ctx.plan
    if plan is None or not sentences:
        return []
    goal_text = " ".join(s.text for s in sentences)
    goal_text += " " + " ".join(ctx.text[s.start : s.end] for s in ctx.note.section_content("goal"))
    if any(goal_named(goal, i, goal_text) for i, goal in enumerate(plan.goals)):
        return []
    if _goals_measured(ctx):
        return []
    names = "; ".join(f"goal {g.id}: {g.text}" for g in plan.goals)
    first = sentences[0]
    return [
        finding(
            "progress-not-linked-to-goal",
            f"Progress is documented but names no goal of the treatment plan ({names}).",
            first.span,
            f"Tie progress to a plan goal, e.g. 'Progress toward goal {plan.goals[0].id} "
            f"({plan.goals[0].text}): ...'",
        )
    ]
