"""Sealed files: a backup (a plain SQLite file, a pg_dump archive) encrypted with
AES-256-GCM under a passphrase or a raw 32-byte backup key, streamed in chunks.

Layout (integers big-endian)::

    header  MAGIC (10) | kind u8 | chunk_size u32 | argon2 time, memory KiB, lanes (3 x u32)
            | salt (16) | nonce prefix (7) | key check (32)            = HEADER_SIZE bytes
    chunks  AES-GCM(chunk) + 16-byte tag, each chunk `chunk_size` bytes but the last
            (0 to chunk_size bytes; an empty source is one empty final chunk)

kind 1: the master key is argon2id(passphrase, salt, cost in the header); kind 2: the
master key is the raw key and the cost fields are zero. The file's AES key and key check
are HMAC-SHA256 of the master key with distinct labels and the salt, so each file has its
own AES key even when many are sealed under one backup key. Chunk i's nonce is
prefix | i (u32) | final flag (1 on the last chunk only) and its associated data is the
whole header, in the STREAM style: a chunk altered, moved, dropped, repeated or appended,
a truncated file or an altered header all fail authentication.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import struct
from pathlib import Path
from typing import BinaryIO

from notewell.store import keywrap
from notewell.store.errors import StoreError
from notewell.store.files import create_private, fsync_dir

MAGIC = b"NWSEALED1\n"
KEY_BYTES = 32
SALT_BYTES = 16
PREFIX_BYTES = 7
KEY_CHECK_BYTES = 32
TAG_SIZE = 16
DEFAULT_CHUNK_SIZE = 1 << 20
# Bounds checked before anything is allocated or derived: a header altered to ask for a
# 4 GiB chunk or a terabyte of argon2 memory must fail cleanly, not exhaust the machine.
MAX_CHUNK_SIZE = 1 << 24
_MAX_TIME_COST = 64
_MAX_MEMORY_KIB = 4 << 20  # 4 GiB
_MAX_PARALLELISM = 64
_MAX_COUNTER = 0xFFFFFFFF

KIND_PASSPHRASE = 1
KIND_KEY = 2

_FIELDS = struct.Struct(">BIIII")  # kind, chunk_size, time_cost, memory_kib, parallelism
HEADER_SIZE = len(MAGIC) + _FIELDS.size + SALT_BYTES + PREFIX_BYTES + KEY_CHECK_BYTES

_ENC_LABEL = b"notewell sealed file v1: encryption key"
_CHECK_LABEL = b"notewell sealed file v1: key check"

WRONG_SECRET = "wrong passphrase or key"
ALTERED = "the sealed file was altered or truncated"
NOT_SEALED = "not a notewell sealed file"


class SealedFileError(StoreError):
    """A sealed file cannot be written or opened; the message says why, in one line."""


class SealedFileExistsError(SealedFileError, FileExistsError):
    """Something (a file, a symlink) is already at the destination; it is left alone."""


def is_sealed(path: Path) -> bool:
    """True when `path` starts with MAGIC. Reads only the first bytes."""
    with open(path, "rb") as handle:
        return handle.read(len(MAGIC)) == MAGIC


def seal_file(
    source: Path,
    dest: Path,
    *,
    passphrase: str | None = None,
    key: bytes | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> None:
    """Encrypt `source` into a new file `dest` (0600; refused if anything is there)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    secret_kind = _check_secret(passphrase, key)
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int):
        raise SealedFileError("the chunk size must be a whole number of bytes")
    if not 1 <= chunk_size <= MAX_CHUNK_SIZE:
        raise SealedFileError(f"the chunk size must be between 1 and {MAX_CHUNK_SIZE} bytes")
    salt = secrets.token_bytes(SALT_BYTES)
    prefix = secrets.token_bytes(PREFIX_BYTES)
    if secret_kind == KIND_PASSPHRASE:
        cost = keywrap.COST  # read now: the test suite lowers it after import
        time_cost, memory_kib, parallelism = cost.time_cost, cost.memory_kib, cost.parallelism
        if not _cost_in_bounds(time_cost, memory_kib, parallelism):
            raise SealedFileError("the argon2 cost is outside what a sealed file can record")
        assert passphrase is not None
        master = _argon2(passphrase, salt, time_cost, memory_kib, parallelism)
    else:
        time_cost = memory_kib = parallelism = 0
        assert key is not None
        master = bytes(key)
    enc_key, key_check = _subkeys(master, salt)
    fields = _FIELDS.pack(secret_kind, chunk_size, time_cost, memory_kib, parallelism)
    header = MAGIC + fields + salt + prefix + key_check
    aead = AESGCM(enc_key)

    with open(source, "rb") as src:  # opened first: a missing source leaves no dest
        fd = _create_dest(dest)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(header)
                counter = 0
                current = _read_exact(src, chunk_size)
                while True:
                    # Read one chunk ahead: the last chunk must be known to flag it final.
                    following = _read_exact(src, chunk_size) if len(current) == chunk_size else b""
                    final = not following
                    out.write(aead.encrypt(_nonce(prefix, counter, final), current, header))
                    if final:
                        break
                    if counter == _MAX_COUNTER:
                        raise SealedFileError(
                            f"{source} is too large to seal in chunks of {chunk_size} bytes"
                        )
                    current = following
                    counter += 1
                out.flush()
                os.fsync(out.fileno())
        except BaseException:
            _remove_partial(dest)
            raise
    fsync_dir(dest.parent)


