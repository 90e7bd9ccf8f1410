"""Psychotherapy notes: stored apart (own table), encrypted with AES-GCM under a key
outside the database, readable by their author only, every read and refusal audited.

No other use case touches `PsychotherapyNote`: listings, search and export of the
record cannot include these notes because they never query this table.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select

from notewell.core.errors import InputError
from notewell.services import access
from notewell.services.context import Context, unit_of_work
from notewell.services.errors import NotFound
from notewell.services.views import PrivateNoteView
from notewell.store.crypto import add_active_key, retire_old_keys
from notewell.store.models import Client, PsychotherapyNote

MAX_PRIVATE_CHARS = 100_000


def associated_data(note: PsychotherapyNote) -> bytes:
    """Bind each ciphertext to its row, client and author: a ciphertext copied onto
    another row (or re-assigned to another author) fails to decrypt."""
    return f"notewell:psychotherapy:{note.uid}:{note.client_id}:{note.author_id}".encode()


def create_private_note(ctx: Context, client_identifier: str, text: str) -> int:
    if not text.strip():
        raise InputError("the psychotherapy note is empty")
    if len(text) > MAX_PRIVATE_CHARS:
        raise InputError(f"the psychotherapy note is over {MAX_PRIVATE_CHARS:,} characters")
    ring = ctx.db.key_ring  # fail on a missing key before anything is written
    with unit_of_work(ctx) as uow:
        client = uow.client(client_identifier)
        uow.require(
            access.can_write_private(uow.actor, client),
            f"write psychotherapy notes for {client_identifier}",
        )
        note = PsychotherapyNote(
            uid=secrets.token_hex(16),
            client_id=client.id,
            author_id=uow.actor.id,
            key_id="",
            nonce=b"",
            ciphertext=b"",
        )
        note.key_id, note.nonce, note.ciphertext = ring.encrypt(text, associated_data(note))
        uow.session.add(note)
        uow.session.flush()
        uow.audit("psychotherapy_note.create", "psychotherapy_note", note.id, always=True)
        return note.id


def show_private_note(ctx: Context, note_id: int) -> PrivateNoteView:
    with unit_of_work(ctx) as uow:
        note = uow.session.get(PsychotherapyNote, note_id)
        if note is None:
            raise NotFound(f"no psychotherapy note {note_id}")
        uow.require(access.can_read_private(uow.actor, note), f"read psychotherapy note {note_id}")
        text = ctx.db.key_ring.decrypt(
            note.key_id, note.nonce, note.ciphertext, associated_data(note)
        )
        uow.audit("psychotherapy_note.read", "psychotherapy_note", note.id, always=True)
        client = uow.session.get(Client, note.client_id)
        return PrivateNoteView(
            note.id, client.identifier if client else "?", uow.actor.username, note.created_at, text
        )


def list_own_private_notes(ctx: Context) -> list[tuple[int, str]]:
    """The actor's own psychotherapy notes as (id, client): never anyone else's."""
    with unit_of_work(ctx) as uow:
        rows = uow.session.execute(
            select(PsychotherapyNote.id, Client.identifier)
            .join(Client, Client.id == PsychotherapyNote.client_id)
            .where(PsychotherapyNote.author_id == uow.actor.id)
            .order_by(PsychotherapyNote.id)
        ).all()
        uow.audit("psychotherapy_note.list", "psychotherapy_note", None, always=True)
        return [(row[0], row[1]) for row in rows]


@dataclass(frozen=True, slots=True)
class RotationResult:
    new_key_id: str
    notes_reencrypted: int


def rotate_key(ctx: Context) -> RotationResult:
    """New active key; every note re-encrypted under it in one transaction; old keys
    retired only after that commits, so a crash at any point leaves every note readable."""
    if ctx.db.settings.key_env:
        raise InputError("the key comes from NOTEWELL_PSYCHOTHERAPY_KEY: rotate it at its source")
    with unit_of_work(ctx) as uow:  # check the role before touching the key file
        uow.require(access.can_administer(uow.actor), "rotate the psychotherapy-note key")
    key_file = ctx.db.settings.key_file
    ring = add_active_key(key_file)
    ctx.db.forget_key_ring()
    count = 0
    with unit_of_work(ctx) as uow:
        for note in uow.session.scalars(select(PsychotherapyNote)):
            aad = associated_data(note)
            text = ring.decrypt(note.key_id, note.nonce, note.ciphertext, aad)
            note.key_id, note.nonce, note.ciphertext = ring.encrypt(text, aad)
            count += 1
        uow.session.flush()
        uow.audit("psychotherapy_key.rotate", "key", ring.active_id, f"{count} notes", always=True)
    retire_old_keys(key_file)
    ctx.db.forget_key_ring()
    return RotationResult(ring.active_id, count)
