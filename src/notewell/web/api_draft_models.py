"""The draft endpoint's answer: the engine's JSON contract, `Draft.to_dict()`, as
`notewell draft --output json` prints it (psychotherapy parts withheld)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from notewell.core.extract.readers import MAX_INPUT_CHARS
from notewell.web.api_models import FindingOut, FormatName


class CptOut(BaseModel):
    code: str
    reason: str


class DraftHeaderOut(BaseModel):
    client: str | None
    date: str | None
    service_type: str | None
    duration_minutes: int | None
    start_time: str | None
    end_time: str | None
    modality: str | None
    location: str | None
    participants: list[str]
    cpt: CptOut | None


class SentenceOut(BaseModel):
    text: str
    sources: list[list[int]]  # [start, end) character offsets into the input
    prompt: bool  # a missing-element prompt, not drafted text


class SectionOut(BaseModel):
    name: str
    text: str
    sentences: list[SentenceOut]


class ElementOut(BaseModel):
    element: str
    text: str
    sources: list[list[int]]


class InterventionOut(BaseModel):
    id: str
    text: str
    sources: list[list[int]]


class RiskOut(BaseModel):
    status: str
    detail: str | None
    sources: list[list[int]]


class FactsOut(BaseModel):
    elements: list[ElementOut]  # private reflections left out
    interventions: list[InterventionOut]
    risk: dict[str, RiskOut]


class DraftOut(BaseModel):
    """`Draft.to_dict()`, as `notewell draft --output json` prints it."""

    format: str
    input_type: str | None
    header: DraftHeaderOut
    sections: list[SectionOut]
    facts: FactsOut
    psychotherapy_note: None = Field(None, description="always null: kept off the record")
    findings: list[FindingOut]


class DraftIn(BaseModel):
    text: str = Field(max_length=MAX_INPUT_CHARS)
    format: FormatName = "dap"
