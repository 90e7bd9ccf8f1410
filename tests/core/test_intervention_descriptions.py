"""Interventions described by what was done rather than by name, and their near-misses.

Each class below is a way clinicians write a technique without naming it; each has a
near-miss that must not count (the client acting alone, the client explaining, a plan
for next time, the client's own quoted words). All sentences are synthetic.
"""

from __future__ import annotations

import pytest

from notewell.core.extract.elements import find_interventions, without_quotes

DESCRIBED = [
    # cognitive restructuring: evidence, the perspective question, catastrophic misreadings
    (
        "Weighed the fear of fainting against the evidence from past episodes.",
        "cognitive_restructuring",
    ),
    ("Rev'd catastrophic misinterpretation of chest tightness.", "cognitive_restructuring"),
    ("What would your sister think if she heard you say that?", "cognitive_restructuring"),
    ("Asked what would you tell a close friend in the same spot.", "cognitive_restructuring"),
    ('Worked through the thought "nobody wants me there" with him.', "cognitive_restructuring"),
    ("Named the stuck thought about the accident.", "cognitive_restructuring"),
    # psychoeducation: education as a noun, "explained <anything>", normalising, the alarm
    ("Brief education about how caffeine feeds panic.", "psychoeducation"),
    ("Int: Explained the difference between a lapse and a relapse.", "psychoeducation"),
    ("Explained ADHD and how stimulants work.", "psychoeducation"),
    ("Normalized that nightmares are common in the first months.", "psychoeducation"),
    ("That pounding is your body's alarm doing its job.", "psychoeducation"),
    # supportive therapy: reflecting the client's feelings
    ("Reflected her sadness and her relief about the move.", "supportive_therapy"),
    # motivational interviewing: a decisional balance on the client's use
    ("Explored the pros and cons of her vaping.", "motivational_interviewing"),
    # grounding by the senses
    ("Guided him in noticing what he could hear and touch in the room.", "grounding"),
    ("Had her find three blue things in the office.", "grounding"),
    # breathing and mindfulness described
    ("Breathe in slowly through your nose.", "relaxation_breathing"),
    ("Practiced a three-minute breathing space before the meeting.", "mindfulness"),
    (
        "Short practice observing the breath, returning attention to the breath when it wandered.",
        "mindfulness",
    ),
    # DBT's TIP skill by what it is
    ("Showed her how to splash cold water on her face when urges spike.", "dbt_skills"),
    # behavioral activation: activity plans, pacing, one thing on the calendar
    ("Made an exercise plan with gradual increases each week.", "behavioral_activation"),
    ("Worked on activity pacing for the garden work.", "behavioral_activation"),
    ("Let's pick one activity for Saturday morning.", "behavioral_activation"),
    # safety planning: someone else holds the means; coping list; what to do when urges rise
    ("Father will take the rifle to his brother's house tonight.", "safety_planning"),
    ("Agreed the razors stay in a lockbox in the kitchen.", "safety_planning"),
    ("Wrote a short coping list with her (shower, music, call aunt).", "safety_planning"),
    ("If the thoughts come back tonight, who could you call?", "safety_planning"),
    ("SP updated with new contacts.", "safety_planning"),
    # problem solving
    ("Broke the move down into smaller tasks.", "problem_solving"),
    # ACT processes
    ("Practiced making room for the anxiety while doing what matters to her.", "act"),
    # trauma processing (prolonged exposure)
    ("PE session 4; processing afterward focused on shame.", "trauma_processing"),
    # solution focused
    ("Asked him to imagine waking up with the worry gone.", "solution_focused"),
    ("She placed herself at 5 on the scale.", "solution_focused"),
    # family systems
    ("Named the family pattern of the parents arguing through the son.", "family_systems"),
    ("Pointed out how the daughter gets caught in the middle.", "family_systems"),
    # relapse prevention
    ("Walked through the relapse step by step to find exit points.", "relapse_prevention"),
    ("Listed relapse triggers and what he will do at each.", "relapse_prevention"),
    # role play: the clinician takes a part
    ("Client practiced the request with the counselor playing her landlord.", "role_play"),
    ("Then we switched roles.", "role_play"),
    ("Let's practice what you would say to your boss.", "role_play"),
    # homework review: last session's assignment, shorthand
    ("Went over her practice of the breathing from last week.", "homework_review"),
    ("DC rev'd with client.", "homework_review"),
    ("Client did her exposure homework four of seven days.", "homework_review"),
    # care coordination: roles, consent-marked contacts, handoffs
    ("Notified the charge nurse of the fall.", "care_coordination"),
    ("Coord w/ school counselor re: attendance.", "care_coordination"),
    ("With his consent, writer called his wife to join the plan.", "care_coordination"),
    ("Warm handoff to the on-site psychiatrist.", "care_coordination"),
    ("Scheduled an intake with the eating disorder program.", "care_coordination"),
    # crisis intervention: the contact itself
    ("Walk-in crisis assessment, 60 min.", "crisis_intervention"),
    # psychodynamic: a tentative interpretation said aloud
    (
        "Wondered aloud whether the lateness said something about our work.",
        "psychodynamic_exploration",
    ),
    # standardized assessment with a several-digit score
    ("PHQ-A 21", "standardized_assessment"),
]


