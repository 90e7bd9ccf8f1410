"""Intake and group drafting held to their figures on the synthetic case sets of
tests/data/services (see its README): a regression below a bar fails CI. The scoring is
benchmarks/intake_notes.py's and benchmarks/group_notes.py's."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmark_modules import benchmark

CASES = Path(__file__).resolve().parent / "data" / "services"

# set: (most notes naming another member, risk accuracy, most false endorsements, most
# missed endorsements) — the figures at the end of session 17, held out or not.
GROUP_BARS = {
    "g1": (1, 0.98, 1, 0),
    "g2": (6, 0.90, 5, 3),
    "g3": (0, 0.92, 4, 2),
    "g4": (2, 0.74, 5, 2),
}
# set: (most invented mental-status findings, most other people's history outside Family
# history, risk accuracy, covered sections with content)
INTAKE_BARS = {
    "i1": (0, 4, 0.95, 0.95),
    "i2": (0, 1, 0.93, 0.91),
    "i3": (0, 5, 0.90, 0.92),
    "i4": (0, 9, 0.83, 0.89),
}


@pytest.mark.parametrize("name", list(GROUP_BARS))
def test_group_drafting_holds_its_figures(name):
    figures = benchmark("group_notes").score(CASES / f"group_{name}.jsonl", show=False)
    leaks, accuracy, false_endorsements, missed = GROUP_BARS[name]
    assert figures["notes_naming_another_member"] <= leaks
    assert figures["risk_accuracy"] >= accuracy
    assert figures["false_endorsements"] <= false_endorsements
    assert figures["missed_endorsements"] <= missed


@pytest.mark.parametrize("name", list(INTAKE_BARS))
def test_intake_drafting_holds_its_figures(name):
    figures = benchmark("intake_notes").score(CASES / f"intake_{name}.jsonl", show=False)
    invented, given, accuracy, covered = INTAKE_BARS[name]
    assert figures["invented_mental_status"] <= invented
    assert figures["family_history_given_to_client"] <= given
    assert figures["risk_accuracy"] >= accuracy
    assert figures["covered_sections_with_content"] >= covered
