"""The storage layer sits below the services: it never imports them or an interface."""

from __future__ import annotations

import ast
from pathlib import Path

import notewell

STORE = Path(notewell.__file__).parent / "store"
ABOVE = ("notewell.services", "notewell.cli", "notewell.web", "typer", "rich", "fastapi")


def test_when_store_modules_import_then_never_from_the_layers_above():
    offenders = {}
    for path in STORE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        bad = {m for m in names if m.startswith(ABOVE)}
        if bad:
            offenders[str(path.relative_to(STORE))] = bad
    assert offenders == {}


def test_when_help_is_built_then_record_commands_load_no_database_library():
    import subprocess
    import sys

    code = (
        "import sys, typer; from notewell.cli.record import register; register(typer.Typer()); "
        "print(sorted(m for m in ('sqlalchemy', 'alembic', 'spacy', 'cryptography') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