@pytest.mark.parametrize(
    ("sentence", "intervention_id"), DESCRIBED, ids=[d[0][:40] for d in DESCRIBED]
)
def test_when_a_technique_is_described_by_what_was_done_then_it_is_found(sentence, intervention_id):
    assert intervention_id in {i for i, _ in find_interventions(sentence)}


NEAR_MISSES = [
    ("Client explained that she missed the bus.", "psychoeducation"),
    ("Explained the limits of confidentiality.", "psychoeducation"),
    ("Client called her PCP on her own to ask about the dose.", "care_coordination"),
    ("She takes her medications every morning.", "safety_planning"),
    ("Arrived pacing the waiting room.", "behavioral_activation"),
    ("Reflected his mixed feelings about quitting.", "supportive_therapy"),
    ("Taught the mother to use validating statements.", "supportive_therapy"),
    ("Wrote out a coping plan for each high-risk situation.", "safety_planning"),
    ("Client practiced saying \"I'm having the thought that I'll fail\".", "role_play"),
    ("Safety plan on file.", "safety_planning"),
    ("CR = caller", "cognitive_restructuring"),
    ("I'll be honest with you.", "role_play"),
]


@pytest.mark.parametrize(
    ("sentence", "intervention_id"), NEAR_MISSES, ids=[n[0][:40] for n in NEAR_MISSES]
)
def test_when_a_sentence_only_resembles_a_technique_then_it_is_not_found(sentence, intervention_id):
    assert intervention_id not in {i for i, _ in find_interventions(sentence)}


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # Plans for next time, in a clause that leads with "Next week:" or ends "next wk".
        (
            "45 min office. Reviewed the sleep log. Next week: problem solving skill.",
            "problem_solving",
        ),
        (
            "45 min office. Reviewed the sleep log. Chain analysis of the binge next wk.",
            "dbt_skills",
        ),
        (
            "45 min office. Updated the safety plan. Resume PE protocol once urges settle.",
            "trauma_processing",
        ),
        # The client's own words in quotes name nothing the clinician did.
        (
            '45 min office. Identified the thought "I should have called 911 myself".',
            "crisis_intervention",
        ),
    ],
)
def test_when_a_technique_is_planned_or_only_quoted_then_it_was_not_delivered(
    facts_of, text, absent
):
    assert absent not in {i.id for i in facts_of(text).interventions}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Done this session, though the clause mentions a later date.
        (
            "50 min office. Contacted the mobile crisis team for a visit tomorrow.",
            "care_coordination",
        ),
        # A quoted technique name has no first person: it still counts.
        ('50 min office. Taught "wise mind" and practiced it twice.', "dbt_skills"),
        # Kept until next session: a storage agreement, not a plan for later.
        (
            "50 min office. Wife will keep the handguns in her safe until next session.",
            "safety_planning",
        ),
    ],
)
def test_when_a_technique_was_delivered_then_it_is_listed(facts_of, text, expected):
    assert expected in {i.id for i in facts_of(text).interventions}


