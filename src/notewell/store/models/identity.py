"""Credentials, each author's wrapped data keys, and signed-in sessions.

Nothing here is usable without a secret the database does not hold: password hashes
are argon2id, data keys are stored only wrapped (AES-GCM under a key derived from the
author's password, a recovery key, or a session secret kept in the client's session file).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from notewell.store.models.base import Base, utcnow


class Credential(Base):
    """A user's password (argon2id) or, before first sign-in, a one-time enrolment code."""

    __tablename__ = "user_credentials"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    enrolment_hash: Mapped[str | None] = mapped_column(String(200))
    enrolment_expires: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # services.row_macs: the password hash, enrolment code and TOTP secret notewell wrote,
    # as "<seq of the change's audit entry>:<hmac>".
    mac: Mapped[str | None] = mapped_column(String(100))


class AuthorKey(Base):
    """One of an author's psychotherapy-note data keys, wrapped under their password
    (and, if they made one, under their recovery key). Never stored unwrapped."""

    __tablename__ = "author_keys"
    __table_args__ = (UniqueConstraint("user_id", "key_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    key_id: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    kdf_salt: Mapped[bytes] = mapped_column(LargeBinary)
    wrapped: Mapped[bytes] = mapped_column(LargeBinary)  # nonce + AES-GCM ciphertext
    recovery_wrapped: Mapped[bytes | None] = mapped_column(LargeBinary)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # HMAC under the audit key over (user, key id): set by notewell once the author's
    # password opened the key; a row planted with database access alone has none.
    mac: Mapped[str | None] = mapped_column(String(64))


class AuthSession(Base):
    """A signed-in session: the client holds the token and a session secret; the row
    holds the token's hash and the author's data keys wrapped under that secret."""

    __tablename__ = "auth_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    idle_seconds: Mapped[int | None] = mapped_column(Integer)  # None: this OS account's device
    origin: Mapped[str] = mapped_column(String(200))
    wrapped_keys: Mapped[bytes] = mapped_column(LargeBinary)
    # HMAC under the audit key over (token hash, user, idle limit): made by a sign-in.
    mac: Mapped[str | None] = mapped_column(String(64))


class ApiToken(Base):
    """A personal API token: the client holds the token, the row only its SHA-256 hash.
    A token proves its user for the JSON API only (never the pages) and carries no data
    keys, so it can never open a psychotherapy note."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # services.row_macs: HMAC under the audit key over (id, hash, user, expiry).
    mac: Mapped[str | None] = mapped_column(String(64))
