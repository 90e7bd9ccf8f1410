"""Who is acting, proven: enrolment, sign-in (argon2id password, optional TOTP,
lockout), signed-in sessions that end after an idle period, password changes.

A user added by an admin gets a one-time enrolment code; at first sign-in they choose
their password, and only then is their psychotherapy-note data key made, wrapped under
a key derived from that password. The admin never knows the password, so never holds
anything that unwraps the key. A session's client keeps a token and a session secret;
the database keeps the token's hash and the data keys wrapped under that secret.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from notewell.services.context import Context, record_event
from notewell.services.errors import AuthFailed
from notewell.services.practice import idle_minutes
from notewell.services.row_macs import (
    credential_mac,
    genuine,
    key_row_mac,
    seal_credential,
    session_row_mac,
    tampered,
)
from notewell.store import keywrap
from notewell.store.audit_chain import append_entry
from notewell.store.database import Database
from notewell.store.errors import EncryptionKeyError
from notewell.store.keywrap import AuthorKeys
from notewell.store.models import ApiToken, AuthorKey, AuthSession, Credential, Setting, User

MIN_PASSWORD = 10
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
ENROLMENT_VALID = timedelta(days=7)
# Compared against when the user does not exist, so both paths cost one argon2 run.
_DUMMY_HASH: list[str] = []


@dataclass(frozen=True, slots=True)
class SignedIn:
    """What the client keeps (token, secret) and the context they prove."""

    token: str
    secret: bytes
    context: Context
    idle_minutes: int | None  # None: remembered on this OS account until sign-out


@dataclass(frozen=True, slots=True)
class Enrolled:
    username: str
    recovery_key: str | None  # shown once
    keys_recovered: int
    keys_unreadable: int  # older data keys this password cannot open (reset, no recovery)


def now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _key_aad(user_id: int, key_id: str) -> bytes:
    return f"notewell:author-key:{user_id}:{key_id}".encode()


def _session_aad(digest: str, user_id: int) -> bytes:
    return f"notewell:session:{digest}:{user_id}".encode()


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AuthFailed(f"choose a password of at least {MIN_PASSWORD} characters")
    if len(password) > 1024:
        raise AuthFailed("that password is over 1,024 characters")


def issue_enrolment(session: Session, user: User) -> str:
    """A one-time code for `notewell login` (first sign-in or after a reset)."""
    code = "-".join(secrets.token_hex(3) for _ in range(3))
    credential = session.get(Credential, user.id) or Credential(user_id=user.id)
    credential.password_hash = None
    credential.enrolment_hash = keywrap.hash_secret(code)
    credential.enrolment_expires = now() + ENROLMENT_VALID
    credential.failed_attempts = 0
    credential.locked_until = None
    credential.updated_at = now()
    session.add(credential)
    seal_credential(session, credential)
    session.execute(delete(AuthSession).where(AuthSession.user_id == user.id))
    session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))  # as sessions end
    return code


def set_first_password(session: Session, user: User, password: str) -> None:
    """`notewell init`: the first admin chooses their password at set-up."""
    check_password_rules(password)
    credential = Credential(
        user_id=user.id, password_hash=keywrap.hash_secret(password), failed_attempts=0
    )
    seal_credential(session, credential)
    session.add(credential)
    session.flush()
    _new_data_key(session, user, password, None)


@dataclass(frozen=True, slots=True)
class NewKey:
    key_id: str
    plain: bytes  # in memory only, for the transaction that made it


def new_author_key(
    session: Session, user: User, password: str, recovery_key: str | None = None
) -> NewKey:
    """Key rotation: a new active data key, wrapped under the (re-checked) password and,
    when given, the recovery key."""
    credential = session.get(Credential, user.id)
    if credential is None or not keywrap.verify_secret(credential.password_hash or "", password):
        raise AuthFailed("wrong password")
    recovery = keywrap.parse_recovery_key(recovery_key) if recovery_key else None
    return _new_data_key(session, user, password, recovery)


def _new_data_key(session: Session, user: User, password: str, recovery: bytes | None) -> NewKey:
    for old in session.scalars(select(AuthorKey).where(AuthorKey.user_id == user.id)):
        was_genuine = genuine(old.mac, key_row_mac(session, old))
        old.active = False
        if was_genuine:  # still notewell's row, now inactive; a tampered one stays unusable
            old.mac = key_row_mac(session, old)
    data_key = keywrap.new_data_key()
    key_id = keywrap.key_id_of(data_key)
    salt = keywrap.new_salt()
    aad = _key_aad(user.id, key_id)
    row = AuthorKey(
        user_id=user.id,
        key_id=key_id,
        kdf_salt=salt,
        wrapped=keywrap.wrap(keywrap.derive_wrapping_key(password, salt), data_key, aad),
        recovery_wrapped=keywrap.wrap(recovery, data_key, aad) if recovery else None,
        active=True,
    )
    session.add(row)
    session.flush()
    row.mac = key_row_mac(session, row)
    return NewKey(key_id, data_key)


def _log(session: Session, username: str, action: str, origin: str, detail: str = "") -> None:
    """The audit entry of a credential change, in the change's own transaction: the
    credential's MAC names its seq (row_macs.credential_version)."""
    append_entry(
        session,
        actor=username,
        action=action,
        entity_type="user",
        entity_id=username,
        origin=origin,
        detail=detail,
    )


