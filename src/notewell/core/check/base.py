"""What every rule receives (`CheckContext`) and how it reports (`finding`)."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from notewell.core.check.note import NoteView
from notewell.core.check.profiles import Profile
from notewell.core.models import Finding, MeasureReading, Span

if TYPE_CHECKING:
    from notewell.core.check.clone import HistoryIndex
    from notewell.core.check.treatment_plan import TreatmentPlan
    from notewell.core.risk import RiskReading


@dataclass(frozen=True, slots=True)
class CheckContext:
    note: NoteView
    profile: Profile
    plan: TreatmentPlan | None = None
    history: HistoryIndex | None = None
    signed_date: str | None = None  # YYYY-MM-DD
    risk: RiskReading | None = None  # a draft's own risk facts; else read on demand
    history_key: Hashable | None = None  # this note's own key in `history`
    service: str = "individual"  # the note's service (formats/data/services.yaml id)
    roster: tuple[str, ...] = ()  # a group note's members (group-member-named)
    _cache: dict[str, RiskReading] = field(default_factory=dict, repr=False, compare=False)
    _measures: dict[str, tuple[MeasureReading, ...]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def risk_reading(self) -> RiskReading:
        """The risk of this note, read once by the one risk reader."""
        if self.risk is not None:
            return self.risk
        if "risk" not in self._cache:
            from notewell.core.risk import read_risk  # the language pipeline, on first use

            self._cache["risk"] = read_risk(self.text, measures=self.measure_readings())
        return self._cache["risk"]

    def measure_readings(self) -> tuple[MeasureReading, ...]:
        """The standardized measures this note reports, read once."""
        if "measures" not in self._measures:
            from notewell.core.measures import read_measures

            self._measures["measures"] = read_measures(self.text)
        return self._measures["measures"]

    @property
    def text(self) -> str:
        return self.note.text

    def whole_note(self) -> Span:
        """Span for a finding about something absent from the whole note."""
        stripped = self.text.rstrip()
        return (len(self.text) - len(self.text.lstrip()), len(stripped))


def finding(rule: str, message: str, span: Span | None, suggestion: str | None = None) -> Finding:
    # Severity is the profile's to decide; `check_note` sets it.
    return Finding(rule=rule, severity="warning", message=message, span=span, suggestion=suggestion)
