"""The audit log (append-only, hash-chained) and practice-wide settings."""

from __future__ import annotations

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from notewell.store.models.base import Base


class AuditEntry(Base):
    """One event. `seq` is the position in the chain; `hash` covers every other field
    and `prev_hash`, so editing, removing or moving a row breaks the chain."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    at: Mapped[str] = mapped_column(String(32))  # ISO-8601 UTC text: hashed exactly as stored
    actor: Mapped[str] = mapped_column(String(64))  # a name, not a key: the log outlives users
    action: Mapped[str] = mapped_column(String(48))
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    origin: Mapped[str] = mapped_column(String(200))
    detail: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class Setting(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
