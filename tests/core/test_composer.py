"""Drafts in every format: content placement, provenance, prompts, privacy, style.
All session inputs are synthetic."""

from __future__ import annotations

import re

import pytest

from notewell.core.draft.style import StylePreferences
from notewell.core.formats import parse_format

SHORTHAND = (
    "53 min indiv telehealth. pt reports racing thoughts, poor sleep re return to work. used CBT to "
    "challenge catastrophic predictions + psychoed on avoidance cycle. engaged, identified 3 ATs. "
    "denies SI/HI. HW: worry time, track anxiety. next session review RTW"
)
WITH_PRIVATE = (
    "50 minutes, telehealth. Client angry at neighbor over parking. Used problem-solving to plan a calm "
    "conversation. Client calmer by end. I notice I feel intimidated when he raises his voice - bring "
    "to supervision. Denies SI/HI. Plan: talk to landlord this week."
)
TRANSCRIPT = (
    "Therapist: What's been going on since last week?\n"
    "Client: I had a panic attack on the bus.\n"
    "Therapist: Let's practice slow breathing together: in for four, hold, out for six.\n"
    "Client: That helps a little.\n"
)
STRUCTURED = (
    "date: 2026-10-02\nduration_minutes: 45\nmodality: in_person\n"
    "client_report: Client reports two weeks of low motivation.\n"
    "interventions: Used behavioral activation to schedule two small tasks a day.\n"
    "response: Client agreed and chose a walk.\nplan: Review activity log next session.\n"
)
DICTATION = (
    "The client attended a forty-five minute session in the office. She reported that her sleep has "
    "improved since starting the sleep hygiene plan. We reviewed her sleep log and practiced "
    "diaphragmatic breathing. She was engaged and said the breathing helped. She denied suicidal "
    "ideation. Plan: continue the sleep log and meet next week."
)

FORMAT_SECTIONS = {
    "soap": ["Subjective", "Objective", "Assessment", "Plan"],
    "dap": ["Data", "Assessment", "Plan"],
    "birp": ["Behavior", "Intervention", "Response", "Plan"],
    "girp": ["Goal", "Intervention", "Response", "Plan"],
}
INPUTS = {
    "shorthand": SHORTHAND,
    "dictation": DICTATION,
    "transcript": TRANSCRIPT,
    "structured": STRUCTURED,
}


def stems(text: str) -> set[str]:
    return {w[:4] for w in re.findall(r"[a-z]{5,}", text.lower())}


def section(note, name: str) -> str:
    return next(s for s in note.sections if s.name == name).text


@pytest.mark.parametrize("fmt", list(FORMAT_SECTIONS))
@pytest.mark.parametrize("kind", list(INPUTS))
def test_when_any_input_is_drafted_in_any_format_then_every_sentence_has_true_sources(
    draft_of, fmt, kind
):
    text = INPUTS[kind]
    note = draft_of(text, fmt)
    assert [s.name for s in note.sections] == FORMAT_SECTIONS[fmt]
    assert note.facts.input_type == kind
    for sec in note.sections:
        for sentence in sec.sentences:
            if sentence.prompt:
                assert sentence.text.startswith("[") and not sentence.sources
                continue
            assert sentence.sources, sentence.text
            for start, end in sentence.sources:
                assert 0 <= start < end <= len(text)
                source = text[start:end]
                # The sentence is a rewrite of its source: they share word stems.
                assert not stems(source) or stems(source) & stems(sentence.text), (
                    sentence.text,
                    source,
                )


@pytest.mark.parametrize(
    ("fmt", "intervention_section", "plan_section"),
    [
        ("soap", "Objective", "Plan"),
        ("dap", "Data", "Plan"),
        ("birp", "Intervention", "Plan"),
        ("girp", "Intervention", "Plan"),
    ],
)
def test_when_shorthand_is_drafted_then_content_lands_in_the_right_sections(
    draft_of, fmt, intervention_section, plan_section
):
    note = draft_of(SHORTHAND, fmt)
    assert "cognitive behavioral therapy" in section(note, intervention_section)
    assert "Homework: worry time" in section(note, plan_section)
    assert "Client denied suicidal and homicidal ideation." in " ".join(
        s.text for s in note.sections
    )


def test_when_shorthand_is_drafted_then_it_reads_as_a_record(draft_of):
    data = section(draft_of(SHORTHAND, "dap"), "Data")
    assert data.startswith("Client reported racing thoughts, poor sleep regarding return to work.")
    assert (
        "Therapist used cognitive behavioral therapy (CBT) to challenge catastrophic predictions"
        in data
    )
    assert "psychoeducation" in data and " pt " not in data and "psychoed " not in data


