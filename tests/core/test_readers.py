"""Input readers: detection of the four input kinds, and bad input. Synthetic inputs."""

from __future__ import annotations

import pytest

from notewell.core.errors import InputError
from notewell.core.extract.readers import MAX_INPUT_CHARS, read_input

KINDS = [
    ("shorthand", "45 min in office. pt reports 2 wks low motivation. BA. denies SI/HI. f/u 1 wk."),
    (
        "dictation",
        "The client attended a fifty minute session today and reported that her mood has been "
        "lower since her mother moved away. We practiced a grounding exercise together.",
    ),
    (
        "transcript",
        "Therapist: How was the week?\nClient: Rough. I missed two days of work.\n"
        "Therapist: Let's try slow breathing.\nClient: Okay.",
    ),
    (
        "transcript",
        "Dana: What brings you in?\nSam: I can't sleep.\nDana: How long has that been going on?\n"
        "Sam: A month.",
    ),
    (
        "structured",
        "date: 2026-10-02\nduration_minutes: 45\nmodality: in_person\n"
        "notes: Client reports low mood.\ninterventions: Behavioral activation.\nplan: f/u 1 wk\n",
    ),
    ("structured", '{"duration": "45 min", "notes": "Client reports low mood.", "plan": "f/u"}'),
]


@pytest.mark.parametrize(
    ("kind", "text"), KINDS, ids=[f"{k}-{i}" for i, (k, _) in enumerate(KINDS)]
)
def test_when_input_kind_is_not_given_then_it_is_detected(kind, text):
    assert read_input(text).input_type == kind


def test_when_names_are_used_then_the_questioner_is_the_clinician():
    session = read_input(KINDS[3][1])
    assert session.speakers == {"Dana": "clinician", "Sam": "client"}


def test_when_semi_structured_lines_precede_text_then_it_is_not_a_transcript():
    text = "session_date: 2026-10-02\nduration: 16 min\nmodality: telephone\nBrief check-in. Denies SI."
    session = read_input(text)
    assert session.input_type == "shorthand"
    assert session.fields["duration"][0] == "16 min"


BAD = [
    ("empty", "   \n", "empty"),
    ("too-large", "x" * (MAX_INPUT_CHARS + 1), "limit"),
    ("unknown-field", "date: 2026-10-02\nnotes: hi\nmood_score: 4\n", "mood_score"),
    (
        "bad-duration",
        "duration_minutes: forty\nnotes: Client reports low mood.\n",
        "duration_minutes",
    ),
    ("bad-list-item", "notes:\n  - {a: 1}\ndate: 2026-01-01\n", "notes"),
]


@pytest.mark.parametrize(("text", "needle"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_when_input_is_bad_then_the_error_names_the_problem(text, needle):
    kind = "structured" if ":" in text and "x" * 10 not in text else None
    with pytest.raises(InputError, match=needle):
        read_input(text, kind)


def test_when_structured_text_is_read_then_spans_point_into_the_file():
    text = "duration: 45 min\nnotes: Client reports low mood.\nplan: Return in one week.\n"
    session = read_input(text)
    for unit in session.units:
        assert text[unit.start : unit.end] == unit.text


def test_when_transcript_has_timestamps_and_titles_then_speakers_are_found():
    text = (
        "[00:00:05] Dr. Lee: What has been hardest this week?\n"
        "[00:00:09] Jordan: Sleeping. I wake at 3 every night.\n"
        "[00:00:20] Dr. Lee: Let's review your sleep log.\n"
        "[00:00:31] Jordan: Okay.\n"
    )
    session = read_input(text)
    assert session.input_type == "transcript"
    assert session.speakers == {"Dr. Lee": "clinician", "Jordan": "client"}
    assert session.units[1].text == "Sleeping."
