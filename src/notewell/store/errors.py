"""Errors raised by the storage layer itself (below any access rule)."""

from __future__ import annotations

from notewell.core.errors import NotewellError


class StoreError(NotewellError):
    """The database or a file beside it cannot be used as configured."""


class RecordLocked(NotewellError):
    """A write reached a signed note (or another append-only row); it is refused."""


class EncryptionKeyError(StoreError):
    """The psychotherapy-note key is missing, malformed or does not open a note."""
