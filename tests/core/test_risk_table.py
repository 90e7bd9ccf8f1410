"""One risk reader for drafts and checks, held to shared tables of risk statements.

SYNTHETIC statements only: the generated grid (benchmarks/risk_grid.py, gold by
construction) and a hand-written table (tests/data/risk_statements.yaml).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from benchmark_modules import benchmark
from notewell.core.check import check_note
from notewell.core.risk import read_risk

REPO = Path(__file__).resolve().parents[2]
TYPES = ("suicidal_ideation", "homicidal_ideation", "self_harm")


def _grid_module():
    return benchmark("risk_grid")


GRID = _grid_module().sample(450, seed=11)
TABLE = yaml.safe_load((REPO / "tests" / "data" / "risk_statements.yaml").read_text("utf-8"))
SHARED = [(s.text, s.gold) for s in GRID] + [(row["text"], row["gold"]) for row in TABLE]


def test_when_the_grid_sample_is_read_then_no_endorsement_is_missed_or_false(facts_of) -> None:
    missed, false, right, judged = [], [], 0, 0
    for statement in GRID:
        risk = facts_of(statement.text).risk
        for risk_type in TYPES:
            gold, got = statement.gold[risk_type], risk[risk_type].status
            judged += 1
            right += gold == got
            if gold == "endorsed" and got != "endorsed":
                missed.append((statement.text, risk_type))
            if got == "endorsed" and gold != "endorsed":
                false.append((statement.text, risk_type))
    assert missed == []
    assert false == []
    assert right / judged >= 0.99
    assert len({s.structure for s in GRID}) >= 20  # every structure is in the sample


@pytest.mark.parametrize("text,gold", SHARED, ids=[t[:40] for t, _ in SHARED])
def test_when_drafting_and_checking_read_a_statement_then_they_agree(
    facts_of, nlp, text, gold
) -> None:
    drafted = {t: facts_of(text).risk[t].status for t in TYPES}
    checked = {t: read_risk(text, nlp=nlp).statuses[t].status for t in TYPES}
    assert drafted == checked


ENDORSED = [(t, g) for t, g in SHARED if "endorsed" in g.values()][:60]


@pytest.mark.parametrize("text,gold", ENDORSED, ids=[t[:40] for t, _ in ENDORSED])
def test_when_a_note_raises_a_risk_without_assessment_then_the_checker_flags_it(
    text, gold, facts_of
) -> None:
    # The reader's own verdict decides; an assessment cue in the statement itself
    # (a plan denied, a safety plan) documents it.
    statuses = facts_of(text).risk
    endorsed = [t for t in TYPES if statuses[t].status == "endorsed"]
    from notewell.core.risk import ASSESSMENT_DETAILS

    unassessed = [
        t
        for t in endorsed
        if not {p.strip() for p in (statuses[t].detail or "").split(";")} & ASSESSMENT_DETAILS
    ]
    rules = {f.rule for f in check_note(text)}
    assert ("missing-risk-assessment" in rules) == bool(unassessed)


def _scores(rows: list[dict], facts_of) -> tuple[float, int, int]:
    missed = false = right = judged = 0
    for row in rows:
        risk = facts_of(row["text"]).risk
        for risk_type in TYPES:
            gold, got = row["gold"][risk_type], risk[risk_type].status
            judged += 1
            right += gold == got
            missed += gold == "endorsed" and got != "endorsed"
            false += got == "endorsed" and gold != "endorsed"
    return right / judged, missed, false


def test_when_the_fresh_writers_table_is_read_then_it_stays_at_its_bar(facts_of) -> None:
    # Regression bar on the five first-sight tables r1-r5 (tuned on since): where the
    # reader stood when they were folded in (0.965); a fall means a general cause broke.
    accuracy, _missed, false = _scores([r for r in TABLE if r["id"][:2] < "r6"], facts_of)
    assert accuracy >= 0.96
    assert false <= 30


def test_when_the_later_rounds_are_read_then_they_stay_at_their_bars(facts_of) -> None:
    # r7 and r9 (session 14's first-sight rounds, tuned on since), bars where they stand.
    accuracy, missed, false = _scores([r for r in TABLE if r["id"][:2] > "r6"], facts_of)
    assert accuracy >= 0.90
    assert missed <= 34
    assert false <= 42
