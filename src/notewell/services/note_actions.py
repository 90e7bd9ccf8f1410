"""What the signed-in user may do with a note they are looking at, for the page to offer
only those buttons. The rules are `access`'s; the use cases check them again."""

from __future__ import annotations

from dataclasses import dataclass

from notewell.services import access, notes
from notewell.services.context import Context, unit_of_work
from notewell.services.views import NoteView
from notewell.store.models import Client


@dataclass(frozen=True, slots=True)
class NoteActions:
    add_addendum: bool = False
    cosign: bool = False  # a supervisor, on a signed note awaiting co-signature
    export: bool = False
    private_tab: bool = False  # the note's author: their psychotherapy-note tab


@dataclass(frozen=True, slots=True)
class NotePage:
    note: NoteView
    actions: NoteActions


def note_actions(ctx: Context, note: NoteView) -> NoteActions:
    with unit_of_work(ctx) as uow:
        row = uow.note(note.note_id)
        client = uow.session.get(Client, row.client_id)
        assert client is not None
        actor = uow.actor
        signed = row.status == "signed"
        readable = access.can_read_note(actor, row, client)
        return NoteActions(
            add_addendum=signed and access.can_add_addendum(actor, row, client),
            cosign=signed
            and note.cosign_pending
            and access.can_cosign(actor, row)
            and all(c.username != actor.username for c in note.cosignatures),
            export=signed and readable and access.can_export(actor, client),
            private_tab=row.author_id == actor.id and access.can_write_private(actor, client),
        )


def note_page(ctx: Context, note_id: int, break_glass: str | None = None) -> NotePage:
    """The note (a read, audited; `break_glass` as in `show_note`) and its actions.
    After breaking the glass an admin may read and nothing more."""
    note = notes.show_note(ctx, note_id, break_glass)
    return NotePage(note, note_actions(ctx, note))
