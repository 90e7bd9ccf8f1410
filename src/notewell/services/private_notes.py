"""Psychotherapy notes: stored apart (own table), encrypted with AES-GCM under their
author's own data key, readable by their author only, every read and refusal audited.

The data key exists unwrapped only in a signed-in author's context (`ctx.keys`), so
nobody else (an admin or supervisor holding the database and every key file included)
can decrypt. No other use case touches `PsychotherapyNote`: listings, search and export
of the record cannot include these notes because they never query this table.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select

from notewell.core.errors import InputError
from notewell.services import access, auth
from notewell.services.context import Context, UnitOfWork, unit_of_work
from notewell.services.errors import AuthFailed, NotFound
from notewell.services.views import PrivateNoteView
from notewell.store.crypto import KeyRing
from notewell.store.errors import EncryptionKeyError, StoreError
from notewell.store.keywrap import AuthorKeys
from notewell.store.models import Client, PsychotherapyNote

MAX_PRIVATE_CHARS = 100_000


def associated_data(note: PsychotherapyNote) -> bytes:
    """Bind each ciphertext to its row, client and author: a ciphertext copied onto
    another row (or re-assigned to another author) fails to decrypt."""
    return f"notewell:psychotherapy:{note.uid}:{note.client_id}:{note.author_id}".encode()


def _keys(ctx: Context) -> AuthorKeys:
    if ctx.keys is None:
        raise AuthFailed(
            "psychotherapy notes need your own key: sign in (`notewell login NAME`) first"
        )
    return ctx.keys


def _encrypt(keys: AuthorKeys, note: PsychotherapyNote, text: str) -> None:
    ring = KeyRing((keys.active,))
    note.key_id, note.nonce, note.ciphertext = ring.encrypt(text, associated_data(note))


def _decrypt(ctx: Context, uow: UnitOfWork, keys: AuthorKeys, note: PsychotherapyNote) -> str:
    own = keys.get(note.key_id)
    if own is not None:
        return KeyRing((own,)).decrypt(
            note.key_id, note.nonce, note.ciphertext, associated_data(note)
        )
    legacy = _legacy_ring(ctx)
    if legacy is None:
        raise EncryptionKeyError(
            f"psychotherapy note {note.id} is sealed under key {note.key_id}, which your "
            "password does not open (a password reset without your recovery key, or a "
            "note from before per-author keys whose key file is not available)"
        )
    # Written before per-author keys: move it under the author's own key on first read.
    text = legacy.decrypt(note.key_id, note.nonce, note.ciphertext, associated_data(note))
    _encrypt(keys, note, text)
    uow.audit("psychotherapy_note.rekey", "psychotherapy_note", note.id, "legacy key", always=True)
    return text


def _legacy_ring(ctx: Context) -> KeyRing | None:
    try:
        return ctx.db.key_ring
    except StoreError:
        return None


def create_private_note(ctx: Context, client_identifier: str, text: str) -> int:
    if not text.strip():
        raise InputError("the psychotherapy note is empty")
    if len(text) > MAX_PRIVATE_CHARS:
        raise InputError(f"the psychotherapy note is over {MAX_PRIVATE_CHARS:,} characters")
    keys = _keys(ctx)  # fail on a missing key before anything is written
    with unit_of_work(ctx) as uow:
        client = uow.readable_client(client_identifier, f"use the record of {client_identifier}")
        uow.require(
            access.can_write_private(uow.actor, client),
            f"write psychotherapy notes for {client_identifier}",
        )
        if keys.user_id != uow.actor.id:
            raise AuthFailed("these keys belong to another user")
        note = PsychotherapyNote(
            uid=secrets.token_hex(16),
            client_id=client.id,
            author_id=uow.actor.id,
            key_id="",
            nonce=b"",
            ciphertext=b"",
        )
        _encrypt(keys, note, text)
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
        text = _decrypt(ctx, uow, _keys(ctx), note)
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
            .where(access.readable_private(uow.actor))
            .order_by(PsychotherapyNote.id)
        ).all()
        uow.audit("psychotherapy_note.list", "psychotherapy_note", None, always=True)
        return [(row[0], row[1]) for row in rows]


@dataclass(frozen=True, slots=True)
class RotationResult:
    new_key_id: str
    notes_reencrypted: int


def rotate_key(ctx: Context, password: str, recovery_key: str | None = None) -> RotationResult:
    """A new data key for the acting author (wrapped under their password); every one of
    their notes re-encrypted under it in the same transaction. Older keys stay wrapped,
    inactive, so older backups stay readable to their author."""
    keys = _keys(ctx)
    with unit_of_work(ctx) as uow:
        row = auth.new_author_key(uow.session, uow.actor, password, recovery_key)
        fresh = AuthorKeys(keys.user_id, row.key_id, {**keys.keys, row.key_id: row.plain})
        count = 0
        notes = uow.session.scalars(
            select(PsychotherapyNote).where(PsychotherapyNote.author_id == uow.actor.id)
        )
        for note in notes:
            _encrypt(fresh, note, _decrypt(ctx, uow, keys, note))
            count += 1
        uow.session.flush()
        uow.audit("psychotherapy_key.rotate", "key", row.key_id, f"{count} notes", always=True)
    return RotationResult(row.key_id, count)
