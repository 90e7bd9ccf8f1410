"""The measure reader held to its figures on the synthetic case sets of
tests/data/measures (see its README): a regression below a bar fails CI. The scoring is
benchmarks/measures.py's."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmark_modules import benchmark

CASES = Path(__file__).resolve().parent / "data" / "measures"

# set: (case accuracy, reading recall, reading precision, item-9-positive accuracy), the
# figures at the end of session 16 rounded down.
BARS = {
    "f1": (1.0, 1.0, 1.0, 1.0),
    "f2": (1.0, 1.0, 1.0, 1.0),
    "f3": (1.0, 1.0, 1.0, 1.0),
    "f4": (1.0, 1.0, 1.0, 1.0),
    "f5": (0.95, 0.98, 1.0, 1.0),
    "f6": (0.75, 0.93, 0.96, 0.97),
    "f7": (0.9, 0.96, 0.91, 1.0),
    "f8": (0.62, 0.92, 0.97, 0.95),
    "f9": (0.77, 0.97, 0.93, 1.0),
    "f10": (0.75, 0.95, 0.97, 0.95),
}


@pytest.mark.parametrize("name", list(BARS))
def test_the_reader_holds_its_figures(name):
    figures = benchmark("measures").score(CASES / f"measures_{name}.jsonl", show=False)
    accuracy, recall, precision, item9 = BARS[name]
    assert figures["case_accuracy"] >= accuracy
    assert figures["reading_recall"] >= recall
    assert figures["reading_precision"] >= precision
    assert figures["item9_positive_accuracy"] >= item9
