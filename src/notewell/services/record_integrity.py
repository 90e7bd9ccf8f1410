"""Re-hash the signed record against the audit chain.

Signing, addenda and co-signatures write their content hash and the signer (id, user
name, display name) into the chain (services/signing.py). Here every signed note's
signed text, every addendum and every co-signature is hashed again the same way and
compared with its chain entry, so a row changed after a guard trigger was dropped, a row
inserted with raw SQL (no chain entry), or swapped user names are each named. Entries
from before content hashes were recorded ("hash=<12 hex>", "addendum N") are checked as
far as they go.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from notewell.store.audit_anchor import anchor_of, store_facts
from notewell.store.audit_chain import entry_hash
from notewell.store.models import (
    Addendum,
    AuditEntry,
    Client,
    Cosignature,
    NoteOverride,
    NoteVersion,
    ProgressNote,
    ServiceSession,
    User,
    note_goals,
)

_LEGACY_SIGN = re.compile(r"hash=([0-9a-f]{12})")
_LEGACY_ADDENDUM = re.compile(r"addendum (\d+)$")


@dataclass(frozen=True, slots=True)
class _Recorded:
    """A signature as the chain recorded it."""

    seq: int
    content_hash: str | None  # None: a legacy entry without the full hash
    prefix: str | None  # legacy sign entries: the first 12 hex digits
    user_id: int | None
    username: str | None
    display_name: str | None
    record: str | None = None  # digest of the signed note's other fields (record_digest)


def _detail(entry: AuditEntry) -> dict[str, Any] | None:
    try:
        value = json.loads(entry.detail)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _recorded(entry: AuditEntry, role: str) -> _Recorded:
    data = _detail(entry)
    if data is None:
        legacy = _LEGACY_SIGN.match(entry.detail)
        return _Recorded(
            entry.seq, None, legacy.group(1) if legacy else None, None, entry.actor, None
        )
    user_id = data.get(f"{role}_id")
    record = data.get("record")
    return _Recorded(
        entry.seq,
        str(data.get("content_hash", "")),
        None,
        int(user_id) if isinstance(user_id, int) else None,
        data.get(role),
        data.get(f"{role}_name"),
        str(record) if isinstance(record, str) else None,
    )


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")


def record_digest(session: Session, note: ProgressNote) -> str:
    """What a signature covers besides the text: whose note it is (client identifier,
    author, signer, when), what it is (format, provenance, consent), why it was signed
    over findings (overrides), and what it documents (session, goals)."""
    client = session.get(Client, note.client_id)
    service = session.get(ServiceSession, note.session_id) if note.session_id else None
    overrides = session.scalars(select(NoteOverride).where(NoteOverride.note_id == note.id))
    goals = session.scalars(select(note_goals.c.goal_id).where(note_goals.c.note_id == note.id))
    fields = {
        "client": client.identifier if client else None,
        "client_id": note.client_id,
        "author_id": note.author_id,
        "signed_by_id": note.signed_by_id,
        "signed_at": _iso(note.signed_at),
        "format": note.note_format,
        "version": note.current_version,
        "engine": note.draft_engine,
        "model": note.draft_model,
        "changed": None if note.changed_ratio is None else round(note.changed_ratio, 6),
        "consent": note.consent_on_file,
        "overrides": sorted([o.rule, o.reason] for o in overrides),
        "goals": sorted(goals),
        "session": None
        if service is None
        else [
            service.id,
            service.client_id,
            service.clinician_id,
            None if service.service_date is None else service.service_date.isoformat(),
            service.start_time,
            service.end_time,
            service.duration_minutes,
            service.service_type,
            service.modality,
            service.location,
        ],
    }
    payload = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass
class _Chain:
    signs: dict[int, _Recorded]
    addenda: dict[tuple[int, int], _Recorded]
    cosigns: dict[tuple[int, str], _Recorded]  # (note, cosigner user name at the time)


def _read_chain(entries: Sequence[AuditEntry]) -> _Chain:
    chain = _Chain({}, {}, {})
    for entry in entries:
        if entry.entity_type != "progress_note" or entry.entity_id is None:
            continue
        if not entry.entity_id.isdigit():
            continue
        note_id = int(entry.entity_id)
        if entry.action == "note.sign":
            chain.signs[note_id] = _recorded(entry, "signer")
        elif entry.action == "note.addendum":
            data = _detail(entry)
            legacy = _LEGACY_ADDENDUM.match(entry.detail)
            number = data.get("addendum") if data else (int(legacy.group(1)) if legacy else None)
            if isinstance(number, int):
                chain.addenda[(note_id, number)] = _recorded(entry, "author")
        elif entry.action == "note.cosign":
            recorded = _recorded(entry, "cosigner")
            chain.cosigns[(note_id, recorded.username or entry.actor)] = recorded
    return chain


def _user_problems(what: str, user: User | None, recorded: _Recorded) -> list[str]:
    if recorded.user_id is None:  # legacy entry: no id to compare
        return []
    if user is None or user.id != recorded.user_id:
        return [f"{what}: the signer is user #{recorded.user_id} in the chain (#{recorded.seq})"]
    problems = []
    if recorded.username is not None and user.username != recorded.username:
        problems.append(
            f"{what}: signer user #{user.id} is now named {user.username!r}, the chain "
            f"recorded {recorded.username!r} (#{recorded.seq}): user names were changed"
        )
    if recorded.display_name is not None and user.display_name != recorded.display_name:
        problems.append(
            f"{what}: signer user #{user.id} now displays as {user.display_name!r}, the "
            f"chain recorded {recorded.display_name!r} (#{recorded.seq})"
        )
    return problems


def _hash_problems(what: str, actual: str, stored: str, recorded: _Recorded) -> list[str]:
    """`actual`: re-hashed now; `stored`: the row's content_hash column."""
    if recorded.content_hash is None:
        if recorded.prefix is not None and not actual.startswith(recorded.prefix):
            return [f"{what}: its text no longer matches the hash signed (#{recorded.seq})"]
        return []
    problems = []
    if actual != recorded.content_hash:
        problems.append(
            f"{what}: its text no longer matches the content hash recorded when it was "
            f"signed (#{recorded.seq})"
        )
    if stored != recorded.content_hash:
        problems.append(
            f"{what}: its content_hash column differs from the chain's record (#{recorded.seq})"
        )
    return problems


