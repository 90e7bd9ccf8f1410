"""A record store driven through the real commands (Typer's CliRunner) in a temporary
data folder, for the input-hygiene tests. People and text are SYNTHETIC."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer
from click.testing import Result
from typer.testing import CliRunner

from notewell.cli.record import register
from record_db import PASSWORD

ENV = (
    "NOTEWELL_DATABASE_URL",
    "NOTEWELL_DATABASE_KEY",
    "NOTEWELL_DATABASE_KEY_FILE",
    "NOTEWELL_PSYCHOTHERAPY_KEY",
    "NOTEWELL_PSYCHOTHERAPY_KEY_FILE",
    "NOTEWELL_AUDIT_CHECKPOINT",
    "NOTEWELL_AUDIT_KEY",
    "NOTEWELL_AUDIT_KEY_FILE",
    "NOTEWELL_USER",
)


def isolate(monkeypatch: pytest.MonkeyPatch, data: Path, sessions: Path) -> None:
    """A record of the test's own: its data and session folders, none of the
    developer's NOTEWELL_* settings."""
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NOTEWELL_DATA_DIR", str(data))
    monkeypatch.setenv("NOTEWELL_SESSION_DIR", str(sessions))


SESSION = (
    "45 min individual session in office. pt reports low mood. Used cognitive restructuring. "
    "pt identified 2 balanced thoughts. denies SI/HI. f/u 1 wk.\n"
)


@dataclass
class RecordCli:
    run: Callable[..., Result]
    data: Path
    url: str | None = None  # PostgreSQL; None: the SQLite file in `data`

    def __call__(self, *args: str, code: int = 0) -> Result:
        return self.run(*args, code=code)

    def enrol(self, name: str, role: str) -> None:
        """Add a user as root and sign them in with the enrolment code, as they would."""
        added = self("user", "add", name, "--role", role, "--as", "root").output
        self("login", name, "--code", added.split("--code ")[1].split()[0], "--password-stdin")

    def count(self, table: str, where: str = "1=1") -> int:
        """Rows in a table, read around notewell (reading through it would be logged)."""
        query = f"SELECT count(*) FROM {table} WHERE {where}"
        if self.url is None:
            with sqlite3.connect(self.data / "notewell.db") as connection:
                return connection.execute(query).fetchone()[0]
        from sqlalchemy import create_engine, text

        engine = create_engine(self.url)
        try:
            with engine.connect() as connection:
                return connection.execute(text(query)).scalar_one()
        finally:
            engine.dispose()


def record_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str | None = None
) -> RecordCli:
    """`init` with admin root, clinician dana and client C-001 (note 1 drafted)."""
    data = tmp_path / "data"
    isolate(monkeypatch, data, tmp_path / "sessions")
    if url is not None:
        monkeypatch.setenv("NOTEWELL_DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "session.txt").write_text(SESSION, encoding="utf-8")
    app = typer.Typer()
    register(app)
    runner = CliRunner()

    def run(*args: str, code: int = 0) -> Result:
        # Commands that ask for a password read it here (--password-stdin).
        result = runner.invoke(app, list(args), input=PASSWORD + "\n" + PASSWORD + "\n")
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert "Traceback" not in result.output
        assert result.exit_code == code, result.output
        return result

    cli = RecordCli(run, data, url)
    cli("init", "--admin", "root", "--password-stdin")
    cli.enrol("dana", "clinician")
    cli("client", "add", "C-001", "--name", "Synthetic Wren", "--as", "dana")
    cli("note", "new", "session.txt", "--client", "C-001", "--as", "dana")
    return cli
