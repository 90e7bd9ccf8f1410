"""Exports as files: a signed note, or a client's record, as PDF, plain text, Markdown
or FHIR R4 JSON. Only signed progress notes: never drafts, never psychotherapy notes
(they live in another table this module never reads). Every export is audited.

The file names name no client or person (`note-12.pdf`, `record.fhir.json`): a
download's name ends up in folders, mail and browser history.
"""

from __future__ import annotations

from dataclasses import dataclass

from notewell.core.errors import InputError
from notewell.services import access
from notewell.services.context import Context, unit_of_work
from notewell.services.note_views import note_view
from notewell.services.record_export import export_record, note_document, signed_record
from notewell.services.views import NoteView
from notewell.store.models import Client

# output → (media type, file name suffix)
FILE_FORMATS: dict[str, tuple[str, str]] = {
    "pdf": ("application/pdf", "pdf"),
    "text": ("text/plain; charset=utf-8", "txt"),
    "markdown": ("text/markdown; charset=utf-8", "md"),
    "fhir": ("application/fhir+json", "fhir.json"),
}


@dataclass(frozen=True, slots=True)
class ExportFile:
    content: bytes
    media_type: str
    filename: str


def _check_output(output: str) -> tuple[str, str]:
    if output not in FILE_FORMATS:
        raise InputError(f"unknown export format {output!r} ({', '.join(FILE_FORMATS)})")
    return FILE_FORMATS[output]


def signed_note_for_export(ctx: Context, note_id: int, output: str) -> NoteView:
    """A signed note the actor may export (as for the client's record), audited."""
    with unit_of_work(ctx) as uow:
        note = uow.readable_note(note_id, f"export note {note_id}")
        client = uow.session.get(Client, note.client_id)
        assert client is not None
        uow.require(
            access.can_export(uow.actor, client) and access.can_read_note(uow.actor, note, client),
            f"export note {note_id}",
        )
        if note.status != "signed":
            raise InputError(f"note {note_id} is a draft; only signed notes are exported")
        uow.audit("note.export", "progress_note", note.id, output)
        return note_view(uow.session, note)


def export_note(ctx: Context, note_id: int, output: str) -> ExportFile:
    # Imported here: the FHIR models take a second to load, and the web app and the
    # command line should not pay that on every start.
    from notewell.services import exports_fhir, exports_pdf

    media_type, suffix = _check_output(output)
    note = signed_note_for_export(ctx, note_id, output)
    if output == "pdf":
        content = exports_pdf.note_pdf(note)
    elif output == "fhir":
        content = exports_fhir.bundle_json([note]).encode()
    else:
        content = note_document(note, output).encode()
    return ExportFile(content, media_type, f"note-{note_id}.{suffix}")


def export_client_record(ctx: Context, client_identifier: str, output: str) -> ExportFile:
    from notewell.services import exports_fhir, exports_pdf

    media_type, suffix = _check_output(output)
    if output in ("text", "markdown"):
        content = export_record(ctx, client_identifier, output).encode()
    else:
        record = signed_record(ctx, client_identifier, output)
        if output == "pdf":
            content = exports_pdf.record_pdf(record)
        else:
            content = exports_fhir.bundle_json(record.notes).encode()
    return ExportFile(content, media_type, f"record.{suffix}")
