"""Measures in drafts and checks: scored sentences where the input reported them, change
from the record, risk prompts for PHQ-9 item 9 above 0, never a denial from an answer
of 0, and the measure's own wording never read as the client's risk. Synthetic inputs."""

from __future__ import annotations

import pytest

from notewell.core.check import check_note
from notewell.core.measures import ChangeThresholds
from notewell.core.measures.wording import PreviousScore

BASE = (
    "Date: 2026-11-30. 53 min individual session, in person.\n"
    "Client reported low mood and poor sleep since job loss.\n"
    "{measure}\n"
    "Used cognitive restructuring on thoughts of being a failure; client identified two "
    "alternative thoughts.\n"
    "{risk}Plan: continue weekly CBT, repeat PHQ-9 in 4 weeks.\n"
)


def _note(measure: str, risk: str = "") -> str:
    return BASE.format(measure=measure, risk=risk)


def _section(draft, name: str) -> str:
    return next(s.text for s in draft.sections if s.name == name)


def _all_text(draft) -> str:
    return " ".join(s.text for s in draft.sections)


def test_a_score_reads_as_total_band_and_change_in_the_objective_section(draft_of):
    draft = draft_of(_note("PHQ-9 today 14, down from 19 last month."), "soap")
    objective = _section(draft, "Objective")
    assert (
        "PHQ-9 total 14 of 27 (moderate), down 5 points from 19, below the reliable-change "
        "threshold of 6." in objective
    )
    assert "PHQ-9 today 14" not in _all_text(draft)  # the scored sentence replaces it
    sentence = next(s for s in draft.sections[1].sentences if s.text.startswith("PHQ-9"))
    source = draft.facts.text[sentence.sources[0][0] : sentence.sources[0][1]]
    assert source.startswith("PHQ-9 today 14")  # provenance kept


def test_a_clause_that_says_more_keeps_its_words_and_gains_the_score(draft_of):
    draft = draft_of(_note("Mood improved this week and the GAD-7 fell to 9 (prev 13)."), "dap")
    data = _section(draft, "Data")
    assert "GAD-7 total 9 of 21 (mild), down 4 points from 13: a reliable improvement" in data
    assert "Mood improved" in data or "mood improved" in data


def test_items_are_scored_prorated_and_said_so(draft_of):
    draft = draft_of(_note("PHQ-9 items: 3 2 2 3 1 2 - 2 0 (item 7 left blank)."), "soap")
    assert "PHQ-9 total 17 of 27 (moderately severe; prorated from 8 of 9 items)" in _section(
        draft, "Objective"
    )


def test_a_previous_score_from_the_record_gives_the_change(draft_of):
    previous = {"phq9": PreviousScore(21, "2026-10-05")}
    draft = draft_of(_note("PHQ-9 = 14."), "soap", previous_scores=previous)
    assert (
        "down 7 points from 21 on 2026-10-05: a reliable improvement (threshold 6 points)"
        in _section(draft, "Objective")
    )
    # What the input states wins over the record.
    stated = draft_of(_note("PHQ-9 = 14 (prev 16)."), "soap", previous_scores=previous)
    assert "down 2 points from 16," in _section(stated, "Objective")


def test_a_practice_threshold_changes_the_judgement(draft_of):
    draft = draft_of(
        _note("PHQ-9 today 14, down from 19."),
        "soap",
        measure_change={"phq9": ChangeThresholds(reliable=5)},
    )
    assert "a reliable improvement (threshold 5 points)" in _section(draft, "Objective")


def test_item_9_above_zero_raises_a_risk_prompt_and_a_finding(draft_of):
    draft = draft_of(_note("PHQ-9 = 16, item 9 = 2."), "soap")
    prompts = [s.text for s in draft.sections[2].sentences if s.prompt]
    assert any(
        p.startswith("[PHQ-9 item 9 was answered 2 (more than half the days): document the "
                     "suicide risk assessment") for p in prompts
    )  # fmt: skip
    assert draft.facts.risk["suicidal_ideation"].status == "not_assessed"
    rules = [f.rule for f in draft.findings]
    assert "missing-risk-assessment" in rules


def test_item_9_above_zero_with_a_documented_assessment_asks_nothing_more(draft_of):
    draft = draft_of(
        _note(
            "PHQ-9 = 16, item 9 = 2.",
            risk="Follow-up on item 9: denies current intent or plan; safety plan reviewed.\n",
        ),
        "soap",
    )
    assert not any("PHQ-9 item 9 was answered" in s.text for s in draft.sections[2].sentences)
    assert "missing-risk-assessment" not in [f.rule for f in draft.findings]