def open_sealed(
    source: Path,
    dest: Path,
    *,
    passphrase: str | None = None,
    key: bytes | None = None,
) -> None:
    """Decrypt `source` into a new file `dest` (0600), authenticating every chunk. On any
    failure `dest` is removed: only a file this returned for is safe to restore from."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    secret_kind = _check_secret(passphrase, key)
    with open(source, "rb") as src:
        header = _read_exact(src, HEADER_SIZE)
        if header[: len(MAGIC)] != MAGIC:
            raise SealedFileError(f"{source}: {NOT_SEALED}")
        if len(header) < HEADER_SIZE:
            raise SealedFileError(f"{source}: {ALTERED}")
        offset = len(MAGIC)
        kind, chunk_size, time_cost, memory_kib, parallelism = _FIELDS.unpack_from(header, offset)
        offset += _FIELDS.size
        salt = header[offset : offset + SALT_BYTES]
        offset += SALT_BYTES
        prefix = header[offset : offset + PREFIX_BYTES]
        offset += PREFIX_BYTES
        stored_check = header[offset:]
        # Every field is checked for sense before the (costly) key derivation; the
        # header's bytes are then authenticated as every chunk's associated data.
        if not 1 <= chunk_size <= MAX_CHUNK_SIZE:
            raise SealedFileError(f"{source}: {ALTERED}")
        if kind == KIND_PASSPHRASE:
            if not _cost_in_bounds(time_cost, memory_kib, parallelism):
                raise SealedFileError(f"{source}: {ALTERED}")
        elif kind == KIND_KEY:
            if (time_cost, memory_kib, parallelism) != (0, 0, 0):
                raise SealedFileError(f"{source}: {ALTERED}")
        else:
            raise SealedFileError(f"{source}: {ALTERED}")
        if kind != secret_kind:
            sealed_with = "a passphrase" if kind == KIND_PASSPHRASE else "a key"
            given = "a key" if kind == KIND_PASSPHRASE else "a passphrase"
            raise SealedFileError(
                f"{source}: {WRONG_SECRET} (it was sealed with {sealed_with}, not {given})"
            )
        if kind == KIND_PASSPHRASE:
            assert passphrase is not None
            master = _argon2(passphrase, salt, time_cost, memory_kib, parallelism)
        else:
            assert key is not None
            master = bytes(key)
        enc_key, key_check = _subkeys(master, salt)
        # The key check tells a wrong secret from tampering; an altered salt or cost
        # still reads as a wrong secret, since it changes the key the same way.
        if not hmac.compare_digest(key_check, stored_check):
            raise SealedFileError(f"{source}: {WRONG_SECRET}")
        aead = AESGCM(enc_key)
        record_size = chunk_size + TAG_SIZE

        fd = _create_dest(dest)
        try:
            with os.fdopen(fd, "wb") as out:
                counter = 0
                current = _read_exact(src, record_size)
                if len(current) < TAG_SIZE:  # no chunk at all, or a cut-off one
                    raise SealedFileError(f"{source}: {ALTERED}")
                while True:
                    # A short record is the end of the file; a full one is final only
                    # when nothing follows it, which the final flag then confirms.
                    following = (
                        _read_exact(src, record_size) if len(current) == record_size else b""
                    )
                    final = not following
                    try:
                        plain = aead.decrypt(_nonce(prefix, counter, final), current, header)
                    except InvalidTag:
                        raise SealedFileError(f"{source}: {ALTERED}") from None
                    out.write(plain)
                    if final:
                        break
                    if counter == _MAX_COUNTER or len(following) < TAG_SIZE:
                        raise SealedFileError(f"{source}: {ALTERED}")
                    current = following
                    counter += 1
                out.flush()
                os.fsync(out.fileno())
        except BaseException:
            _remove_partial(dest)
            raise
    fsync_dir(dest.parent)


def _check_secret(passphrase: str | None, key: bytes | None) -> int:
    """Which kind of secret was given; SealedFileError (never ValueError) when unusable."""
    if passphrase is not None and key is not None:
        raise SealedFileError("give a passphrase or a key, not both")
    if passphrase is None and key is None:
        raise SealedFileError("a passphrase or a key is needed")
    if passphrase is not None:
        if not isinstance(passphrase, str):
            raise SealedFileError("the passphrase must be text")
        if not passphrase:
            raise SealedFileError("the passphrase is empty")
        return KIND_PASSPHRASE
    if not isinstance(key, bytes | bytearray):
        raise SealedFileError("the key must be bytes")
    if len(key) != KEY_BYTES:
        raise SealedFileError(f"the key must be {KEY_BYTES} bytes, not {len(key)}")
    return KIND_KEY


def _cost_in_bounds(time_cost: int, memory_kib: int, parallelism: int) -> bool:
    return (
        1 <= time_cost <= _MAX_TIME_COST
        and 1 <= parallelism <= _MAX_PARALLELISM
        and 8 * parallelism <= memory_kib <= _MAX_MEMORY_KIB  # argon2's own minimum
    )


def _argon2(passphrase: str, salt: bytes, time_cost: int, memory_kib: int, lanes: int) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(
        passphrase.encode("utf-8"),
        salt,
        time_cost=time_cost,
        memory_cost=memory_kib,
        parallelism=lanes,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def _subkeys(master: bytes, salt: bytes) -> tuple[bytes, bytes]:
    """(AES key, key check): HMAC as a PRF with distinct labels, so the key check says
    nothing about the AES key, and the salt gives each file its own AES key."""
    enc_key = hmac.new(master, _ENC_LABEL + salt, hashlib.sha256).digest()
    key_check = hmac.new(master, _CHECK_LABEL + salt, hashlib.sha256).digest()
    return enc_key, key_check


def _nonce(prefix: bytes, counter: int, final: bool) -> bytes:
    return prefix + counter.to_bytes(4, "big") + (b"\x01" if final else b"\x00")


def _read_exact(handle: BinaryIO, size: int) -> bytes:
    """`size` bytes, fewer only at the end of the file: chunk boundaries must not depend
    on how the operating system splits reads."""
    data = handle.read(size)
    if len(data) == size or not data:
        return data
    parts = [data]
    remaining = size - len(data)
    while remaining:
        more = handle.read(remaining)
        if not more:
            break
        parts.append(more)
        remaining -= len(more)
    return b"".join(parts)


def _create_dest(dest: Path) -> int:
    """A new 0600 file, refusing any file or symlink already at `dest` (untouched)."""
    try:
        return create_private(dest)
    except StoreError:
        if os.path.islink(dest):
            raise SealedFileExistsError(
                f"{dest} is a symbolic link; refusing to follow it"
            ) from None
        raise SealedFileExistsError(f"{dest} already exists; refusing to overwrite it") from None


def _remove_partial(dest: Path) -> None:
    with contextlib.suppress(OSError):
        os.remove(dest)
