"""What the note editor shows: the saved text split into boxes, the checker's findings,
and a reason box per error-level rule (signing needs one for each)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from notewell.core.formats import NOTE_FORMATS, RECORD_FORMATS
from notewell.core.formats.services import list_services
from notewell.core.models import Finding
from notewell.services.signing import run_checker
from notewell.services.views import NoteView
from notewell.web.note_text import Editable, digest, join, split

# Progress-note formats offered for a new note (psychotherapy notes are not drafted here).
FORMATS = RECORD_FORMATS
MEMBER_FORMATS = NOTE_FORMATS  # a group member's note
# Services a single client's note documents (a group session has its own page).
SERVICES = tuple(s for s in list_services() if s.id != "group")

# The drafting engine's missing-element prompts ("[Add client response to the
# intervention]"): listed beside the text until the clinician replaces them.
PROMPT = re.compile(r"\[Add [^\]\n]{1,200}\]")


def prompts_in(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(PROMPT.findall(text)))


@dataclass(frozen=True, slots=True)
class Checks:
    """The editor's side panel: findings, prompts still to fill, override reasons."""

    findings: tuple[Finding, ...]
    prompts: tuple[str, ...] = ()
    reasons: Mapping[str, str] = field(default_factory=dict)

    @property
    def blocking_rules(self) -> list[tuple[str, str]]:
        """(rule, message) of each error-level rule, once."""
        seen: dict[str, str] = {}
        for finding in self.findings:
            if finding.severity == "error":
                seen.setdefault(finding.rule, finding.message)
        return list(seen.items())


@dataclass(frozen=True, slots=True)
class EditorView:
    note: NoteView
    editable: Editable
    findings: tuple[Finding, ...]
    reasons: Mapping[str, str] = field(default_factory=dict)
    message: str | None = None  # e.g. why signing was refused

    @property
    def text_hash(self) -> str:
        return digest(self.note.text)

    @property
    def checks(self) -> Checks:
        return Checks(self.findings, prompts_in(self.note.text), self.reasons)


def checked(note: NoteView) -> tuple[Finding, ...]:
    """The checker on the saved text, as signing will run it (the plan's goal rules
    apply again at signing, where the service reads the plan)."""
    return tuple(run_checker(note.text, None, datetime.now(UTC).date().isoformat()))


def editor_view(
    note: NoteView,
    findings: Iterable[Finding] | None = None,
    reasons: Mapping[str, str] | None = None,
    message: str | None = None,
) -> EditorView:
    found = tuple(findings) if findings is not None else checked(note)
    return EditorView(
        note, split(note.text, note.summary.note_format), found, reasons or {}, message
    )


def submitted_text(header: str, names: list[str], bodies: list[str]) -> str:
    """The note text from the editor's boxes (one free-text box when there are no
    section boxes)."""
    if len(names) != len(bodies):
        from notewell.core.errors import InputError

        raise InputError("the editor sent sections without their text; reload the page")
    return join(header, list(zip(names, bodies, strict=True)))


def override_reasons(rules: list[str], reasons: list[str]) -> dict[str, str]:
    return {r: why.strip() for r, why in zip(rules, reasons, strict=False) if why.strip()}
