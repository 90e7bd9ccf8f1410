"""The command line the case-set benchmarks share: score each JSON Lines file named and
print its figures on one line (`--show` prints every miss first)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any


def run(score: Callable[[Path, bool], dict[str, Any]], doc: str, argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("cases", nargs="+", type=Path)
    parser.add_argument("--show", action="store_true", help="print every miss")
    args = parser.parse_args(argv)
    for path in args.cases:
        print(path.name, json.dumps(score(path, args.show)))
    return 0


RISK_TYPES = ("suicidal_ideation", "homicidal_ideation", "self_harm")


class RiskTally:
    """Risk statuses against a case's expected ones, with endorsements gained or lost."""

    def __init__(self) -> None:
        self.total = self.right = self.false_endorsements = self.missed_endorsements = 0

    def add(self, risk: dict[str, Any], wanted: dict[str, str], who: str, show: bool) -> None:
        """`risk`: a draft's facts.risk; `wanted`: the case's status per type."""
        for risk_type in RISK_TYPES:
            got, expected = risk[risk_type].status, wanted[risk_type]
            self.total += 1
            self.right += got == expected
            self.false_endorsements += got == "endorsed" and expected != "endorsed"
            self.missed_endorsements += expected == "endorsed" and got != "endorsed"
            if show and got != expected:
                print(f"{who}: {risk_type} {got}, expected {expected}")

    def figures(self) -> dict[str, Any]:
        return {
            "risk_accuracy": round(self.right / max(self.total, 1), 3),
            "false_endorsements": self.false_endorsements,
            "missed_endorsements": self.missed_endorsements,
        }
