"""Signing, co-signing and addenda: the moments a draft becomes the record.

Signing runs the documentation checker; error-level findings block it unless the
clinician overrides each rule with a reason, which is kept with the note.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from rapidfuzz.distance import Indel
from sqlalchemy import select

from notewell.core.errors import InputError
from notewell.core.models import Finding
from notewell.services import access
from notewell.services.clients import latest_consent
from notewell.services.context import Context, UnitOfWork, note_write, unit_of_work
from notewell.services.errors import RecordLocked, SigningBlocked
from notewell.services.note_views import current_text, note_summary, note_view
from notewell.services.plans import current_plan, plan_for_checker
from notewell.services.practice import awaiting_cosignature_clause, cosign_required
from notewell.services.record_integrity import content_hash, record_digest
from notewell.services.views import NoteSummary, NoteView
from notewell.store.models import (
    Addendum,
    Client,
    Cosignature,
    NoteOverride,
    ProgressNote,
    User,
    utcnow,
)


def run_checker(text: str, plan: dict[str, Any] | None, signed_on: str) -> list[Finding]:
    """The one call into the checker, so its signature can change in one place."""
    plan_key = None if plan is None else json.dumps(plan, sort_keys=True)
    return list(_checked(text, plan_key, signed_on))


@lru_cache(maxsize=256)
def _checked(text: str, plan_key: str | None, signed_on: str) -> tuple[Finding, ...]:
    """The checker is a pure function of these three, and the editor's live findings,
    a refused signing, the signing that follows and its own check inside the write lock
    all ask about the same text: the answer is kept (frozen findings) for recent ones."""
    from notewell.core.check import check_note

    plan = None if plan_key is None else json.loads(plan_key)
    return tuple(check_note(text, note_type="progress", plan=plan, signed_date=signed_on))


def signature_detail(role: str, user: User, content: str, **extra: int | str) -> str:
    """The chain's record of a signature: the content hash and who signed, by id, user
    name and display name, so `audit verify` can re-hash the text and spot renamed users
    (services/record_integrity.py reads it back)."""
    fields = {
        "content_hash": content,
        f"{role}_id": user.id,
        role: user.username,
        f"{role}_name": user.display_name,
        **extra,
    }
    return json.dumps(fields, ensure_ascii=False, sort_keys=True)


def changed_ratio(drafted: str | None, signed: str) -> float | None:
    """Share of the signed text that differs from the draft (0 = signed as drafted)."""
    if drafted is None:
        return None
    # Indel similarity: 2 x the longest common subsequence / both lengths, which
    # difflib's ratio approximates at hundreds of times the cost, under the write lock.
    return round(Indel.normalized_distance(drafted, signed), 3)


@note_write
def sign_note(ctx: Context, note_id: int, overrides: Mapping[str, str] | None = None) -> NoteView:
    """Sign the current version. `overrides` maps a rule id to the reason for signing
    despite its error-level findings."""
    overrides = {rule: reason.strip() for rule, reason in (overrides or {}).items()}
    _check_before_signing(ctx, note_id)
    with unit_of_work(ctx) as uow:
        note, text, plan = _signable(uow, note_id)
        now = datetime.now(UTC)
        errors = [
            f for f in run_checker(text, plan, now.date().isoformat()) if f.severity == "error"
        ]
        unexplained = [f for f in errors if not overrides.get(f.rule)]
        if unexplained:
            raise SigningBlocked(note_id, unexplained)
        # Overrides are written while the note is still a draft: once it is signed the
        # database refuses new rows that hang off it (migration 0002).
        for finding in errors:
            uow.session.add(
                NoteOverride(
                    note_id=note.id,
                    rule=finding.rule,
                    message=finding.message,
                    reason=overrides[finding.rule],
                )
            )
        uow.session.flush()
        consent = latest_consent(uow.session, note.client_id)
        note.status = "signed"
        note.signed_at = now
        note.signed_by_id = uow.actor.id
        note.content_hash = content_hash(text)
        note.changed_ratio = changed_ratio(note.draft_text, text)
        note.consent_on_file = bool(consent and consent.given)
        note.updated_at = now
        uow.session.flush()
        detail = signature_detail(
            "signer",
            uow.actor,
            note.content_hash,
            overrides=len(errors),
            record=record_digest(uow.session, note),
        )
        uow.audit("note.sign", "progress_note", note.id, detail)
        return note_view(uow.session, note)


def _check_before_signing(ctx: Context, note_id: int) -> None:
    """Run the checker on the note as it stands before the signing's own unit of work,
    so the write lock every clinician shares is not held for it: the signing asks again
    and gets the kept answer (or, if the text changed meanwhile, checks that text).
    Refusals are the signing's own (and audited once: the signing then does not run)."""
    with unit_of_work(ctx) as uow:
        _, text, plan = _signable(uow, note_id)
    run_checker(text, plan, datetime.now(UTC).date().isoformat())


