"""Sealed backup files: AES-256-GCM in authenticated chunks under a passphrase or a raw
key; every kind of tampering is refused and nothing is left behind. Synthetic data only."""

from __future__ import annotations

import hashlib
import os
import stat
import struct
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from notewell.store import keywrap, sealed_files
from notewell.store.errors import StoreError
from notewell.store.sealed_files import (
    HEADER_SIZE,
    MAGIC,
    MAX_CHUNK_SIZE,
    TAG_SIZE,
    SealedFileError,
    SealedFileExistsError,
    is_sealed,
    open_sealed,
    seal_file,
)

CHUNK = 64
PASSPHRASE = "synthetic correct horse battery staple"
KEY = bytes(range(32))
PHRASE = b"SYNTHETIC: client reports the lighthouse dream returned on Tuesday. "
SIZES = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 17]

_FIELDS_AT = len(MAGIC)  # kind u8, chunk size u32, time, memory, lanes (u32 each)
_CHUNK_SIZE_LOW_BYTE = _FIELDS_AT + 4
_MEMORY_LOW_BYTE = _FIELDS_AT + 1 + 4 + 4 + 3
_SALT_AT = _FIELDS_AT + 17
_PREFIX_AT = _SALT_AT + 16
_KEY_CHECK_AT = _PREFIX_AT + 7


@pytest.fixture(autouse=True)
def cheap_argon2(monkeypatch):
    monkeypatch.setattr(keywrap, "COST", keywrap.Argon2Cost(1, 64, 1))


