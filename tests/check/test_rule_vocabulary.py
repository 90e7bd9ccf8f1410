"""Broader vocabulary and context rules: must-fire and must-not-fire sentences per rule.

Every sentence here is synthetic, written for these tests (no real patient data), and
worded differently from any evaluation set. Each is checked inside a complete note, so
only the behaviour under test can change the result.
"""

from __future__ import annotations

import pytest

from notewell.core.check import check_note

HEADER = "Date of service: 2026-11-03. Individual psychotherapy, 50 minutes, in office.\n"
INTERVENTION = "Therapist used behavioral activation to schedule two valued activities."
RESPONSE = "Client was engaged and picked a walk and a phone call."
PROGRESS = "Partial progress toward goal 2."
DENIAL = "Client denies SI/HI."
PLAN = "Plan: Do both activities; next session in one week.\n"


def progress_note(
    data: str,
    intervention: str = INTERVENTION,
    response: str = RESPONSE,
    progress: str = PROGRESS,
    denial: str = DENIAL,
) -> str:
    return (
        f"{HEADER}Data: {data} {intervention}\nAssessment: {response} {progress} {denial}\n{PLAN}"
    )


def rules(text: str, note_type: str = "progress") -> set[str]:
    return {f.rule for f in check_note(text, note_type)}


# missing-risk-assessment: (sentence in Data, risk expected?)
RISK = [
    # violence toward a person: possessive + (hyphenated) noun, "the woman who ...", particles
    ("Client described urges to strangle his step-brother after the argument.", True),
    ("Client said he keeps picturing himself choking the driver who cut him off.", True),
    ("Client reported fantasies of stabbing her former roommate.", True),
    ("He said he wanted to knock out his brother-in-law.", True),
    ("Client admitted he has been planning to attack the woman who reported him.", True),
    ("Client said he wanted to beat up the guy at the gym.", True),
    ("Client reported thoughts of kicking his neighbor's dog.", True),
    # not violence toward a person
    ("Client worried she would hurt her chances at the interview.", False),
    ("Client wants to beat his personal record at the marathon.", False),
    ("Client said she wanted to kill time before the flight.", False),
    # suicide euphemisms and preparation
    ("Client said lately she thinks about ending it all.", True),
    ("Client stated he wishes he could vanish for good.", True),
    ("Client said she would rather not be around any longer.", True),
    ("Client mentioned he has written a goodbye letter to his son.", True),
    ("Client has been giving away her prized belongings.", True),
    ("Client ended things with her boyfriend last week.", False),
    # means
    ("Client disclosed she has been saving up her pain pills in a drawer.", True),
    ("Client said he recently bought a handgun.", True),
    ("Client looked up ways to overdose online.", True),
    # self-harm with a body part
    ("Client reported scratching her wrists with a paperclip.", True),
    ("Client disclosed carving into his thigh on Saturday.", True),
    ("Client said she burned her upper arm with a hot spoon.", True),
    # domestic violence and safety at home
    ("Client said her husband has been shoving her and she feels unsafe at home.", True),
    ("Client reported she doesn't feel safe around her ex.", True),
    ("Client reported she feels safe at home with her sister.", False),
    # past self-harm answered by a current denial in the same sentence
    (
        "Client has a history of burning herself in college, none since 2019; denies current urges.",
        False,
    ),
    ("Client described past cutting as a teen and denies any recent urges or behaviors.", False),
    ("Client has a history of cutting in college and cut again on Friday.", True),
]


@pytest.mark.parametrize(("data", "expected"), RISK, ids=[d[:40] for d, _ in RISK])
def test_risk_vocabulary(data: str, expected: bool) -> None:
    # the tail's "denies SI/HI" would cover SI and HI mentions, so leave it out
    found = "missing-risk-assessment" in rules(progress_note(data, denial=""))
    assert found is expected


# vague-intervention: (intervention sentence, vague expected?)
VAGUE = [
    ("Went over her week.", True),
    ("Therapist offered supportive counselling.", True),
    ("Assisted client to work through her emotions about the move.", True),
    ("Therapist addressed his stressors at work.", True),
    ("Therapist listened and empathized.", True),
    ("Therapist processed his grief.", True),
    ("Provided a safe space for client to share.", True),
    ("Focused on building rapport.", True),
    # specific: a named technique beside the vague words, or the technique is the object
    ("Addressed work stress using cognitive restructuring of all-or-nothing thoughts.", False),
    ("Therapist reviewed the thought record from last week.", False),
    ("Therapist validated her frustration and taught the DBT STOP skill.", False),
    (
        "Therapist listened to the recording of her exposure practice and coached paced breathing.",
        False,
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), VAGUE, ids=[s[:40] for s, _ in VAGUE])
def test_vague_vocabulary(sentence: str, expected: bool) -> None:
    found = rules(progress_note("Client reported a tense week.", intervention=sentence))
    assert ("vague-intervention" in found) is expected
    # a note whose only interventions are vague is vague, not missing an intervention
    assert "missing-intervention" not in found


# missing-client-response: (assessment response sentence, response documented?)
RESPONSE_CASES = [
    ("Client teared up while describing the visit and said she now understood her father.", True),
    ("Client expressed relief at the end of the role-play.", True),
    ("Client described feeling steadier afterwards.", True),
    ("Her urge to check the stove went from 8/10 to 4/10.", True),
    ("Client became quiet during the exercise.", True),
    ("Client's landlord raised the rent.", False),
]


