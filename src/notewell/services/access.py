"""Who may do what: every access rule of the record, once. Pure predicates over the
acting user and the rows concerned; `UnitOfWork.require` turns a False into Forbidden.

Roles: a clinician works on the clients assigned to them; a supervisor reads every
clinical record and co-signs; a biller reads signed notes and exports for billing; an
admin manages users, clients' assignment and the audit log, but reads no notes. Nobody
but its author ever reads a psychotherapy note (45 CFR 164.501, 164.508(a)(2)).
"""

from __future__ import annotations

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


def can_list_all_clients(user: User) -> bool:
    return user.role in ("admin", "supervisor", "biller")


def can_record_consent(user: User, client: Client) -> bool:
    return user.role == "admin" or (user.role in CLINICAL and is_assigned(user, client))


def can_set_plan(user: User, client: Client) -> bool:
    return user.role == "supervisor" or (user.role == "clinician" and is_assigned(user, client))


def can_write_notes(user: User, client: Client) -> bool:
    return user.role in CLINICAL and is_assigned(user, client)


def can_read_note(user: User, note: ProgressNote, client: Client) -> bool:
    if user.role == "supervisor" or note.author_id == user.id:
        return True
    if user.role == "biller":
        return note.status == "signed"  # drafts are not yet the record
    return user.role == "clinician" and is_assigned(user, client)


def can_break_glass(user: User) -> bool:
    """An admin may read a note outside the rules above in an emergency, with a reason
    that is audited and shown with the note to everyone who reads it, its author first."""
    return user.role == "admin"


def can_edit_note(user: User, note: ProgressNote) -> bool:
    return note.author_id == user.id


def can_sign_note(user: User, note: ProgressNote) -> bool:
    return note.author_id == user.id


def can_add_addendum(user: User, note: ProgressNote, client: Client) -> bool:
    return note.author_id == user.id or user.role == "supervisor" or can_write_notes(user, client)


def can_cosign_notes(user: User) -> bool:
    return user.role == "supervisor"


def can_cosign(user: User, note: ProgressNote) -> bool:
    return can_cosign_notes(user) and note.author_id != user.id


def can_export(user: User, client: Client) -> bool:
    return user.role in ("supervisor", "biller") or (
        user.role == "clinician" and is_assigned(user, client)
    )


def can_write_private(user: User, client: Client) -> bool:
    return can_write_notes(user, client)


def can_read_private(user: User, note: PsychotherapyNote) -> bool:
    return note.author_id == user.id


def can_hold_api_token(user: User) -> bool:
    """Every role: a token acts as its user, under these same rules."""
    return user.active


def can_revoke_api_token(user: User, token_user_id: int) -> bool:
    return token_user_id == user.id


def can_administer(user: User) -> bool:
    """Audit settings and log, key rotation."""
    return user.role == "admin"
