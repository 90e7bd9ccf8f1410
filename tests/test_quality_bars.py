"""Issue 2's quality bars on the synthetic development cases in ../shared/data.

The scoring lives in benchmarks/quality.py (loaded here from its file path); this test
fails CI if the drafting engine regresses below a bar: no missed risk endorsement, no
invented denial, no private reflection in a progress-note section, risk-status accuracy
>= 0.95, intervention precision and recall >= 0.85, duration/modality/CPT >= 0.90.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from benchmark_modules import benchmark

REPO = Path(__file__).resolve().parents[1]
DEV_CASES = (
    Path(os.environ.get("NOTEWELL_SHARED_DATA") or REPO.parent / "shared" / "data")
    / "dev_draft_cases.yaml"
)
# notewell's own synthetic cases in the same schema: the bars must hold beyond the ten.
EXTRA_CASES = [
    REPO / "tests" / "data" / "extra_draft_cases.yaml",
    REPO / "tests" / "data" / "redteam_draft_cases.yaml",
]

pytestmark = pytest.mark.skipif(
    not DEV_CASES.exists(),
    reason=f"shared development data not present at {DEV_CASES} (see ../shared/data/README.md)",
)


def _quality_module():
    return benchmark("quality")


@pytest.fixture(scope="module", params=["dev", "dev+extra"])
def figures(request: pytest.FixtureRequest) -> dict:
    module = _quality_module()
    cases = module.load_dev_cases()
    if request.param == "dev+extra":
        for path in EXTRA_CASES:
            cases = cases + yaml.safe_load(path.read_text(encoding="utf-8"))
    return module.evaluate_dev_cases(cases)


def test_every_case_drafts(figures: dict) -> None:
    assert figures["exceptions"] == []
    assert figures["drafted"] == figures["cases"] > 0


def test_no_missed_endorsement(figures: dict) -> None:
    assert figures["missed_endorsements"] == []


def test_no_invented_denial(figures: dict) -> None:
    assert figures["invented_denials"] == []


def test_no_private_reflection_in_progress_note(figures: dict) -> None:
    assert figures["private_leaks"] == []
    assert figures["private_provenance_overlaps"] == []


def test_private_reflections_reach_the_psychotherapy_note(figures: dict) -> None:
    assert figures["private_not_in_psychotherapy_note"] == []


@pytest.mark.parametrize(
    "figure",
    [
        "risk_accuracy",
        "intervention_precision",
        "intervention_recall",
        "duration_accuracy",
        "modality_accuracy",
        "cpt_accuracy",
    ],
)
def test_figure_meets_bar(figures: dict, figure: str) -> None:
    bar = figures["bars"][figure]
    assert bar["ok"], f"{figure} = {bar['value']:.3f}, bar {bar['threshold']}: " + "; ".join(
        figures["failures"]
    )


# The fresh writers' cases (tests/data/fresh_draft_cases.yaml): the engine was tuned on
# them after their first-sight scoring, so they hold it to the risk and intervention bars
# of issue 7; their service details (header parsing, issue 8) are not barred here.
FRESH_CASES = REPO / "tests" / "data" / "fresh_draft_cases.yaml"


@pytest.fixture(scope="module")
def fresh_figures() -> dict:
    module = _quality_module()
    return module.evaluate_dev_cases(yaml.safe_load(FRESH_CASES.read_text(encoding="utf-8")))


def test_fresh_cases_keep_the_risk_bars(fresh_figures: dict) -> None:
    assert fresh_figures["exceptions"] == []
    assert fresh_figures["missed_endorsements"] == []
    assert len(fresh_figures["invented_denials"]) <= 1
    assert fresh_figures["risk_accuracy"] >= 0.97
    assert len(fresh_figures["false_endorsements"]) <= 10


def test_fresh_cases_keep_the_intervention_bars(fresh_figures: dict) -> None:
    assert fresh_figures["intervention_precision"] >= 0.90
    assert fresh_figures["intervention_recall"] >= 0.82
