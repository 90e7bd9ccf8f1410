"""Regressions for context the checker must read: imagined violence, someone else's risk,
client actions as responses, counts against a goal, "Next:" plans, session clock times
and test scores that are not interventions.

All notes in this file are synthetic, written for these tests; no real patient data.
"""

from __future__ import annotations

import pytest

from notewell.core.check import check_note
from notewell.core.check.sections import find_sections
from notewell.core.check.service import clock_range

HEAD = "Date of service: 2026-11-02. Individual psychotherapy, 45 minutes, in office.\n"
WORK = "Therapist used cognitive restructuring on the thought 'I always fail'.\n"
RESPONSE = "Client was engaged and generated two balanced thoughts.\n"
PROGRESS = "Partial progress toward goal 2: three good days this week vs one last week.\n"
DENIAL = "Client denies SI/HI.\n"
PLAN = "Plan: thought record daily; next session in one week.\n"


def build(*parts: str) -> str:
    return "".join(parts)


# id, note, must fire, must not fire
CASES = [
    # missing-risk-assessment: violence imagined a few words before the act
    (
        "imagined-assault-on-neighbour",
        build(
            HEAD,
            "Client admitted he keeps imagining driving over to his neighbor's place and punching "
            "him until he stops talking.\n",
            WORK,
            RESPONSE,
            PROGRESS,
            PLAN,
        ),
        ["missing-risk-assessment"],
        [],
    ),
    (
        "fantasy-of-stabbing-ex",
        build(
            HEAD,
            "She described fantasizing about waiting in the parking garage and stabbing them.\n",
            WORK,
            RESPONSE,
            PROGRESS,
            PLAN,
        ),
        ["missing-risk-assessment"],
        [],
    ),
    (
        "imagined-violence-assessed",
        build(
            HEAD,
            "Client admitted he keeps picturing following his landlord home and beating him. "
            "Denies intent or plan; no access to weapons; protective factors: his daughter.\n",
            WORK,
            RESPONSE,
            PROGRESS,
            PLAN,
        ),
        [],
        ["missing-risk-assessment"],
    ),
    (
        "thinking-about-hitting-the-gym",
        build(
            HEAD,
            "Client is thinking about hitting the gym before work and pictured himself hitting a "
            "home run at the company game.\n",
            WORK,
            RESPONSE,
            PROGRESS,
            DENIAL,
            PLAN,
        ),
        [],
        ["missing-risk-assessment"],
    ),
    # missing-risk-assessment: a relative's own risk, told in a relative clause
    (
        "uncle-who-disclosed-suicidal-thoughts",
        build(
            HEAD,
            "Client was preoccupied with her uncle, who confided to the cousins that he has been "
            "having thoughts of suicide since the layoff. She reports she is sleeping poorly.\n",
            WORK,
            RESPONSE,
            PROGRESS,
            PLAN,
        ),
        [],
        ["missing-risk-assessment"],
    ),
    (
        "father-said-he-wants-to-die",
        build(
            HEAD,
            "She is worried because her father said he wants to die since the diagnosis. She "
            "calls her sister daily.\n",
            WORK,
            RESPONSE,
            PROGRESS,
            PLAN,
        ),
        [],
        ["missing-risk-assessment"],
    ),
    (
        "mother-reports-client-cutting",
        build(
            HEAD,
            "His mother reported he has been cutting himself at night. He agreed with her account "
            "and he looked down.\n",
            WORK,
            RESPONSE,
            PROGRESS,
            PLAN,
        ),
        ["missing-risk-assessment"],
        [],
    ),
    (
        "brother-says-he-wants-to-kill-himself-male-client",
        build(
            HEAD,
            "He said his brother says he wants to kill himself. He was quiet afterwards.\n",
            WORK,
            RESPONSE,
            PROGRESS,
            PLAN,
        ),
        ["missing-risk-assessment"],
        [],
    ),
    # missing-client-response: the client's own in-session action or words
    (
        "client-ranked-values",
        build(
            HEAD, WORK, "Client wrote down four values and ranked them.\n", PROGRESS, DENIAL, PLAN
        ),
        [],
        ["missing-client-response"],
    ),
    (
        "client-picked-activities",
        build(
            HEAD, WORK, "Client picked two pleasant activities to try.\n", PROGRESS, DENIAL, PLAN
        ),
        [],
        ["missing-client-response"],
    ),
    (
        "client-said-felt-quoted",
        build(HEAD, WORK, "Client said he felt 'a bit more in control.'\n", PROGRESS, DENIAL, PLAN),
        [],
        ["missing-client-response"],
    ),
    (
        "client-described-using-skill-with-effect",
        build(
            HEAD,
            WORK,
            "Client described trying the grounding script at work, and his panic eased within "
            "minutes.\n",
            PROGRESS,
            DENIAL,
            PLAN,
        ),
        [],
        ["missing-client-response"],
    ),
    (
        "client-action-outside-session",
        build(
            HEAD,
            WORK,
            "Client wrote in her journal every night this week.\n",
            PROGRESS,
            DENIAL,
            PLAN,
        ),
        ["missing-client-response"],
        [],
    ),
    # missing-progress: counts against a goal or a baseline
    (
        "count-against-goal",
        build(
            HEAD, WORK, RESPONSE, "Attended 3 AA meetings this week (goal: 4/week).\n", DENIAL, PLAN
        ),
        [],
        ["missing-progress"],
    ),
    (
        "up-from-count",
        build(HEAD, WORK, RESPONSE, "Walks 4 times a week now, up from 1.\n", DENIAL, PLAN),
        [],
        ["missing-progress"],
    ),
    (
        "above-baseline",
        build(HEAD, WORK, RESPONSE, "Sleep efficiency 84%, above baseline.\n", DENIAL, PLAN),
        [],
        ["missing-progress"],
    ),
    (
        "goal-stated-only",
        build(HEAD, "Goal: 3 workouts per week.\n", WORK, RESPONSE, DENIAL, PLAN),
        ["missing-progress"],
        [],
    ),
    # missing-plan: "Next:" and "F/U:" lines are plan headings
    (
        "next-line-after-risk",
        build(
            HEAD, WORK, RESPONSE, PROGRESS, "Risk: denies SI/HI.\nNext: hierarchy step 2, 1 wk.\n"
        ),
        [],
        ["missing-plan"],
    ),
    (
        "fu-line",
        build(HEAD, WORK, RESPONSE, PROGRESS, DENIAL, "F/U: two weeks, after her exams.\n"),
        [],
        ["missing-plan"],
    ),
    # duration-mismatch: time in / time out, and clock ranges that are not the session
    (
        "time-in-out-disagrees",
        build(
            "DOS: 2026-11-02. Individual psychotherapy. Time in: 9:05 am. Time out: 9:40 am. "
            "Total: 50 min. In office.\n",
            WORK,
            RESPONSE,
            PROGRESS,
            DENIAL,
            PLAN,
        ),
        ["duration-mismatch"],
        [],
    ),
    (
        "time-in-out-agrees",
        build(
            "DOS: 2026-11-02. Individual psychotherapy. Time in: 1:00 pm, time out: 1:50 pm, "
            "50 minutes, in office.\n",
            WORK,
            RESPONSE,
            PROGRESS,
            DENIAL,
            PLAN,
        ),
        [],
        ["duration-mismatch"],
    ),
    (
        "sleep-window-is-not-the-session",
        build(
            HEAD,
            "Therapist applied sleep restriction and set a time in bed of 11:00 pm to 6:30 am.\n",
            RESPONSE,
            PROGRESS,
            DENIAL,
            PLAN,
        ),
        [],
        ["duration-mismatch"],
    ),
    (
        "work-shift-is-not-the-session",
        build(
            HEAD,
            "Client works a warehouse shift 8:00-4:30 and is exhausted.\n",
            WORK,
            RESPONSE,
            PROGRESS,
            DENIAL,
            PLAN,
        ),
        [],
        ["duration-mismatch"],
    ),
    (
        "session-range-still-read",
        build(
            "Date of service: 2026-11-02. Individual psychotherapy, 45 minutes, session "
            "2:00-2:25 pm, in office.\n",
            WORK,
            RESPONSE,
            PROGRESS,
            DENIAL,
            PLAN,
        ),
        ["duration-mismatch"],
        [],
    ),
    # missing-intervention: a score alone is a result, not something the clinician did
    (
        "score-only",
        build(
            HEAD,
            "Client says work has been quiet and she visited her aunt. GAD-7 14, down from 17.\n",
            DENIAL,
            "Plan: next session in two weeks.\n",
        ),
        ["missing-intervention"],
        [],
    ),
    (
        "score-administered-and-reviewed",
        build(
            HEAD,
            "Client says work has been quiet. GAD-7 completed in session (14) and went over the "
            "item scores with her.\n",
            RESPONSE,
            DENIAL,
            PLAN,
        ),
        [],
        ["missing-intervention"],
    ),
]


