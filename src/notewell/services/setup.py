"""`notewell init`: create or upgrade the store, its key, and the first admin."""

from __future__ import annotations

from dataclasses import dataclass

from notewell.services.context import default_origin
from notewell.services.users import bootstrap_admin
from notewell.store import migrate
from notewell.store.database import Database


@dataclass(frozen=True, slots=True)
class InitResult:
    database_url: str
    revision: str
    admin_created: bool


def init_store(db: Database, admin: str | None = None, admin_name: str = "") -> InitResult:
    db.upgrade()
    db.ensure_key()
    created = bool(admin) and bootstrap_admin(db, admin or "", admin_name, default_origin())
    from sqlalchemy.engine import make_url

    shown = make_url(db.settings.database_url).render_as_string(hide_password=True)
    return InitResult(shown, migrate.head_revision(), created)
