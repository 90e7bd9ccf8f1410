"""Password hashing and key wrapping for identities and authors' data keys.

argon2id (RFC 9106's second recommended profile) hashes passwords and derives the key
that wraps each author's data keys; AES-256-GCM wraps keys, bound by associated data
to the user and key they belong to. A password hash never unwraps anything: the
wrapping key is derived separately, from its own salt.
"""

from __future__ import annotations

import base64
import json
import secrets
import struct
from dataclasses import dataclass
from typing import TYPE_CHECKING

from notewell.store.crypto import KEY_BYTES, NONCE_BYTES, key_id_of
from notewell.store.errors import EncryptionKeyError


@dataclass(frozen=True, slots=True)
class Argon2Cost:
    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 4


# Read at call time: the test suite lowers it in-process (tests/conftest.py) so that
# hundreds of sign-ins stay fast; nothing outside Python code can change it.
COST = Argon2Cost()


if TYPE_CHECKING:
    from argon2 import PasswordHasher


def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher(
        time_cost=COST.time_cost, memory_cost=COST.memory_kib, parallelism=COST.parallelism
    )


def hash_secret(secret: str) -> str:
    return str(_hasher().hash(secret))


def verify_secret(stored_hash: str, secret: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(_hasher().verify(stored_hash, secret))
    except (VerificationError, InvalidHashError):
        return False


_SALT_BYTES = 16


def derive_wrapping_key(password: str, kdf_params: bytes) -> bytes:
    """`kdf_params` (from `new_salt`) carries its own argon2 cost and salt, so keys
    wrapped at one cost still open after the default cost changes."""
    from argon2.low_level import Type, hash_secret_raw

    if len(kdf_params) != 12 + _SALT_BYTES:
        raise EncryptionKeyError("a wrapped key's parameters are damaged")
    time_cost, memory_kib, parallelism = struct.unpack(">III", kdf_params[:12])
    return hash_secret_raw(
        password.encode("utf-8"),
        kdf_params[12:],
        time_cost=time_cost,
        memory_cost=memory_kib,
        parallelism=parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def new_salt() -> bytes:
    """A fresh salt, prefixed with today's argon2 cost (time, memory KiB, lanes)."""
    cost = struct.pack(">III", COST.time_cost, COST.memory_kib, COST.parallelism)
    return cost + secrets.token_bytes(_SALT_BYTES)


def new_data_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def wrap(wrapping_key: bytes, secret: bytes, aad: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce + AESGCM(wrapping_key).encrypt(nonce, secret, aad)


def unwrap(wrapping_key: bytes, blob: bytes, aad: bytes, what: str) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(wrapping_key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)
    except (InvalidTag, ValueError):
        raise EncryptionKeyError(f"{what} does not open with this secret") from None


@dataclass(frozen=True, slots=True)
class AuthorKeys:
    """One author's unwrapped data keys, in memory only for a signed-in session."""

    user_id: int
    active_id: str
    keys: dict[str, bytes]

    def get(self, key_id: str) -> bytes | None:
        return self.keys.get(key_id)

    @property
    def active(self) -> bytes:
        return self.keys[self.active_id]

    def seal(self, session_secret: bytes, aad: bytes) -> bytes:
        """The keys wrapped for a session row (the client keeps the secret)."""
        body = json.dumps(
            {
                "user": self.user_id,
                "active": self.active_id,
                "keys": {k: base64.b64encode(v).decode() for k, v in self.keys.items()},
            }
        ).encode()
        return wrap(session_secret, body, aad)

    @staticmethod
    def unseal(session_secret: bytes, blob: bytes, aad: bytes) -> AuthorKeys:
        data = json.loads(unwrap(session_secret, blob, aad, "the session's keys"))
        keys = {k: base64.b64decode(v) for k, v in data["keys"].items()}
        return AuthorKeys(int(data["user"]), str(data["active"]), keys)


def recovery_key_text(key: bytes) -> str:
    """A recovery key a person can copy: base32 in groups of four."""
    text = base64.b32encode(key).decode().rstrip("=")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def parse_recovery_key(text: str) -> bytes:
    raw = "".join(ch for ch in text.upper() if ch.isalnum())
    try:
        key = base64.b32decode(raw + "=" * (-len(raw) % 8))
    except (ValueError, TypeError):
        raise EncryptionKeyError("that is not a notewell recovery key") from None
    if len(key) != KEY_BYTES:
        raise EncryptionKeyError("that is not a notewell recovery key")
    return key


__all__ = [
    "COST",
    "Argon2Cost",
    "AuthorKeys",
    "derive_wrapping_key",
    "hash_secret",
    "key_id_of",
    "new_data_key",
    "new_salt",
    "parse_recovery_key",
    "recovery_key_text",
    "unwrap",
    "verify_secret",
    "wrap",
]
