"""Who may do what: every access rule of the record, once. Pure predicates over the
acting user and the rows concerned; `UnitOfWork.require` turns a False into Forbidden.
A rule that listings filter by also has its query form beside it: a where-clause over
the same rows (`readable_notes(user)` beside `can_read_note`), so a listing selects in
SQL exactly what the predicate allows. `QUERY_FORMS` pairs them;
tests/services/test_access_queries.py checks every pair on a varied practice. A
client row without notewell's MAC (see `is_assigned`) cannot be told in SQL: listings
re-check each row of a page with the predicate, so such a row is dropped, not shown.

Roles: a clinician works on the clients assigned to them; a supervisor reads every
clinical record and co-signs; a biller reads signed notes and exports for billing; an
admin manages users, clients' assignment and the audit log, but reads no notes. Nobody
but its author ever reads a psychotherapy note (45 CFR 164.501, 164.508(a)(2)).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import ColumnElement, false, or_, select, true

from notewell.services.row_macs import tampered
from notewell.store.models import Client, ProgressNote, PsychotherapyNote, User

CLINICAL = ("clinician", "supervisor")


def is_assigned(user: User, client: Client) -> bool:
    # A client row reassigned below notewell (no valid MAC) is nobody's.
    return client.clinician_id == user.id and not tampered(client)


def can_manage_users(user: User) -> bool:
    return user.role == "admin"


def can_add_client(user: User) -> bool:
    return user.role in ("admin", *CLINICAL)


def can_read_client(user: User, client: Client) -> bool:
    return user.role in ("admin", "supervisor", "biller") or is_assigned(user, client)


def readable_clients(user: User) -> ColumnElement[bool]:
    """Query form of `can_read_client`, over `Client`."""
    if user.role in ("admin", "supervisor", "biller"):
        return true()
    return Client.clinician_id == user.id


def can_list_all_clients(user: User) -> bool:
    return user.role in ("admin", "supervisor", "biller")


def can_record_consent(user: User, client: Client) -> bool:
    return user.role == "admin" or (user.role in CLINICAL and is_assigned(user, client))


def consentable_clients(user: User) -> ColumnElement[bool]:
    """Query form of `can_record_consent`, over `Client`."""
    if user.role == "admin":
        return true()
    return Client.clinician_id == user.id if user.role in CLINICAL else false()


def can_set_plan(user: User, client: Client) -> bool:
    return user.role == "supervisor" or (user.role == "clinician" and is_assigned(user, client))


def plannable_clients(user: User) -> ColumnElement[bool]:
    """Query form of `can_set_plan`, over `Client`."""
    if user.role == "supervisor":
        return true()
    return Client.clinician_id == user.id if user.role == "clinician" else false()


def can_write_notes(user: User, client: Client) -> bool:
    return user.role in CLINICAL and is_assigned(user, client)


def writable_clients(user: User) -> ColumnElement[bool]:
    """Query form of `can_write_notes`, over `Client`."""
    if user.role not in CLINICAL:
        return false()
    return Client.clinician_id == user.id


def _assigned_client_ids(user: User) -> ColumnElement[bool]:
    return ProgressNote.client_id.in_(select(Client.id).where(Client.clinician_id == user.id))


def can_read_note(user: User, note: ProgressNote, client: Client) -> bool:
    if user.role == "supervisor" or note.author_id == user.id:
        return True
    if user.role == "biller":
        return note.status == "signed"  # drafts are not yet the record
    return user.role == "clinician" and is_assigned(user, client)


def readable_notes(user: User) -> ColumnElement[bool]:
    """Query form of `can_read_note`, over `ProgressNote` (no join needed)."""
    if user.role == "supervisor":
        return true()
    mine = ProgressNote.author_id == user.id
    if user.role == "biller":
        return or_(mine, ProgressNote.status == "signed")
    if user.role == "clinician":
        return or_(mine, _assigned_client_ids(user))
    return mine


def can_break_glass(user: User) -> bool:
    """An admin may read a note outside the rules above in an emergency, with a reason
    that is audited and shown with the note to everyone who reads it, its author first."""
    return user.role == "admin"


def can_edit_note(user: User, note: ProgressNote) -> bool:
    return note.author_id == user.id


def editable_notes(user: User) -> ColumnElement[bool]:
    """Query form of `can_edit_note`, over `ProgressNote`."""
    return ProgressNote.author_id == user.id


def can_sign_note(user: User, note: ProgressNote) -> bool:
    return note.author_id == user.id


def signable_notes(user: User) -> ColumnElement[bool]:
    """Query form of `can_sign_note`, over `ProgressNote`."""
    return ProgressNote.author_id == user.id


def can_add_addendum(user: User, note: ProgressNote, client: Client) -> bool:
    return note.author_id == user.id or user.role == "supervisor" or can_write_notes(user, client)


def addendable_notes(user: User) -> ColumnElement[bool]:
    """Query form of `can_add_addendum`, over `ProgressNote`."""
    if user.role == "supervisor":
        return true()
    mine = ProgressNote.author_id == user.id
    return or_(mine, _assigned_client_ids(user)) if user.role in CLINICAL else mine


def can_cosign_notes(user: User) -> bool:
    return user.role == "supervisor"


def can_cosign(user: User, note: ProgressNote) -> bool:
    return can_cosign_notes(user) and note.author_id != user.id


def cosignable_notes(user: User) -> ColumnElement[bool]:
    """Query form of `can_cosign`, over `ProgressNote`."""
    if user.role != "supervisor":
        return false()
    return ProgressNote.author_id != user.id


def can_export(user: User, client: Client) -> bool:
    return user.role in ("supervisor", "biller") or (
        user.role == "clinician" and is_assigned(user, client)
    )


def exportable_clients(user: User) -> ColumnElement[bool]:
    """Query form of `can_export`, over `Client`."""
    if user.role in ("supervisor", "biller"):
        return true()
    return Client.clinician_id == user.id if user.role == "clinician" else false()


def can_write_private(user: User, client: Client) -> bool:
    return can_write_notes(user, client)


def can_read_private(user: User, note: PsychotherapyNote) -> bool:
    return note.author_id == user.id


def can_hold_api_token(user: User) -> bool:
    """Every role: a token acts as its user, under these same rules."""
    return user.active


def can_revoke_api_token(user: User, token_user_id: int) -> bool:
    return token_user_id == user.id


def readable_private(user: User) -> ColumnElement[bool]:
    """Query form of `can_read_private`, over `PsychotherapyNote`."""
    return PsychotherapyNote.author_id == user.id


def can_administer(user: User) -> bool:
    """Audit settings and log, key rotation."""
    return user.role == "admin"


# Each query form and the predicate it must agree with, row for row. The rules about a
# role alone (can_manage_users, can_add_client, can_break_glass, can_administer) have
# no rows to select and so no query form.
QUERY_FORMS: dict[str, tuple[Callable[[User], ColumnElement[bool]], Callable[..., bool]]] = {
    "readable_clients": (readable_clients, can_read_client),
    "writable_clients": (writable_clients, can_write_notes),
    "private_writable_clients": (writable_clients, can_write_private),
    "consentable_clients": (consentable_clients, can_record_consent),
    "plannable_clients": (plannable_clients, can_set_plan),
    "exportable_clients": (exportable_clients, can_export),
    "readable_notes": (readable_notes, can_read_note),
    "editable_notes": (editable_notes, can_edit_note),
    "signable_notes": (signable_notes, can_sign_note),
    "addendable_notes": (addendable_notes, can_add_addendum),
    "cosignable_notes": (cosignable_notes, can_cosign),
    "readable_private": (readable_private, can_read_private),
}
