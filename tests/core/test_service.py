"""Service details and CPT suggestion. Synthetic inputs."""

from __future__ import annotations

import pytest

from notewell.core.billing import suggest_cpt
from notewell.core.models import ServiceDetails

DETAILS = [
    (
        "shorthand-minutes",
        "53 min indiv telehealth. pt reports low mood.",
        53,
        "telehealth_video",
        None,
        None,
    ),
    ("hyphenated", "Client attended a 50-minute session in person.", 50, "in_person", None, None),
    (
        "time-range-pm",
        "Session 3:00-3:40 pm, office. Client anxious.",
        40,
        "in_person",
        "15:00",
        "15:40",
    ),
    ("time-range-24h", "10:00-10:53 telehealth session.", 53, "telehealth_video", "10:00", "10:53"),
    ("phone", "35 min phone session. Client tearful.", 35, "telephone", None, None),
    (
        "activity-duration-is-not-session",
        "52 min video. Client went to a party for 30 min.",
        52,
        "telehealth_video",
        None,
        None,
    ),
    (
        "call-is-not-telephone",
        "45 min in office. Plan: call crisis line if needed.",
        45,
        "in_person",
        None,
        None,
    ),
    ("no-details", "Client reports stress at work.", None, None, None, None),
    (
        "key-value-lines",
        "session_date: 2026-10-02\nduration: 16 min\nmodality: telephone\nDenies SI.",
        16,
        "telephone",
        None,
        None,
    ),
]


@pytest.mark.parametrize(
    ("text", "minutes", "modality", "start", "end"),
    [c[1:] for c in DETAILS],
    ids=[c[0] for c in DETAILS],
)
def test_when_input_states_service_details_then_they_are_extracted(
    facts_of, text, minutes, modality, start, end
):
    service = facts_of(text).service
    assert (service.duration_minutes, service.modality, service.start_time, service.end_time) == (
        minutes,
        modality,
        start,
        end,
    )


def test_when_date_is_given_then_it_is_iso(facts_of):
    assert facts_of("Date: 10/02/2026. 45 min individual.").service.date == "2026-10-02"
    assert facts_of("Oct 2, 2026 session, 45 min.").service.date == "2026-10-02"


def test_when_location_is_a_topic_not_the_venue_then_it_is_ignored(facts_of):
    assert (
        facts_of("45 min telehealth. Client anxious about tests at school.").service.location
        is None
    )


def test_when_duration_disagrees_with_times_then_draft_has_a_finding(draft_of):
    note = draft_of("Start 14:00, end 14:30, 53 minutes, individual therapy in office. Denies SI.")
    mismatches = [f for f in note.findings if f.rule == "duration-mismatch"]
    assert len(mismatches) == 1 and "14:00-14:30 (30 min)" in mismatches[0].message


CPT = [
    (15, None, None),
    (16, None, "90832"),
    (37, None, "90832"),
    (38, None, "90834"),
    (52, None, "90834"),
    (53, None, "90837"),
    (90, None, "90837"),
    (None, None, None),
    (60, "diagnostic evaluation", "90791"),
    (None, "diagnostic evaluation", "90791"),
    (90, "group psychotherapy", "90853"),
    (50, "family psychotherapy with client", "90847"),
    (50, "family psychotherapy without client", "90846"),
    (25, "family psychotherapy with client", None),
    (45, "crisis psychotherapy", "90839"),
    (74, "crisis psychotherapy", "90839"),
    (75, "crisis psychotherapy", "90839 +90840"),
    (105, "crisis psychotherapy", "90839 +90840 +90840"),
    (20, "crisis psychotherapy", "90832"),
]


@pytest.mark.parametrize(
    ("minutes", "service_type", "code"), CPT, ids=[f"{c[1] or 'unstated'}-{c[0]}" for c in CPT]
)
def test_when_duration_crosses_a_boundary_then_cpt_follows_the_time_rules(
    minutes, service_type, code
):
    suggestion = suggest_cpt(ServiceDetails(duration_minutes=minutes, service_type=service_type))
    assert (suggestion.code if suggestion else None) == code


def test_when_service_type_is_unstated_then_the_reason_says_it_was_assumed():
    suggestion = suggest_cpt(ServiceDetails(duration_minutes=45))
    assert suggestion is not None and "assumed" in suggestion.reason
    stated = suggest_cpt(
        ServiceDetails(duration_minutes=45, service_type="individual psychotherapy")
    )
    assert stated is not None and "assumed" not in stated.reason


def test_when_interpreter_is_used_then_interactive_complexity_is_added(facts_of):
    service = facts_of("45 min in office with interpreter. Client reports low mood.").service
    suggestion = suggest_cpt(service)
    assert suggestion is not None and suggestion.code == "90834 +90785"


def test_when_a_date_precedes_the_time_range_then_the_times_are_still_found(facts_of):
    service = facts_of(
        "Date of service: 2026-10-05. Session 10:00-10:30, office. Denies SI."
    ).service
    assert (service.date, service.start_time, service.end_time) == ("2026-10-05", "10:00", "10:30")
    assert service.duration_minutes == 30


