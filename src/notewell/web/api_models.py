"""The JSON API's bodies and answers (pydantic: they are also the OpenAPI document).

Answers are built from the services' frozen views (`from_attributes`); nothing here
reads the database. Psychotherapy notes have no model: they never leave their tab.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from notewell.core.extract.readers import MAX_INPUT_CHARS
from notewell.services.notes import MAX_NOTE_CHARS
from notewell.services.record_drafts import PROGRESS_FORMATS


class View(BaseModel):
    model_config = ConfigDict(from_attributes=True)


FormatName = Annotated[
    str,
    Field(description="a progress-note format", json_schema_extra={"enum": [*PROGRESS_FORMATS]}),
]


# --- errors -------------------------------------------------------------------------


class ErrorBody(BaseModel):
    """Every error: one line for a person, never a traceback."""

    error: str


class FieldProblem(BaseModel):
    field: str  # e.g. "body.text", "path.note_id"
    problem: str


class BadRequestBody(ErrorBody):
    fields: list[FieldProblem] = []  # empty when the service, not the schema, refused


class SignedOutBody(ErrorBody):
    login: str = "/login"


class FindingOut(BaseModel):
    rule: str
    severity: str
    message: str
    span: list[int] | None = None
    suggestion: str | None = None


class ConflictBody(ErrorBody):
    """A save based on an older version: both versions, nothing overwritten. A refusal
    of a signed note (also 409) has only `error`."""

    note_id: int | None = None
    base_version: int | None = None
    current_version: int | None = None
    current_text: str | None = None
    attempted_text: str | None = None


class SigningBlockedBody(ErrorBody):
    note_id: int
    findings: list[FindingOut]  # the error-level findings that still lack a reason


# --- people and clients -------------------------------------------------------------


class UserOut(View):
    username: str
    display_name: str
    role: str


class ConsentOut(View):
    given: bool
    consent_date: date
    recorded_by: str


class GoalOut(View):
    number: int
    text: str
    objectives: list[str] = []
    keywords: list[str] = []


class PlanOut(View):
    plan_id: int
    problems: list[str]
    goals: list[GoalOut]
    interventions: list[str]
    review_date: date | None
    created_by: str
    created_at: datetime


class ClientOut(View):
    identifier: str
    name: str
    date_of_birth: date | None
    clinician: str
    consent: ConsentOut | None = None  # in a client's own answer, not in the list
    plan: PlanOut | None = None


class PageInfo(BaseModel):
    """Where this page sits in the whole listing: ask again with `offset` + `limit`."""

    offset: int
    limit: int
    total: int


class ClientList(BaseModel):
    clients: list[ClientOut]
    page: PageInfo


# --- notes --------------------------------------------------------------------------


class NoteSummaryOut(View):
    note_id: int
    client: str
    author: str
    note_format: str
    status: str
    version: int
    service_date: date | None
    updated_at: datetime


class NoteList(BaseModel):
    """The client's progress notes the caller may read, oldest first."""

    notes: list[NoteSummaryOut]
    page: PageInfo


class SessionOut(View):
    service_date: date | None = None
    start_time: str | None = None
    end_time: str | None = None
    duration_minutes: int | None = None
    service_type: str | None = None
    modality: str | None = None
    location: str | None = None
    participants: list[str] = []


class ProvenanceOut(View):
    engine: str
    model: str | None
    changed_ratio: float | None
    consent_on_file: bool | None


class OverrideOut(View):
    rule: str
    message: str
    reason: str


class CosignatureOut(View):
    username: str
    signed_at: datetime


class AddendumOut(View):
    number: int
    text: str
    author: str
    signed_at: datetime
    content_hash: str


class EmergencyReadOut(View):
    reader: str
    at: str
    reason: str


class NoteOut(View):
    """As `notewell note show --output json`."""

    summary: NoteSummaryOut
    text: str
    session: SessionOut
    provenance: ProvenanceOut
    goals: list[GoalOut] = []
    signed_at: datetime | None = None
    signed_by: str | None = None
    content_hash: str | None = None
    overrides: list[OverrideOut] = []
    cosignatures: list[CosignatureOut] = []
    addenda: list[AddendumOut] = []
    cosign_pending: bool = False
    emergency_reads: list[EmergencyReadOut] = []
    integrity_problems: list[str] = []


class NoteCreated(View):
    note: NoteOut
    findings: list[FindingOut]  # the checker's findings on the draft


class NewNoteIn(BaseModel):
    text: str = Field(max_length=MAX_INPUT_CHARS, description="session details or a transcript")
    format: FormatName = "dap"


class SaveIn(BaseModel):
    text: str = Field(max_length=MAX_NOTE_CHARS)
    base_version: int = Field(ge=1, le=2**31 - 1, description="the version the edit started from")


class SignIn(BaseModel):
    overrides: dict[
        Annotated[str, Field(max_length=100)], Annotated[str, Field(max_length=2000)]
    ] = Field(default={}, description="rule id -> the reason for signing despite its errors")


class AddendumIn(BaseModel):
    text: str = Field(max_length=MAX_NOTE_CHARS)


# --- tokens -------------------------------------------------------------------------


class TokenIn(BaseModel):
    name: str = Field(min_length=1, max_length=100, description="what will use the token")
    expires_in_days: int | None = Field(None, ge=1, le=366, description="null: never")


class TokenOut(View):
    token_id: int
    name: str
    created_at: datetime
    last_used: datetime | None
    expires_at: datetime | None


class TokenList(BaseModel):
    tokens: list[TokenOut]


class NewTokenOut(TokenOut):
    token: str = Field(description="shown once: only its hash is kept")


def dump(model: type[BaseModel], value: Any) -> dict[str, Any]:
    """A service view as its JSON answer (validated against the documented model)."""
    return model.model_validate(value, from_attributes=True).model_dump(mode="json")
