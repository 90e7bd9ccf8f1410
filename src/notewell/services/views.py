"""What use cases return: plain frozen dataclasses, detached from the database session."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class UserView:
    username: str
    display_name: str
    role: str
    active: bool
    # Shown once, to the admin who added or reset the user, for their first sign-in.
    enrolment_code: str | None = None


@dataclass(frozen=True, slots=True)
class ConsentView:
    given: bool
    consent_date: date
    recorded_by: str


@dataclass(frozen=True, slots=True)
class GoalView:
    number: int
    text: str
    objectives: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PlanView:
    plan_id: int
    problems: tuple[str, ...]
    goals: tuple[GoalView, ...]
    interventions: tuple[str, ...]
    review_date: date | None
    created_by: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ClientView:
    identifier: str
    name: str
    date_of_birth: date | None
    clinician: str
    consent: ConsentView | None = None
    plan: PlanView | None = None


@dataclass(frozen=True, slots=True)
class SessionView:
    service_date: date | None = None
    start_time: str | None = None
    end_time: str | None = None
    duration_minutes: int | None = None
    service_type: str | None = None
    modality: str | None = None
    location: str | None = None
    participants: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NoteSummary:
    note_id: int
    client: str
    author: str
    note_format: str
    status: str
    version: int
    service_date: date | None
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class OverrideView:
    rule: str
    message: str
    reason: str


@dataclass(frozen=True, slots=True)
class EmergencyReadView:
    """An admin's break-the-glass read of a note, from the audit log."""

    reader: str
    at: str
    reason: str


@dataclass(frozen=True, slots=True)
class AddendumView:
    number: int
    text: str
    author: str
    signed_at: datetime
    content_hash: str


@dataclass(frozen=True, slots=True)
class CosignatureView:
    username: str
    signed_at: datetime


@dataclass(frozen=True, slots=True)
class ProvenanceView:
    engine: str
    model: str | None
    changed_ratio: float | None  # share of the signed text changed from the draft
    consent_on_file: bool | None


@dataclass(frozen=True, slots=True)
class NoteView:
    summary: NoteSummary
    text: str
    session: SessionView
    provenance: ProvenanceView
    goals: tuple[GoalView, ...] = ()
    signed_at: datetime | None = None
    signed_by: str | None = None
    content_hash: str | None = None
    overrides: tuple[OverrideView, ...] = ()
    cosignatures: tuple[CosignatureView, ...] = ()
    addenda: tuple[AddendumView, ...] = field(default_factory=tuple)
    cosign_pending: bool = False  # signed, the practice requires a co-signature, none yet
    emergency_reads: tuple[EmergencyReadView, ...] = ()  # shown to everyone who reads it
    # Where the signed record no longer matches its audit entries (changed below notewell).
    integrity_problems: tuple[str, ...] = ()

    @property
    def note_id(self) -> int:
        return self.summary.note_id

    @property
    def version(self) -> int:
        return self.summary.version

    @property
    def status(self) -> str:
        return self.summary.status


@dataclass(frozen=True, slots=True)
class PrivateNoteView:
    note_id: int
    client: str
    author: str
    created_at: datetime
    text: str
