"""Checking note files and folders against the documentation checklist: the profile
and treatment plan read, folders expanded, the client's earlier notes indexed once for
the clone rule, every note checked. Interfaces only parse their options and render.

Every bad input raises `InputError` before any note is checked; a note that cannot be
read later is reported in `CheckReport.unreadable` and the others are still checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from notewell.core.errors import InputError, NotewellError
from notewell.services.documents import list_note_files, read_note_file, read_text_file

if TYPE_CHECKING:
    from notewell.core.check.clone import HistoryIndex
    from notewell.core.check.profiles import Profile
    from notewell.core.check.treatment_plan import TreatmentPlan
    from notewell.core.models import Finding

NOTE_TYPES = ("progress", "psychotherapy")


class CheckProgress(Protocol):
    """How a caller follows a long check (a progress bar); `batch`: folders or several
    files, where following is worth showing."""

    def start(self, total: int, batch: bool) -> None: ...

    def advance(self) -> None: ...


class _Silent:
    def start(self, total: int, batch: bool) -> None:
        pass

    def advance(self) -> None:
        pass


@dataclass(frozen=True, slots=True)
class CheckRequest:
    paths: list[Path]
    note_type: str = "progress"
    plan: Path | None = None  # treatment plan YAML: goals that progress ties to
    history: Path | None = None  # folder of the client's earlier notes
    profile: str | None = None  # a profile YAML file or a built-in's name
    signed: str | None = None  # the date the note was signed, YYYY-MM-DD
    service: str | None = None  # the notes' service (id or alias); None: each note's own
    members: tuple[str, ...] = ()  # a group session's roster, for group-member-named


@dataclass(frozen=True, slots=True)
class NoteCheck:
    path: Path
    note_type: str
    findings: list[Finding]


@dataclass(frozen=True, slots=True)
class CheckReport:
    checked: list[NoteCheck] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # one message per unreadable note
    folder_mode: bool = False  # a folder was among the paths
    files: int = 0  # note files found (checked or unreadable)

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for note in self.checked for f in note.findings)


def load_profile(value: str | None) -> Profile:
    """A profile file, or a built-in by name (`payer_audit`, `payer-audit`); default: the
    default profile."""
    from notewell.core.check.profiles import BUILTIN_PROFILES, builtin_profile, parse_profile

    if value is None:
        return builtin_profile("default")
    path = Path(value)
    if not path.exists() and value.replace("-", "_") in BUILTIN_PROFILES:
        return builtin_profile(value)
    return parse_profile(read_text_file(path, "profile"), source=f"profile {path}")


def check_paths(request: CheckRequest, progress: CheckProgress | None = None) -> CheckReport:
    """Check every note file named or found in the folders named."""
    from notewell.core.check import check_note
    from notewell.core.check.treatment_plan import parse_plan

    if request.note_type not in NOTE_TYPES:
        raise InputError(
            f"unknown note type {request.note_type!r} (known: {', '.join(NOTE_TYPES)})"
        )
    signed = _signed_date(request.signed)
    if request.service is not None:
        from notewell.core.formats.services import find_service

        find_service(request.service)  # an unknown service fails before any note is read
    profile = load_profile(request.profile)
    plan: TreatmentPlan | None = None
    if request.plan:
        plan = parse_plan(read_text_file(request.plan, "plan"), f"plan {request.plan}")
    files, folder_mode = _note_files(request.paths)
    index, keys = _history(request.history, profile) if request.history else (None, {})
    progress = progress or _Silent()
    progress.start(len(files), folder_mode or len(files) > 1)
    checked: list[NoteCheck] = []
    unreadable: list[str] = []
    for path in files:
        try:
            text = read_note_file(path)
            findings = check_note(
                text,
                request.note_type,
                profile,
                plan,
                index,
                signed,
                keys.get(path.resolve()),
                service=request.service,
                roster=request.members,
            )
        except NotewellError as exc:
            unreadable.append(str(exc))
        else:
            checked.append(NoteCheck(path, request.note_type, findings))
        progress.advance()
    return CheckReport(checked, unreadable, folder_mode, len(files))


def _signed_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise InputError(f"--signed {value!r} is not a date (YYYY-MM-DD)") from None


def _note_files(paths: list[Path]) -> tuple[list[Path], bool]:
    files: list[Path] = []
    folder_mode = False
    for path in paths:
        if path.is_dir():
            folder_mode = True
            found = list_note_files(path)
            if not found:
                raise InputError(f"{path}: no note files (.txt .md .docx .pdf) in this folder")
            files += found
        else:
            read_note_file(path)  # fail fast, before any output, on an unreadable file
            files.append(path)
    return files, folder_mode


def _history(folder: Path, profile: Profile) -> tuple[HistoryIndex, dict[Path, str]]:
    """The earlier notes indexed once, each keyed by its path in the folder, so a note
    checked from that folder is never reported as a copy of itself."""
    from notewell.core.check.clone import HistoryIndex

    if not folder.is_dir():
        raise InputError(f"--history {folder}: not a folder")
    index = HistoryIndex(threshold=profile.thresholds.clone_similarity)
    keys: dict[Path, str] = {}
    for path in list_note_files(folder):
        key = str(path.relative_to(folder))
        index.add(key, read_note_file(path))
        keys[path.resolve()] = key
    return index, keys


@dataclass(frozen=True, slots=True)
class RuleRow:
    id: str
    applies_to: str
    rationale: str
    example: str
    severity: str  # in the chosen profile; "off" when it disables the rule

    def to_dict(self) -> dict[str, str]:
        return {
            "id": self.id,
            "applies_to": self.applies_to,
            "rationale": self.rationale,
            "example": self.example,
            "severity": self.severity,
        }


def list_rules(profile_value: str | None) -> tuple[str, list[RuleRow]]:
    """The checker's rules with their severity under a profile: (profile name, rows)."""
    from notewell.core.check.catalogue import rule_catalogue

    chosen = load_profile(profile_value)
    rows = []
    for rule in rule_catalogue():
        config = chosen.rule(rule.id)
        severity = config.severity if config.enabled else "off"
        rows.append(RuleRow(**_info(rule), severity=severity))
    return chosen.name, rows


def _info(rule: Any) -> dict[str, str]:
    return {key: getattr(rule, key) for key in ("id", "applies_to", "rationale", "example")}