def test_when_the_clause_splitter_cuts_a_quote_open_then_the_quoted_words_are_not_the_clinicians():
    # 'Coached both in "I feel... when... I need..." statements': the client's "I feel"
    # is not the clinician's private feeling.
    assert without_quotes('Coached both in "I feel...').strip() == "Coached both in"
    assert without_quotes('I need..." statements').strip() == "statements"
    assert without_quotes('She said "I feel sad" today') == "She said              today"


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # Past treatment, or treatment given elsewhere.
        (
            "40 min video. Client previously did CBT with a school counselor.",
            "cognitive_restructuring",
        ),
        ("40 min video. He had EMDR for the assault two years ago.", "emdr"),
        ("40 min video. Hx of DBT in residential.", "dbt_skills"),
        ("40 min video. Did your last therapist do EMDR with you?", "emdr"),
        ("40 min video. She said her old therapist used exposure a lot.", "exposure"),
        # Only proposed.
        ("40 min video. Consider EMDR once sleep is steadier.", "emdr"),
        ("40 min video. Referred for DBT skills group.", "dbt_skills"),
        # The client alone.
        ("40 min video. She did the body scan by herself most nights.", "mindfulness"),
        ("40 min video. Client called the crisis line on Sunday.", "safety_planning"),
    ],
)
def test_when_a_technique_was_past_proposed_or_the_clients_own_then_it_is_not_listed(
    facts_of, text, absent
):
    assert absent not in {i.id for i in facts_of(text).interventions}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The same techniques delivered this session still count.
        ("40 min video. Imaginal exposure to the assault from two years ago.", "exposure"),
        ("40 min video. Referred for DBT skills group; taught TIPP today.", "dbt_skills"),
        (
            "40 min video. Client completed 3 of 5 planned activities; scheduled two more.",
            "behavioral_activation",
        ),
    ],
)
def test_when_a_technique_was_delivered_beside_such_words_then_it_is_listed(
    facts_of, text, expected
):
    assert expected in {i.id for i in facts_of(text).interventions}


MORE_DESCRIBED = [
    ("Helped him look for evidence that the boss is actually pleased.", "cognitive_restructuring"),
    ("Named the all-or-nothing thinking in the exam worry.", "cognitive_restructuring"),
    ("Worked toward a more balanced view of the breakup.", "cognitive_restructuring"),
    ("Listed rewarding activities for the week.", "behavioral_activation"),
    ("Approached the feared dog park for ten minutes.", "exposure"),
    ("Touched the bin lid without washing for the rest of the hour.", "exposure"),
    ("Oriented her to the room and the date when she dissociated.", "grounding"),
    ("Tensed and released each muscle group.", "relaxation_breathing"),
    ("Counted breaths to ten, twice.", "relaxation_breathing"),
    ("Practiced noticing urges without judgment.", "mindfulness"),
    ("Asked permission before sharing information on withdrawal.", "motivational_interviewing"),
    ("Defined the problem and picked one solution to try first.", "problem_solving"),
    ("Faxed the discharge summary to the new prescriber.", "care_coordination"),
    ("ROI signed for the school counselor.", "care_coordination"),
    ("Taught half smile and willing hands.", "dbt_skills"),
    ("Bed only for sleep; caffeine cutoff at 2 pm.", "sleep_intervention"),
    ("Practiced the phone call to the landlord twice.", "role_play"),
    ("Pointed out that he treats me the way he treats his father.", "psychodynamic_exploration"),
    ("Used circular questions with the siblings.", "family_systems"),
    ("Used the passengers on the bus metaphor for the fear.", "act"),
    ("Asked about days when the worry was less loud.", "solution_focused"),
    ("Taught her about the cycle of avoidance.", "psychoeducation"),
    ("Stayed with him until his sister arrived.", "crisis_intervention"),
]


@pytest.mark.parametrize(
    ("sentence", "intervention_id"), MORE_DESCRIBED, ids=[d[0][:40] for d in MORE_DESCRIBED]
)
def test_when_a_technique_is_described_in_other_plain_words_then_it_is_found(
    sentence, intervention_id
):
    assert intervention_id in {i for i, _ in find_interventions(sentence)}
