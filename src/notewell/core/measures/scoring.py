"""Scoring a measure from its item answers or its total, and change between two totals.

The rules are the data's (`measures.yaml`): answer range, missing items, bands, change
thresholds, risk items, the PCL-5's cluster rule. Lower totals are better on every
packaged measure, so a fall is an improvement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from notewell.core.measures.definitions import ChangeThresholds, Measure, RiskItem


@dataclass(frozen=True, slots=True)
class MeasureScore:
    measure: str  # the measure's id
    total: int | None  # None when the answers cannot be scored
    band: str | None
    answers: tuple[int | None, ...] | None = None  # item answers, None where unanswered
    prorated: bool = False
    problem: str | None = None  # why there is no total, or what was wrong with the input
    clusters_met: bool | None = None  # the measure's cluster rule, when it has one


def score_answers(measure: Measure, answers: Sequence[int | None]) -> MeasureScore:
    """The total from item answers, prorating missing items as the measure's rule says."""
    low, high = measure.item_range
    if len(answers) != measure.item_count:
        return _unscored(
            measure,
            f"{measure.name} has {measure.item_count} items; {len(answers)} answers were given",
        )
    for number, answer in enumerate(answers, 1):
        if answer is not None and not low <= answer <= high:
            return _unscored(
                measure, f"item {number} answer {answer} is outside {measure.name}'s {low}-{high}"
            )
    answered = [a for a in answers if a is not None]
    missing = measure.item_count - len(answered)
    if missing > measure.missing.max_missing:
        return MeasureScore(
            measure.id,
            None,
            None,
            tuple(answers),
            problem=f"{missing} of {measure.item_count} items unanswered; the {measure.name} "
            f"allows at most {measure.missing.max_missing}",
        )
    total = _round_half_up(Fraction(sum(answered) * measure.item_count, len(answered)))
    return MeasureScore(
        measure.id,
        total,
        measure.band(total).label,
        tuple(answers),
        prorated=missing > 0,
        clusters_met=_clusters(measure, answers),
    )


def score_total(measure: Measure, total: int) -> MeasureScore:
    """A stated total: its band, or why it cannot be this measure's total."""
    low = measure.item_range[0] * measure.item_count
    if not low <= total <= measure.max_total:
        return _unscored(
            measure, f"a {measure.name} total of {total} is outside {low}-{measure.max_total}"
        )
    return MeasureScore(measure.id, total, measure.band(total).label)


def raised_risk_items(
    measure: Measure, items: Sequence[tuple[int, int | None]]
) -> list[tuple[RiskItem, int | None]]:
    """Risk items answered above 0 (`None`: positive, value not stated), in item order.

    An answer of 0 raises nothing and says nothing either: a screen item is not a
    clinician's assessment, so it is never read as a denial.
    """
    by_item = {risk.item: risk for risk in measure.risk_items}
    return [
        (by_item[item], answer)
        for item, answer in sorted(items, key=lambda pair: pair[0])
        if item in by_item and (answer is None or answer > 0)
    ]


@dataclass(frozen=True, slots=True)
class MeasureChange:
    previous: int
    current: int
    thresholds: ChangeThresholds

    @property
    def points(self) -> int:
        return self.current - self.previous

    @property
    def reliable(self) -> bool:
        return abs(self.points) >= self.thresholds.reliable

    @property
    def meaningful(self) -> bool:
        meaningful = self.thresholds.meaningful
        return meaningful is not None and abs(self.points) >= meaningful

    def describe(self) -> str:
        """'down 5 points from 19, below the reliable-change threshold of 6', and kin."""
        if self.points == 0:
            movement = f"unchanged from {self.previous}"
        else:
            way = "down" if self.points < 0 else "up"
            size = abs(self.points)
            movement = f"{way} {size} point{'s' if size != 1 else ''} from {self.previous}"
        if not self.reliable:
            return f"{movement}, below the reliable-change threshold of {self.thresholds.reliable}"
        kind = "improvement" if self.points < 0 else "worsening"
        degree = "a meaningful" if self.meaningful else "a reliable"
        threshold = self.thresholds.meaningful if self.meaningful else self.thresholds.reliable
        return f"{movement}: {degree} {kind} (threshold {threshold} points)"


def compare(
    measure: Measure, previous: int, current: int, thresholds: ChangeThresholds | None = None
) -> MeasureChange:
    """The change from `previous` to `current`, judged by the practice's thresholds or the
    measure's defaults."""
    return MeasureChange(previous, current, thresholds or measure.change)


def _clusters(measure: Measure, answers: Sequence[int | None]) -> bool | None:
    rule = measure.clusters
    if rule is None or any(a is None for a in answers):
        return None  # the cluster rule needs every item
    return all(
        sum(1 for a in answers[first - 1 : last] if a is not None and a >= rule.symptom_at)
        >= group.needed
        for group in rule.groups
        for first, last in [group.items]
    )


def _unscored(measure: Measure, problem: str) -> MeasureScore:
    return MeasureScore(measure.id, None, None, problem=problem)


def _round_half_up(value: Fraction) -> int:
    return int(value + Fraction(1, 2)) if value >= 0 else -int(-value + Fraction(1, 2))
