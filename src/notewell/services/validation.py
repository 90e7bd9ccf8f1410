"""Checks of what people type into the record, before anything is written or logged.

Pure functions: each returns the value to store (trimmed where that is harmless) or
raises InputError with one line naming the field. Interfaces call them before a use
case runs, and the use cases call them again, so no interface can skip them.
"""

from __future__ import annotations

import re
from datetime import date

from notewell.core.errors import InputError

MAX_ID_CHARS = 64  # the columns are String(64)
MAX_NAME_CHARS = 200  # and String(200)
EARLIEST_BIRTH = date(1900, 1, 1)
MAX_RECORD_ID = 2**31 - 1  # ids are INTEGER: 32 bits on PostgreSQL

_CLIENT_ID = re.compile(r"[A-Za-z0-9._-]{1,64}", re.ASCII)
# Starts and ends with a letter or digit: "dana." or "-x" could pass for punctuation
# or an option in a sentence or a command line.
_USERNAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62}[A-Za-z0-9])?", re.ASCII)


def _shown(value: str) -> str:
    """The value quoted for an error line: repr escapes controls, long ones cut."""
    return repr(value if len(value) <= 40 else value[:40] + "…")


# The web app's address of the new-client form, /clients/new, is not a client's.
RESERVED_CLIENT_IDS = frozenset({"new"})


def client_identifier(value: str) -> str:
    if value.lower() in RESERVED_CLIENT_IDS:
        raise InputError(f"client identifier {value!r} is reserved: choose another")
    if not _CLIENT_ID.fullmatch(value):
        raise InputError(
            f"client identifier {_shown(value)}: use 1 to {MAX_ID_CHARS} letters, digits, "
            "'.', '_' or '-'"
        )
    return value


def _printable(value: str, what: str, *, required: bool) -> str:
    text = value.strip(" ")
    if required and not text:
        raise InputError(f"{what} is empty")
    if len(text) > MAX_NAME_CHARS:
        raise InputError(f"{what} is {len(text)} characters long (at most {MAX_NAME_CHARS})")
    # isprintable() refuses controls (newline, tab, ESC), format marks (direction
    # overrides, zero-width) and separators other than the plain space.
    if not text.isprintable():
        bad = next(c for c in text if not c.isprintable())
        raise InputError(f"{what} {_shown(text)}: contains the control character {bad!r}")
    return text


def client_name(value: str) -> str:
    return _printable(value, "client name", required=True)


def date_of_birth(value: date | None, today: date | None = None) -> date | None:
    if value is None:
        return None
    today = today or date.today()
    if value > today:
        raise InputError(f"date of birth {value}: in the future")
    if value < EARLIEST_BIRTH:
        raise InputError(f"date of birth {value}: before {EARLIEST_BIRTH.year}")
    return value


def username(value: str) -> str:
    if not _USERNAME.fullmatch(value):
        raise InputError(
            f"user name {_shown(value)}: use 1 to {MAX_ID_CHARS} letters, digits, '.', '_' or "
            "'-', starting and ending with a letter or digit"
        )
    return value


def display_name(value: str) -> str:
    """Optional (empty: the user name is shown instead)."""
    return _printable(value, "display name", required=False)


def record_id(value: int, what: str) -> int:
    """A numeric id from a command line: out of range would otherwise reach the database
    as an overflow (SQLite) or an 'integer out of range' error (PostgreSQL)."""
    if not 1 <= value <= MAX_RECORD_ID:
        raise InputError(f"{what} {value} is out of range (1 to {MAX_RECORD_ID})")
    return value
