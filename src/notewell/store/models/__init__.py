"""The record's tables. Import from here; the schema changes only through migrations."""

from notewell.store.models.audit import AuditEntry, Setting
from notewell.store.models.base import Base, utcnow
from notewell.store.models.identity import ApiToken, AuthorKey, AuthSession, Credential
from notewell.store.models.notes import (
    NOTE_STATUSES,
    Addendum,
    Cosignature,
    NoteOverride,
    NoteVersion,
    ProgressNote,
    PsychotherapyNote,
    note_goals,
)
from notewell.store.models.people import (
    ROLES,
    AiConsent,
    Client,
    PlanGoal,
    ServiceSession,
    TreatmentPlan,
    User,
)

__all__ = [
    "NOTE_STATUSES",
    "ROLES",
    "Addendum",
    "AiConsent",
    "ApiToken",
    "AuditEntry",
    "AuthSession",
    "AuthorKey",
    "Base",
    "Client",
    "Cosignature",
    "Credential",
    "NoteOverride",
    "NoteVersion",
    "PlanGoal",
    "ProgressNote",
    "PsychotherapyNote",
    "ServiceSession",
    "Setting",
    "TreatmentPlan",
    "User",
    "note_goals",
    "utcnow",
]
