"""Intake drafts (90791): each clause under its biopsychosocial section, a relative's
history as family history and never the client's, mental status never filled with a
default, a prompt for every section the notes do not cover. All inputs are SYNTHETIC."""

from __future__ import annotations

import pytest

from notewell.core.formats.services import with_service

NOTES = """Intake 60 min in person. Date: 2026-11-30.
CC: "I can't sleep and I'm always on edge"
Pt is 34 yo referred by PCP for anxiety. Worry most days for 8 months since job change.
FHx: mother - depression; father - EtOH
- maternal aunt completed suicide
Her father drank heavily. He was hospitalized for detox twice.
SHx: lives with wife, works as electrician.
Drinks 2-3 beers on weekends. Denies drugs.
Takes lisinopril 10 mg.
MSE: A&Ox3, casually dressed, mood "tired", affect constricted.
Denies SI/HI.
Dx: F41.1 GAD
Plan: weekly CBT, refer to psychiatry.
"""


@pytest.fixture(scope="module")
def intake(draft_of):
    return draft_of(NOTES, "intake")


def _section(draft, name):
    return next(s for s in draft.sections if s.name == name)


def _content(draft, name):
    return " ".join(s.text for s in _section(draft, name).sentences if not s.prompt)


def test_relatives_history_is_family_history_and_nowhere_else(intake):
    family = _content(intake, "Family history")
    for words in ("Mother - depression", "Father - EtOH", "aunt completed suicide",
                  "He was hospitalized for detox twice"):  # fmt: skip
        assert words in family
    for section in intake.sections:
        if section.name != "Family history":
            text = " ".join(s.text for s in section.sentences)
            assert "detox" not in text and "depression" not in text


def test_a_relatives_suicide_is_not_the_clients_risk(intake):
    assert intake.facts.risk["suicidal_ideation"].status == "denied"
    assert not any(f.rule == "missing-risk-assessment" for f in intake.findings)


def test_each_topic_lands_in_its_section(intake):
    assert "referred by primary care provider for anxiety" in _content(intake, "Presenting problem")
    assert "Drinks 2-3 beers on weekends" in _content(intake, "Substance use")
    assert "lisinopril" in _content(intake, "Medical history and medications")
    assert "Lives with wife, works as electrician" in _content(intake, "Social history")
    assert "F41.1 GAD" in _content(intake, "Diagnostic impression")
    assert "refer to psychiatry" in _content(intake, "Recommendations")
    assert "denied suicidal and homicidal ideation" in _content(intake, "Risk assessment")


def test_mental_status_keeps_what_was_stated_and_asks_for_the_rest(intake):
    section = _section(intake, "Mental status examination")
    stated = " ".join(s.text for s in section.sentences if not s.prompt)
    assert stated.startswith('A&Ox3, casually dressed, mood "tired", affect constricted')
    prompt = next(s.text for s in section.sentences if s.prompt)
    assert "speech" in prompt and "insight" in prompt and "judgment" in prompt
    assert "mood" not in prompt and "affect" not in prompt
    whole = " ".join(s.text for sec in intake.sections for s in sec.sentences).lower()
    assert "within normal limits" not in whole and "wnl" not in whole


def test_uncovered_sections_are_prompts(intake):
    for name in ("Psychiatric history", "Developmental history", "Trauma history"):
        sentences = _section(intake, name).sentences
        assert sentences and all(s.prompt for s in sentences)


def test_the_intake_is_billed_90791_and_skips_progress_note_rules(intake):
    assert intake.cpt is not None and intake.cpt.code == "90791"
    rules = {f.rule for f in intake.findings}
    assert "missing-intervention" not in rules and "missing-client-response" not in rules


def test_without_an_mse_the_whole_section_is_a_prompt(draft_of):
    draft = draft_of("Intake. Client reports panic attacks for 6 months. Denies SI/HI.", "intake")
    sentences = _section(draft, "Mental status examination").sentences
    assert len(sentences) == 1 and sentences[0].prompt


@pytest.mark.parametrize(
    ("clause", "topic"),
    [
        ("Her older half-brother has bipolar disorder.", "family_history"),
        ("Son (41) in recovery from opioid use disorder, 3 yrs clean.", "family_history"),
        ("Family, her sister had postpartum psychosis and was hospitalized.", "family_history"),
        ("Depression in her mother and maternal grandmother.", "family_history"),
        ("Per mother, client has been staying in his room and not eating.", "presenting_problem"),
        ("She currently denies SI and identifies her children as reasons for living.", "risk"),
        ("Affect was anxious, tearful when describing her mother's illness.", "mental_status"),
        ("My impression is generalized anxiety disorder.", "diagnostic_impression"),
        ("No prior psych hx.", "psychiatric_history"),
        ("She was treated with fluoxetine in her twenties.", "psychiatric_history"),
    ],
)
def test_a_clause_is_placed_by_what_it_says(facts_of, clause, topic):
    from notewell.core.intake import place_segments

    facts, _ = with_service(facts_of("Intake. " + clause), "intake")
    placements = place_segments(facts)
    segment = next(s for s in facts.segments if s.text.startswith(clause[:12]))
    assert placements[segment.start].topic == topic


def test_a_template_heading_is_read_by_its_words(draft_of):
    draft = draft_of(
        "BEHAVIORAL HEALTH INTAKE\nPrevious MH Treatment: outpatient therapy 2018\n"
        "Family MH History: father with alcohol use disorder\nLiving Situation: lives alone\n",
        "intake",
    )
    assert "outpatient therapy 2018" in _content(draft, "Psychiatric history").lower()
    assert "father with alcohol use disorder" in _content(draft, "Family history").lower()
    assert "lives alone" in _content(draft, "Social history").lower()


def test_a_pronoun_after_a_relative_is_the_relatives_and_never_becomes_client(draft_of):
    notes = (
        "Intake 60 min. Client is a 17 yo male referred for drinking.\n"
        "His older brother Marcus lives with their grandmother. He was diagnosed with "
        "schizophrenia at 20.\nShe reports her sister has bipolar disorder.\n"
    )
    draft = draft_of(notes, "intake")
    assert "He was diagnosed with schizophrenia at 20" in _content(draft, "Family history")
    whole = " ".join(s.text for sec in draft.sections for s in sec.sentences)
    assert "Client was diagnosed" not in whole and "Client had bipolar" not in whole