def _proven(session: Session, user: User | None, credential: Credential | None) -> bool:
    """The user and credential rows are notewell's own (not planted or changed by SQL)."""
    return (
        user is not None
        and credential is not None
        and not tampered(user)
        and genuine(credential.mac, credential_mac(session, credential))
    )


def _user(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


def _fail(db: Database, user: User | None, username: str, origin: str, why: str) -> AuthFailed:
    """Count the failure (committed even though the caller raises) and log it."""
    locked = False
    with db.transaction() as session:
        credential = session.get(Credential, user.id) if user else None
        if credential is not None:
            credential.failed_attempts += 1
            if credential.failed_attempts >= MAX_FAILURES:
                credential.locked_until = now() + LOCKOUT
                credential.failed_attempts = 0
                locked = True
    record_event(db, username[:64], "auth.failed", "user", username[:64], origin, why)
    if locked:
        record_event(db, username[:64], "auth.locked", "user", username[:64], origin, "")
        return AuthFailed(
            f"{MAX_FAILURES} failed sign-ins: {username} is locked for "
            f"{int(LOCKOUT.total_seconds() // 60)} minutes"
        )
    return AuthFailed(
        "wrong user name, password or code (with two-step sign-in on, add --totp CODE)"
    )


def _check_lock(credential: Credential | None, username: str) -> None:
    if credential and credential.locked_until and _aware(credential.locked_until) > now():
        until = _aware(credential.locked_until).strftime("%H:%M UTC")
        raise AuthFailed(f"{username} is locked after repeated failed sign-ins until {until}")


def enrol(
    db: Database,
    username: str,
    code: str,
    password: str,
    *,
    origin: str,
    make_recovery_key: bool = False,
    recovery_key: str | None = None,
) -> Enrolled:
    """First sign-in with the admin's one-time code: choose a password. With the
    recovery key from an earlier set-up, earlier data keys are re-wrapped, so notes
    written before a reset stay readable; without it they stay sealed."""
    check_password_rules(password)
    recovery = keywrap.parse_recovery_key(recovery_key) if recovery_key else None
    with db.transaction() as session:
        user = _user(session, username)
        credential = session.get(Credential, user.id) if user else None
        _check_lock(credential, username)
        valid = (
            user is not None
            and user.active
            and _proven(session, user, credential)
            and credential is not None
            and credential.enrolment_hash is not None
            and credential.enrolment_expires is not None
            and _aware(credential.enrolment_expires) > now()
            and keywrap.verify_secret(credential.enrolment_hash, code)
        )
    if not valid or user is None:
        raise _fail(db, user, username, origin, "enrolment code refused")
    made = secrets.token_bytes(32) if make_recovery_key else None
    recovered = unreadable = 0
    with db.transaction() as session:
        user = session.get(User, user.id)
        assert user is not None
        credential = session.get(Credential, user.id)
        assert credential is not None
        credential.password_hash = keywrap.hash_secret(password)
        credential.enrolment_hash = credential.enrolment_expires = None
        credential.failed_attempts = 0
        credential.updated_at = now()
        older = list(session.scalars(select(AuthorKey).where(AuthorKey.user_id == user.id)))
        for row in older:
            aad = _key_aad(user.id, row.key_id)
            if recovery is None or row.recovery_wrapped is None:
                unreadable += 1
                continue
            try:
                data_key = keywrap.unwrap(recovery, row.recovery_wrapped, aad, "the recovery key")
            except EncryptionKeyError:
                unreadable += 1
                continue
            row.kdf_salt = keywrap.new_salt()
            row.wrapped = keywrap.wrap(
                keywrap.derive_wrapping_key(password, row.kdf_salt), data_key, aad
            )
            if made:
                row.recovery_wrapped = keywrap.wrap(made, data_key, aad)
            recovered += 1
        _new_data_key(session, user, password, made)
        _log(session, username, "auth.enrol", origin, f"{recovered} keys recovered")
        seal_credential(session, credential)
    return Enrolled(
        username, keywrap.recovery_key_text(made) if made else None, recovered, unreadable
    )


def _unlock(session: Session, user: User, password: str) -> AuthorKeys:
    """Every data key this password opens; the newest active one writes."""
    keys: dict[str, bytes] = {}
    active = None
    rows = session.scalars(
        select(AuthorKey).where(AuthorKey.user_id == user.id).order_by(AuthorKey.id)
    )
    for row in rows:
        wrapping = keywrap.derive_wrapping_key(password, row.kdf_salt)
        try:
            key = keywrap.unwrap(wrapping, row.wrapped, _key_aad(user.id, row.key_id), "a data key")
        except EncryptionKeyError:
            continue  # sealed under an earlier password (a reset without recovery key)
        if keywrap.key_id_of(key) != row.key_id:
            continue  # a row whose id does not name its key was not made by notewell
        expected = key_row_mac(session, row)
        if row.mac is None:
            row.mac = expected  # from before MACs: the author's password just opened it
        elif not genuine(row.mac, expected):
            continue
        keys[row.key_id] = key
        if row.active:
            active = row.key_id
    if active is None:
        raise EncryptionKeyError(
            f"{user.username} has no psychotherapy-note key this password opens: the "
            "record's author_keys rows are missing or altered"
        )
    return AuthorKeys(user.id, active, keys)


def sign_in(
    db: Database,
    username: str,
    password: str,
    *,
    origin: str,
    totp: str | None = None,
    remember: bool = False,
) -> SignedIn:
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(keywrap.hash_secret(secrets.token_hex(8)))
    with db.transaction() as session:
        user = _user(session, username)
        credential = session.get(Credential, user.id) if user else None
        _check_lock(credential, username)
        if credential is not None and credential.password_hash is None:
            raise AuthFailed(
                f"{username} has not chosen a password yet: sign in with the enrolment "
                "code from your admin (notewell login NAME --code CODE)"
            )
        stored = credential.password_hash if credential else None
        good = keywrap.verify_secret(stored or _DUMMY_HASH[0], password) and stored is not None
        good = good and user is not None and user.active and _proven(session, user, credential)
        if good and credential is not None and credential.totp_secret:
            import pyotp

            good = bool(totp) and pyotp.TOTP(credential.totp_secret).verify(
                str(totp), valid_window=1
            )
    if not good or user is None:
        raise _fail(db, user, username, origin, "sign-in refused")
    token = secrets.token_urlsafe(32)
    secret = secrets.token_bytes(32)
    digest = token_hash(token)
    with db.transaction() as session:
        user = session.get(User, user.id)
        assert user is not None
        credential = session.get(Credential, user.id)
        assert credential is not None
        credential.failed_attempts = 0
        keys = _unlock(session, user, password)
        minutes = None if remember else idle_minutes(session)
        row = AuthSession(
            token_hash=digest,
            user_id=user.id,
            last_seen=now(),
            idle_seconds=None if minutes is None else minutes * 60,
            origin=origin[:200],
            wrapped_keys=keys.seal(secret, _session_aad(digest, user.id)),
        )
        row.mac = session_row_mac(session, row)
        session.add(row)
    record_event(
        db, username, "auth.sign_in", "user", username, origin, "remembered" if remember else ""
    )
    return SignedIn(token, secret, Context(db, username, origin, keys), minutes)


def resume(db: Database, token: str, secret: bytes, origin: str) -> Context:
    """The context a session file proves; refreshes its idle timer."""
    digest = token_hash(token)
    with db.transaction() as session:
        row = session.scalar(select(AuthSession).where(AuthSession.token_hash == digest))
        user = session.get(User, row.user_id) if row else None
        if row is None or user is None or not user.active:
            raise AuthFailed("not signed in (or the session ended): run `notewell login NAME`")
        if not genuine(row.mac, session_row_mac(session, row)):
            raise AuthFailed(
                "this session was not made by a sign-in (or was changed): run `notewell login`"
            )
        idle = row.idle_seconds
        if idle is not None:  # a lowered practice limit applies to live sessions too
            idle = min(idle, idle_minutes(session) * 60)
        if idle is not None and now() - _aware(row.last_seen) > timedelta(seconds=idle):
            session.delete(row)
            expired = user.username
        else:
            expired = None
            row.last_seen = now()
            row.mac = session_row_mac(session, row)
            try:
                keys = AuthorKeys.unseal(secret, row.wrapped_keys, _session_aad(digest, user.id))
            except EncryptionKeyError:
                raise AuthFailed("this session file does not match its session") from None
            _require_own_keys(session, user, keys)
            username = user.username
    if expired is not None:
        record_event(db, expired, "auth.idle_sign_out", "user", expired, origin, "")
        minutes = (idle or 0) // 60
        raise AuthFailed(
            f"signed out after {minutes} minutes without activity: run `notewell login {expired}`"
        )
    return Context(db, username, origin, keys)


def _require_own_keys(session: Session, user: User, keys: AuthorKeys) -> None:
    """A session's keys must be the user's own: each key named by its id, each id one of
    the user's authenticated key rows."""
    rows = session.scalars(select(AuthorKey).where(AuthorKey.user_id == user.id))
    own_ids = {r.key_id for r in rows if genuine(r.mac, key_row_mac(session, r))}
    named = all(keywrap.key_id_of(key) == key_id for key_id, key in keys.keys.items())
    if keys.user_id != user.id or not named or not set(keys.keys) <= own_ids:
        raise AuthFailed("this session's keys are not its user's: run `notewell login`")


def sign_out(db: Database, token: str, origin: str) -> str | None:
    digest = token_hash(token)
    with db.transaction() as session:
        row = session.scalar(select(AuthSession).where(AuthSession.token_hash == digest))
        if row is None:
            return None
        user = session.get(User, row.user_id)
        session.delete(row)
        username = user.username if user else "?"
    record_event(db, username, "auth.sign_out", "user", username, origin, "")
    return username


def change_password(ctx: Context, old: str, new: str) -> None:
    """Re-wrap every data key the old password opens under the new one; other
    sessions of the user end."""
    check_password_rules(new)
    with ctx.db.transaction() as session:
        user = _user(session, ctx.username)
        credential = session.get(Credential, user.id) if user else None
        stored = credential.password_hash if credential else None
        ok = stored is not None and keywrap.verify_secret(stored, old)
    if not ok or user is None:
        raise _fail(ctx.db, user, ctx.username, ctx.origin, "password change refused")
    with ctx.db.transaction() as session:
        user = session.get(User, user.id)
        assert user is not None
        credential = session.get(Credential, user.id)
        assert credential is not None
        for row in session.scalars(select(AuthorKey).where(AuthorKey.user_id == user.id)):
            aad = _key_aad(user.id, row.key_id)
            try:
                data_key = keywrap.unwrap(
                    keywrap.derive_wrapping_key(old, row.kdf_salt), row.wrapped, aad, "a data key"
                )
            except EncryptionKeyError:
                continue
            row.kdf_salt = keywrap.new_salt()
            row.wrapped = keywrap.wrap(
                keywrap.derive_wrapping_key(new, row.kdf_salt), data_key, aad
            )
        credential.password_hash = keywrap.hash_secret(new)
        credential.updated_at = now()
        _log(session, ctx.username, "auth.password_change", ctx.origin)
        seal_credential(session, credential)
        session.execute(delete(AuthSession).where(AuthSession.user_id == user.id))
        session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))


