"""Users and their roles; the first admin is created by `notewell init` with the
password they choose there. Everyone else gets a one-time enrolment code from an admin
and chooses their own password at first sign-in (`services.auth.enrol`)."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import delete, func, inspect, select, text
from sqlalchemy.orm import Session

from notewell.core.errors import InputError
from notewell.services import access, auth, validation
from notewell.services.context import PG_WRITE_LOCK, Context, unit_of_work
from notewell.services.errors import Forbidden
from notewell.services.row_macs import seal_user
from notewell.services.views import UserView
from notewell.store.audit_chain import append_entry
from notewell.store.database import Database
from notewell.store.models import ROLES, AuthSession, User


def _view(user: User) -> UserView:
    return UserView(user.username, user.display_name, user.role, user.active)


def _validate(username: str, role: str, display_name: str) -> None:
    if role not in ROLES:
        raise InputError(f"unknown role {role!r} (roles: {', '.join(ROLES)})")
    validation.username(username)
    validation.display_name(display_name)


def add_user(ctx: Context, username: str, display_name: str, role: str) -> UserView:
    """A new user and their one-time enrolment code (in the returned view, shown once)."""
    _validate(username, role, display_name)
    with unit_of_work(ctx) as uow:
        uow.require(access.can_manage_users(uow.actor), "add users")
        if uow.session.scalar(select(User).where(User.username == username)):
            raise InputError(f"user {username!r} already exists")
        user = User(username=username, display_name=display_name or username, role=role)
        uow.session.add(user)
        seal_user(uow.session, user)
        uow.audit("user.create", "user", username, f"role={role}", always=True)
        code = auth.issue_enrolment(uow.session, user)  # sealed after its audit entry
        return replace(_view(user), enrolment_code=code)


def reset_password(ctx: Context, username: str) -> UserView:
    """A new enrolment code; the old password and every session of the user end. The
    admin cannot unwrap the user's data keys: notes written before stay sealed unless
    the user enrols with their recovery key."""
    with unit_of_work(ctx) as uow:
        uow.require(access.can_manage_users(uow.actor), "reset passwords")
        user = uow.user(username)
        uow.audit("user.reset_password", "user", username, always=True)
        code = auth.issue_enrolment(uow.session, user)
        return replace(_view(user), enrolment_code=code)


def _other_active_admins(session: Session, user: User) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(User)
            .where(User.role == "admin", User.active.is_(True), User.id != user.id)
        )
        or 0
    )


def set_role(ctx: Context, username: str, role: str) -> UserView:
    """Change a user's role. The last active admin keeps theirs: nobody could manage
    users after it."""
    if role not in ROLES:
        raise InputError(f"unknown role {role!r} (roles: {', '.join(ROLES)})")
    with unit_of_work(ctx) as uow:
        uow.require(access.can_manage_users(uow.actor), "change roles")
        user = uow.user(username)
        if user.role == role:
            return _view(user)
        if user.role == "admin" and user.active and not _other_active_admins(uow.session, user):
            raise Forbidden(f"{username} is the last active admin: make another admin first")
        before = user.role
        user.role = role
        seal_user(uow.session, user)  # the MAC covers the role
        uow.audit("user.role", "user", username, f"{before}->{role}", always=True)
        return _view(user)


def deactivate_user(ctx: Context, username: str) -> UserView:
    """The user can no longer sign in and their sessions end; their notes and audit
    entries stay (users are never deleted: the record names its authors)."""
    with unit_of_work(ctx) as uow:
        uow.require(access.can_manage_users(uow.actor), "deactivate users")
        user = uow.user(username)
        if not user.active:
            return _view(user)
        if user.role == "admin" and not _other_active_admins(uow.session, user):
            raise Forbidden(f"{username} is the last active admin: make another admin first")
        user.active = False
        seal_user(uow.session, user)  # the MAC covers `active`
        uow.session.execute(delete(AuthSession).where(AuthSession.user_id == user.id))
        uow.audit("user.deactivate", "user", username, f"role={user.role}", always=True)
        return _view(user)


def current_user(ctx: Context) -> UserView:
    """The acting user's own name and role (for an interface's menus; no health
    information, so not audited)."""
    with unit_of_work(ctx) as uow:
        return _view(uow.actor)


def list_users(ctx: Context) -> list[UserView]:
    with unit_of_work(ctx) as uow:
        uow.require(access.can_manage_users(uow.actor), "list users")
        uow.audit("user.list", "user", None)
        return [_view(u) for u in uow.session.scalars(select(User).order_by(User.username))]


def has_users(db: Database) -> bool:
    """Whether the store (perhaps not yet migrated) has any user: `init` asks the first
    admin's password only when it will create them."""
    if "users" not in inspect(db.engine).get_table_names():
        return False
    with db.sessions() as session:
        return bool(session.scalar(select(func.count()).select_from(User)))


def bootstrap_admin(
    db: Database,
    username: str,
    display_name: str,
    origin: str,
    password: str,
    by: str = "init",
) -> bool:
    """Create the first admin of an empty store with their password; False when users
    already exist. Two at once (two set-up pages) make one admin: the count and the
    insert run under the write lock (SQLite's BEGIN IMMEDIATE, PostgreSQL's advisory
    lock of every unit of work)."""
    _validate(username, "admin", display_name)
    auth.check_password_rules(password)
    with db.transaction() as session:
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_WRITE_LOCK})
        if session.scalar(select(func.count()).select_from(User)):
            return False
        user = User(username=username, display_name=display_name or username, role="admin")
        session.add(user)
        seal_user(session, user)
        append_entry(
            session,
            actor=username,
            action="user.create",
            entity_type="user",
            entity_id=username,
            origin=origin,
            detail=f"role=admin (first user, by {by})",
        )
        auth.set_first_password(session, user, password)  # sealed after its audit entry
    return True
