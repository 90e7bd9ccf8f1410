"""The `notewell` command line: Typer commands, one service call each.

Each module registers its commands on `app`; heavy modules (SQLAlchemy, spaCy,
medspaCy) load inside the commands that need them, so `notewell --help`, `notewell
formats` and `notewell interventions` start fast.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from notewell import __version__
from notewell.cli.console import console, print_error
from notewell.core.errors import NotewellError

__all__ = ["app", "main"]

app = typer.Typer(
    name="notewell",
    help="Draft structured progress notes from session details, offline. "
    "The clinician reviews, edits and signs; notewell never invents content.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        console.print(f"notewell {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """notewell: local-first documentation assistant for behavioral-health clinicians."""


def _register_commands() -> None:
    # Command groups live in their own modules; their imports stay light at start-up.
    from notewell.cli import check, draft, measures, record, web

    draft.register(app)
    measures.register(app)
    check.register(app)
    record.register(app)
    web.register(app)


_register_commands()


def main() -> None:
    try:
        app()
    except NotewellError as exc:  # a domain error that escaped a command: still one line
        print_error(str(exc))
        sys.exit(2)
    except Exception as exc:  # never a traceback in a clinician's terminal
        print_error(
            f"{exc.__class__.__name__}: {exc}. Your input was not changed; please report this.",
            label="internal error",
        )
        sys.exit(1)
