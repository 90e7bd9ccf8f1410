"""What signing computes beside the signature: the share of the draft the clinician
changed, and the checker's findings (kept for recent texts, never shared mutably)."""

from __future__ import annotations

from notewell.services.signing import changed_ratio, run_checker

NOTE = (  # SYNTHETIC
    "D: Client reported low mood (SYNTHETIC). A: Used cognitive restructuring; client "
    "identified two balanced thoughts. P: weekly session."
)


def test_changed_ratio_is_zero_for_a_note_signed_as_drafted_and_none_without_a_draft() -> None:
    assert changed_ratio(NOTE, NOTE) == 0.0
    assert changed_ratio(None, NOTE) is None


def test_changed_ratio_counts_inserted_and_deleted_characters_over_both_lengths() -> None:
    # "abcd" -> "abce": one deletion and one insertion out of 8 characters.
    assert changed_ratio("abcd", "abce") == 0.25
    assert changed_ratio("abcd", "wxyz") == 1.0
    appended = changed_ratio(NOTE, NOTE + " Client agreed to a thought record.")
    assert appended is not None and 0 < appended < 0.2


PROGRESS_NOTE = (  # SYNTHETIC
    "SYNTHETIC. Date of service: 2026-11-20, 45 minutes, in person. D: Client reported low "
    "mood. A: Used cognitive restructuring; client identified two balanced thoughts and "
    "reported progress: fewer crying spells this week. P: weekly session."
)
CRYING = {"goals": [{"id": "1", "text": "Reduce crying spells", "keywords": ["crying"]}]}
SLEEP = {"goals": [{"id": "1", "text": "Sleep seven hours", "keywords": ["sleep"]}]}


def test_the_checker_answers_the_same_for_the_same_text_and_a_caller_cannot_change_it() -> None:
    first = run_checker(NOTE, None, "2026-11-20")
    rules = [f.rule for f in first]
    assert "missing-progress" in rules
    first.clear()  # the caller's own list: the kept answer is unchanged
    assert [f.rule for f in run_checker(NOTE, None, "2026-11-20")] == rules


def test_the_kept_answer_is_the_one_for_the_plan_asked_about() -> None:
    rules = {f.rule for f in run_checker(PROGRESS_NOTE, CRYING, "2026-11-20")}
    assert "progress-not-linked-to-goal" not in rules
    rules = {f.rule for f in run_checker(PROGRESS_NOTE, SLEEP, "2026-11-20")}
    assert "progress-not-linked-to-goal" in rules
    rules = {f.rule for f in run_checker(PROGRESS_NOTE, CRYING, "2026-11-20")}
    assert "progress-not-linked-to-goal" not in rules
