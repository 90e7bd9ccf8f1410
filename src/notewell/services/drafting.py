"""Drafting use case: read session files, apply the user's style and formats, draft.

The CLI (and later the web app) call these functions; the core never reads files.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notewell.core.draft import StylePreferences, draft_note, parse_style
from notewell.core.draft.group_notes import draft_group
from notewell.core.errors import InputError
from notewell.core.extract.readers import MAX_INPUT_CHARS
from notewell.core.formats import NoteFormat, load_format, parse_format
from notewell.core.formats.services import with_service
from notewell.core.measures.history import MeasureHistory
from notewell.core.models import Draft, GroupDraft

SESSION_SUFFIXES = (".txt", ".md", ".text", ".yaml", ".yml", ".json")
STYLE_ENV = "NOTEWELL_STYLE"


def decode_input(data: bytes, source: str) -> str:
    if len(data) > MAX_INPUT_CHARS * 4:
        raise InputError(f"{source}: input is too large (limit {MAX_INPUT_CHARS:,} characters)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{source}: not UTF-8 text (invalid byte at position {exc.start}); save it as UTF-8"
        ) from None
    return text.removeprefix("\ufeff")  # a byte-order mark is not part of the note


def read_session_file(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    return decode_input(data, str(path))


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files named directly, plus the session files inside named folders (sorted)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SESSION_SUFFIXES
            )
            if not found:
                raise InputError(
                    f"{path}: no session files ({', '.join(SESSION_SUFFIXES)}) in folder"
                )
            files.extend(found)
        else:
            files.append(path)
    return files


def resolve_format(name: str | None, format_file: Path | None) -> NoteFormat | None:
    """The format named or defined in a file; None when neither is given (the
    service's own format is used)."""
    if format_file is None:
        return load_format(name) if name else None
    text = read_session_file(format_file)
    return parse_format(text, source=str(format_file))


def default_style_path() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("notewell")) / "style.yaml"


def load_style(path: Path | None) -> StylePreferences:
    """Style from `path`, else $NOTEWELL_STYLE, else the user's config file, else defaults."""
    if path is None and os.environ.get(STYLE_ENV):
        path = Path(os.environ[STYLE_ENV])
    if path is None:
        candidate = default_style_path()
        if not candidate.is_file():
            return StylePreferences()
        path = candidate
    return parse_style(read_session_file(path), source=str(path))


@dataclass(frozen=True, slots=True)
class DraftRequest:
    """What to draft. `note_format` None: the service's own format (DAP for individual
    psychotherapy, the intake template for an intake...). `service` None: the service
    the input states. `members`: a group session's roster."""

    note_format: NoteFormat | None
    style: StylePreferences
    input_type: str | None = None
    psychotherapy_note: bool = False
    service: str | None = None
    members: tuple[str, ...] = ()


def draft_text(
    text: str, request: DraftRequest, nlp: Any = None, history: MeasureHistory | None = None
) -> Draft:
    """The draft of one session input. `history` (the client's earlier scores, from the
    record) gives each measure's change since its last administration before this
    session's date. A group session has a note per member: `draft_session` drafts it."""
    result = draft_session(text, request, nlp, history)
    if isinstance(result, GroupDraft):
        raise InputError(
            "a group session is drafted as one note per member; "
            "draft it with `notewell draft --service group`"
        )
    return result


def draft_session(
    text: str, request: DraftRequest, nlp: Any = None, history: MeasureHistory | None = None
) -> Draft | GroupDraft:
    """The draft of one session input, in its service's form: a group session gives
    the group note and a note per member."""
    from notewell.core.extract.pipeline import extract_facts

    facts = extract_facts(text, request.input_type, nlp=nlp)
    facts, service = with_service(facts, request.service)
    note_format = request.note_format or load_format(service.format)
    if service.id == "group" or note_format.kind == "group":
        # A format the clinician chose is the members' (DAP unless they chose one).
        member_format = note_format if note_format.kind != "group" else load_format("dap")
        return draft_group(facts, list(request.members), member_format, request.style, nlp=nlp)
    if request.members:
        raise InputError("--member is for group sessions (--service group)")
    previous = history.previous(facts.service.date) if history and facts.measures else None
    return draft_note(facts, note_format, request.style, request.psychotherapy_note, previous)


WARM_UP_TEXT = (  # SYNTHETIC: never saved, never shown
    "Date of service: 2026-01-05. 45 minutes, in person. Client reported low mood. "
    "Used cognitive restructuring. Denies SI/HI. Plan: weekly session."
)


def warm_up() -> None:
    """Load the language pipeline and the lexicons, and draft and check once, so a
    server's first clinician does not wait seconds for what every later draft reuses."""
    draft_text(WARM_UP_TEXT, DraftRequest(resolve_format("dap", None), load_style(None)))


@dataclass(frozen=True, slots=True)
class BatchResult:
    path: Path
    draft: Draft | GroupDraft | None
    error: str | None


def draft_files(paths: list[Path], request: DraftRequest) -> Iterator[BatchResult]:
    """Draft each file; a bad file is reported and the rest still drafted."""
    from notewell.core.errors import NotewellError
    from notewell.core.risk.nlp import get_pipeline

    nlp = get_pipeline()
    for path in paths:
        try:
            yield BatchResult(path, draft_session(read_session_file(path), request, nlp), None)
        except NotewellError as exc:
            yield BatchResult(path, None, str(exc))


def write_output(path: Path, text: str) -> None:
    """Write a draft or an export the user asked for: a new file is 0600 (it holds
    health information)."""
    from notewell.store.files import write_output_file

    write_output_file(path, text)


def output_folder(path: Path) -> Path:
    """The folder for drafts (`--out-dir`); created 0700 when missing."""
    from notewell.store.files import private_dir

    return private_dir(path)
