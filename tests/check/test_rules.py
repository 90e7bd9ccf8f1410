"""Every rule: synthetic notes that must trigger it and near-misses that must not.

All notes in this file are synthetic, written for these tests; no real patient data.
"""

from __future__ import annotations

import pytest

from conftest import GOOD_NOTE, PRIVATE_NOTE
from notewell.core.check import check_note

HEADER = "Date of service: 2026-10-05. Individual psychotherapy, 45 minutes, telehealth video (client at home).\n"
TAIL = (
    "Client was engaged and identified two coping thoughts. Partial progress toward goal 1. "
    "Client denies SI/HI.\nPlan: Next session in one week.\n"
)


def note(body: str, header: str = HEADER, tail: str = TAIL) -> str:
    """A synthetic note: a complete header and tail around the body under test."""
    return header + body + "\n" + tail


def swap(old: str, new: str) -> str:
    assert old in GOOD_NOTE
    return GOOD_NOTE.replace(old, new)


# Synthetic complete notes in each known format and without headings: all must pass clean.
FORMATS = {
    "birp": (
        "Date: 2026-09-20 | 50 min | Individual psychotherapy | In person, office\n"
        "Behavior: Client arrived tearful, reported three panic attacks this week at the store.\n"
        "Intervention: Therapist guided diaphragmatic breathing and introduced an exposure hierarchy.\n"
        "Response: Client practiced breathing, rated distress 8/10 before and 5/10 after.\n"
        "Plan: Client will complete hierarchy step 1 twice before next session.\n"
        "Denies SI/HI. Progress toward goal 1: panic attacks decreased from five to three per week.\n"
    ),
    "girp": (
        "10/02/2026, 45-minute individual session via telehealth video, client at home.\n"
        "Goal: Reduce depressive symptoms (Goal 2: two pleasant activities per week).\n"
        "Intervention: Reviewed activity log; used behavioral activation to schedule activities.\n"
        "Response: Client identified barriers; mood improved compared to last week (PHQ-9 from 16 "
        "to 12). Client denied suicidal ideation.\nPlan: Continue weekly sessions.\n"
    ),
    "soap": (
        "S: Client reports worse sleep and worry about finances. Denies SI, HI, self-harm.\n"
        "O: 53 min individual psychotherapy, in office, 2026-10-01. Appeared fatigued.\n"
        "A: Sleep worsened since last session. Client engaged in stimulus control education.\n"
        "P: Sleep diary nightly; follow-up in 1 week.\n"
    ),
    "no-headings": (
        "On 2026-10-03 I met with the client for a 45 minute in-person individual psychotherapy "
        "session in my office. She reported fewer arguments with her partner since last session. "
        "I used role-play to rehearse assertive requests, and she practiced two requests. She "
        "denied suicidal and homicidal ideation. She will use one assertive request this week.\n"
    ),
}