@pytest.mark.parametrize(
    "measure",
    [
        "PHQ-9 = 12, item 9 = 0.",
        "PHQ-9 item 9 (thoughts of being better off dead or of self-harm): 0.",
        "PHQ-9 12, Q9 (self-harm): not at all.",
    ],
)
def test_item_9_answered_zero_is_never_written_as_a_denial(draft_of, measure):
    draft = draft_of(_note(measure), "soap")
    text = _all_text(draft).lower()
    assert "denied suicidal ideation" not in text and "denies suicidal" not in text
    assert all(s.status == "not_assessed" for s in draft.facts.risk.values())
    assert "(not at all)" in text  # the answer as it is
    # The format's own risk prompt still asks for the assessment.
    assert "[add risk assessment" in text


def test_a_forms_item_wording_is_not_the_clients_risk(facts_of):
    form = (
        "PHQ-9\n1. Little interest: 2\n2. Feeling down: 3\n3. Sleep: 1\n4. Tired: 2\n"
        "5. Appetite: 1\n6. Feeling bad about self: 2\n7. Concentration: 1\n"
        "8. Slow/restless: 0\n9. Thoughts you would be better off dead or of hurting "
        "yourself: 1\nTotal: 13\n"
    )
    facts = facts_of(form)
    assert facts.risk["suicidal_ideation"].status == "not_assessed"
    assert facts.risk["self_harm"].status == "not_assessed"
    assert [m.total for m in facts.measures] == [13]


def test_a_clients_spoken_answer_stays_risk_evidence(facts_of):
    transcript = (
        "Clinician: Over the last two weeks, thoughts that you would be better off dead, or of "
        "hurting yourself?\nClient: Yes, several days.\n"
        "Clinician: Thank you. Your PHQ-9 total is 15.\n"
    )
    facts = facts_of(transcript)
    assert facts.risk["suicidal_ideation"].status == "endorsed"  # never softened to a prompt
    assert dict(facts.measures[0].items).get(9) == 1


def test_an_impossible_total_becomes_a_prompt_to_check(draft_of):
    draft = draft_of(_note("PHQ-9 31 per self-scored form."), "soap")
    prompts = [s.text for s in draft.sections[1].sentences if s.prompt]
    assert "[Check the score: a PHQ-9 total of 31 is outside 0-27]" in prompts


def test_the_psychotherapy_note_never_holds_scores(draft_of):
    draft = draft_of(
        _note("PHQ-9 = 16, item 9 = 2.", risk="I wonder if I am missing her despair.\n"),
        "soap",
        psychotherapy_note=True,
    )
    private = " ".join(s.text for s in draft.psychotherapy_note or ())
    assert "PHQ-9" not in private and "wonder" in private


def test_the_checker_flags_a_positive_item_9_left_unassessed_in_a_note_written_anywhere():
    note = (
        "Date: 2026-11-30. 45 min individual psychotherapy, in person.\n"
        "PHQ-9 = 16, item 9 = 2.\nUsed CBT thought records; client engaged.\nPlan: weekly.\n"
    )
    found = [f for f in check_note(note) if f.rule == "missing-risk-assessment"]
    assert len(found) == 1
    assert "item 9 was answered 2 (more than half the days)" in found[0].message
    assert found[0].span is not None and note[found[0].span[0] :].startswith("PHQ-9 = 16")
    assessed = note.replace("Plan:", "Denies SI, intent or plan; safety plan reviewed. Plan:")
    assert not [f for f in check_note(assessed) if f.rule == "missing-risk-assessment"]
    zero = note.replace("item 9 = 2", "item 9 = 0")
    assert not [f for f in check_note(zero) if f.rule == "missing-risk-assessment"]


def test_a_measured_change_is_progress_and_ties_to_the_goal_that_names_the_measure():
    from notewell.core.check.treatment_plan import parse_plan

    note = (
        "Date: 2026-11-30. 45 min individual psychotherapy, in person.\n"
        "PHQ-9 = 14, down from 19. Denies SI, HI.\n"
        "Used behavioral activation scheduling; client engaged and chose two walks.\n"
        "Plan: weekly.\n"
    )
    rules = [f.rule for f in check_note(note)]
    assert "missing-progress" not in rules
    named = parse_plan("goals:\n  - PHQ-9 below 10 by March\n  - Return to work part time\n")
    assert "progress-not-linked-to-goal" not in [f.rule for f in check_note(note, plan=named)]
    other = parse_plan("goals:\n  - GAD-7 below 8\n")
    assert "progress-not-linked-to-goal" in [f.rule for f in check_note(note, plan=other)]
    # A score with no earlier one is no change: progress is still asked for.
    alone = note.replace(", down from 19", "")
    assert "missing-progress" in [f.rule for f in check_note(alone)]
