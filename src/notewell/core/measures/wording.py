"""How a measure reading reads in a note, and the risk prompts its items raise.

Every figure comes from the reading (what the input said, scored by the data's rules)
or from the previous administration the caller found; nothing is filled in. A risk
item answered 0 is written as the answer it is, never as a denial: a screen item is
not the clinician's assessment.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from notewell.core.measures.definitions import ChangeThresholds, Measure, measures
from notewell.core.measures.scoring import compare, raised_risk_items, score_answers
from notewell.core.models import MeasureReading


@dataclass(frozen=True, slots=True)
class PreviousScore:
    """A previous administration from the record: its total and date of service."""

    total: int
    date: str | None = None  # YYYY-MM-DD


def describe(
    reading: MeasureReading,
    previous: PreviousScore | None = None,
    thresholds: ChangeThresholds | None = None,
) -> list[str]:
    """The note's sentences for one reading: the total with its band and change, then
    any single items it names. `previous` is used when the input states none."""
    measure = measures()[reading.measure]
    sentences = []
    if reading.total is not None:
        sentences.append(_total_sentence(measure, reading, previous, thresholds))
    elif reading.problem is not None:
        sentences.append(f"{measure.name}: not scored ({reading.problem}).")
    for item, answer in reading.items:
        sentences.append(_item_sentence(measure, item, answer))
    return sentences


def invalid(reading: MeasureReading) -> bool:
    """A total or answer the measure cannot have (a prompt to check, not a score)."""
    return reading.total is None and reading.problem is not None and "outside" in reading.problem


@dataclass(frozen=True, slots=True)
class RaisedItem:
    """A risk item answered above 0 (`answer` None: "positive", value not stated)."""

    measure: str  # the measure's name, as a note writes it
    item: int
    answer: int | None
    risk_type: str
    prompt: str

    @property
    def answered(self) -> str:
        """'item 9 was answered 2 (more than half the days)'."""
        if self.answer is None:
            return f"item {self.item} was positive"
        wording = _answer_text(measures_by_name()[self.measure], self.answer)
        return f"item {self.item} was answered {self.answer} ({wording})"


def raised_items(reading: MeasureReading) -> list[RaisedItem]:
    """The reading's risk items answered above 0, each with its prompt."""
    measure = measures()[reading.measure]
    raised = []
    for risk, answer in raised_risk_items(measure, all_items(reading)):
        item = RaisedItem(measure.name, risk.item, answer, risk.risk_type, "")
        raised.append(replace(item, prompt=risk.prompt.format(answered=item.answered)))
    return raised


def measures_by_name() -> dict[str, Measure]:
    return {m.name: m for m in measures().values()}


def _total_sentence(
    measure: Measure,
    reading: MeasureReading,
    previous: PreviousScore | None,
    thresholds: ChangeThresholds | None,
) -> str:
    total = reading.total
    assert total is not None
    band = f"{reading.band}" if reading.band else ""
    if reading.prorated and reading.answers is not None:
        answered = sum(1 for a in reading.answers if a is not None)
        band += f"; prorated from {answered} of {measure.item_count} items"
    text = f"{measure.name} total {total} of {measure.max_total} ({band})"
    if reading.problem:
        text += f"; {reading.problem}"
    clusters = _clusters_text(measure, reading)
    if clusters:
        text += f"; {clusters}"
    earlier = reading.previous
    when = ""
    if earlier is None and previous is not None:
        earlier = previous.total
        when = f" on {previous.date}" if previous.date else ""
    if earlier is not None:
        change = compare(measure, earlier, total, thresholds).describe()
        text += f", {change.replace(f'from {earlier}', f'from {earlier}{when}', 1)}"
    return text + "."


def _clusters_text(measure: Measure, reading: MeasureReading) -> str | None:
    if measure.clusters is None or reading.answers is None or None in reading.answers:
        return None
    met = score_answers(measure, reading.answers).clusters_met
    return "DSM-5 symptom-cluster rule " + ("met" if met else "not met")


def _item_sentence(measure: Measure, item: int, answer: int | None) -> str:
    label = measure.items[item - 1]
    if answer is None:
        return f"{measure.name} item {item} ({label}): positive, answer not recorded."
    return f"{measure.name} item {item} ({label}): {answer} ({_answer_text(measure, answer)})."


def _answer_text(measure: Measure, answer: int) -> str:
    return measure.answers[answer - measure.item_range[0]]


def all_items(reading: MeasureReading) -> list[tuple[int, int | None]]:
    """Every item answer a reading holds, by item: a value named singly ("item 9 = 1"),
    else the value in its answers, else a bare "positive" (None)."""
    answers = dict(enumerate(reading.answers or (), 1))
    merged: dict[int, int | None] = {n: a for n, a in answers.items() if a is not None}
    for item, answer in reading.items:
        if answer is not None or item not in merged:
            merged[item] = answer
    return sorted(merged.items())
