"""The services' own checker rules: a crisis note's safety plan, an intake's sections
and mental status, a group member's note naming another member. All notes SYNTHETIC."""

from __future__ import annotations

from notewell.core.check import check_note


def _rules(text, **kwargs):
    return {f.rule for f in check_note(text, **kwargs)}


CRISIS = (
    "Date of service: 2026-11-30. Crisis session, 60 min, in person. Client endorsed SI with "
    "a plan to overdose after a breakup. Used de-escalation and grounding. Client calmer by "
    "the end. Plan: follow up tomorrow."
)


def test_a_crisis_with_endorsed_risk_and_no_safety_plan_is_flagged():
    assert "crisis-without-safety-plan" in _rules(CRISIS)


def test_a_safety_plan_or_a_reason_for_none_satisfies_it():
    assert "crisis-without-safety-plan" not in _rules(CRISIS + " Safety plan completed.")
    assert "crisis-without-safety-plan" not in _rules(
        CRISIS + " Client was transported to the ED for evaluation."
    )
    assert "crisis-without-safety-plan" not in _rules(
        CRISIS + " Client declined to complete a safety plan."
    )


def test_the_crisis_rule_is_only_for_crisis_notes():
    individual = CRISIS.replace("Crisis session", "Individual session")
    assert "crisis-without-safety-plan" not in _rules(individual)
    assert "crisis-without-safety-plan" in _rules(individual, service="crisis")


INTAKE = (
    "Intake 60 min in person 2026-11-30. Chief complaint: panic attacks for 6 months. "
    "MSE: WNL. Denies SI/HI. Dx: panic disorder. Plan: weekly CBT."
)


def test_an_intake_mse_written_as_wnl_is_flagged():
    rules = _rules(INTAKE)
    assert "mental-status-unspecified" in rules


def test_an_intake_lists_the_sections_it_does_not_cover():
    findings = [f for f in check_note(INTAKE) if f.rule == "intake-section-missing"]
    assert len(findings) == 1
    message = findings[0].message
    for name in ("family history", "substance use", "trauma history", "social history"):
        assert name in message
    assert "risk assessment" not in message and "diagnostic impression" not in message


def test_intake_rules_do_not_run_on_progress_notes():
    progress = INTAKE.replace("Intake", "Individual session")
    rules = _rules(progress)
    assert "intake-section-missing" not in rules and "mental-status-unspecified" not in rules


def test_a_group_members_note_naming_another_member_is_flagged():
    note = (
        "Client: Dana Reyes. Group psychotherapy 90 min 2026-11-30. Client shared grief about "
        "her son; Luis offered support. Denies SI. Plan: next group."
    )
    findings = [
        f for f in check_note(note, roster=["Dana Reyes", "Luis Moreno"])
        if f.rule == "group-member-named"
    ]  # fmt: skip
    assert len(findings) == 1 and "Luis Moreno" in findings[0].message
    assert note[slice(*findings[0].span)] == "Luis"


PLAN = (
    "Treatment plan. Date of service: 2026-11-30. 45 min in person.\n"
    "Problems: panic attacks and avoidance of driving.\n"
    "Goal 1: Client will feel less anxious.\n"
    "Goal 2: Reduce panic attacks from 4 to 1 or fewer per week within 12 weeks (self-report log).\n"
    "Objective 2a: Practice paced breathing daily.\n"
    "Planned interventions: CBT for panic, interoceptive exposure. Weekly sessions; review in 90 days.\n"
)


def test_treatment_plan_goals_that_are_not_measurable_or_time_bound_are_flagged():
    findings = [f for f in check_note(PLAN, service="plan") if f.rule == "goal-not-measurable"]
    messages = [f.message for f in findings]
    assert any("Client will feel less anxious" in m and "measured" in m for m in messages)
    assert any("Practice paced breathing daily" in m and "time frame" in m for m in messages)
    assert not any("Reduce panic attacks" in m for m in messages)
    assert PLAN[slice(*findings[0].span)] == "Client will feel less anxious."
    assert "goal-not-measurable" not in _rules(PLAN)  # a progress note's goals are not checked


def test_a_discharge_summary_must_address_each_goal_of_the_plan():
    summary = (
        "Discharge summary. Date of service: 2026-11-30. Reason: treatment completed. "
        "Panic attacks reduced from 4 to 0 per week; goal met. Client denies SI/HI. "
        "Referrals: primary care; may return to care at any time."
    )
    plan = {"goals": ["Reduce panic attacks to 1 or fewer per week", "Return to driving to work"]}
    findings = [
        f for f in check_note(summary, service="discharge", plan=plan)
        if f.rule == "discharge-goal-not-addressed"
    ]  # fmt: skip
    assert len(findings) == 1 and "Return to driving" in findings[0].message