SIGNATURE_ACTIONS = ("note.sign", "note.addendum", "note.cosign")


def content_hash(*parts: str) -> str:
    """What a signature covers: the signed text (an addendum: the note's hash, its
    number and its text), SHA-256 over the parts joined by a unit separator."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def note_audit_entries(session: Session, note_id: int, actions: Sequence[str]) -> list[AuditEntry]:
    """The chain's entries about one note with these actions, oldest first."""
    return list(
        session.scalars(
            select(AuditEntry)
            .where(
                AuditEntry.entity_type == "progress_note",
                AuditEntry.entity_id == str(note_id),
                AuditEntry.action.in_(actions),
            )
            .order_by(AuditEntry.seq)
        )
    )


def note_integrity_problems(
    session: Session,
    note_id: int,
    *,
    loaded: ProgressNote | None = None,
    entries: Sequence[AuditEntry] | None = None,
) -> list[str]:
    """The same re-hash for one note, from its own signature entries: what `note show`
    and `export` print beside a note whose signed record no longer matches. A caller
    that has the note's row (read in this transaction) and its entries passes them, and
    its collections are used instead of reading the rows again."""
    if entries is None:
        entries = note_audit_entries(session, note_id, SIGNATURE_ACTIONS)
    signature_entries = [e for e in entries if e.action in SIGNATURE_ACTIONS]
    rows = None
    if loaded is not None:
        signed = [loaded] if loaded.status == "signed" else []
        rows = _NoteRows(signed, list(loaded.addenda), list(loaded.cosignatures))
    forged = _unauthentic(session, signature_entries)
    return forged + signed_record_problems(session, signature_entries, only_note=note_id, rows=rows)


@dataclass(frozen=True, slots=True)
class _NoteRows:
    signed: list[ProgressNote]  # the note, if it is signed
    addenda: list[Addendum]  # by number
    cosignatures: list[Cosignature]  # by id


def _unauthentic(session: Session, entries: list[AuditEntry]) -> list[str]:
    """The note's signature entries must carry the audit key's HMAC (from the store's
    authenticated keying point on): an entry rewritten to match tampered rows is not."""
    anchor = anchor_of(session)
    key = anchor.key()
    if key is None or not entries:
        return []
    facts = store_facts(session)
    state = anchor.read(facts.store_id) if facts.store_id else None
    checkpoint = state.checkpoint if state is not None and state.problem is None else None
    keyed_from = checkpoint.keyed_from if checkpoint else (facts.keyed_from or 1)
    return [
        f"the audit entry #{e.seq} recording this note's {e.action} was changed below notewell"
        for e in entries
        if e.seq >= keyed_from and not hmac.compare_digest(entry_hash(e, e.prev_hash, key), e.hash)
    ]


