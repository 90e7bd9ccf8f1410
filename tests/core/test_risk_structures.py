"""The structure parsers of the risk reader, each on its own. SYNTHETIC text only."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmark_modules import benchmark
from notewell.core.errors import ConfigError
from notewell.core.extract.readers import read_input
from notewell.core.risk.checkboxes import tick_marks_only
from notewell.core.risk.structures import read_structures
from notewell.core.risk.vocabulary import phrases

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "text,left",
    [
        ("SI: [ ] yes [x] no", "SI: no"),
        ("Suicidal ideation: ☐ Yes ☒ No", "Suicidal ideation: No"),
        ("HI: ☑ denied", "HI: denied"),
        ("[X] Passive SI  [ ] Active SI", "Passive SI"),
        ("SI: Yes [ ]  No [x]", "SI: No"),
        ("(x) Denies ( ) Endorses", "Denies"),
    ],
)
def test_when_boxes_are_read_then_only_the_ticked_option_remains_at_its_offsets(text, left) -> None:
    ticked = tick_marks_only(text)
    assert len(ticked) == len(text)
    assert " ".join(ticked.split()) == left
    last = left.split()[-1]
    assert ticked.index(last) == text.index(last)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("SI: denies", {("suicidal_ideation",): "denied"}),
        ("HI - neg", {("homicidal_ideation",): "denied"}),
        (
            "SI/HI/SH: -/-/-",
            {
                ("suicidal_ideation",): "denied",
                ("homicidal_ideation",): "denied",
                ("self_harm",): "denied",
            },
        ),
        ("Suicidal ideation: passive, no plan", {("suicidal_ideation",): "endorsed"}),
        ("SH: hx of cutting in adolescence, none in 10+ yrs", {("self_harm",): "denied"}),
        ("Self-harm history: cutting (teens)", {("self_harm",): "historical"}),
        ("SI: not assessed", {("suicidal_ideation",): "unassessed"}),
        (
            "Risk screen: neg x3",
            {("suicidal_ideation", "homicidal_ideation", "self_harm"): "denied"},
        ),
        ("si/hi: neg", {("suicidal_ideation", "homicidal_ideation"): "denied"}),
    ],
)
def test_when_a_label_value_line_is_read_then_its_value_decides(text, expected) -> None:
    readings = {r.types: r.status for r in read_structures(text).readings}
    assert readings == expected


@pytest.mark.parametrize(
    "text,types",
    [
        ("Risk: no SI, HI or SH.", {"suicidal_ideation", "homicidal_ideation", "self_harm"}),
        ("Client neither endorsed SI nor HI.", {"suicidal_ideation", "homicidal_ideation"}),
        (
            "Negative for SI, HI, and self-harm",
            {"suicidal_ideation", "homicidal_ideation", "self_harm"},
        ),
        ("no thoughts of harming self or others", {"suicidal_ideation", "homicidal_ideation"}),
        ("pt denies si hi", {"suicidal_ideation", "homicidal_ideation"}),
        ("SI/HI denied.", {"suicidal_ideation", "homicidal_ideation"}),
    ],
)
def test_when_a_negation_covers_a_list_then_every_item_is_denied(text, types) -> None:
    readings = read_structures(text).readings
    assert {t for r in readings for t in r.types} == types
    assert {r.status for r in readings} == {"denied"}


def test_when_a_list_meets_a_verb_then_the_negation_stops() -> None:
    readings = read_structures("Client denies SI, endorses HI toward her brother.").readings
    assert [(r.types, r.status) for r in readings] == [(("suicidal_ideation",), "denied")]


def test_when_a_plan_is_denied_then_the_ideation_is_not() -> None:
    assert read_structures("Denies plan or intent to end his life.").readings == ()


def test_when_a_dash_is_spaced_then_it_is_not_a_minus_sign() -> None:
    assert read_structures("Client tired - reports SI.").readings == ()


def test_when_a_clause_opens_with_someone_else_then_its_structures_are_theirs() -> None:
    assert read_structures("Brother denies SI.").no_evidence == "family"
    assert read_structures("Goal 1: reduce self-harm urges").no_evidence == "goal"
    assert read_structures("Client denies SI.").no_evidence is None


@pytest.mark.parametrize(
    "text",
    [
        "Presenting concern: low mood\nMental status: calm, cooperative\nRisk assessment: denies SI\nPlan: weekly sessions",
        "Client: J.M.\nTherapist: D. Lee\nSuicidal ideation: ☐ Yes ☒ No\nHomicidal ideation: ☐ Yes ☒ No",
        "Mood: low\nAffect: flat\nSleep: poor\nAppetite: fair\nSI: denies\nHI: denies",
    ],
)
def test_when_a_note_is_label_value_lines_then_it_is_never_a_transcript(text) -> None:
    assert read_input(text).input_type != "transcript"


@pytest.mark.parametrize(
    "text",
    [
        "T: Any thoughts of suicide lately?\nC: No.",
        "Q: Thoughts of harming yourself?\nA: No.",
        "Counselor: How was the week?\nStudent: Bad.\nCounselor: Any thoughts of suicide?\nStudent: No.",
    ],
)
def test_when_two_speakers_take_turns_then_it_is_a_transcript(text) -> None:
    assert read_input(text).input_type == "transcript"


# Weak terms of the Suicide Risk Lexicon state no risk on their own: ordinary sentences
# that hold them must not become endorsements.
WEAK_SENTENCES = [
    "Client is giving up sugar for Lent.",
    "Affect was lifeless at first, brighter by the end.",
    "She said the deadline is killing me, laughing.",
    "He is on the edge of a promotion.",
    "Client wants to be done with this paperwork by Friday.",
    "They read about a peaceful death in a novel for book club.",
    "Client is cutting her hair shorter.",
    "He is thinking about hitting the gym before work.",
    "Client wants to beat his personal record at the marathon.",
    "She was dead tired after the night shift.",
    "Client has been taking her pills as prescribed.",
    "She would love to jump at the chance to travel.",
    "He went over the budget with his wife.",
    "Client doesn't want to be late for class again.",
]


@pytest.mark.parametrize("text", WEAK_SENTENCES)
def test_when_a_sentence_holds_only_weak_words_then_no_risk_is_endorsed(facts_of, text) -> None:
    assert all(status.status != "endorsed" for status in facts_of(text).risk.values())


def test_when_a_phrase_list_is_not_a_list_then_the_loader_names_it() -> None:
    with pytest.raises(ConfigError, match="negators"):
        phrases("no", "negators")  # type: ignore[arg-type]


def _quality():
    return benchmark("quality")


def test_when_the_lexicon_selection_is_read_then_nine_in_ten_are_the_right_type() -> None:
    quality = _quality()
    if not Path(quality.LEXICON_GLOB).parent.exists():
        pytest.skip(f"Suicide Risk Lexicon not present at {quality.LEXICON_GLOB}")
    for construct, result in quality.selected_coverage().items():
        assert result["coverage"] >= 0.90, (construct, result["missed"])
        assert result["denials"] == [], construct