def _signable(uow: UnitOfWork, note_id: int) -> tuple[ProgressNote, str, dict[str, Any] | None]:
    """The draft the actor may sign, its current text and the plan it is checked against."""
    note = uow.readable_note(note_id, f"sign note {note_id}")
    uow.require(access.can_sign_note(uow.actor, note), f"sign note {note_id}")
    if note.status == "signed":
        raise RecordLocked(f"note {note_id} is already signed")
    return (
        note,
        current_text(uow.session, note),
        plan_for_checker(current_plan(uow.session, note.client_id)),
    )


@note_write
def add_addendum(ctx: Context, note_id: int, text: str) -> NoteView:
    """Append a dated, signed addendum to a signed note; the note itself is unchanged."""
    if not text.strip():
        raise InputError("the addendum is empty")
    with unit_of_work(ctx) as uow:
        note = uow.readable_note(note_id, f"add to note {note_id}")
        client = uow.session.get(Client, note.client_id)
        assert client is not None
        uow.require(access.can_add_addendum(uow.actor, note, client), f"add to note {note_id}")
        if note.status != "signed":
            raise InputError(f"note {note_id} is a draft: edit it instead of adding an addendum")
        number = len(note.addenda) + 1
        # Bound to the signed note, so an addendum cannot be moved to another.
        digest = content_hash(note.content_hash or "", str(number), text)
        uow.session.add(
            Addendum(
                note_id=note.id,
                number=number,
                text=text,
                author_id=uow.actor.id,
                signed_at=utcnow(),
                content_hash=digest,
            )
        )
        uow.session.flush()
        detail = signature_detail("author", uow.actor, digest, addendum=number)
        uow.audit("note.addendum", "progress_note", note.id, detail)
        return note_view(uow.session, note)


@note_write
def cosign_note(ctx: Context, note_id: int) -> NoteView:
    """A supervisor's co-signature of a signed note, kept in its own row."""
    with unit_of_work(ctx) as uow:
        note = uow.readable_note(note_id, f"co-sign note {note_id}")
        uow.require(access.can_cosign(uow.actor, note), f"co-sign note {note_id}")
        if note.status != "signed":
            raise InputError(f"note {note_id} is not signed yet; its author signs first")
        if any(c.user_id == uow.actor.id for c in note.cosignatures):
            raise InputError(f"note {note_id} is already co-signed by {uow.actor.username}")
        uow.session.add(
            Cosignature(note_id=note.id, user_id=uow.actor.id, content_hash=note.content_hash or "")
        )
        uow.session.flush()
        detail = signature_detail("cosigner", uow.actor, note.content_hash or "")
        uow.audit("note.cosign", "progress_note", note.id, detail)
        return note_view(uow.session, note)


MAX_AWAITING = 50  # a supervisor's Today list: bounded, so a large practice cannot stall it


def awaiting_cosignature(ctx: Context, limit: int = MAX_AWAITING) -> list[NoteSummary]:
    """Signed notes the actor may co-sign that the practice's policy says await a
    co-signature, by client and note id. Empty for anyone who may not co-sign."""
    with unit_of_work(ctx) as uow:
        if not access.can_cosign_notes(uow.actor) or not cosign_required(uow.session):
            return []
        rows = uow.session.execute(
            select(ProgressNote, Client)
            .join(User, User.id == ProgressNote.author_id)
            .join(Client, Client.id == ProgressNote.client_id)
            .where(awaiting_cosignature_clause(), ProgressNote.author_id != uow.actor.id)
            .order_by(Client.identifier, ProgressNote.id)
            .limit(limit)
        ).all()
        found = [
            note
            for note, client in rows
            if access.can_cosign(uow.actor, note) and access.can_read_note(uow.actor, note, client)
        ]
        uow.audit("note.list", "progress_note", None, f"{len(found)} awaiting co-signature")
        return [note_summary(uow.session, n) for n in found]
