"""Score the measure reader on a case file (JSON Lines).

Each case: {"id", "text", "expect": {"measures": [{"measure": "PHQ-9", "total": 14,
"band": "moderate", "previous": 19, "items": [...] | null, "item9": 1 | null,
"invalid": false}], "item9_positive": bool}}. An expected reading is matched to the
found one of the same measure in order; its total, band, previous and item-9 answer
must agree, and its item answers when the case lists them. A found reading no case
expects is a false reading.

    .venv/bin/python benchmarks/measures.py CASES.jsonl [MORE.jsonl ...] [--show]

The cases in tests/data/measures/ are synthetic (see its README).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from notewell.core.measures import find_measure, raised_risk_items, read_measures
from notewell.core.measures.wording import all_items
from notewell.core.models import MeasureReading


def _item9(reading: MeasureReading) -> int | None:
    if reading.answers is not None and len(reading.answers) >= 9 and reading.measure == "phq9":
        return reading.answers[8]
    return next((a for n, a in reading.items if n == 9), None)


def _problems(expected: dict[str, Any], found: MeasureReading) -> list[str]:
    problems = []
    if expected.get("invalid"):
        if found.total is not None:
            problems.append(f"total {found.total}, expected invalid")
        return problems
    for key, value in (
        ("total", found.total),
        ("band", found.band),
        ("previous", found.previous),
    ):
        if expected.get(key) != value:
            problems.append(f"{key} {value!r}, expected {expected.get(key)!r}")
    if expected.get("items") is not None and list(found.answers or []) != expected["items"]:
        problems.append(f"items {found.answers}, expected {expected['items']}")
    if expected["measure"] == "PHQ-9" and expected.get("item9") != _item9(found):
        problems.append(f"item9 {_item9(found)!r}, expected {expected.get('item9')!r}")
    return problems


def score(path: Path, show: bool) -> dict[str, float]:
    cases = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    expected_n = found_n = matched = exact = cases_right = 0
    positive_right = 0
    for case in cases:
        readings = list(read_measures(case["text"]))
        wanted = case["expect"]["measures"]
        expected_n += len(wanted)
        found_n += len(readings)
        notes: list[str] = []
        pool = list(readings)
        for item in wanted:
            measure_id = find_measure(item["measure"]).id
            hit = next((r for r in pool if r.measure == measure_id), None)
            if hit is None:
                notes.append(f"missed {item['measure']} {item.get('total')}")
                continue
            pool.remove(hit)
            matched += 1
            problems = _problems(item, hit)
            exact += not problems
            notes += [f"{item['measure']}: {p}" for p in problems]
        notes += [f"false reading {r.measure} {r.total}" for r in pool]
        positive = any(raised_risk_items(find_measure(r.measure), all_items(r)) for r in readings)
        if positive == case["expect"]["item9_positive"]:
            positive_right += 1
        else:
            notes.append(f"item9_positive {positive}, expected {case['expect']['item9_positive']}")
        cases_right += not notes
        if show and notes:
            print(f"{case['id']}: {'; '.join(notes)}")
    figures = {
        "cases": len(cases),
        "case_accuracy": cases_right / len(cases),
        "reading_recall": matched / expected_n if expected_n else 1.0,
        "reading_precision": matched / found_n if found_n else 1.0,
        "readings_exact": exact / expected_n if expected_n else 1.0,
        "item9_positive_accuracy": positive_right / len(cases),
    }
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", type=Path, nargs="+")
    parser.add_argument("--show", action="store_true", help="print each case that is wrong")
    args = parser.parse_args(argv)
    for path in args.cases:
        figures = score(path, args.show)
        rounded = {k: round(v, 3) if isinstance(v, float) else v for k, v in figures.items()}
        print(json.dumps({"set": path.stem, **rounded}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
