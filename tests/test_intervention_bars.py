"""Intervention bars on the f6 and f7 writers' cases (synthetic), tuned on for issue 7/8.

Once tuned on they are regression data: these bars keep what was won (precision and
recall of the interventions delivered this session) from slipping back.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from benchmark_modules import benchmark

REPO = Path(__file__).resolve().parents[1]
CASES = {
    "f6": REPO / "tests" / "data" / "unseen" / "f6_draft_cases.yaml",
    "f7": REPO / "tests" / "data" / "f7_draft_cases.yaml",
}


def _quality_module():
    return benchmark("quality")


@pytest.fixture(scope="module", params=sorted(CASES))
def figures(request: pytest.FixtureRequest) -> dict:
    cases = yaml.safe_load(CASES[request.param].read_text(encoding="utf-8"))
    return _quality_module().evaluate_dev_cases(cases)


def test_tuned_cases_keep_the_intervention_bars(figures: dict) -> None:
    assert figures["exceptions"] == []
    assert figures["intervention_precision"] >= 0.95
    assert figures["intervention_recall"] >= 0.95