def test_when_input_has_a_private_reflection_then_it_stays_out_of_the_progress_note(draft_of):
    note = draft_of(WITH_PRIVATE, "dap", psychotherapy_note=True)
    record = " ".join(s.text for s in note.sections)
    assert "intimidated" not in record and "supervision" not in record
    private = " ".join(s.text for s in note.psychotherapy_note)
    assert "I notice I feel intimidated when he raises his voice" in private


def test_when_private_note_is_not_requested_then_it_is_null(draft_of):
    assert draft_of(WITH_PRIVATE, "soap").to_dict()["psychotherapy_note"] is None


def test_when_elements_are_missing_then_prompts_mark_them(draft_of):
    note = draft_of("Client reports stress at work.", "birp")
    prompts = [s.text for sec in note.sections for s in sec.sentences if s.prompt]
    assert "[Add interventions delivered, named specifically]" in prompts
    assert "[Add client response to the intervention]" in prompts
    assert "[Add plan and next steps]" in prompts
    assert any("risk assessment" in p for p in prompts)


def test_when_input_is_sparse_then_draft_invents_nothing(draft_of):
    note = draft_of("Client reports stress at work.", "soap")
    written = [s.text for sec in note.sections for s in sec.sentences if not s.prompt]
    assert written == ["Client reported stress at work."]
    assert all(v.status == "not_assessed" for v in note.facts.risk.values())
    text = " ".join(written).lower()
    for invented in ("denied", "alert", "oriented", "euthymic", "appropriate", '"'):
        assert invented not in text


def test_when_risk_is_not_assessed_then_no_denial_is_written(draft_of):
    note = draft_of(
        "45 min office. Client reports low mood. Used BA. Client agreed. Plan: f/u.", "dap"
    )
    assert "denied" not in note.to_dict()["sections"][1]["text"]
    assert note.to_dict()["facts"]["risk"]["suicidal_ideation"]["status"] == "not_assessed"


def test_when_transcript_is_drafted_then_it_is_summarised_in_third_person(draft_of):
    note = draft_of(TRANSCRIPT, "birp")
    assert "Client reported that they had a panic attack on the bus." in section(note, "Behavior")
    assert "Therapist used relaxation and breathing techniques." in section(note, "Intervention")
    assert "Client responded that that helped a little." in section(note, "Response")


def test_when_style_is_set_then_names_and_pronouns_follow_it(draft_of):
    style = StylePreferences(
        client_term="patient",
        clinician_term="writer",
        pronouns="she",
        section_titles={"Plan": "P — Plan"},
    )
    note = draft_of(SHORTHAND, "dap", style=style)
    assert section(note, "Data").startswith("Patient reported racing thoughts")
    assert "This writer used" in section(note, "Data")
    assert [s.name for s in note.sections][-1] == "P — Plan"
    transcript = draft_of(TRANSCRIPT, "birp", style=style)
    assert "Patient reported that she had a panic attack" in section(transcript, "Behavior")


def test_when_detailed_then_session_and_interventions_are_summarised(draft_of):
    note = draft_of(SHORTHAND, "dap", style=StylePreferences(verbosity="detailed"))
    data = section(note, "Data")
    assert data.startswith("Individual psychotherapy: 53 minutes, telehealth (video).")
    assert "Interventions: cognitive restructuring, psychoeducation." in data


def test_when_user_defines_a_format_then_it_is_used(draft_of):
    fmt = parse_format(
        "name: pirp\nsections:\n"
        "  - {name: Problem, elements: [client_report, observation]}\n"
        "  - {name: Intervention, elements: [intervention]}\n"
        "  - {name: Response, elements: [response, risk]}\n"
        "  - name: Plan\n    elements: [plan]\n    require: [{element: plan, prompt: '[Plan?]'}]\n"
    )
    note = draft_of(SHORTHAND, fmt)
    assert note.format == "pirp"
    assert [s.name for s in note.sections] == ["Problem", "Intervention", "Response", "Plan"]
    assert "Client reported racing thoughts" in section(note, "Problem")


def test_when_psychotherapy_format_is_chosen_then_only_private_content_is_drafted(draft_of):
    note = draft_of(WITH_PRIVATE, "psychotherapy")
    assert [s.name for s in note.sections] == ["Private reflections"]
    assert "intimidated" in note.sections[0].text
    assert "landlord" not in note.sections[0].text