CASES = [
    *[(f"clean-{name}", text, "progress", [], None) for name, text in FORMATS.items()],
    # id, note, note type, must fire, must not fire
    ("good-note-clean", GOOD_NOTE, "progress", [], None),
    # missing-service-details
    (
        "no-date",
        swap("Date of service: 2026-10-05  ", ""),
        "progress",
        ["missing-service-details"],
        [],
    ),
    ("no-duration", swap(" 45 minutes,", ""), "progress", ["missing-service-details"], []),
    ("no-modality", swap(", in office.", "."), "progress", ["missing-service-details"], []),
    (
        "no-header",
        note("Therapist used cognitive restructuring for worry.", header=""),
        "progress",
        ["missing-service-details"],
        [],
    ),
    (
        "header-as-fields",
        note(
            "Therapist used cognitive restructuring for worry.",
            header="Date: 10/05/2026\nService: individual therapy\nDuration: 50 min\nModality: telephone\n",
        ),
        "progress",
        [],
        ["missing-service-details"],
    ),
    # duration-mismatch
    (
        "times-disagree",
        swap("45 minutes,", "45 minutes, 10:00-10:30,"),
        "progress",
        ["duration-mismatch"],
        [],
    ),
    (
        "times-agree",
        swap("45 minutes,", "45 minutes, 10:00-10:45,"),
        "progress",
        [],
        ["duration-mismatch"],
    ),
    (
        "cpt-disagrees",
        swap("45 minutes,", "45 minutes, CPT 90837,"),
        "progress",
        ["duration-mismatch"],
        [],
    ),
    (
        "cpt-agrees",
        swap("45 minutes,", "45 minutes, CPT 90834,"),
        "progress",
        [],
        ["duration-mismatch"],
    ),
    # missing-intervention
    (
        "no-intervention",
        note("Client reported poor sleep and worry about her job."),
        "progress",
        ["missing-intervention"],
        [],
    ),
    (
        "intervention-named",
        note("Therapist introduced a sleep diary and stimulus control."),
        "progress",
        [],
        ["missing-intervention"],
    ),
    (
        "intervention-section",
        note("Intervention: thought record on work worries."),
        "progress",
        [],
        ["missing-intervention"],
    ),
    # vague-intervention
    (
        "provided-support",
        note("Provided support and discussed anxiety."),
        "progress",
        ["vague-intervention"],
        ["missing-intervention"],
    ),
    (
        "processed-feelings",
        note("Therapist processed feelings about the divorce."),
        "progress",
        ["vague-intervention"],
        [],
    ),
    (
        "checked-in",
        note("Checked in with client about her week."),
        "progress",
        ["vague-intervention"],
        [],
    ),
    (
        "talked-about",
        note("Talked about stress at school."),
        "progress",
        ["vague-intervention"],
        [],
    ),
    (
        "support-with-technique",
        note(
            "Used grounding exercise to support emotional regulation after client reported panic symptoms."
        ),
        "progress",
        [],
        ["vague-intervention", "missing-intervention"],
    ),
    (
        "discussed-with-technique",
        note(
            "Discussed anxiety and used cognitive restructuring to challenge catastrophic predictions."
        ),
        "progress",
        [],
        ["vague-intervention"],
    ),
    (
        "client-discussed",
        note("Client discussed her week. Therapist used behavioral activation."),
        "progress",
        [],
        ["vague-intervention"],
    ),
    (
        "plan-discuss",
        note(
            "Therapist used exposure hierarchy.", tail=TAIL + "Will discuss coping next session.\n"
        ),
        "progress",
        [],
        ["vague-intervention"],
    ),
    # missing-client-response
    (
        "no-response",
        note("Therapist used cognitive restructuring.", tail="Plan: thought record daily.\n"),
        "progress",
        ["missing-client-response"],
        [],
    ),
    (
        "response-engaged",
        note("Therapist used cognitive restructuring. Client was receptive."),
        "progress",
        [],
        ["missing-client-response"],
    ),
    (
        "response-section",
        note("Intervention: paced breathing.\nResponse: rated anxiety lower afterwards."),
        "progress",
        [],
        ["missing-client-response"],
    ),
    # missing-progress / progress-not-linked-to-goal
    (
        "no-progress",
        note(
            "Therapist used behavioral activation.",
            tail="Client engaged. Denies SI/HI.\nPlan: Next session in one week.\n",
        ),
        "progress",
        ["missing-progress"],
        [],
    ),
    (
        "progress-change",
        note(
            "Therapist used behavioral activation.",
            tail="Client engaged. Mood improved since last session. Denies SI/HI.\n"
            "Plan: next session in one week.\n",
        ),
        "progress",
        [],
        ["missing-progress"],
    ),
    # missing-risk-assessment
    (
        "self-harm-unassessed",
        note(
            "Client reported cutting her arm twice this week. Therapist used DBT skills.",
            tail="Client engaged. Progress toward goal 1.\nPlan: next session.\n",
        ),
        "progress",
        ["missing-risk-assessment"],
        [],
    ),
    (
        "passive-si-unassessed",
        note("Client endorsed passive SI. Therapist used behavioral activation."),
        "progress",
        ["missing-risk-assessment"],
        [],
    ),
    ("si-denied", GOOD_NOTE, "progress", [], ["missing-risk-assessment"]),
    (
        "si-with-safety-plan",
        note(
            "Client endorsed passive SI without plan or intent. Safety plan reviewed; protective factors: "
            "her children. Therapist used behavioral activation."
        ),
        "progress",
        [],
        ["missing-risk-assessment"],
    ),
    (
        "family-history-only",
        note(
            "Client's mother has a history of SI. Therapist used cognitive restructuring.",
            tail="Client engaged. Progress toward goal 1.\nPlan: next session.\n",
        ),
        "progress",
        [],
        ["missing-risk-assessment"],
    ),
    (
        "denied-then-endorsed",
        note(
            "Client denied SI at intake but today endorsed passive SI. Therapist used cognitive restructuring.",
            tail="Client engaged. Progress toward goal 1.\nPlan: next session.\n",
        ),
        "progress",
        ["missing-risk-assessment"],
        [],
    ),
    (
        "hi-against-coworker",
        note(
            "Client reported thoughts of hurting his coworker. Therapist used anger management and "
            "cognitive restructuring.",
            tail="Client engaged. Progress toward goal 1.\nPlan: next session.\n",
        ),
        "progress",
        ["missing-risk-assessment"],
        [],
    ),
    # missing-plan
    (
        "no-plan",
        note(
            "Therapist taught I statements.",
            tail="Client practiced two statements. Progress toward "
            "communication goal. Client denies SI/HI.\n",
        ),
        "progress",
        ["missing-plan"],
        [],
    ),
    (
        "plan-in-prose",
        note(
            "Therapist taught I statements.",
            tail="Client practiced two statements. Progress "
            "toward goal 1. Denies SI/HI. Client will use I statements with her partner.\n",
        ),
        "progress",
        [],
        ["missing-plan"],
    ),
    # private-reflection-in-record
    (
        "i-wonder",
        note("Therapist used cognitive restructuring. I wonder if she fears her father's anger."),
        "progress",
        ["private-reflection-in-record"],
        [],
    ),
    (
        "my-sense",
        note("Therapist used cognitive restructuring. My sense is that she is testing me."),
        "progress",
        ["private-reflection-in-record"],
        [],
    ),
    (
        "i-felt",
        note("Therapist used exposure. I felt protective of her during the exercise."),
        "progress",
        ["private-reflection-in-record"],
        [],
    ),
    (
        "might-stem-from",
        note("Therapist used exposure. Her avoidance might stem from early losses."),
        "progress",
        ["private-reflection-in-record"],
        [],
    ),
    (
        "countertransference",
        note("Therapist used exposure. Strong countertransference today."),
        "progress",
        ["private-reflection-in-record"],
        [],
    ),
    ("private-paragraph", PRIVATE_NOTE, "progress", ["private-reflection-in-record"], []),
    (
        "client-quote-i-feel",
        note('Therapist used cognitive restructuring. Client stated, "I feel like a failure."'),
        "progress",
        [],
        ["private-reflection-in-record"],
    ),
    (
        "client-own-insight",
        note(
            "Therapist used cognitive restructuring. Client stated her anxiety may stem from her father's criticism."
        ),
        "progress",
        [],
        ["private-reflection-in-record"],
    ),
    # transcript-like
    (
        "dialogue",
        note(
            "T: How was your week?\nC: Bad. I could not sleep.\nT: What kept you up?\n"
            "C: Thinking about work.\nT: Let's try a thought record."
        ),
        "progress",
        ["transcript-like"],
        [],
    ),
    (
        "one-short-quote",
        note('Therapist used cognitive restructuring. Client said "I just want to feel normal."'),
        "progress",
        [],
        ["transcript-like"],
    ),
    # overstated-progress
    (
        "fully-resolved",
        note(
            "Therapist used exposure. Client's panic is fully resolved.",
            tail="Client engaged. Client still reports panic on the bus. Denies SI/HI.\n"
            "Plan: next session.\n",
        ),
        "progress",
        ["overstated-progress"],
        [],
    ),
    (
        "cured",
        note("Therapist used exposure. Client is cured."),
        "progress",
        ["overstated-progress"],
        [],
    ),
    (
        "no-longer-any",
        note("Therapist used BA. Client no longer has any symptoms."),
        "progress",
        ["overstated-progress"],
        [],
    ),
    (
        "not-fully-resolved",
        note("Therapist used exposure. Panic has not fully resolved."),
        "progress",
        [],
        ["overstated-progress"],
    ),
    (
        "measured-improvement",
        note("Therapist used exposure. Panic attacks decreased from 4 to 1 per week."),
        "progress",
        [],
        ["overstated-progress"],
    ),
    # psychotherapy notes: record-content-in-psychotherapy-note
    (
        "psy-private-clean",
        PRIVATE_NOTE,
        "psychotherapy",
        [],
        ["record-content-in-psychotherapy-note"],
    ),
    (
        "psy-mother-medication",
        "Client's mother was prescribed sertraline; I wonder what that meant to her.",
        "psychotherapy",
        ["record-content-in-psychotherapy-note"],
        [],
    ),
    (
        "psy-times",
        "Session 9:00-9:53. She seemed guarded; I wonder about early criticism.",
        "psychotherapy",
        ["record-content-in-psychotherapy-note"],
        [],
    ),
    (
        "psy-test-score",
        "PHQ-9 = 17 today. My hunch is that shame drives the withdrawal.",
        "psychotherapy",
        ["record-content-in-psychotherapy-note"],
        [],
    ),
    (
        "psy-diagnosis",
        "Meets criteria for major depressive disorder. I felt heavy afterwards.",
        "psychotherapy",
        ["record-content-in-psychotherapy-note"],
        [],
    ),
    (
        "psy-frequency",
        "Continue weekly CBT. Her silence may echo her mother's coldness.",
        "psychotherapy",
        ["record-content-in-psychotherapy-note"],
        [],
    ),
    (
        "psy-progress",
        "Client made good progress toward goal 2. I am struck by her loyalty to her brother.",
        "psychotherapy",
        ["record-content-in-psychotherapy-note"],
        [],
    ),
    (
        "psy-risk",
        "Client endorsed passive SI. I wonder whether she is testing me.",
        "psychotherapy",
        ["record-content-in-psychotherapy-note"],
        [],
    ),
    (
        "psy-progress-rules-off",
        PRIVATE_NOTE,
        "psychotherapy",
        [],
        ["private-reflection-in-record", "missing-plan", "missing-intervention"],
    ),
]