MORE_DETAILS = [
    ("decimal-hours", "Intake, 1.5 hrs, office. Client reports low mood.", 90, "in_person"),
    ("audio-only", "Telehealth (audio only), 33 min. Client reports low mood.", 33, "telephone"),
    ("home-visit", "Home visit, 45 min. Client reports low mood.", 45, "in_person"),
    (
        "late-arrival",
        "Client arrived 10 minutes late for her 50-minute appointment, so we met for "
        "the remaining 40 minutes.",
        40,
        None,
    ),
    (
        "start-end-one-line",
        "Start: 10:05 End: 10:58\nModality: phone\nClient reports stress.",
        53,
        "telephone",
    ),
    (
        "someone-elses-office",
        "Therapist called her psychiatrist's office. Client reports low mood.",
        None,
        None,
    ),
    (
        "transcript-header",
        "Session 2:00-2:50pm via Zoom.\nJen: How are you?\nMark: Tired.\n"
        "Jen: What has been hardest?\n",
        50,
        "telehealth_video",
    ),
]


@pytest.mark.parametrize(
    ("text", "minutes", "modality"), [c[1:] for c in MORE_DETAILS], ids=[c[0] for c in MORE_DETAILS]
)
def test_when_session_details_are_worded_loosely_then_they_are_still_right(
    facts_of, text, minutes, modality
):
    service = facts_of(text).service
    assert (service.duration_minutes, service.modality) == (minutes, modality)
    if "psychiatrist" in text:
        assert service.location is None


LOOSE = [
    ("sleep-is-not-the-session", "Sleep 5 hrs. Client reports fatigue.", None, None, None),
    ("fraction-of-hour", "3/4 hr phone session.", 45, "telephone", "90834"),
    ("hours-and-minutes", "1 hr 15 min family session in office.", 75, "in_person", "90847"),
    ("minute-mark", "Session 45' in office.", 45, "in_person", "90834"),
    (
        "times-beat-homework",
        "Session by phone, started 4:02, ended 4:40. Homework: a 15-minute worry window at 7 pm.",
        38,
        "telephone",
        "90834",
    ),
    (
        "stated-service-type",
        "Service: Diagnostic evaluation, 60 min, in person.",
        60,
        "in_person",
        "90791",
    ),
    (
        "shelter-intake-is-not-an-intake",
        "Crisis session, 80 min, office. Called the shelter intake worker.",
        80,
        "in_person",
        "90839 +90840",
    ),
    (
        "parent-only",
        "Parent-only session (client not present), 45 min, video.",
        45,
        "telehealth_video",
        "90846",
    ),
    ("virtual-visit", "50m VV. Client reports low mood.", 50, "telehealth_video", "90834"),
    ("clinic", "30 min, clinic. Client reports stress.", 30, "in_person", "90832"),
]


@pytest.mark.parametrize(
    ("text", "minutes", "modality", "code"), [c[1:] for c in LOOSE], ids=[c[0] for c in LOOSE]
)
def test_when_length_mode_and_type_are_written_tersely_then_cpt_is_right(
    draft_of, text, minutes, modality, code
):
    note = draft_of(text)
    assert (note.header.duration_minutes, note.header.modality) == (minutes, modality)
    assert (note.cpt.code if note.cpt else None) == code


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("Crisis session, walk-in, 95 minutes in the office.", 95),
        ("We were in the office, ran about fifty-five minutes.", 55),
        ("O: 30 min, clinic.", 30),
        ("Duration: 1 hr 10 min\nClient reports stress.", 70),
    ],
)
def test_when_the_session_ran_a_while_then_its_length_is_read(facts_of, text, minutes):
    assert facts_of(text).service.duration_minutes == minutes


def test_when_time_in_and_out_are_labelled_then_a_different_total_is_a_mismatch(draft_of):
    note = draft_of(
        "Time in: 2:10 pm. Time out: 3:05 pm. Total: 45 min. Office. Client reports stress."
    )
    assert (note.header.start_time, note.header.end_time) == ("14:10", "15:05")
    assert note.header.duration_minutes == 45
    assert "duration-mismatch" in {f.rule for f in note.findings}


@pytest.mark.parametrize(
    "text",
    [
        "Plan: new sleep window of 11:30 pm to 6:00 am. 50 min video session.",
        "Plan: next session Tuesday 10:00-10:50. 45 min office.",
    ],
)
def test_when_a_clock_range_is_not_this_session_then_it_is_not_its_start_and_stop(facts_of, text):
    service = facts_of(text).service
    assert (service.start_time, service.end_time) == (None, None)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Teen anxiety grp, 60 min, office.", "90853"),
        ("CRISIS CALL. Phone, 40 min.", "90839"),
        ("Urgent / crisis appt - 1 hr 40 mins, office.", "90839 +90840"),
        ("Client attended her AA group last week. 45 min office.", "90834"),
        ("Tel call 08:05-08:41. Led a 10 min breathing exercise.", "90832"),
        ("(online, Zoom), ran about 90 mins.", "90837"),
    ],
)
def test_when_the_service_is_written_as_clinicians_write_it_then_the_code_follows(
    draft_of, text, code
):
    note = draft_of(text)
    assert (note.cpt.code if note.cpt else None) == code