def test_json_contract_has_the_documented_shape(draft_of):
    data = draft_of(SHORTHAND, "dap").to_dict()
    assert set(data) >= {"format", "header", "sections", "facts", "psychotherapy_note", "findings"}
    assert set(data["header"]) == {
        "client",
        "date",
        "service_type",
        "duration_minutes",
        "start_time",
        "end_time",
        "modality",
        "location",
        "participants",
        "cpt",
    }
    assert data["header"]["cpt"]["code"] == "90837"
    assert set(data["facts"]["risk"]) == {"suicidal_ideation", "homicidal_ideation", "self_harm"}
    assert {i["id"] for i in data["facts"]["interventions"]} == {
        "cognitive_restructuring",
        "psychoeducation",
    }
    for element in data["facts"]["elements"]:
        ((start, end),) = element["sources"]
        assert SHORTHAND[start:end] == element["text"]


def test_when_dictation_uses_pronouns_and_we_then_record_names_the_people(draft_of):
    note = draft_of(
        "The client attended a forty-five minute session in the office. She reported better sleep. "
        "We reviewed her sleep log. I taught her paced breathing. He is anxious about exams.",
        "dap",
    )
    data = section(note, "Data")
    assert "Client reported better sleep." in data
    assert "Therapist and the client reviewed her sleep log." in data
    assert "Therapist taught her paced breathing." in data
    assert "Client was anxious about exams." in data
    assert note.header.duration_minutes == 45


def test_when_a_clause_is_unclassified_then_it_is_kept_not_dropped(draft_of):
    note = draft_of("Brief check-in between sessions. Reviewed sleep log. Denies SI.", "soap")
    assert note.facts.segments[0].element == "other"
    assert "Brief check-in between sessions." in section(note, "Subjective")


def test_when_transcript_small_talk_is_unclassified_then_it_is_left_out(draft_of):
    note = draft_of(TRANSCRIPT, "dap")
    assert "going on since last week" not in " ".join(s.text for s in note.sections)


def test_when_a_draft_lacks_documentation_then_checker_findings_point_into_the_input(draft_of):
    text = "45 min. Client reports stress. Provided support and discussed anxiety."
    note = draft_of(text, "dap")
    rules = {f.rule: f for f in note.findings}
    assert {"missing-plan", "vague-intervention"} <= set(rules)
    vague = rules["vague-intervention"]
    assert vague.span is not None
    assert text[vague.span[0] : vague.span[1]] == "Provided support and discussed anxiety."


def test_when_the_draft_is_complete_then_no_error_findings(draft_of):
    note = draft_of(SHORTHAND, "dap")
    assert [f.rule for f in note.findings if f.severity == "error"] == []


RISK_TRANSCRIPT = (
    "Therapist: How has this week been?\n"
    "Client: Honestly pretty bad. I've been crying most nights.\n"
    "Therapist: Have you had any thoughts of hurting yourself or ending your life?\n"
    "Client: No. Nothing like that.\n"
    "Therapist: What's the evidence for the thought on your thought record?\n"
    "Client: I did get the report in on time.\n"
    "Therapist: What's the evidence for the thought on your thought record?\n"
)


def test_when_a_risk_question_is_answered_then_the_record_says_what_was_asked_and_answered(
    draft_of,
):
    note = draft_of(RISK_TRANSCRIPT, "soap")
    assessment = section(note, "Assessment")
    assert "Therapist asked about suicidal ideation and self-harm." in assessment
    assert "Client denied suicidal ideation and self-harm." in assessment
    assert note.facts.risk["suicidal_ideation"].status == "denied"
    assert note.header.client is None  # "Client:" is a speaker label, not an identifier


def test_when_the_same_sentence_recurs_then_it_is_written_once_with_both_sources(draft_of):
    note = draft_of(RISK_TRANSCRIPT, "soap")
    objective = next(s for s in note.sections if s.name == "Objective")
    repeated = [
        s for s in objective.sentences if s.text == "Therapist used cognitive restructuring."
    ]
    assert len(repeated) == 1 and len(repeated[0].sources) == 2


def test_when_the_clinician_proposes_practice_then_plan_and_agreement_go_to_plan(draft_of):
    note = draft_of(
        "T: How did the exposure practice go?\nC: I touched the doorknob.\n"
        "T: This week let's add touching the trash can lid.\nC: Okay, I can try that.\n",
        "birp",
    )
    assert section(note, "Plan") == (
        "Therapist set a plan: this week add touching the trash can lid. "
        "Client agreed that they can try that."
    )


def test_when_a_short_clause_gives_length_and_mode_then_it_is_the_service_not_a_plan(facts_of):
    facts = facts_of("Intake-style follow-up, 53 min telehealth. Client reports low mood.")
    assert facts.segments[0].element == "service"
    assert facts.service.duration_minutes == 53
