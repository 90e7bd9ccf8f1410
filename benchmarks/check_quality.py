"""Checker quality on the shared synthetic dev cases (../shared/data/dev_check_cases.yaml).

    PYTHONPATH=src python benchmarks/check_quality.py [CASES.yaml ...]

Reports the share of expected findings raised (target >= 0.9) and the number of
forbidden findings raised (target <= 1), with the misses and false alarms by case.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import yaml

from notewell.core.check import check_note

DEFAULT_CASES = (
    Path(
        os.environ.get("NOTEWELL_SHARED_DATA")
        or Path(__file__).resolve().parents[2] / "shared" / "data"
    )
    / "dev_check_cases.yaml"
)


def evaluate(cases: list[dict]) -> dict:
    expected = raised = forbidden_raised = 0
    misses, false_alarms = [], []
    for case in cases:
        rules = {f.rule for f in check_note(case["note"], case.get("type", "progress"))}
        for rule in case.get("expect") or []:
            expected += 1
            if rule in rules:
                raised += 1
            else:
                misses.append(f"{case['id']}: {rule}")
        for rule in case.get("forbid") or []:
            if rule in rules:
                forbidden_raised += 1
                false_alarms.append(f"{case['id']}: {rule}")
    return {
        "cases": len(cases),
        "expected_share": raised / expected if expected else 1.0,
        "expected": expected,
        "forbidden_raised": forbidden_raised,
        "misses": misses,
        "false_alarms": false_alarms,
    }


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]] or [DEFAULT_CASES]
    cases = [case for path in paths for case in yaml.safe_load(path.read_text("utf-8"))]
    result = evaluate(cases)
    print(f"cases: {result['cases']}")
    print(
        f"expected findings raised: {result['expected_share']:.2f} of {result['expected']} "
        "(target >= 0.90)"
    )
    print(f"forbidden findings raised: {result['forbidden_raised']} (target <= 1)")
    for miss in result["misses"]:
        print(f"  missed: {miss}")
    for alarm in result["false_alarms"]:
        print(f"  false alarm: {alarm}")


if __name__ == "__main__":
    main()
