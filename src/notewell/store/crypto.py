"""AES-GCM with a key ring: each ciphertext names the id of the key that sealed it.

Psychotherapy notes are sealed under their author's own data key (`services.auth`);
the file-based ring here is read only for notes written before per-author keys (the
old shared key file, or `NOTEWELL_PSYCHOTHERAPY_KEY`), which move under their author's
key at first read. notewell never writes or replaces such a file any more.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path

from notewell.store.errors import EncryptionKeyError

KEY_BYTES = 32  # AES-256
NONCE_BYTES = 12


def key_id_of(key: bytes) -> str:
    return hashlib.sha256(b"notewell-key-id" + key).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class KeyRing:
    keys: tuple[bytes, ...]  # first is active

    @property
    def active_id(self) -> str:
        return key_id_of(self.keys[0])

    def _by_id(self, key_id: str) -> bytes:
        for key in self.keys:
            if key_id_of(key) == key_id:
                return key
        raise EncryptionKeyError(f"no key {key_id} in the key ring; was it retired too early?")

    def encrypt(self, plaintext: str, aad: bytes) -> tuple[str, bytes, bytes]:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        nonce = secrets.token_bytes(NONCE_BYTES)
        ciphertext = AESGCM(self.keys[0]).encrypt(nonce, plaintext.encode("utf-8"), aad)
        return self.active_id, nonce, ciphertext

    def decrypt(self, key_id: str, nonce: bytes, ciphertext: bytes, aad: bytes) -> str:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        try:
            data = AESGCM(self._by_id(key_id)).decrypt(nonce, ciphertext, aad)
        except InvalidTag:
            raise EncryptionKeyError("a psychotherapy note failed authentication") from None
        return data.decode("utf-8")


def parse_keys(text: str, source: str) -> KeyRing:
    keys = []
    for number, raw in enumerate(text.replace(",", "\n").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            key = base64.b64decode(line, validate=True)
        except (binascii.Error, ValueError):
            raise EncryptionKeyError(f"{source}: line {number} is not base64") from None
        if len(key) != KEY_BYTES:
            raise EncryptionKeyError(f"{source}: line {number} is not a {KEY_BYTES}-byte key")
        keys.append(key)
    if not keys:
        raise EncryptionKeyError(f"{source}: no key")
    return KeyRing(tuple(keys))


def load_key_ring(key_file: Path, key_env: str | None) -> KeyRing:
    if key_env:
        return parse_keys(key_env, "NOTEWELL_PSYCHOTHERAPY_KEY")
    try:
        text = key_file.read_text("ascii")
    except FileNotFoundError:
        raise EncryptionKeyError(
            f"{key_file}: no psychotherapy-note key (run `notewell init`)"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EncryptionKeyError(f"{key_file}: cannot read the key ({exc})") from None
    return parse_keys(text, str(key_file))
