"""Shared plumbing of the record commands: acting user, opening the store, clean errors.

Kept free of SQLAlchemy at import time: `notewell --help` must start fast.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from notewell.core.errors import NotewellError

if TYPE_CHECKING:
    from notewell.services.context import Context

USER_ENV = "NOTEWELL_USER"
console = Console(highlight=False, soft_wrap=True)  # note text keeps its own lines
err_console = Console(stderr=True, soft_wrap=True, highlight=False)

AsUser = Annotated[
    str | None,
    typer.Option(
        "--as",
        help=f"Which of your signed-in users acts (default: ${USER_ENV}, `user:` in "
        "config.yaml, or your last `notewell login`). It selects; it proves nothing.",
    ),
]


# What could forge a line or drive the terminal: C0 and C1 controls (newline, carriage
# return, tab, ESC…), DEL, Unicode line and paragraph separators, and the invisible
# direction and width marks that reorder or hide text.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
_UNSAFE_CELL = re.compile(_UNSAFE.pattern[:-1] + r"\\]")  # and the backslash itself
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: object, *, cell: bool = True) -> str:
    """A stored string as one safe line: controls shown as \\n, \\t, \\x1b… In a
    listing's cell (`cell`) a backslash is shown as \\\\ too, so a value cannot pass for
    an escape; messages, which quote with repr(), keep theirs."""
    return (_UNSAFE_CELL if cell else _UNSAFE).sub(_escape_char, str(text))


def visible_text(text: str) -> str:
    """A stored body (a note, an addendum): its lines and tabs kept, every other control
    escaped, so it cannot move the cursor, recolour or rewrite what is printed around it."""
    body = text.replace("\r\n", "\n")
    return _UNSAFE.sub(lambda m: m.group() if m.group() in "\n\t" else _escape_char(m), body)


def emit_row(*cells: object) -> None:
    """One tab-separated line: listings stay easy to pipe into cut, sort or a spreadsheet.
    Cells are escaped, so a stored tab or newline cannot add a column or a row."""
    typer.echo("\t".join("-" if c is None else visible(c) for c in cells))


def fail(message: str) -> typer.Exit:
    # The message may quote what the user typed or what is stored: one line, no markup.
    err_console.print(f"[bold red]error:[/] {escape(visible(message, cell=False))}", markup=True)
    return typer.Exit(2)


def acting_user(as_user: str | None) -> str | None:
    """Which signed-in user to act as; None: the last one signed in on this account."""
    if as_user:
        return as_user
    if os.environ.get(USER_ENV):
        return os.environ[USER_ENV]
    return _configured_user()


def _configured_user() -> str | None:
    from platformdirs import user_config_dir

    path = Path(user_config_dir("notewell")) / "config.yaml"
    if not path.is_file():
        return None
    import yaml

    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError):
        raise NotewellError(f"{path}: cannot read the configuration") from None
    user = data.get("user") if isinstance(data, dict) else None
    return str(user) if user else None


@contextmanager
def record_errors() -> Iterator[None]:
    """Every failure as one line and exit status 2; never a traceback."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        yield
    except NotewellError as exc:
        raise fail(str(exc)) from None
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise fail(f"database error: {reason}") from None
    except OSError as exc:
        raise fail(f"{exc.filename or 'file'}: {exc.strerror or exc}") from None


def open_context(as_user: str | None) -> Context:
    """The acting user as proven by one of this OS account's signed-in sessions."""
    from notewell.cli_session import resume_context
    from notewell.services.context import default_origin
    from notewell.store.database import open_database

    db = open_database()
    db.require_current_schema()
    return resume_context(db, acting_user(as_user), default_origin())


def read_text_argument(path: Path, what: str) -> str:
    from notewell.services.drafting import decode_input, read_session_file

    if str(path) == "-":
        import sys

        return decode_input(sys.stdin.buffer.read(), "standard input")
    text = read_session_file(path)
    if not text.strip():
        raise NotewellError(f"{path}: the {what} is empty")
    return text
