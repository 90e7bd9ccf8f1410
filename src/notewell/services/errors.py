"""Errors of the record's use cases. Each is a `NotewellError` with a one-line message,
so every interface shows it cleanly (the CLI exits 2)."""

from __future__ import annotations

from notewell.core.errors import NotewellError
from notewell.core.models import Finding
from notewell.store.errors import EncryptionKeyError, RecordLocked, StoreError

__all__ = [
    "AuthFailed",
    "Concealed",
    "Conflict",
    "EncryptionKeyError",
    "Forbidden",
    "NotFound",
    "RecordLocked",
    "SigningBlocked",
    "StaleChange",
    "StoreError",
]


class NotFound(NotewellError):
    """No such user, client, note or plan (or not one the actor may know about)."""


class AuthFailed(NotewellError):
    """A sign-in, enrolment or session that did not prove who is acting."""


class Forbidden(NotewellError):
    """The acting user's role or relation to the record does not allow this."""


class Concealed(NotFound, Forbidden):
    """A refusal told to the actor as absence ("no progress note 7"): a record they may
    not read must not show that it exists. Still a Forbidden to the code that catches
    one, and audited as a refusal, naming what was refused."""

    def __init__(self, message: str, refused: str) -> None:
        super().__init__(message)
        self.refused = refused


class Conflict(NotewellError):
    """A save was based on an older version than the stored one; nothing was overwritten."""

    def __init__(
        self,
        note_id: int,
        base_version: int,
        current_version: int,
        current_text: str,
        attempted_text: str,
    ) -> None:
        super().__init__(
            f"note {note_id} changed since version {base_version} (now version "
            f"{current_version}); your text was not saved: merge it into the current version"
        )
        self.note_id = note_id
        self.base_version = base_version
        self.current_version = current_version
        self.current_text = current_text
        self.attempted_text = attempted_text


class StaleChange(Conflict):
    """Someone else changed it first (a treatment plan, the store's first admin); nothing
    was overwritten. A Conflict, so every interface answers it as one (409)."""

    def __init__(self, message: str) -> None:
        NotewellError.__init__(self, message)


class SigningBlocked(NotewellError):
    """Error-level checker findings without an override reason."""

    def __init__(self, note_id: int, findings: list[Finding]) -> None:
        rules = ", ".join(sorted({f.rule for f in findings}))
        super().__init__(
            f"note {note_id} not signed: {len(findings)} error-level finding(s) ({rules}); "
            "fix the note or override each rule with a reason"
        )
        self.note_id = note_id
        self.findings = findings
