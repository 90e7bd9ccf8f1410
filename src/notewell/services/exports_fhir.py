"""Signed progress notes as FHIR R4: per note a DocumentReference whose content
references a Composition of the note's sections (and carries the plain text too),
gathered in a `collection` Bundle. Never psychotherapy notes: this module only ever
sees `NoteView`s of progress notes.

Built and validated with `fhir.resources` 8, whose R4-line models are `fhir.resources.R4B`
(FHIR 4.3.0; the package's default is R5 and it ships no 4.0.1 package). Composition,
DocumentReference and Bundle are unchanged from R4 (4.0.1) to R4B, so what validates
here is also valid R4 for these resources.
"""

from __future__ import annotations

import base64
import html
import uuid
from datetime import UTC, date, datetime
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from notewell.core.errors import FormatError
from notewell.core.formats import load_format
from notewell.services.record_text import note_sections
from notewell.services.views import NoteView

LOINC = "http://loinc.org"
# 11506-3 "Progress note": the LOINC document type for every progress-note format here
# (no more specific psychotherapy progress-note code is used without certainty).
NOTE_TYPE = {"coding": [{"system": LOINC, "code": "11506-3", "display": "Progress note"}]}
CATEGORY = {
    "coding": [
        {
            "system": "http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category",
            "code": "clinical-note",
            "display": "Clinical Note",
        }
    ]
}
CLIENT_SYSTEM = "urn:notewell:client"
USER_SYSTEM = "urn:notewell:user"
NOTE_SYSTEM = "urn:notewell:progress-note"
XHTML = "http://www.w3.org/1999/xhtml"


def instant(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def user_ref(username: str | None) -> dict[str, Any]:
    name = username or "?"
    return {"identifier": {"system": USER_SYSTEM, "value": name}, "display": name}


def narrative(text: str) -> dict[str, str]:
    """Escaped xhtml: a note holding markup stays text in every receiving system."""
    lines = "<br/>".join(html.escape(line, quote=False) for line in text.split("\n"))
    return {"status": "generated", "div": f'<div xmlns="{XHTML}"><p>{lines}</p></div>'}


def _headings(note_format: str) -> list[str]:
    try:
        return [s.name.upper() for s in load_format(note_format).sections]
    except FormatError:
        return []


def _sections(note: NoteView) -> list[dict[str, Any]]:
    header, parts = note_sections(note.text, _headings(note.summary.note_format))
    sections: list[dict[str, Any]] = (
        [{"title": "Session", "text": narrative(header)}] if header else []
    )
    sections += [
        {"title": name.capitalize(), "text": narrative(body or "(nothing)")} for name, body in parts
    ]
    sections += [
        {
            "title": f"Addendum {a.number}",
            "author": [user_ref(a.author)],
            "text": narrative(f"{a.author}, {instant(a.signed_at)}:\n{a.text.rstrip()}"),
        }
        for a in note.addenda
    ]
    return sections


def _urn(note: NoteView, what: str) -> str:
    # Stable for one signed note, distinct across notes and practices (the content hash).
    seed = f"notewell:{note.note_id}:{note.content_hash}:{what}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}"


def _period(service_date: date | None) -> dict[str, str] | None:
    return (
        {"start": service_date.isoformat(), "end": service_date.isoformat()}
        if service_date
        else None
    )


def composition(note: NoteView) -> dict[str, Any]:
    attesters = [
        {"mode": "legal", "time": instant(note.signed_at), "party": user_ref(note.signed_by)}
    ]
    attesters += [
        {"mode": "professional", "time": instant(c.signed_at), "party": user_ref(c.username)}
        for c in note.cosignatures
    ]
    period = _period(note.session.service_date)
    resource: dict[str, Any] = {
        "resourceType": "Composition",
        "id": _urn(note, "composition").removeprefix("urn:uuid:"),
        "identifier": {"system": NOTE_SYSTEM, "value": str(note.note_id)},
        "status": "amended" if note.addenda else "final",
        "type": NOTE_TYPE,
        "category": [CATEGORY],
        "subject": {"identifier": {"system": CLIENT_SYSTEM, "value": note.summary.client}},
        "date": instant(note.signed_at),
        "author": [user_ref(note.summary.author)],
        "title": f"{note.summary.note_format.upper()} progress note",
        "attester": attesters,
        "section": _sections(note),
    }
    if period:
        resource["event"] = [{"period": period}]
    return resource


def document_reference(note: NoteView) -> dict[str, Any]:
    text = note.text.rstrip() + "\n"
    for a in note.addenda:
        text += f"\nADDENDUM {a.number} — {a.author}, {instant(a.signed_at)}\n{a.text.rstrip()}\n"
    resource: dict[str, Any] = {
        "resourceType": "DocumentReference",
        "id": _urn(note, "document").removeprefix("urn:uuid:"),
        "identifier": [{"system": NOTE_SYSTEM, "value": str(note.note_id)}],
        "status": "current",
        "docStatus": "amended" if note.addenda else "final",
        "type": NOTE_TYPE,
        "category": [CATEGORY],
        "subject": {"identifier": {"system": CLIENT_SYSTEM, "value": note.summary.client}},
        "date": instant(note.signed_at),
        "author": [user_ref(note.summary.author)],
        "authenticator": user_ref(note.signed_by),
        "description": f"Progress note {note.note_id}",
        "content": [
            {
                "attachment": {
                    "contentType": "application/fhir+json",
                    "url": _urn(note, "composition"),
                    "title": "Composition of the note's sections",
                }
            },
            {
                "attachment": {
                    "contentType": "text/plain; charset=utf-8",
                    "data": base64.b64encode(text.encode()).decode(),
                    "title": "The signed note as plain text",
                }
            },
        ],
    }
    period = _period(note.session.service_date)
    if period:
        resource["context"] = {"period": period}
    return resource


def bundle_json(notes: list[NoteView]) -> str:
    """A collection Bundle: each signed note's DocumentReference, then its Composition.
    Validated by the fhir.resources models before it is returned."""
    entries: list[dict[str, Any]] = []
    for note in notes:
        if note.status != "signed":
            raise ValueError(f"note {note.note_id} is not signed; only the record is exported")
        entries.append({"fullUrl": _urn(note, "document"), "resource": document_reference(note)})
        entries.append({"fullUrl": _urn(note, "composition"), "resource": composition(note)})
    data = {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": datetime.now(UTC).isoformat(),
        "entry": entries,
    }
    bundle = Bundle.model_validate(data)
    return bundle.model_dump_json(indent=2, by_alias=True, exclude_none=True) + "\n"
