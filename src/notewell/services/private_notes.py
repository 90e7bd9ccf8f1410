"""Psychotherapy notes: stored apart (own table), encrypted with AES-GCM under their
author's own data key, readable by their author only, every read and refusal audited.

The data key exists unwrapped only in a signed-in author's context (`ctx.keys`), so
nobody else (an admin or supervisor holding the database and every key file included)
can decrypt. No other use case touches `PsychotherapyNote`: listings, search and export
of the record cannot include these notes because they never query this table. On the
web a psychotherapy note hangs off a session: its author writes and reads it on their
own tab of that session's progress note (`session_private_notes`).
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
from notewell.store.models import Client, ProgressNote, PsychotherapyNote

MAX_PRIVATE_CHARS = 100_000


def associated_data(note: PsychotherapyNote) -> bytes:
    """Bind each ciphertext to its row, client and author: a ciphertext copied onto
    another row (or re-assigned to another author) fails to decrypt."""
    return f"notewell:psychotherapy:{note.uid}:{note.client_id}:{note.author_id}".encode()


def author_keys(ctx: Context) -> AuthorKeys:
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


def check_private_text(text: str) -> None:
    if not text.strip():
        raise InputError("the psychotherapy note is empty")
    if len(text) > MAX_PRIVATE_CHARS:
        raise InputError(f"the psychotherapy note is over {MAX_PRIVATE_CHARS:,} characters")


def create_private_note(
    ctx: Context, client_identifier: str, text: str, session_id: int | None = None
) -> int:
    check_private_text(text)
    keys = author_keys(ctx)  # fail on a missing key before anything is written
    with unit_of_work(ctx) as uow:
        return add_private_note(
            uow,
            keys,
            uow.readable_client(client_identifier, f"use the record of {client_identifier}"),
            text,
            session_id,
        ).id


def add_private_note(
    uow: UnitOfWork,
    keys: AuthorKeys,
    client: Client,
    text: str,
    session_id: int | None = None,
) -> PsychotherapyNote:
    """Encrypted under the acting author's own key, inside the caller's unit of work."""
    uow.require(
        access.can_write_private(uow.actor, client),
        f"write psychotherapy notes for {client.identifier}",
    )
    if keys.user_id != uow.actor.id:
        raise AuthFailed("these keys belong to another user")
    note = PsychotherapyNote(
        uid=secrets.token_hex(16),
        client_id=client.id,
        author_id=uow.actor.id,
        session_id=session_id,
        key_id="",
        nonce=b"",
        ciphertext=b"",
    )
    _encrypt(keys, note, text)
    uow.session.add(note)
    uow.session.flush()
    uow.audit("psychotherapy_note.create", "psychotherapy_note", note.id, always=True)
    return note


def show_private_note(ctx: Context, note_id: int) -> PrivateNoteView:
    with unit_of_work(ctx) as uow:
        absent = f"no psychotherapy note {note_id}"
        note = uow.session.get(PsychotherapyNote, note_id)
        if note is None:
            raise NotFound(absent)
        # Anyone but its author is told it does not exist (the refusal is audited): not
        # even that a clinician keeps psychotherapy notes is shown.
        uow.require_visible(
            access.can_read_private(uow.actor, note), f"read psychotherapy note {note_id}", absent
        )
        text = _decrypt(ctx, uow, author_keys(ctx), note)
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


def _own_session_note(uow: UnitOfWork, note_id: int) -> ProgressNote:
    """The progress note whose session the actor's psychotherapy notes hang off: only
    its own author gets it. Everyone else, admins and supervisors included, is told
    there is no such page, whether or not psychotherapy notes exist."""
    absent = f"no psychotherapy notes for progress note {note_id}"
    note = uow.session.get(ProgressNote, note_id)
    if note is None:
        raise NotFound(absent)
    uow.require_visible(  # the refusal is audited as one, and reads as absence
        note.author_id == uow.actor.id,
        f"open the psychotherapy tab of progress note {note_id}",
        absent,
    )
    return note


def session_private_notes(ctx: Context, note_id: int) -> list[PrivateNoteView]:
    """The actor's own psychotherapy notes for the session of progress note `note_id`
    (each read audited): the author's tab on the note page."""
    keys = author_keys(ctx)
    with unit_of_work(ctx) as uow:
        note = _own_session_note(uow, note_id)
        client = uow.session.get(Client, note.client_id)
        assert client is not None
        if note.session_id is None:  # `== None` below would match every sessionless note
            return []
        rows = uow.session.scalars(
            select(PsychotherapyNote)
            .where(
                PsychotherapyNote.session_id == note.session_id,
                PsychotherapyNote.author_id == uow.actor.id,
            )
            .order_by(PsychotherapyNote.id)
        )
        found = []
        for row in rows:
            uow.require(
                access.can_read_private(uow.actor, row), f"read psychotherapy note {row.id}"
            )
            text = _decrypt(ctx, uow, keys, row)
            uow.audit("psychotherapy_note.read", "psychotherapy_note", row.id, always=True)
            found.append(
                PrivateNoteView(row.id, client.identifier, uow.actor.username, row.created_at, text)
            )
        return found


def create_session_private_note(ctx: Context, note_id: int, text: str) -> int:
    """A psychotherapy note for the session of the actor's own progress note."""
    with unit_of_work(ctx) as uow:
        note = _own_session_note(uow, note_id)
        client = uow.session.get(Client, note.client_id)
        assert client is not None
        identifier, session_id = client.identifier, note.session_id
    if session_id is None:
        raise InputError(f"progress note {note_id} has no session to keep a note with")
    return create_private_note(ctx, identifier, text, session_id=session_id)


@dataclass(frozen=True, slots=True)
class RotationResult:
    new_key_id: str
    notes_reencrypted: int


def rotate_key(ctx: Context, password: str, recovery_key: str | None = None) -> RotationResult:
    """A new data key for the acting author (wrapped under their password); every one of
    their notes re-encrypted under it in the same transaction. Older keys stay wrapped,
    inactive, so older backups stay readable to their author."""
    keys = author_keys(ctx)
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
