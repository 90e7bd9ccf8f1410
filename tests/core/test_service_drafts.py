"""Drafts of the other services: family and couples sessions, crisis sessions, PIRP
and PIE, contacts, treatment plans and discharge summaries — each in its own format,
with its own CPT rule. All inputs are SYNTHETIC."""

from __future__ import annotations

from notewell.core.draft import draft_note
from notewell.core.formats import load_format
from notewell.core.formats.services import with_service

FAMILY = (
    "Family session 50 min in person 2026-11-30. Present: client (J., 15), mother, stepfather.\n"
    "Mom reported J. has been skipping school.\nStepdad said he feels disrespected.\n"
    "J. stated she feels like nobody listens to her. She denies SI/HI.\n"
    "Used structural family therapy: enactment of a curfew negotiation.\n"
    "Plan: weekly family sessions.\n"
)


def _draft(facts_of, text, service):
    facts, chosen = with_service(facts_of(text), service)
    return draft_note(facts, load_format(chosen.format))


def _text(draft, name):
    return " ".join(s.text for sec in draft.sections if sec.name == name for s in sec.sentences)


def test_a_family_session_attributes_each_participants_statements(facts_of):
    draft = _draft(facts_of, FAMILY, "family")
    content = _text(draft, "Session content")
    assert "Mom reported J. has been skipping school" in content
    assert "Stepdad said he felt disrespected" in content
    assert draft.cpt is not None and draft.cpt.code == "90847"
    assert "[Add who was present" in _text(draft, "Participants and focus")


def test_a_family_session_without_the_client_is_90846(facts_of):
    text = (
        "Family session without the client, 55 min. Parents reported curfew fights. Plan: weekly."
    )
    assert _draft(facts_of, text, "family").cpt.code == "90846"


def test_a_crisis_draft_asks_for_the_safety_plan_and_bills_by_time(facts_of):
    text = (
        "Crisis session 80 min in person. Client endorsed SI with a plan after a breakup. "
        "Used de-escalation and grounding."
    )
    draft = _draft(facts_of, text, "crisis")
    assert draft.cpt is not None and draft.cpt.code == "90839 +90840"
    assert "[Add the safety plan" in _text(draft, "Safety plan and disposition")
    assert any(f.rule == "crisis-without-safety-plan" for f in draft.findings)


def test_pirp_and_pie_have_their_sections(facts_of):
    facts = facts_of(
        "45 min session. Client reported panic. Used CBT. Client engaged. Plan: weekly."
    )
    assert [s.name for s in draft_note(facts, "pirp").sections] == [
        "Problem", "Intervention", "Response", "Plan"
    ]  # fmt: skip
    assert [s.name for s in draft_note(facts, "pie").sections] == [
        "Problem", "Intervention", "Evaluation"
    ]  # fmt: skip


def test_a_case_management_contact_has_no_psychotherapy_code(facts_of):
    text = "Case management call 20 min. Called PCP to coordinate refill. Follow-up Friday."
    draft = _draft(facts_of, text, "case-management")
    assert draft.format == "contact" and draft.cpt is None
    assert any(f.rule == "not-psychotherapy" for f in draft.findings)
    rules = {f.rule for f in draft.findings}
    assert "missing-client-response" not in rules and "missing-progress" not in rules


def test_a_treatment_plan_draft_flags_a_goal_with_no_measure(facts_of):
    text = "Treatment plan review. Goal 1: Client will feel less anxious. Plan: weekly CBT, review in 90 days."
    draft = _draft(facts_of, text, "plan")
    assert draft.format == "treatment-plan" and draft.cpt is None
    assert any(f.rule == "goal-not-measurable" for f in draft.findings)