@pytest.mark.parametrize(
    ("text", "note_type", "expect", "forbid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_when_note_checked_then_expected_rules_fire_and_near_misses_do_not(
    text: str, note_type: str, expect: list[str], forbid: list[str] | None
) -> None:
    rules = {f.rule for f in check_note(text, note_type)}
    missing = set(expect) - rules
    assert not missing, f"expected {sorted(missing)}, got {sorted(rules)}"
    if forbid is None:  # a clean note: nothing at all may fire
        assert rules == set(), f"clean note raised {sorted(rules)}"
    else:
        assert not (set(forbid) & rules), f"must not fire {sorted(set(forbid) & rules)}"


def test_when_signed_after_deadline_then_late_documentation() -> None:
    rules = {f.rule for f in check_note(GOOD_NOTE, signed_date="2026-10-12")}
    assert "late-documentation" in rules


def test_when_signed_within_deadline_then_no_late_documentation() -> None:
    rules = {f.rule for f in check_note(GOOD_NOTE, signed_date="2026-10-07")}
    assert "late-documentation" not in rules


def test_when_signature_line_in_note_is_late_then_late_documentation() -> None:
    text = GOOD_NOTE + "Electronically signed by J. Doe, LCSW on 2026-10-20.\n"
    findings = [f for f in check_note(text) if f.rule == "late-documentation"]
    assert findings and "2026-10-05" in findings[0].message


def test_when_plan_goal_named_then_progress_is_linked() -> None:
    plan = {"goals": ["Reduce panic attacks to one per week", "Return to full-time work"]}
    rules = {f.rule for f in check_note(GOOD_NOTE, plan=plan)}
    assert "progress-not-linked-to-goal" not in rules


def test_when_progress_names_no_plan_goal_then_not_linked() -> None:
    text = GOOD_NOTE.replace("toward goal 1 (reduce panic attacks)", "overall").replace(
        "four attacks this\nweek compared to six last week", "mood improved since last session"
    )
    plan = {"goals": [{"id": "A", "text": "Improve sleep to seven hours a night"}]}
    rules = {f.rule for f in check_note(text, plan=plan)}
    assert "progress-not-linked-to-goal" in rules


def test_when_finding_raised_then_span_points_into_note() -> None:
    text = note("Provided support and discussed anxiety.")
    finding = next(f for f in check_note(text) if f.rule == "vague-intervention")
    assert finding.span is not None
    assert text[finding.span[0] : finding.span[1]].startswith("Provided support")
    assert finding.suggestion and "grounding" in finding.suggestion
    assert finding.to_dict()["span"] == list(finding.span)


def test_when_unknown_note_type_then_input_error() -> None:
    from notewell.core.errors import InputError

    with pytest.raises(InputError, match="unknown note type"):
        check_note(GOOD_NOTE, note_type="discharge")


def test_when_risk_policy_every_session_then_warning_on_silent_note() -> None:
    from notewell.core.check import parse_profile

    profile = parse_profile("risk_assessment_every_session: true\n", "test profile")
    silent = GOOD_NOTE.replace("Client denies SI/HI and self-harm.", "")
    findings = [
        f for f in check_note(silent, profile=profile) if f.rule == "missing-risk-assessment"
    ]
    assert [f.severity for f in findings] == ["warning"]
    assert not [
        f for f in check_note(GOOD_NOTE, profile=profile) if f.rule == "missing-risk-assessment"
    ]