def _payload(size: int) -> bytes:
    return (PHRASE * (size // len(PHRASE) + 1))[:size]


def _sealed(tmp_path: Path, size: int = 3 * CHUNK + 17, **secret) -> tuple[Path, bytes]:
    """A sealed file of `size` synthetic bytes (passphrase by default) and the plaintext."""
    plain = _payload(size)
    source = tmp_path / "record.db"
    source.write_bytes(plain)
    sealed = tmp_path / "record.db.sealed"
    seal_file(source, sealed, chunk_size=CHUNK, **(secret or {"passphrase": PASSPHRASE}))
    return sealed, plain


def _records(data: bytes) -> tuple[bytes, list[bytes]]:
    body = data[HEADER_SIZE:]
    size = CHUNK + TAG_SIZE
    return data[:HEADER_SIZE], [body[i : i + size] for i in range(0, len(body), size)]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    "secret", [{"passphrase": PASSPHRASE}, {"key": KEY}], ids=["passphrase", "key"]
)
def test_when_sealed_then_it_opens_to_the_same_bytes(tmp_path, size, secret):
    sealed, plain = _sealed(tmp_path, size, **secret)
    records = _records(sealed.read_bytes())[1]
    assert len(records) == max(1, -(-size // CHUNK))  # an empty source: one empty chunk
    restored = tmp_path / "restored.db"
    open_sealed(sealed, restored, **secret)
    assert restored.read_bytes() == plain


def test_when_default_chunk_size_used_then_a_multi_chunk_file_round_trips(tmp_path):
    source = tmp_path / "dump.pgdump"
    plain = b"PGDMP" + os.urandom((1 << 20) + 3)
    source.write_bytes(plain)
    seal_file(source, tmp_path / "dump.sealed", key=KEY)
    open_sealed(tmp_path / "dump.sealed", tmp_path / "dump.out", key=KEY)
    assert (tmp_path / "dump.out").read_bytes() == plain


def test_when_sealed_then_the_plaintext_phrase_is_not_in_the_file(tmp_path):
    sealed, _ = _sealed(tmp_path, 20 * CHUNK)
    data = sealed.read_bytes()
    assert data.startswith(MAGIC)
    assert b"lighthouse" not in data
    assert b"SYNTHETIC" not in data


def test_when_sealed_twice_then_salt_prefix_and_ciphertext_differ(tmp_path):
    first, _ = _sealed(tmp_path)
    second = tmp_path / "again.sealed"
    seal_file(tmp_path / "record.db", second, passphrase=PASSPHRASE, chunk_size=CHUNK)
    a, b = first.read_bytes(), second.read_bytes()
    assert a[_SALT_AT:_KEY_CHECK_AT] != b[_SALT_AT:_KEY_CHECK_AT]
    assert a[HEADER_SIZE:] != b[HEADER_SIZE:]


def test_when_the_default_cost_changes_then_older_files_still_open(tmp_path, monkeypatch):
    sealed, plain = _sealed(tmp_path)
    kind, chunk_size, *cost = struct.unpack_from(">BIIII", sealed.read_bytes(), _FIELDS_AT)
    assert (kind, chunk_size, cost) == (1, CHUNK, [1, 64, 1])
    monkeypatch.setattr(keywrap, "COST", keywrap.Argon2Cost(2, 128, 2))
    open_sealed(sealed, tmp_path / "out.db", passphrase=PASSPHRASE)
    assert (tmp_path / "out.db").read_bytes() == plain


def test_when_sealing_and_opening_then_memory_stays_near_one_chunk(tmp_path):
    source = tmp_path / "big.db"
    digest = hashlib.sha256()
    with open(source, "wb") as handle:
        for _ in range(64):
            piece = os.urandom(64 * 1024)
            digest.update(piece)
            handle.write(piece)  # 4 MiB in all
    tracemalloc.start()
    try:
        seal_file(source, tmp_path / "big.sealed", key=KEY, chunk_size=64 * 1024)
        _, seal_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        open_sealed(tmp_path / "big.sealed", tmp_path / "big.out", key=KEY)
        _, open_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seal_peak < 1 << 20
    assert open_peak < 1 << 20
    assert hashlib.sha256((tmp_path / "big.out").read_bytes()).digest() == digest.digest()


def test_when_passphrase_is_wrong_then_refused_and_nothing_written(tmp_path):
    sealed, _ = _sealed(tmp_path)
    dest = tmp_path / "out.db"
    with pytest.raises(SealedFileError, match="wrong passphrase or key"):
        open_sealed(sealed, dest, passphrase=PASSPHRASE + "!")
    assert not dest.exists()


def test_when_key_is_wrong_then_refused(tmp_path):
    sealed, _ = _sealed(tmp_path, key=KEY)
    with pytest.raises(SealedFileError, match="wrong passphrase or key"):
        open_sealed(sealed, tmp_path / "out.db", key=bytes(32))
    assert not (tmp_path / "out.db").exists()


def test_when_the_other_kind_of_secret_is_given_then_refused(tmp_path):
    sealed, _ = _sealed(tmp_path, key=KEY)
    with pytest.raises(SealedFileError, match=r"wrong passphrase or key.*sealed with a key"):
        open_sealed(sealed, tmp_path / "out.db", passphrase=PASSPHRASE)
    by_passphrase = tmp_path / "p.sealed"
    seal_file(tmp_path / "record.db", by_passphrase, passphrase=PASSPHRASE, chunk_size=CHUNK)
    with pytest.raises(SealedFileError, match="sealed with a passphrase"):
        open_sealed(by_passphrase, tmp_path / "out.db", key=KEY)
    assert not (tmp_path / "out.db").exists()


def _flip(at: int) -> Callable[[bytes], bytes]:
    def tamper(data: bytes) -> bytes:
        return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]

    return tamper


def _rebuild(change: Callable[[list[bytes]], list[bytes]]) -> Callable[[bytes], bytes]:
    def tamper(data: bytes) -> bytes:
        header, records = _records(data)
        return header + b"".join(change(records))

    return tamper


ALTERED = "altered or truncated"
WRONG = "wrong passphrase or key"
TAMPERING = {
    "flip a byte in the first chunk": (_flip(HEADER_SIZE + 5), ALTERED),
    "flip a tag byte of the last chunk": (_flip(-1), ALTERED),
    "flip the chunk size": (_flip(_CHUNK_SIZE_LOW_BYTE), ALTERED),
    "flip the kdf kind": (_flip(_FIELDS_AT), ALTERED),
    "flip the nonce prefix": (_flip(_PREFIX_AT), ALTERED),
    # The salt, cost and key check change the derived key: indistinguishable from a
    # wrong passphrase, and refused all the same.
    "flip the salt": (_flip(_SALT_AT), WRONG),
    "flip the argon2 memory": (_flip(_MEMORY_LOW_BYTE), WRONG),
    "flip the key check": (_flip(_KEY_CHECK_AT), WRONG),
    "truncate the last chunk": (lambda data: data[:-5], ALTERED),
    "drop the last chunk": (_rebuild(lambda r: r[:-1]), ALTERED),
    "drop a middle chunk": (_rebuild(lambda r: [r[0], *r[2:]]), ALTERED),
    "swap two chunks": (_rebuild(lambda r: [r[1], r[0], *r[2:]]), ALTERED),
    "duplicate a middle chunk": (_rebuild(lambda r: [r[0], r[1], r[1], *r[2:]]), ALTERED),
    "append a copy of the last chunk": (_rebuild(lambda r: [*r, r[-1]]), ALTERED),
    "append one byte": (lambda data: data + b"\x00", ALTERED),
    "keep only the header": (lambda data: data[:HEADER_SIZE], ALTERED),
    "cut inside the header": (lambda data: data[: HEADER_SIZE - 1], ALTERED),
}


@pytest.mark.parametrize("tamper,message", TAMPERING.values(), ids=TAMPERING.keys())
def test_when_the_sealed_file_is_tampered_with_then_it_is_refused(tmp_path, tamper, message):
    sealed, _ = _sealed(tmp_path)
    original = sealed.read_bytes()
    tampered = tamper(original)
    assert tampered != original
    sealed.write_bytes(tampered)
    dest = tmp_path / "restored.db"
    with pytest.raises(SealedFileError, match=message):
        open_sealed(sealed, dest, passphrase=PASSPHRASE)
    assert not dest.exists()


def test_when_a_one_chunk_files_chunk_size_is_altered_then_the_header_fails_auth(tmp_path):
    # The altered size still parses the file the same way: only authenticating the
    # header as associated data can catch it.
    sealed, _ = _sealed(tmp_path, 10)
    sealed.write_bytes(_flip(_CHUNK_SIZE_LOW_BYTE)(sealed.read_bytes()))
    with pytest.raises(SealedFileError, match=ALTERED):
        open_sealed(sealed, tmp_path / "out.db", passphrase=PASSPHRASE)
    assert not (tmp_path / "out.db").exists()


def test_when_a_late_chunk_fails_then_the_plaintext_already_written_is_removed(
    tmp_path, monkeypatch
):
    sealed, _ = _sealed(tmp_path, 10 * CHUNK + 3)
    sealed.write_bytes(_flip(-1)(sealed.read_bytes()))
    dest = tmp_path / "restored.db"
    written: list[int] = []
    real_fdopen = os.fdopen

    def watching_fdopen(fd, *args, **kwargs):
        handle = real_fdopen(fd, *args, **kwargs)
        real_write = handle.write

        def write(data):
            written.append(len(data))
            return real_write(data)

        handle.write = write
        return handle

    monkeypatch.setattr(sealed_files.os, "fdopen", watching_fdopen)
    with pytest.raises(SealedFileError, match=ALTERED):
        open_sealed(sealed, dest, passphrase=PASSPHRASE)
    assert sum(written) == 10 * CHUNK  # ten good chunks reached the disk first...
    assert not dest.exists()  # ...and were removed


def test_when_sealing_fails_midway_then_the_partial_file_is_removed(tmp_path, monkeypatch):
    source = tmp_path / "record.db"
    source.write_bytes(_payload(5 * CHUNK))
    dest = tmp_path / "record.sealed"

    def failing_fsync(fd):
        raise OSError(28, "No space left on device (synthetic)")

    monkeypatch.setattr(sealed_files.os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="No space left"):
        seal_file(source, dest, key=KEY, chunk_size=CHUNK)
    assert not dest.exists()


def test_when_source_is_not_sealed_then_refused(tmp_path):
    plain = tmp_path / "record.db"
    plain.write_bytes(b"SQLite format 3\x00" + bytes(200))
    with pytest.raises(SealedFileError, match="not a notewell sealed file"):
        open_sealed(plain, tmp_path / "out.db", passphrase=PASSPHRASE)
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    with pytest.raises(SealedFileError, match="not a notewell sealed file"):
        open_sealed(empty, tmp_path / "out.db", key=KEY)
    assert not (tmp_path / "out.db").exists()


def test_when_written_then_sealed_and_restored_files_are_0600(tmp_path):
    previous = os.umask(0)  # the mode must not depend on a permissive umask
    try:
        sealed, _ = _sealed(tmp_path)
        open_sealed(sealed, tmp_path / "restored.db", passphrase=PASSPHRASE)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(sealed.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "restored.db").stat().st_mode) == 0o600


@pytest.mark.parametrize("step", ["seal", "open"])
def test_when_dest_exists_then_refused_and_left_untouched(tmp_path, step):
    sealed, _ = _sealed(tmp_path)
    dest = tmp_path / "existing"
    dest.write_bytes(b"SYNTHETIC: an earlier backup")
    with pytest.raises(SealedFileExistsError, match="already exists") as caught:
        if step == "seal":
            seal_file(tmp_path / "record.db", dest, passphrase=PASSPHRASE)
        else:
            open_sealed(sealed, dest, passphrase=PASSPHRASE)
    assert isinstance(caught.value, FileExistsError)
    assert isinstance(caught.value, StoreError)
    assert dest.read_bytes() == b"SYNTHETIC: an earlier backup"


@pytest.mark.parametrize("step", ["seal", "open"])
def test_when_a_symlink_is_planted_at_dest_then_refused_and_its_target_untouched(tmp_path, step):
    sealed, _ = _sealed(tmp_path)
    target = tmp_path / "target"
    target.write_bytes(b"SYNTHETIC: not yours")
    dest = tmp_path / "planted"
    dest.symlink_to(target)
    dangling = tmp_path / "dangling"
    nowhere = tmp_path / "nowhere"
    dangling.symlink_to(nowhere)
    for link in (dest, dangling):
        with pytest.raises(SealedFileExistsError, match="symbolic link"):
            if step == "seal":
                seal_file(tmp_path / "record.db", link, key=KEY)
            else:
                open_sealed(sealed, link, passphrase=PASSPHRASE)
        assert link.is_symlink()
    assert target.read_bytes() == b"SYNTHETIC: not yours"
    assert not nowhere.exists()


def test_is_sealed_reads_the_magic(tmp_path):
    sealed, _ = _sealed(tmp_path)
    assert is_sealed(sealed)
    samples = {
        "sqlite": b"SQLite format 3\x00" + bytes(100),
        "pgdump": b"PGDMP\x01\x0e\x00" + bytes(100),
        "empty": b"",
        "almost": MAGIC[:-1],
    }
    for name, data in samples.items():
        (tmp_path / name).write_bytes(data)
        assert not is_sealed(tmp_path / name), name


BAD_SECRETS = {
    "both": {"passphrase": PASSPHRASE, "key": KEY},
    "neither": {},
    "short key": {"key": bytes(31)},
    "long key": {"key": bytes(33)},
    "key as text": {"key": "k" * 32},
    "empty passphrase": {"passphrase": ""},
    "passphrase as bytes": {"passphrase": PASSPHRASE.encode()},
}


@pytest.mark.parametrize("secret", BAD_SECRETS.values(), ids=BAD_SECRETS.keys())
def test_when_the_secret_is_unusable_then_a_sealed_file_error_not_value_error(tmp_path, secret):
    sealed, _ = _sealed(tmp_path)
    with pytest.raises(SealedFileError):
        seal_file(tmp_path / "record.db", tmp_path / "new.sealed", **secret)
    with pytest.raises(SealedFileError):
        open_sealed(sealed, tmp_path / "out.db", **secret)
    assert not (tmp_path / "new.sealed").exists()
    assert not (tmp_path / "out.db").exists()


@pytest.mark.parametrize("chunk_size", [0, -1, MAX_CHUNK_SIZE + 1, True, 64.0])
def test_when_the_chunk_size_is_unusable_then_refused(tmp_path, chunk_size):
    source = tmp_path / "record.db"
    source.write_bytes(_payload(10))
    with pytest.raises(SealedFileError, match="chunk size"):
        seal_file(source, tmp_path / "new.sealed", key=KEY, chunk_size=chunk_size)
    assert not (tmp_path / "new.sealed").exists()
