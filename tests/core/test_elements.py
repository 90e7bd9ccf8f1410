"""Private reflections, element classification and the intervention lexicon.
All sentences are synthetic."""

from __future__ import annotations

import pytest

from notewell.core.extract.elements import find_interventions, is_private_reflection

PRIVATE = [
    "I wonder if her anger at her boss is really about her father.",
    "My sense is that he is testing whether I will reject him.",
    "I felt protective of her and noticed I was rushing to reassure.",
    "Her avoidance might stem from early experiences of criticism.",
    "Possibly rooted in attachment disruption in childhood.",
    "Countertransference: irritation when he minimizes.",
    "I notice I feel intimidated when he raises his voice - bring to supervision.",
    "Consider exploring earlier experiences with criticism.",
    "Client may be experiencing return-to-work anxiety connected to perfectionistic standards.",
    "I suspect there is more trauma history than she has disclosed.",
    "My hunch is that the panic is tied to her mother's illness.",
    "Hypothesis: her perfectionism protects against shame.",
    "Wondering whether the divorce reactivated old abandonment fears.",
    "It seems to me that she is reenacting her relationship with her mother.",
    "Perhaps his sarcasm is a defense against vulnerability.",
    "Themes to explore: shame, control.",
    "I'm struck by how little affect she shows when describing the assault.",
    "Her avoidance may be a way of protecting herself from rejection.",
    "It's possible that the anxiety is rooted in her mother's illness.",
    "Suspect underlying trauma that has not been disclosed.",
]
RECORD = [
    "Client reported increased anxiety related to returning to work.",
    "Client wonders if she should change jobs.",
    "Explored earlier experiences with criticism using cognitive restructuring.",
    "Client felt calmer after the breathing exercise.",
    "Therapist validated client's feelings.",
    "Client may benefit from a psychiatry referral.",
    "Discussed how avoidance maintains anxiety.",
    "Client identified that her anxiety is connected to deadlines.",
    "Therapist explored transference reactions with the client.",
    "Client may be a good candidate for a DBT skills group.",
    "Client wondered whether to tell her sister.",
]


@pytest.mark.parametrize("sentence", PRIVATE, ids=[s[:30] for s in PRIVATE])
def test_when_clinician_muses_then_it_is_a_private_reflection(sentence):
    assert is_private_reflection(sentence)


@pytest.mark.parametrize("sentence", RECORD, ids=[s[:30] for s in RECORD])
def test_when_sentence_documents_the_session_then_it_is_not_private(sentence):
    assert not is_private_reflection(sentence)


def test_when_a_transcript_speaker_says_i_wonder_then_it_is_speech_not_a_reflection():
    assert not is_private_reflection("I wonder if I should quit.", speaker="client")


SYNONYMS = [
    ("challenged catastrophic predictions", "cognitive_restructuring"),
    ("completed a thought record", "cognitive_restructuring"),
    ("used the 5-4-3-2-1 technique", "grounding"),
    ("practiced box breathing", "relaxation_breathing"),
    ("taught PMR", "relaxation_breathing"),
    ("BA: scheduled 2 small tasks/day", "behavioral_activation"),
    ("built a fear hierarchy", "exposure"),
    ("psychoed on the avoidance cycle", "psychoeducation"),
    ("used MI to explore ambivalence", "motivational_interviewing"),
    ("reviewed DBT distress tolerance (TIPP)", "dbt_skills"),
    ("updated the safety plan", "safety_planning"),
    ("brainstormed solutions", "problem_solving"),
    ("cognitive defusion exercise", "act"),
    ("continued the trauma narrative", "trauma_processing"),
    ("bilateral stimulation", "emdr"),
    ("asked the miracle question", "solution_focused"),
    ("drew a genogram", "family_systems"),
    ("Gottman repair attempts", "couples_therapy"),
    ("sand tray", "play_therapy"),
    ("reviewed sleep hygiene", "sleep_intervention"),
    ('practiced "I" statements', "communication_skills"),
    ("identified warning signs for relapse", "relapse_prevention"),
    ("role-played the conversation", "role_play"),
    ("reviewed homework", "homework_review"),
    ("administered the PHQ-9", "standardized_assessment"),
    ("coordinated with her psychiatrist", "care_coordination"),
    ("de-escalation", "crisis_intervention"),
    ("explored early childhood experiences", "psychodynamic_exploration"),
    ("worked on a role transition", "interpersonal_therapy"),
    ("body scan", "mindfulness"),
]