@pytest.mark.parametrize(
    ("text", "expect", "forbid"),
    [pytest.param(text, expect, forbid, id=case_id) for case_id, text, expect, forbid in CASES],
)
def test_when_context_read_then_rule_fires_only_where_it_should(
    text: str, expect: list[str], forbid: list[str]
) -> None:
    rules = {f.rule for f in check_note(text, "progress")}
    for rule in expect:
        assert rule in rules, f"{rule} should fire: {sorted(rules)}"
    for rule in forbid:
        assert rule not in rules, f"{rule} should not fire"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Seen 10:00-10:50, telehealth video.", ("10:00", "10:50"), id="seen"),
        pytest.param("Appt 3:10-4:00 pm at the clinic.", ("15:10", "16:00"), id="appt"),
        pytest.param("Start 14:00 and end 14:40.", ("14:00", "14:40"), id="start-end"),
        pytest.param("Lights out 11:15 pm to 6:45 am on weeknights.", None, id="over-midnight"),
        pytest.param("Client walks 7:00-7:45 each morning.", None, id="activity"),
        pytest.param("Naps 1:00-5:45 most days.", None, id="too-long"),
    ],
)
def test_when_clock_range_read_then_only_session_times_count(
    text: str, expected: tuple[str, str] | None
) -> None:
    found = clock_range(text)
    assert (found[:2] if found else None) == expected


@pytest.mark.parametrize(
    ("line", "section"),
    [
        pytest.param("Next: role-play the call, 1 wk.", "plan", id="next"),
        pytest.param("Next steps: referral to group.", "plan", id="next-steps"),
        pytest.param("Follow-up: 2 weeks.", "plan", id="follow-up"),
        pytest.param("Next session: 11/09.", "plan", id="next-session"),
        pytest.param("Next, client described the weekend.", "risk", id="not-a-heading"),
    ],
)
def test_when_next_line_follows_risk_then_it_is_a_plan_heading(line: str, section: str) -> None:
    text = "Risk: denies SI/HI.\n" + line + "\n"
    sections = find_sections(text)
    at = text.index(line) + len(line) - 2
    name = next(s.name for s in sections if s.start <= at < s.end)
    assert name == section
