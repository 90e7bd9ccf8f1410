"""The terminal, once for every command: the rich consoles, stored text made safe to
print, one-line errors with exit status 2, and reading a text argument.

Kept free of SQLAlchemy and spaCy at import time: `notewell --help` must start fast.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from notewell.core.errors import NotewellError

# Records, listings and messages: soft-wrapped, so note text keeps its own lines, and
# never highlighted (a number or a path in a note is not code).
console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True, highlight=False)
# Drafts and tables for reading: wrapped to the terminal's width, rich's highlighting.
reading_console = Console()

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


def print_error(message: str, label: str = "error") -> None:
    # The message may quote what the user typed or what is stored: one line, no markup.
    err_console.print(f"[bold red]{label}:[/] {escape(visible(message, cell=False))}", markup=True)


def fail(message: str) -> typer.Exit:
    """`raise fail(...)`: the message as one line on stderr, exit status 2."""
    print_error(message)
    return typer.Exit(2)


@contextmanager
def one_line_errors() -> Iterator[None]:
    """Every failure of a command as one line and exit status 2; never a traceback."""
    try:
        yield
    except NotewellError as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(f"{exc.filename or 'file'}: {exc.strerror or exc}") from None
    except Exception as exc:
        reason = _database_error(exc)
        if reason is None:
            raise
        raise fail(f"database error: {reason}") from None


def _database_error(exc: Exception) -> str | None:
    # Only a command that opened the record has loaded SQLAlchemy: never import it here.
    errors = sys.modules.get("sqlalchemy.exc")
    if errors is None or not isinstance(exc, errors.SQLAlchemyError):
        return None
    return str(getattr(exc, "orig", None) or exc).splitlines()[0]


def read_text_argument(path: Path, what: str) -> str:
    """A FILE argument's text; '-' reads standard input."""
    from notewell.services.drafting import decode_input, read_session_file

    if str(path) == "-":
        return decode_input(sys.stdin.buffer.read(), "standard input")
    text = read_session_file(path)
    if not text.strip():
        raise NotewellError(f"{path}: the {what} is empty")
    return text
