"""Risk status per type. Synthetic sentences; each case names the context it tests."""

from __future__ import annotations

import pytest

CASES = [
    # id, input, expected {risk_type: status}
    (
        "negated-abbrev-pair",
        "denies SI/HI.",
        {"suicidal_ideation": "denied", "homicidal_ideation": "denied"},
    ),
    (
        "negated-backward",
        "SI/HI denied.",
        {"suicidal_ideation": "denied", "homicidal_ideation": "denied"},
    ),
    ("negated-no", "No SI. No self-harm.", {"suicidal_ideation": "denied", "self_harm": "denied"}),
    ("negated-colon-none", "SI: none.", {"suicidal_ideation": "denied"}),
    ("negated-thoughts-of", "Client denies thoughts of suicide.", {"suicidal_ideation": "denied"}),
    (
        "endorsed-passive",
        "Client reports passive thoughts of not wanting to be here, no plan, no intent.",
        {"suicidal_ideation": "endorsed"},
    ),
    (
        "endorsed-active",
        "Client stated she wants to kill herself and has a plan.",
        {"suicidal_ideation": "endorsed"},
    ),
    (
        "endorsed-self-harm",
        "Client reports cutting once this week after a fight with her girlfriend.",
        {"self_harm": "endorsed"},
    ),
    (
        "endorsed-after-conjunction",
        "Client had a fight with her sister and cut herself.",
        {"self_harm": "endorsed"},
    ),
    (
        "endorsed-despite-other-denial",
        "Client denies SI but reports cutting her arm.",
        {"suicidal_ideation": "denied", "self_harm": "endorsed"},
    ),
    ("family-history", "Mother has history of SI.", {"suicidal_ideation": "not_assessed"}),
    (
        "family-attempt",
        "Client reports father has history of suicide attempt.",
        {"suicidal_ideation": "not_assessed"},
    ),
    ("historical", "History of self-harm as a teenager.", {"self_harm": "not_assessed"}),
    (
        "hypothetical-worse",
        "If things get worse she might hurt herself.",
        {"self_harm": "not_assessed"},
    ),
    (
        "hypothetical-wonders-clarified",
        "She wonders if she'd be better off dead - clarified she meant her old job.",
        {"suicidal_ideation": "not_assessed"},
    ),
    (
        "not-a-risk-cutting-back",
        "Client is cutting back on caffeine.",
        {"self_harm": "not_assessed"},
    ),
    ("not-a-greeting", "Hi, how are you?", {"homicidal_ideation": "not_assessed"}),
    (
        "hi-intent-negated",
        "Explored intent: no intent to harm neighbor or anyone, denies HI.",
        {"homicidal_ideation": "denied"},
    ),
    (
        "hi-endorsed",
        "Client reported thoughts of hurting his boss.",
        {"homicidal_ideation": "endorsed"},
    ),
    (
        "no-safety-concerns-is-not-a-denial",
        "No safety concerns.",
        {
            "suicidal_ideation": "not_assessed",
            "homicidal_ideation": "not_assessed",
            "self_harm": "not_assessed",
        },
    ),
    (
        "silence-is-not-assessed",
        "Client reports poor sleep.",
        {
            "suicidal_ideation": "not_assessed",
            "homicidal_ideation": "not_assessed",
            "self_harm": "not_assessed",
        },
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_when_risk_is_mentioned_then_status_follows_context(facts_of, text, expected):
    facts = facts_of(text)
    got = {name: facts.risk[name].status for name in expected}
    assert got == expected


def test_when_endorsed_then_sources_point_at_the_mention(facts_of):
    text = "50 min. Client reports cutting once this week. Denies SI."
    facts = facts_of(text)
    status = facts.risk["self_harm"]
    assert status.status == "endorsed"
    assert [text[a:b] for a, b in status.sources] == ["cutting"]
    assert [text[a:b] for a, b in facts.risk["suicidal_ideation"].sources] == ["SI"]


def test_when_passive_si_without_plan_then_detail_says_so(facts_of):
    facts = facts_of(
        "Client reports passive thoughts of not wanting to be here, no plan, no intent. "
        "Safety plan completed."
    )
    detail = facts.risk["suicidal_ideation"].detail or ""
    assert "passive" in detail and "no plan" in detail and "no intent" in detail
    assert "safety plan" in detail


def test_when_goal_names_risk_then_it_is_not_an_endorsement(facts_of):
    facts = facts_of("Goal 1: reduce self-harm urges. 50 min video. Client denies SI.")
    assert facts.risk["self_harm"].status == "not_assessed"
    assert facts.risk["suicidal_ideation"].status == "denied"


def test_when_private_reflection_mentions_risk_then_it_does_not_count(facts_of):
    facts = facts_of("Client denies SI. I wonder if her suicidal talk last year was a test of me.")
    assert facts.risk["suicidal_ideation"].status == "denied"


TRANSCRIPT_QUESTIONS = [
    ("answered-no", "C: No, nothing like that.", "denied"),
    ("answered-sometimes", "C: Sometimes, at night.", "endorsed"),
    ("not-answered", "C: Can we talk about work instead?", "not_assessed"),
]


@pytest.mark.parametrize(
    ("answer", "expected"),
    [c[1:] for c in TRANSCRIPT_QUESTIONS],
    ids=[c[0] for c in TRANSCRIPT_QUESTIONS],
)
def test_when_clinician_asks_about_risk_then_the_answer_decides(facts_of, answer, expected):
    text = (
        "T: How has the week been?\n"
        "C: Hard. I barely slept.\n"
        "T: Have you had any thoughts of suicide?\n"
        f"{answer}\n"
    )
    facts = facts_of(text)
    assert facts.input_type == "transcript"
    assert facts.risk["suicidal_ideation"].status == expected


def test_when_client_says_it_in_a_transcript_then_it_is_endorsed(facts_of):
    text = "T: What happened after the argument?\nC: I wanted to kill myself.\nT: Thank you for telling me.\n"
    assert facts_of(text).risk["suicidal_ideation"].status == "endorsed"


# Phrasings clinicians use, one risk type each (synthetic sentences).
PHRASES = [
    ("Client endorsed SI without plan or intent.", "suicidal_ideation", "endorsed"),
    ("Denies current SI; history of SI in 2019.", "suicidal_ideation", "denied"),
    (
        "Client reports occasional thoughts that life isn't worth living.",
        "suicidal_ideation",
        "endorsed",
    ),
    ("Client denied SI, HI, and AVH.", "homicidal_ideation", "denied"),
    ("SI: denies. HI: denies.", "homicidal_ideation", "denied"),
    (
        "Pt reports hx of cutting, last episode 2 yrs ago; denies current SH urges.",
        "self_harm",
        "denied",
    ),
    ("Client expressed thoughts of wanting to die.", "suicidal_ideation", "endorsed"),
    (
        "Client shared that she has been thinking about ending her life.",
        "suicidal_ideation",
        "endorsed",
    ),
    ("Reports urges to cut after work.", "self_harm", "endorsed"),
    ("Client attempted suicide last month.", "suicidal_ideation", "endorsed"),
    ("Client denies SI/HI/AVH.", "homicidal_ideation", "denied"),
    ("Client denies suicidal or homicidal ideation.", "homicidal_ideation", "denied"),
    ("Client is not suicidal.", "suicidal_ideation", "denied"),
    ("Client denies SI but admits to HI toward stepfather.", "homicidal_ideation", "endorsed"),
    ("Client’s friend died by suicide last year.", "suicidal_ideation", "not_assessed"),
    ("Client worried her son may self-harm.", "self_harm", "not_assessed"),
    ("Client reported no SI since last session.", "suicidal_ideation", "denied"),
    ("Client reports SI with plan to overdose.", "suicidal_ideation", "endorsed"),
    ("Assessed for SI: none reported.", "suicidal_ideation", "denied"),
    ("Client reports thoughts about hurting her baby.", "homicidal_ideation", "endorsed"),
    ('Client stated "I want to kill him."', "homicidal_ideation", "endorsed"),
    ("Client angry at boss, no thoughts of harming him.", "homicidal_ideation", "denied"),
    ("Client reports she is tired of living.", "suicidal_ideation", "endorsed"),
    ("Client has been cutting her arms daily.", "self_harm", "endorsed"),
    ("She admitted to burning herself with a lighter.", "self_harm", "endorsed"),
    ("Denies SI, HI. Endorses self-harm urges.", "self_harm", "endorsed"),
    ("No suicidal ideation, intent, or plan.", "suicidal_ideation", "denied"),
    ("Suicide risk assessed: client denies ideation.", "suicidal_ideation", "denied"),
    ("Client reports passive suicidal thoughts.", "suicidal_ideation", "endorsed"),
    ("Client's sister cut herself last week, client worried.", "self_harm", "not_assessed"),
    ("Client stated that she would be better off dead.", "suicidal_ideation", "endorsed"),
    ("Client reported feeling suicidal last night.", "suicidal_ideation", "endorsed"),
    ("Client's mother is suicidal.", "suicidal_ideation", "not_assessed"),
    (
        "Client reports she thought about killing herself yesterday.",
        "suicidal_ideation",
        "endorsed",
    ),
    ("Client reports suicidal ideation in the past week.", "suicidal_ideation", "endorsed"),
    ("Client reported that her friend wants to kill himself.", "suicidal_ideation", "not_assessed"),
    ("Client reports thoughts about hurting her baby.", "self_harm", "not_assessed"),
]


MORE_PHRASES = [
    ("No SH this wk (urges 1/5).", "self_harm", "endorsed"),
    ("No SH this week, no urges.", "self_harm", "denied"),
    ("Denies self-harm or urges.", "self_harm", "denied"),
    ("Denies self-harm; urges 0/5.", "self_harm", "denied"),
    (
        "She pulls her hair on purpose to punish herself when she gets a bad mark.",
        "self_harm",
        "endorsed",
    ),
    (
        'Said if his stepdad hits his mum again he\'ll "end him" - on exploring, he has thought about '
        "getting a knife to hurt his stepdad.",
        "homicidal_ideation",
        "endorsed",
    ),
    (
        "[for me: I'm getting the feeling she tells me what I want to hear] Denies SI/HI.",
        "suicidal_ideation",
        "denied",
    ),
    # A client's own conditional threat is a threat stated now, to be assessed (a
    # clinician who judged it an idiom writes so: "clarified: figure of speech").
    (
        "If he takes my car again without asking I swear I'll kill him.",
        "homicidal_ideation",
        "endorsed",
    ),
    ("He reports thoughts of killing his wife.", "homicidal_ideation", "endorsed"),
    ("He reports thoughts of killing his wife.", "suicidal_ideation", "not_assessed"),
    ("He admits thinking about making her suffer.", "homicidal_ideation", "endorsed"),
    ("He has thought about getting a knife to hurt his stepdad.", "homicidal_ideation", "endorsed"),
    ("She attempted suicide in 2017.", "suicidal_ideation", "not_assessed"),
    ("hx of OD 2016, no current SI, no HI, no SH.", "self_harm", "denied"),
    (
        "Sometimes he thinks they'd all be better off if he was gone.",
        "suicidal_ideation",
        "endorsed",
    ),
    ("He had planned to step in front of a bus.", "suicidal_ideation", "endorsed"),
    ("She sometimes pulls her hair on purpose to punish herself.", "self_harm", "endorsed"),
    ("She wouldn't mind if she went to sleep and never woke.", "suicidal_ideation", "endorsed"),
    ("Check if she actually uses the app. Denies SI/HI.", "suicidal_ideation", "denied"),
    ("Each partner denies SI/HI.", "homicidal_ideation", "denied"),
    ("Her partner has thoughts of suicide.", "suicidal_ideation", "not_assessed"),
    ("C-SSRS screen: Q1 (wish to be dead) - no.", "suicidal_ideation", "denied"),
    ("SI - no plan, passive thoughts this week.", "suicidal_ideation", "endorsed"),
    ("Mom reports J. has been hitting himself on the head.", "self_harm", "endorsed"),
    (
        'Q: Thoughts of suicide? A: "Every day, but I\'d never act on it."',
        "suicidal_ideation",
        "endorsed",
    ),
    ("Clarified - no thoughts of harming anyone, no intent.", "homicidal_ideation", "denied"),
    # Questions and answers in narrative notes, clinical notation, other people.
    ('Q: Any thoughts of harming yourself? A: "No."', "self_harm", "denied"),
    ("Asked about safety: client denies thoughts of suicide or self-harm.", "self_harm", "denied"),
    (
        "Asked whether he has thoughts of ending his life: he said no.",
        "suicidal_ideation",
        "denied",
    ),
    ("SI (-), HI (-).", "suicidal_ideation", "denied"),
    ("SI: passive (+), active (-); HI (-).", "homicidal_ideation", "denied"),
    ("Client not asked about SI today.", "suicidal_ideation", "not_assessed"),
    (
        "Another member disclosed recent suicidal thoughts. Client denies SI.",
        "suicidal_ideation",
        "denied",
    ),
    (
        'Said work "makes me want to die." Asked directly: denies SI, a figure of speech.',
        "suicidal_ideation",
        "denied",
    ),
    (
        "Accidental overdose on laced pills, not intentional. Denies SI.",
        "suicidal_ideation",
        "denied",
    ),
    ("Persecutory ideation, stable. Denies SI.", "suicidal_ideation", "denied"),
    ("He would rather end things than go through chemo again.", "suicidal_ideation", "endorsed"),
    ("She wants to end things with her boyfriend.", "suicidal_ideation", "not_assessed"),
    ("Passively, like it'd be nice to not exist.", "suicidal_ideation", "endorsed"),
    # Passive wishes, methods and denials of plan only (synthetic wording).
    (
        "She said life would be easier if she just didn't wake up; denies a plan to kill herself.",
        "suicidal_ideation",
        "endorsed",
    ),
    ("Client denies plan or intent to end his life.", "suicidal_ideation", "not_assessed"),
    ("Denies SI, plan, or intent.", "suicidal_ideation", "denied"),
    (
        "He denies a specific plan to end his life and denies thoughts of harming others.",
        "homicidal_ideation",
        "denied",
    ),
    ("Burned her wrist w/ a cigarette twice this week.", "self_harm", "endorsed"),
    ("Client reports he can't go on like this.", "suicidal_ideation", "endorsed"),
    ("Client does not want to die.", "suicidal_ideation", "denied"),
    ("He would never kill himself because of his daughter.", "suicidal_ideation", "denied"),
    # Key/value risk lines, unassessed risk and narrated questions.
    ("Risk: SI - none; HI - none.", "homicidal_ideation", "denied"),
    ("HI not assessed.", "homicidal_ideation", "not_assessed"),
    ("Did not assess for SI due to time.", "suicidal_ideation", "not_assessed"),
    ("Asked directly about suicidal thoughts: he said no.", "suicidal_ideation", "denied"),
    ("Asked about SI: client said yes, passive, no plan.", "suicidal_ideation", "endorsed"),
    # Idioms clarified away, other objects of "cutting", reciprocal harm, history.
    (
        'He said "I could kill her." Clarified: venting; denies any thoughts of harming her.',
        "homicidal_ideation",
        "denied",
    ),
    ("She was cutting onions when she got the call.", "self_harm", "not_assessed"),
    (
        "Reports cutting in middle school; denies any self-harm in the past 5 years.",
        "self_harm",
        "denied",
    ),
    ("Both partners deny thoughts of hurting each other.", "homicidal_ideation", "denied"),
    # A "not"/"no" inside the risk phrase is part of it, never a denial of it.
    ("Client reports hoping I wouldn't wake up.", "suicidal_ideation", "endorsed"),
    ("Client reports wish I wasn't alive.", "suicidal_ideation", "endorsed"),
    ("Client reports no reason to keep myself alive.", "suicidal_ideation", "endorsed"),
    ("Client does not want to live anymore.", "suicidal_ideation", "endorsed"),
    ("Denies thoughts of not wanting to be here.", "suicidal_ideation", "denied"),
    ("Client denies wishing she would not wake up.", "suicidal_ideation", "denied"),
    ("Denies SI. Client does not want to go to school.", "suicidal_ideation", "denied"),
    ("-SI/HI.", "homicidal_ideation", "denied"),
    ("Client tearful, -SI/HI.", "suicidal_ideation", "denied"),
    ("+SI, -HI.", "suicidal_ideation", "endorsed"),
    ("(-) SI/HI.", "homicidal_ideation", "denied"),
    ("SI neg, HI neg.", "suicidal_ideation", "denied"),
    ("no s/h since last visit.", "self_harm", "denied"),
    ("Client reports SI yesterday but none today.", "suicidal_ideation", "endorsed"),
    ("SI screen positive.", "suicidal_ideation", "endorsed"),
    ("Endorses self-harm urges.", "self_harm", "endorsed"),
    ("Client tired - reports SI.", "suicidal_ideation", "endorsed"),
    ("Client engages in non-suicidal cutting.", "suicidal_ideation", "not_assessed"),
    ("Client engages in non-suicidal cutting.", "self_harm", "endorsed"),
    ("Client was found unconscious after an overdose last night.", "suicidal_ideation", "endorsed"),
    ("Client reports she overdosed on pills Saturday.", "suicidal_ideation", "endorsed"),
    ("Client reports self injury twice this week.", "self_harm", "endorsed"),
    ("Client wants to hang herself.", "suicidal_ideation", "endorsed"),
    ("Client has thoughts of jumping off a bridge.", "suicidal_ideation", "endorsed"),
    ("Client reports urges to OD on her meds.", "suicidal_ideation", "endorsed"),
    ("No evidence that client is suicidal.", "suicidal_ideation", "denied"),
    ("Family history of suicide.", "suicidal_ideation", "not_assessed"),
    ("Client reports banging her head against the wall.", "self_harm", "endorsed"),
    ("Client reports she wants to end it all.", "suicidal_ideation", "endorsed"),
    (
        "Client has a gun at home and thinks about shooting himself.",
        "suicidal_ideation",
        "endorsed",
    ),
    ("I think client is suicidal.", "suicidal_ideation", "endorsed"),
    ("Client reports no will to live.", "suicidal_ideation", "endorsed"),
]


@pytest.mark.parametrize(
    ("text", "risk_type", "expected"),
    PHRASES + MORE_PHRASES,
    ids=[p[0][:40] for p in PHRASES + MORE_PHRASES],
)
def test_when_clinicians_phrase_risk_then_status_is_right(facts_of, text, risk_type, expected):
    assert facts_of(text).risk[risk_type].status == expected


def test_when_clinician_judges_risk_in_first_person_then_it_stays_in_the_record(draft_of):
    note = draft_of("50 min office. I think client is suicidal. Safety plan completed.", "dap")
    assert "I think client is suicidal." in " ".join(s.text for s in note.sections)


def test_when_a_transcript_opens_with_a_narrative_line_then_questions_are_still_questions(facts_of):
    text = (
        "Session by phone, 4:02-4:40.\nMaria: How was the week?\nSam: Long.\n"
        "Maria: Any thoughts about hurting yourself or not being around?\nSam: No.\n"
        "Maria: Any thoughts of hurting someone else?\nSam: No.\n"
    )
    facts = facts_of(text)
    assert facts.input_type == "transcript"
    assert facts.risk["self_harm"].status == "denied"
    assert facts.risk["homicidal_ideation"].status == "denied"
    assert facts.service.duration_minutes == 38
