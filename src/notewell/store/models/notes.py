"""Progress notes (versions, signing, overrides, co-signature, addenda) and the
separately stored, encrypted psychotherapy notes.

Once a progress note is signed its row and every row hanging off it is append-only:
`notewell.store.guards` refuses such writes in the ORM and database triggers (see the
first migration) refuse them in SQL.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from notewell.store.models.base import Base, utcnow
from notewell.store.models.people import PlanGoal

NOTE_STATUSES: tuple[str, ...] = ("draft", "signed")

note_goals = Table(
    "note_goals",
    Base.metadata,
    Column("note_id", ForeignKey("progress_notes.id"), primary_key=True),
    Column("goal_id", ForeignKey("plan_goals.id"), primary_key=True),
)


class ProgressNote(Base):
    __tablename__ = "progress_notes"
    __table_args__ = (CheckConstraint("status IN ('draft','signed')", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("service_sessions.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    note_format: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(8), default="draft")
    current_version: Mapped[int] = mapped_column(Integer, default=1)
    # Optimistic lock: every UPDATE checks and bumps it, so a stale writer gets no rows.
    lock_version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Drafting provenance: what produced the first version and how much the clinician changed.
    draft_engine: Mapped[str] = mapped_column(String(64), default="manual")
    draft_model: Mapped[str | None] = mapped_column(String(128))
    draft_text: Mapped[str | None] = mapped_column(Text)
    changed_ratio: Mapped[float | None] = mapped_column(Float)  # 0 = signed as drafted
    consent_on_file: Mapped[bool | None] = mapped_column(Boolean)
    # Signature.
    signed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    content_hash: Mapped[str | None] = mapped_column(String(64))

    versions: Mapped[list[NoteVersion]] = relationship(order_by="NoteVersion.number")
    overrides: Mapped[list[NoteOverride]] = relationship(order_by="NoteOverride.id")
    addenda: Mapped[list[Addendum]] = relationship(order_by="Addendum.number")
    cosignatures: Mapped[list[Cosignature]] = relationship(order_by="Cosignature.id")
    goals: Mapped[list[PlanGoal]] = relationship(secondary=note_goals, order_by="PlanGoal.number")

    __mapper_args__ = {"version_id_col": lock_version}  # noqa: RUF012 - SQLAlchemy reads it


class NoteVersion(Base):
    """Each save of a note is a new row; rows are never updated."""

    __tablename__ = "note_versions"
    __table_args__ = (UniqueConstraint("note_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("progress_notes.id"))
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    saved_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    saved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class NoteOverride(Base):
    """An error-level checker finding the clinician signed over, and why."""

    __tablename__ = "note_overrides"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("progress_notes.id"), index=True)
    rule: Mapped[str] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)


class Cosignature(Base):
    """A supervisor's co-signature; its own row so the signed note row never changes."""

    __tablename__ = "cosignatures"
    __table_args__ = (UniqueConstraint("note_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("progress_notes.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    signed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    content_hash: Mapped[str] = mapped_column(String(64))  # what was co-signed


class Addendum(Base):
    """A dated, signed addition to a signed note; the note itself never changes."""

    __tablename__ = "addenda"
    __table_args__ = (UniqueConstraint("note_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("progress_notes.id"))
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    signed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    content_hash: Mapped[str] = mapped_column(String(64))


class PsychotherapyNote(Base):
    """A private psychotherapy note: its own table, only ciphertext, read by its author only."""

    __tablename__ = "psychotherapy_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)  # bound into the ciphertext
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("service_sessions.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    key_id: Mapped[str] = mapped_column(String(16))
    nonce: Mapped[bytes] = mapped_column(LargeBinary)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
