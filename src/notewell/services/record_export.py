"""Export of a client's record (text, Markdown, JSON): signed progress notes with their
drafting provenance, overrides, co-signatures and addenda, plus the treatment plan.

Never psychotherapy notes (45 CFR 164.501: not part of a record release), and never
drafts, which are not yet the record. Every export is audited.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from notewell.core.errors import InputError
from notewell.services import access
from notewell.services.clients import client_view
from notewell.services.context import Context, unit_of_work
from notewell.services.note_views import note_view
from notewell.services.views import AddendumView, ClientView, NoteView
from notewell.store.models import ProgressNote

EXPORT_FORMATS = ("text", "markdown", "json")


@dataclass(frozen=True, slots=True)
class SignedRecord:
    """What an export of a client's record holds: never drafts, never psychotherapy notes."""

    client: ClientView
    notes: list[NoteView]
    drafts_left_out: int


def signed_record(ctx: Context, client_identifier: str, output: str) -> SignedRecord:
    """The client's signed notes for an export in `output` (access checked, audited)."""
    with unit_of_work(ctx) as uow:
        client = uow.readable_client(client_identifier, f"use the record of {client_identifier}")
        uow.require(
            access.can_export(uow.actor, client), f"export the record of {client_identifier}"
        )
        notes = list(
            uow.session.scalars(
                select(ProgressNote)
                .where(ProgressNote.client_id == client.id)
                .order_by(ProgressNote.id)
            )
        )
        signed = [note_view(uow.session, n) for n in notes if n.status == "signed"]
        view = client_view(uow.session, client, full=True)
        uow.audit(
            "record.export", "client", client_identifier, f"{output}, {len(signed)} signed notes"
        )
    return SignedRecord(view, signed, len(notes) - len(signed))


def export_record(ctx: Context, client_identifier: str, output: str = "text") -> str:
    if output not in EXPORT_FORMATS:
        raise InputError(f"unknown export format {output!r} ({', '.join(EXPORT_FORMATS)})")
    record = signed_record(ctx, client_identifier, output)
    view, signed, drafts = record.client, record.notes, record.drafts_left_out
    if output == "json":
        return _json(view, signed, drafts)
    return _markdown(view, signed, drafts) if output == "markdown" else _text(view, signed, drafts)


def plain_data(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain_data(v) for v in value]
    return value


def _json(client: ClientView, notes: list[NoteView], drafts: int) -> str:
    data = {
        "client": plain_data(asdict(client)),
        "notes": [plain_data(asdict(n)) for n in notes],
        "drafts_not_included": drafts,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def provenance_line(note: NoteView) -> str:
    p = note.provenance
    engine = p.engine + (f" ({p.model})" if p.model else "")
    changed = "n/a" if p.changed_ratio is None else f"{p.changed_ratio:.0%} of the text changed"
    consent = {True: "on file", False: "not on file", None: "not recorded"}[p.consent_on_file]
    return (
        f"Drafted with: {engine}; clinician edits: {changed}; AI-documentation consent: {consent}"
    )


def note_heading(note: NoteView) -> str:
    return f"Note {note.note_id} ({note.summary.note_format}, {note.status})"


def _note_lines(note: NoteView, heading: str, bullet: str) -> list[str]:
    lines = [f"{heading}{note_heading(note)}", "", note.text.rstrip(), ""]
    lines += signature_lines(note, bullet)
    for a in note.addenda:
        sub = "### " if heading else ""
        lines += ["", f"{sub}{addendum_heading(a)}", a.text.rstrip()]
    return [*lines, ""]


def addendum_heading(addendum: AddendumView) -> str:
    return f"Addendum {addendum.number} — {addendum.author}, {_stamp(addendum.signed_at)}"


def signature_lines(note: NoteView, bullet: str) -> list[str]:
    """Signature, integrity, provenance, goals, overrides, co-signatures."""
    lines = []
    lines.append(f"{bullet}Signed by {note.signed_by} at {_stamp(note.signed_at)}")
    lines.append(f"{bullet}Content hash: {note.content_hash}")
    for problem in note.integrity_problems:  # changed below notewell: never shown as intact
        lines.append(f"{bullet}INTEGRITY CHECK FAILED: {problem}")
    lines.append(f"{bullet}{provenance_line(note)}")
    if note.goals:
        lines.append(f"{bullet}Goals addressed: " + "; ".join(g.text for g in note.goals))
    for o in note.overrides:
        lines.append(f"{bullet}Override of {o.rule}: {o.reason} (finding: {o.message})")
    for c in note.cosignatures:
        lines.append(f"{bullet}Co-signed by {c.username} at {_stamp(c.signed_at)}")
    if note.cosign_pending:
        lines.append(f"{bullet}Awaiting supervisor co-signature (practice policy)")
    return lines


def _stamp(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "-"


def client_lines(client: ClientView, bullet: str) -> list[str]:
    consent = client.consent
    lines = [
        f"{bullet}Identifier: {client.identifier}",
        f"{bullet}Name: {client.name}",
        f"{bullet}Date of birth: {client.date_of_birth or 'not recorded'}",
        f"{bullet}Clinician: {client.clinician}",
        f"{bullet}AI-documentation consent: "
        + (
            f"{'given' if consent.given else 'withdrawn'} {consent.consent_date}"
            if consent
            else "none"
        ),
    ]
    plan = client.plan
    if plan:
        lines.append(f"{bullet}Treatment plan (review {plan.review_date or 'not set'}):")
        lines += [f"    problem: {p}" for p in plan.problems]
        for goal in plan.goals:
            lines.append(f"    goal {goal.number}: {goal.text}")
            lines += [f"      objective: {o}" for o in goal.objectives]
        lines += [f"    intervention: {i}" for i in plan.interventions]
    return lines


def _markdown(client: ClientView, notes: list[NoteView], drafts: int) -> str:
    lines = [f"# Clinical record — {client.identifier}", "", *client_lines(client, "- "), ""]
    for note in notes:
        lines += _note_lines(note, "## ", "- ")
    lines.append(f"_{drafts} draft note(s) not included: drafts are not part of the record._")
    return "\n".join(lines) + "\n"


def _text(client: ClientView, notes: list[NoteView], drafts: int) -> str:
    lines = [f"CLINICAL RECORD — {client.identifier}", "", *client_lines(client, ""), ""]
    for note in notes:
        lines += ["=" * 60, *_note_lines(note, "", "")]
    lines.append(f"{drafts} draft note(s) not included: drafts are not part of the record.")
    return "\n".join(lines) + "\n"


def note_document(note: NoteView, output: str) -> str:
    """One signed note as plain text or Markdown, as it appears in a record export."""
    if output == "markdown":
        return "\n".join(_note_lines(note, "# ", "- ")).rstrip() + "\n"
    return "\n".join(_note_lines(note, "", "")).rstrip() + "\n"