@pytest.mark.parametrize(("phrase", "intervention_id"), SYNONYMS, ids=[s[1] for s in SYNONYMS])
def test_when_a_technique_is_described_then_its_canonical_id_is_found(phrase, intervention_id):
    assert intervention_id in {i for i, _ in find_interventions(phrase)}


VAGUE = [
    "provided support",
    "discussed anxiety",
    "processed feelings",
    "checked in",
    "talked about work",
]


@pytest.mark.parametrize("phrase", VAGUE)
def test_when_description_is_vague_then_no_intervention_is_named(phrase):
    assert find_interventions(phrase) == []


def test_when_a_plan_mentions_a_technique_then_it_was_not_delivered(facts_of):
    facts = facts_of(
        "45 min office. Client reports low mood. Plan: start exposure hierarchy next week."
    )
    assert [i.id for i in facts.interventions] == []


MORE_SYNONYMS = [
    ("called her psychiatrist's office to move up the appointment", "care_coordination"),
    ("worked on stuck points with the challenging questions worksheet", "cognitive_restructuring"),
    ("explained that intrusive thoughts are common", "psychoeducation"),
    (
        "explored how the pattern mirrors his relationship with his father",
        "psychodynamic_exploration",
    ),
    ("mapped the family's interaction pattern", "family_systems"),
    ("name five things you can see", "grounding"),
    ("reviewed this week's exposure log", "homework_review"),
]


@pytest.mark.parametrize(
    ("phrase", "intervention_id"), MORE_SYNONYMS, ids=[s[0][:30] for s in MORE_SYNONYMS]
)
def test_when_a_technique_is_described_in_plain_words_then_it_is_named(phrase, intervention_id):
    assert intervention_id in {i for i, _ in find_interventions(phrase)}


@pytest.mark.parametrize(
    "text", ["Offered EMDR; client declined for now.", "We did not get to the breathing exercise."]
)
def test_when_an_intervention_was_not_delivered_then_it_is_not_listed(facts_of, text):
    assert [i.id for i in facts_of(text).interventions] == []


@pytest.mark.parametrize(
    "sentence",
    [
        "I notice strong protective feelings toward her and need to watch that this doesn't "
        "color my work with her.",
        "It occurs to me that the urges spike whenever her father visits.",
        "This writer felt annoyed when the client arrived late.",
        "His perfectionism probably comes from his mother.",
    ],
)
def test_when_the_clinician_reflects_in_other_words_then_it_is_private(sentence):
    assert is_private_reflection(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Therapist will assess whether symptoms might stem from a medical cause.",
        'Used cognitive restructuring around the belief "I can\'t survive on my own."',
    ],
)
def test_when_a_planned_assessment_or_a_quote_sounds_musing_then_it_stays_in_the_record(sentence):
    assert not is_private_reflection(sentence)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("EMDR #5 (phase 4 desensitization), 60 min, office.", {"emdr"}),
        (
            "P: Psychoeducation provided on warning signs; referral placed to IOP.",
            {"psychoeducation", "care_coordination"},
        ),
        ("Called ACT team RN to reschedule the injection.", {"care_coordination"}),
        (
            "Thought log reviewed; CR re: catastrophizing.",
            {"homework_review", "cognitive_restructuring"},
        ),
        ("Child-centered play; tracked and reflected feelings.", {"play_therapy"}),
        ("EFT: named the pursue-withdraw cycle.", {"couples_therapy"}),
    ],
)
def test_when_delivered_interventions_are_written_tersely_then_they_are_found(
    facts_of, text, expected
):
    assert {i.id for i in facts_of(text).interventions} == expected


@pytest.mark.parametrize(
    ("phrase", "intervention_id"),
    [
        ("emdr sess 4, sets of bls", "emdr"),
        ("dbt skills: practiced tipp", "dbt_skills"),
        ("kitchen knives locked away", "safety_planning"),
        ("stayed on the line and called 999", "crisis_intervention"),
        ("broke the tax return down into 4 steps", "problem_solving"),
        ("built a bedtime bravery ladder", "exposure"),
        ("informed the probation officer", "care_coordination"),
    ],
)
def test_when_clinicians_write_in_lowercase_shorthand_then_interventions_are_found(
    phrase, intervention_id
):
    assert intervention_id in {i for i, _ in find_interventions(phrase)}


@pytest.mark.parametrize(
    "sentence",
    [
        "Note to self: wonder whether the panic began after his father's illness.",
        "[for me: I'm getting the feeling she tells me what I want to hear]",
    ],
)
def test_when_the_clinician_writes_a_note_to_self_then_it_is_private(sentence):
    assert is_private_reflection(sentence)