@pytest.mark.parametrize(
    ("sentence", "expected"), RESPONSE_CASES, ids=[s[:40] for s, _ in RESPONSE_CASES]
)
def test_response_vocabulary(sentence: str, expected: bool) -> None:
    found = rules(progress_note("Client reported a tense week.", response=sentence))
    assert ("missing-client-response" not in found) is expected


# missing-progress: goal synonyms
PROGRESS_CASES = [
    ("He is closer to his target of three sober weekends.", True),
    ("Client is working toward her objective of driving on the highway.", True),
    ("Client has moved towards his aim of fewer late nights.", True),
    ("Client bought a new car.", False),
]


@pytest.mark.parametrize(
    ("sentence", "expected"), PROGRESS_CASES, ids=[s[:40] for s, _ in PROGRESS_CASES]
)
def test_progress_synonyms(sentence: str, expected: bool) -> None:
    found = rules(progress_note("Client reported a tense week.", progress=sentence))
    assert ("missing-progress" not in found) is expected


# overstated-progress: (claim sentence, overstated expected?)
OVERSTATED = [
    ("His panic is one hundred percent resolved.", True),
    ("Client has achieved a complete recovery.", True),
    ("Her depression is completely gone.", True),
    ("Client is totally better.", True),
    ("The dispute over the parking space is completely resolved.", False),
    ("Her question about the invoice was fully resolved by the billing office.", False),
]


@pytest.mark.parametrize(("sentence", "expected"), OVERSTATED, ids=[s[:40] for s, _ in OVERSTATED])
def test_overstated_subjects(sentence: str, expected: bool) -> None:
    found = rules(progress_note("Client reported a tense week.", progress=f"{PROGRESS} {sentence}"))
    assert ("overstated-progress" in found) is expected


# private-reflection-in-record: (assessment sentence, private expected?)
REFLECTION = [
    ("The writer felt irritated when the client checked her phone.", True),
    ("Clinician noticed feeling drained by the end of the hour.", True),
    ("Counselor found herself feeling protective of him.", True),
    ("It is possible that his distrust originates in early abandonment.", True),
    ("His need for control likely comes from his father's drinking.", True),
    ("I'm unsure whether the work is reaching her.", True),
    ("I worry that I push too hard.", True),
    # a planned assessment, the client's own view, a plain clinical observation
    ("Clinician will evaluate whether the fatigue might stem from a thyroid problem.", False),
    ("Plan to refer to PCP to rule out whether headaches may be related to medication.", False),
    ("Client wonders whether her fear comes from her mother's illness.", False),
    ("Client appeared frustrated when the topic of school came up.", False),
]


@pytest.mark.parametrize(("sentence", "expected"), REFLECTION, ids=[s[:40] for s, _ in REFLECTION])
def test_reflection_vocabulary(sentence: str, expected: bool) -> None:
    found = rules(progress_note("Client reported a tense week.", progress=f"{PROGRESS} {sentence}"))
    assert ("private-reflection-in-record" in found) is expected


TRANSCRIPT = [
    (
        "Client: So I went. Therapist: And? Client: I froze at the door, again. "
        "Therapist: What went through your mind? Client: That they would all stare.",
        True,
    ),
    ("Pt: I can't. Th: Can't or won't? Pt: Both, honestly. Th: Say more.", True),
    # one brief quote in a summary is not a transcript
    ('Client described the party and said "I froze at the door."', False),
]


@pytest.mark.parametrize(("data", "expected"), TRANSCRIPT, ids=[d[:30] for d, _ in TRANSCRIPT])
def test_inline_dialogue(data: str, expected: bool) -> None:
    assert ("transcript-like" in rules(progress_note(data))) is expected


PRIVATE = " My hunch is that he tests whether I will give up on him."
# record-content-in-psychotherapy-note: (sentence, record content expected?)
PSYCHOTHERAPY = [
    ("We agreed to move to biweekly sessions after the holidays.", True),
    ("Seeing him four times a month for now.", True),
    ("We will meet twice a week until the court date.", True),
    ("Starting a schema therapy protocol in January.", True),
    ("Referred him to an intensive outpatient program.", True),
    ("He ran out of his meds on Tuesday.", True),
    ("We met 10 am to 11 am because of the snow.", True),
    ("His Hamilton rating came back at 19.", True),
    ("He scored 22 on the trauma checklist.", True),
    ("His father has schizophrenia.", True),
    ("He is unable to go to work and needs help to shower.", True),
    ("Reports racing thoughts and early morning awakening.", True),
    ("His anxiety has improved markedly since the spring.", True),
    ("He is sleeping better than at intake.", True),
    ("Prospects look favorable if he keeps attending.", True),
    # everyday frequency, scores and denials are not record content
    ("He plays chess with his uncle weekly and loses.", False),
    ("His team lost by a score of 3 to 1 and he blamed himself.", False),
    ("He denied being jealous of his brother, but laughed too loudly.", False),
    ("He meets his friends every week at the pub.", False),
    ("He said the outlook on the job market felt bleak.", False),
]


@pytest.mark.parametrize(
    ("sentence", "expected"), PSYCHOTHERAPY, ids=[s[:40] for s, _ in PSYCHOTHERAPY]
)
def test_psychotherapy_record_content(sentence: str, expected: bool) -> None:
    found = rules(sentence + PRIVATE, "psychotherapy")
    assert ("record-content-in-psychotherapy-note" in found) is expected


def test_psychotherapy_finding_names_category() -> None:
    findings = check_note("Continuing weekly EMDR." + PRIVATE, "psychotherapy")
    assert any("modality and frequency of treatment" in f.message for f in findings)
