"""The quality bar on the shared synthetic dev cases (skipped if the data is absent)."""

from __future__ import annotations

import pytest
import yaml

from conftest import DEV_CASES
from notewell.core.check import check_note

pytestmark = pytest.mark.skipif(not DEV_CASES.exists(), reason="shared dev cases not available")


def _cases() -> list[dict]:
    return yaml.safe_load(DEV_CASES.read_text("utf-8")) if DEV_CASES.exists() else []


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c["id"])
def test_when_dev_case_checked_then_expected_fire_and_forbidden_do_not(case: dict) -> None:
    rules = {f.rule for f in check_note(case["note"], case["type"])}
    assert set(case["expect"]) <= rules
    assert not set(case["forbid"]) & rules


def test_when_seed_private_paragraph_checked_then_clean_as_psychotherapy_flagged_as_progress() -> (
    None
):
    private = next(c for c in _cases() if c["id"] == "k02")["note"]
    assert check_note(private, "psychotherapy") == []
    assert "private-reflection-in-record" in {f.rule for f in check_note(private, "progress")}


def test_when_seed_dap_note_checked_then_clean_as_progress() -> None:
    dap = next(c for c in _cases() if c["id"] == "k01")["note"]
    assert check_note(dap, "progress") == []


REDTEAM = (
    __import__("pathlib").Path(__file__).resolve().parents[1] / "data" / "redteam_check_cases.yaml"
)


@pytest.mark.parametrize("case", yaml.safe_load(REDTEAM.read_text("utf-8")), ids=lambda c: c["id"])
def test_when_redteam_case_checked_then_expected_fire_and_forbidden_do_not(case: dict) -> None:
    # notewell's own synthetic regression notes (tests/data), beyond the shared dev cases.
    rules = {f.rule for f in check_note(case["note"], case["type"])}
    assert set(case["expect"]) <= rules
    assert not set(case["forbid"]) & rules
