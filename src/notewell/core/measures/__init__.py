"""Standardized measures (PHQ-9, GAD-7, PCL-5): definitions as data, scoring, reading.

`measures.yaml` holds each measure's items, missing-item rule, severity bands, change
thresholds and risk items; `scoring` applies them; `reader` finds administrations in a
session input. The engine, the checker and the command line all read the same data.
"""

from notewell.core.measures.definitions import (
    ChangeThresholds,
    Measure,
    find_measure,
    measures,
    parse_measures,
)
from notewell.core.measures.reader import read_measures
from notewell.core.measures.scoring import (
    MeasureChange,
    MeasureScore,
    compare,
    raised_risk_items,
    score_answers,
    score_total,
)

__all__ = [
    "ChangeThresholds",
    "Measure",
    "MeasureChange",
    "MeasureScore",
    "compare",
    "find_measure",
    "measures",
    "parse_measures",
    "raised_risk_items",
    "read_measures",
    "score_answers",
    "score_total",
]