def disable_totp(ctx: Context, password: str) -> None:
    """Two-step sign-in off for the acting user, after re-checking their password."""
    with ctx.db.transaction() as session:
        user = _user(session, ctx.username)
        credential = session.get(Credential, user.id) if user else None
        stored = credential.password_hash if credential else None
        if credential is None or stored is None or not keywrap.verify_secret(stored, password):
            raise AuthFailed("wrong password")
        credential.totp_secret = None
        _log(session, ctx.username, "auth.totp_disable", ctx.origin)
        seal_credential(session, credential)


def enable_totp(ctx: Context) -> str:
    """A new TOTP secret for the acting user; returns the otpauth:// URI to scan."""
    import pyotp

    secret = pyotp.random_base32()
    with ctx.db.transaction() as session:
        user = _user(session, ctx.username)
        credential = session.get(Credential, user.id) if user else None
        if credential is None:
            raise AuthFailed(f"{ctx.username} has no credential")
        credential.totp_secret = secret
        _log(session, ctx.username, "auth.totp_enable", ctx.origin)
        seal_credential(session, credential)
    return pyotp.TOTP(secret).provisioning_uri(name=ctx.username, issuer_name="notewell")


STORE_ID_SETTING = "store_id"


def store_id(db: Database) -> str:
    """The store's own id (made by migration 0003): names its sessions and checkpoint."""
    with db.sessions() as session:
        setting = session.get(Setting, STORE_ID_SETTING)
    if setting is None or not setting.value.isalnum():
        raise AuthFailed("this record has no store id: run `notewell init` to upgrade it")
    return setting.value
