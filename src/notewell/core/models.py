"""Domain models shared by extraction, drafting and checking.

Plain frozen dataclasses: cheap to build (the engine makes thousands per second) and
easy to turn into the JSON contract (`to_dict`). Every piece of text that came from the
clinician's input carries `sources`: half-open character spans into the input as read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Span = tuple[int, int]

ELEMENTS: tuple[str, ...] = (
    "client_report",
    "observation",
    "intervention",
    "response",
    "progress",
    "goal",
    "risk",
    "plan",
    "service",
    "private_reflection",
    "other",
)
"""Session elements (DESIGN.md), plus `goal` for treatment-plan goals named in the input."""

RISK_TYPES: tuple[str, ...] = ("suicidal_ideation", "homicidal_ideation", "self_harm")
RiskStatusValue = Literal["endorsed", "denied", "not_assessed"]
Modality = Literal["in_person", "telehealth_video", "telephone"]
MODALITY_LABELS: dict[str, str] = {
    "in_person": "in person",
    "telehealth_video": "telehealth (video)",
    "telephone": "telephone",
}
"""How each modality reads in a note."""
InputType = Literal["shorthand", "dictation", "transcript", "structured"]
Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class Segment:
    """One sentence or clause of the input, classified into a session element."""

    text: str
    start: int
    end: int
    element: str = "other"
    speaker: str | None = None  # "clinician" / "client" / a name, for transcripts

    @property
    def span(self) -> Span:
        return (self.start, self.end)


@dataclass(frozen=True, slots=True)
class InterventionFact:
    id: str
    text: str
    sources: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class RiskMention:
    """One mention of a risk concept and the context ConText gave it."""

    risk_type: str
    text: str
    span: Span
    negated: bool = False
    hypothetical: bool = False
    historical: bool = False
    family: bool = False
    uncertain: bool = False
    plan_only: bool = False  # "denies a plan to kill herself": about the plan, not ideation
    unassessed: bool = False  # "HI not assessed"
    quoted: bool = False  # inside quotation marks (the client's words)

    @property
    def counts_for_status(self) -> bool:
        # Other people's risk, history, "what if" talk, a denied plan and a note that
        # risk was not assessed say nothing about the client's current status; they
        # are kept as detail only.
        return not (
            self.family or self.historical or self.hypothetical or self.plan_only or self.unassessed
        )


@dataclass(frozen=True, slots=True)
class RiskStatus:
    status: RiskStatusValue = "not_assessed"
    detail: str | None = None
    sources: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class CptSuggestion:
    code: str
    reason: str


@dataclass(frozen=True, slots=True)
class ServiceDetails:
    client: str | None = None
    date: str | None = None  # YYYY-MM-DD
    service_type: str | None = None
    duration_minutes: int | None = None
    start_time: str | None = None  # HH:MM, 24-hour
    end_time: str | None = None
    modality: Modality | None = None
    location: str | None = None
    participants: tuple[str, ...] = ()
    interactive_complexity: bool = False
    sources: dict[str, tuple[Span, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MeasureReading:
    """One administration of a standardized measure the input reports (PHQ-9 14...).

    `total` is the stated total, or the one scored from the item answers; None when
    neither gives a valid total (`problem` says why). `items` holds single items the
    input names ("item 9 = 1"; None: "positive" with no value). `previous` is a
    previous total the input states ("down from 19"). `wording` spans the measure's own
    words in the input (item labels, form lines): they are not the client's statements.
    """

    measure: str  # the measure's id (notewell.core.measures)
    span: Span
    total: int | None
    band: str | None = None
    answers: tuple[int | None, ...] | None = None
    items: tuple[tuple[int, int | None], ...] = ()
    previous: int | None = None
    prorated: bool = False
    problem: str | None = None
    wording: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class SessionFacts:
    """Everything the engine extracted from one session input."""

    text: str
    input_type: InputType
    service: ServiceDetails
    segments: tuple[Segment, ...]
    interventions: tuple[InterventionFact, ...]
    risk: dict[str, RiskStatus]
    risk_mentions: tuple[RiskMention, ...] = ()
    measures: tuple[MeasureReading, ...] = ()

    def segments_of(self, element: str) -> list[Segment]:
        return [s for s in self.segments if s.element == element]


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    sources: tuple[Span, ...] = ()
    prompt: bool = False


@dataclass(frozen=True, slots=True)
class Section:
    name: str
    sentences: tuple[Sentence, ...]

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    span: Span | None = None
    suggestion: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "span": list(self.span) if self.span else None,
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True, slots=True)
class Draft:
    format: str
    header: ServiceDetails
    cpt: CptSuggestion | None
    sections: tuple[Section, ...]
    facts: SessionFacts
    psychotherapy_note: tuple[Section, ...] | None = None
    findings: tuple[Finding, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of `notewell draft --output json` (see README)."""
        header = self.header
        return {
            "format": self.format,
            "input_type": self.facts.input_type,
            "header": {
                "client": header.client,
                "date": header.date,
                "service_type": header.service_type,
                "duration_minutes": header.duration_minutes,
                "start_time": header.start_time,
                "end_time": header.end_time,
                "modality": header.modality,
                "location": header.location,
                "participants": list(header.participants),
                "cpt": {"code": self.cpt.code, "reason": self.cpt.reason} if self.cpt else None,
            },
            "sections": [_section_dict(s) for s in self.sections],
            "facts": {
                "elements": [
                    {"element": s.element, "text": s.text, "sources": [[s.start, s.end]]}
                    for s in self.facts.segments
                ],
                "interventions": [
                    {"id": i.id, "text": i.text, "sources": [list(x) for x in i.sources]}
                    for i in self.facts.interventions
                ],
                "risk": {
                    name: {
                        "status": status.status,
                        "detail": status.detail,
                        "sources": [list(x) for x in status.sources],
                    }
                    for name, status in self.facts.risk.items()
                },
                "measures": [_measure_dict(m) for m in self.facts.measures],
            },
            "psychotherapy_note": (
                None
                if self.psychotherapy_note is None
                else {"sections": [_section_dict(s) for s in self.psychotherapy_note]}
            ),
            "findings": [f.to_dict() for f in self.findings],
        }


def _measure_dict(reading: MeasureReading) -> dict[str, Any]:
    return {
        "measure": reading.measure,
        "total": reading.total,
        "band": reading.band,
        "previous": reading.previous,
        "answers": list(reading.answers) if reading.answers is not None else None,
        "items": {str(item): answer for item, answer in reading.items},
        "prorated": reading.prorated,
        "problem": reading.problem,
        "sources": [list(reading.span)],
    }


@dataclass(frozen=True, slots=True)
class MemberNote:
    """One member's individualised note of a group session."""

    member: str  # as the roster names them
    attended: bool
    draft: Draft


@dataclass(frozen=True, slots=True)
class GroupDraft:
    """A group session: the group-level note and one note per member.

    Sentence sources and finding spans of every note point into the group input as the
    clinician typed it; each note's `facts` are of that note's own share of the input
    (a member's share names no other member).
    """

    group: Draft
    members: tuple[MemberNote, ...]
    findings: tuple[Finding, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "service": "group",
            "group": self.group.to_dict(),
            "members": [
                {"member": m.member, "attended": m.attended, "note": m.draft.to_dict()}
                for m in self.members
            ],
            "findings": [f.to_dict() for f in self.findings],
        }


def _section_dict(section: Section) -> dict[str, Any]:
    return {
        "name": section.name,
        "text": section.text,
        "sentences": [
            {"text": s.text, "sources": [list(x) for x in s.sources], "prompt": s.prompt}
            for s in section.sentences
        ],
    }
