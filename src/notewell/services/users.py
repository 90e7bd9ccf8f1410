"""Users and their roles; the first admin is created by `notewell init`."""

from __future__ import annotations

from sqlalchemy import func, select

from notewell.core.errors import InputError
from notewell.services import access
from notewell.services.context import Context, unit_of_work
from notewell.services.views import UserView
from notewell.store.audit_chain import advance_checkpoint, append_entry
from notewell.store.database import Database
from notewell.store.models import ROLES, User


def _view(user: User) -> UserView:
    return UserView(user.username, user.display_name, user.role, user.active)


def _validate(username: str, role: str) -> None:
    if role not in ROLES:
        raise InputError(f"unknown role {role!r} (roles: {', '.join(ROLES)})")
    if not username or not username.replace("-", "").replace("_", "").replace(".", "").isalnum():
        raise InputError(f"user name {username!r}: use letters, digits, '.', '-' or '_'")


def add_user(ctx: Context, username: str, display_name: str, role: str) -> UserView:
    _validate(username, role)
    with unit_of_work(ctx) as uow:
        uow.require(access.can_manage_users(uow.actor), "add users")
        if uow.session.scalar(select(User).where(User.username == username)):
            raise InputError(f"user {username!r} already exists")
        user = User(username=username, display_name=display_name or username, role=role)
        uow.session.add(user)
        uow.session.flush()
        uow.audit("user.create", "user", username, f"role={role}", always=True)
        return _view(user)


def list_users(ctx: Context) -> list[UserView]:
    with unit_of_work(ctx) as uow:
        uow.require(access.can_manage_users(uow.actor), "list users")
        uow.audit("user.list", "user", None)
        return [_view(u) for u in uow.session.scalars(select(User).order_by(User.username))]


def bootstrap_admin(db: Database, username: str, display_name: str, origin: str) -> bool:
    """Create the first admin of an empty store; False when users already exist."""
    _validate(username, "admin")
    with db.transaction() as session:
        if session.scalar(select(func.count()).select_from(User)):
            return False
        session.add(User(username=username, display_name=display_name or username, role="admin"))
        entry = append_entry(
            session,
            actor=username,
            action="user.create",
            entity_type="user",
            entity_id=username,
            origin=origin,
            detail="role=admin (first user, created by init)",
        )
        seq, head = entry.seq, entry.hash
    advance_checkpoint(db.settings.checkpoint_file, seq, head)
    return True