def signed_record_problems(
    session: Session,
    entries: Sequence[AuditEntry],
    only_note: int | None = None,
    rows: _NoteRows | None = None,
) -> list[str]:
    """Every discrepancy between the signed record and the chain, as one line each
    (`only_note`: that note's rows only, read here unless given as `rows`)."""
    chain = _read_chain(entries)

    users: dict[int, User | None] = {}  # only the users the rows name, each read once

    def user_by_id(user_id: int | None) -> User | None:
        if user_id is None:
            return None
        if user_id not in users:
            users[user_id] = session.get(User, user_id)
        return users[user_id]

    problems: list[str] = []
    actual_hash: dict[int, str] = {}
    signed = select(ProgressNote).where(ProgressNote.status == "signed")
    addenda = select(Addendum).order_by(Addendum.note_id, Addendum.number)
    cosigns = select(Cosignature).order_by(Cosignature.id)
    if only_note is not None:
        signed = signed.where(ProgressNote.id == only_note)
        addenda = addenda.where(Addendum.note_id == only_note)
        cosigns = cosigns.where(Cosignature.note_id == only_note)
    if rows is None:
        rows = _NoteRows(
            list(session.scalars(signed)),
            list(session.scalars(addenda)),
            list(session.scalars(cosigns)),
        )
    for note in rows.signed:
        version = session.scalar(
            select(NoteVersion).where(
                NoteVersion.note_id == note.id, NoteVersion.number == note.current_version
            )
        )
        actual = content_hash(version.text if version else "")
        actual_hash[note.id] = actual
        what = f"signed note {note.id}"
        recorded = chain.signs.get(note.id)
        if recorded is None:
            problems.append(f"{what} has no signing entry in the audit log (signed directly)")
            continue
        problems += _hash_problems(what, actual, note.content_hash or "", recorded)
        problems += _user_problems(what, user_by_id(note.signed_by_id), recorded)
        if recorded.record is not None and recorded.record != record_digest(session, note):
            problems.append(
                f"{what}: its client, author, signer, date, format, provenance, overrides, "
                "goals or session changed after signing"
            )
    for note_id, recorded in sorted(chain.signs.items()):
        if note_id in actual_hash or (only_note is not None and note_id != only_note):
            continue
        row = session.get(ProgressNote, note_id)
        state = "is missing from the record" if row is None else f"is now a {row.status}"
        problems.append(
            f"note {note_id} was signed (#{recorded.seq}) but {state}: changed below notewell"
        )
    seen_addenda: set[tuple[int, int]] = set()
    for addendum in rows.addenda:
        key = (addendum.note_id, addendum.number)
        seen_addenda.add(key)
        what = f"addendum {addendum.number} of note {addendum.note_id}"
        recorded = chain.addenda.get(key)
        if recorded is None:
            problems.append(f"{what} has no audit entry (inserted directly)")
            continue
        note_hash = actual_hash.get(addendum.note_id, "")
        actual = content_hash(note_hash, str(addendum.number), addendum.text)
        problems += _hash_problems(what, actual, addendum.content_hash, recorded)
        problems += _user_problems(what, user_by_id(addendum.author_id), recorded)
    for note_id, number in sorted(set(chain.addenda) - seen_addenda):
        seq = chain.addenda[(note_id, number)].seq
        problems.append(f"addendum {number} of note {note_id} (#{seq}) is missing from the record")
    by_user_id = {(note_id, r.user_id): r for (note_id, _), r in chain.cosigns.items() if r.user_id}
    for cosign in rows.cosignatures:
        user = user_by_id(cosign.user_id)
        what = f"co-signature of note {cosign.note_id} by user #{cosign.user_id}"
        recorded = by_user_id.get((cosign.note_id, cosign.user_id))
        if recorded is None and user is not None:  # legacy entries: matched by name
            legacy = chain.cosigns.get((cosign.note_id, user.username))
            recorded = legacy if legacy is not None and legacy.user_id is None else None
        if recorded is None:
            problems.append(f"{what} has no audit entry (inserted directly)")
            continue
        if recorded.content_hash is not None:
            actual = actual_hash.get(cosign.note_id, "")
            problems += _hash_problems(what, actual, cosign.content_hash, recorded)
        problems += _user_problems(what, user, recorded)
    return problems
