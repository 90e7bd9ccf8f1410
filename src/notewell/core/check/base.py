"""What every rule receives (`CheckContext`) and how it reports (`finding`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from notewell.core.check.note import NoteView
from notewell.core.check.profiles import Profile
from notewell.core.models import Finding, Span

if TYPE_CHECKING:
    from notewell.core.check.clone import HistoryIndex
    from notewell.core.check.treatment_plan import TreatmentPlan


@dataclass(frozen=True, slots=True)
class CheckContext:
    note: NoteView
    profile: Profile
    plan: TreatmentPlan | None = None
    history: HistoryIndex | None = None
    signed_date: str | None = None  # YYYY-MM-DD

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
