"""Every file and folder notewell creates is private to its OS account: folders 0700,
files 0600, whatever the process umask says.

The record, its keys, backups and the audit checkpoint all hold health information or
what protects it, so nothing here is ever created group- or world-readable. New files
are opened with O_CREAT|O_EXCL|O_NOFOLLOW: a file or symlink planted at the path
(a key's `.tmp` beside it, say) is refused instead of followed or overwritten.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Literal

from notewell.store.errors import StoreError

DIR_MODE = 0o700
FILE_MODE = 0o600
PRIVATE_UMASK = 0o077
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # Windows has none (and no modes to speak of)
_CREATE_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW


def private_dir(path: Path) -> Path:
    """Make `path` a folder, creating missing parents too, each created one 0700.
    Folders that already exist are left as they are (they may be the user's home)."""
    missing: list[Path] = []
    current = path
    while not current.exists():
        if current.is_symlink():  # a dangling link: do not create its target
            raise StoreError(f"{current}: is a symbolic link to nothing; refusing to follow it")
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:  # another process made it in between
            continue
        os.chmod(folder, DIR_MODE)  # mkdir's mode is filtered by the umask
    if not path.is_dir():
        raise StoreError(f"{path}: not a folder")
    return path


def create_private(path: Path) -> int:
    """A new, empty file (mode 0600) opened for writing; refuses anything already at
    `path`, a symlink included. Returns the descriptor."""
    try:
        fd = os.open(path, _CREATE_NEW, FILE_MODE)
    except FileExistsError:
        raise StoreError(f"{path} already exists; refusing to overwrite it") from None
    except OSError:
        if os.path.islink(path):  # ELOOP from O_NOFOLLOW
            raise StoreError(f"{path} is a symbolic link; refusing to follow it") from None
        raise
    if hasattr(os, "fchmod"):
        os.fchmod(fd, FILE_MODE)  # os.open's mode is filtered by the umask
    return fd


def open_private(path: Path, mode: Literal["w", "wb", "a"] = "w") -> IO[str] | IO[bytes]:
    """Open a private file. "w"/"wb": a new file only (see create_private). "a": append,
    creating it 0600 when missing (lock files, which live on between runs); never
    through a symlink."""
    if mode == "a":
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | _NOFOLLOW
        try:
            fd = os.open(path, flags, FILE_MODE)
        except OSError:
            if os.path.islink(path):
                raise StoreError(f"{path} is a symbolic link; refusing to follow it") from None
            raise
        return os.fdopen(fd, "a", encoding="utf-8")
    fd = create_private(path)
    if mode == "wb":
        return os.fdopen(fd, "wb")
    return os.fdopen(fd, "w", encoding="utf-8")


def _clear_stale_tmp(tmp: Path) -> None:
    """A regular file left by a crash is removed; a symlink (or anything else) is
    refused, and never followed: its target stays untouched."""
    try:
        info = os.lstat(tmp)
    except FileNotFoundError:
        return
    if not stat.S_ISREG(info.st_mode):
        raise StoreError(f"{tmp} is not a regular file (a symbolic link?); refusing to use it")
    os.remove(tmp)


def write_private_file(path: Path, data: str | bytes, *, replace: bool = True) -> None:
    """Write `path` (mode 0600) durably. replace=True: atomically, through `path.tmp`
    (created O_EXCL|O_NOFOLLOW) and a rename, so readers see the old or the new file.
    replace=False: create `path` itself and refuse if anything is there already."""
    private_dir(path.parent)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    target = path
    if replace:
        target = path.with_name(path.name + ".tmp")
        _clear_stale_tmp(target)
    fd = create_private(target)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(target, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(target)
        raise
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can open a directory
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def private_umask() -> Iterator[None]:
    """Around code that creates files notewell cannot open itself (SQLite's database,
    -wal and -shm files, an attached backup): whatever it creates is 0600. Only ever
    tightens, so another thread creating a file meanwhile is safe."""
    previous = os.umask(PRIVATE_UMASK)
    try:
        yield
    finally:
        os.umask(previous)


def write_output_file(path: Path, text: str) -> None:
    """A file the user named (an export, a draft): replaced if it exists, as they asked,
    keeping its mode; created 0600 when new, since it holds health information."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
