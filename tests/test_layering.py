"""The architecture of DESIGN.md, checked: the core imports no I/O frameworks."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import notewell

CORE = Path(notewell.__file__).parent / "core"
FORBIDDEN = {
    "sqlalchemy",
    "alembic",
    "fastapi",
    "starlette",
    "typer",
    "click",
    "jinja2",
    "httpx",
    "requests",
    "urllib",
    "socket",
    "http",
    "rich",
    "notewell.services",
    "notewell.cli",
    "notewell.store",
    "notewell.web",
    "notewell.llm",
    "sqlite3",
    "psycopg",
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_is_pure():
    offenders = {}
    for path in CORE.rglob("*.py"):
        bad = {
            m
            for m in imported_modules(path)
            if any(m == f or m.startswith(f + ".") for f in FORBIDDEN)
        }
        if bad:
            offenders[str(path.relative_to(CORE))] = bad
    assert offenders == {}


def test_public_api_is_exported():
    for name in notewell.__all__:
        assert getattr(notewell, name) is not None, name
    assert sorted(notewell.__all__) == notewell.__all__
    # What the module really exports is exactly __all__: its lazy names, `draft` and the
    # version, and dir() shows no more.
    exported = set(notewell._LAZY) | {"draft", "__version__"}
    assert set(notewell.__all__) == exported
    assert dir(notewell) == notewell.__all__
    with pytest.raises(AttributeError):
        _ = notewell.not_an_export


INTERFACES = ("notewell.cli", "notewell.web", "typer", "click", "rich", "fastapi", "starlette")


def test_when_services_import_then_never_an_interface():
    """The use cases sit below the command line and the web app: both call them, so
    neither can be needed to run one."""
    services = Path(notewell.__file__).parent / "services"
    offenders = {}
    for path in services.rglob("*.py"):
        bad = {
            m
            for m in imported_modules(path)
            if any(m == f or m.startswith(f + ".") for f in INTERFACES)
        }
        if bad:
            offenders[str(path.relative_to(services))] = bad
    assert offenders == {}


def test_when_the_cli_package_is_imported_then_main_and_app_are_its_entry_points():
    import typer

    from notewell import cli

    assert callable(cli.main) and isinstance(cli.app, typer.Typer)
    names = {c.name or c.callback.__name__ for c in cli.app.registered_commands}
    assert {"draft", "check", "rules", "serve", "init", "login"} <= names
