"""`notewell init --encrypt`, `backup`, `restore` through Typer's CliRunner on a
temporary data directory. People and text are SYNTHETIC."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from record_cli import isolate
from typer.testing import CliRunner

from notewell.cli.record import register
from record_db import PASSWORD

pytest.importorskip("sqlcipher3", reason="the [encrypt] extra (sqlcipher3-binary) is needed")


@pytest.fixture()
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    isolate(monkeypatch, tmp_path / "data", tmp_path / "sessions")
    monkeypatch.setenv("NOTEWELL_USER", "root")
    monkeypatch.chdir(tmp_path)
    app = typer.Typer()
    register(app)
    runner = CliRunner()

    def run(*args: str, code: int = 0, input: str | None = None) -> str:
        result = runner.invoke(app, list(args), input=input)
        assert "Traceback" not in result.output
        assert result.exit_code == code, result.output
        return result.output

    return run


def test_when_store_is_encrypted_then_backup_and_restore_work_from_the_command_line(cli, tmp_path):
    out = cli("init", "--admin", "root", "--encrypt", "--password-stdin", input=PASSWORD + "\n")
    assert "encrypted with SQLCipher" in out and "key file" in out
    code = cli("user", "add", "dana", "--role", "clinician").split("--code ")[1].split()[0]
    cli("login", "dana", "--code", code, "--password-stdin", input=PASSWORD + "\n")
    cli("client", "add", "C-001", "--name", "Synthetic Wren", "--clinician", "dana")
    assert "encrypted backup" in cli("backup", "b.db")
    assert "already exists" in cli("backup", "b.db", code=2)
    restore = ("restore", "b.db", "--admin", "root", "--password-stdin")
    assert "--force" in cli(*restore, code=2, input=PASSWORD + "\n")
    assert "older than the record" in cli(*restore, "--force", code=2, input=PASSWORD + "\n")
    wrong = cli(*restore, "--force", "--rollback", "drill", code=2, input="not-it\n")
    assert "not an admin of the backup with that password" in wrong
    done = cli(*restore, "--force", "--rollback", "synthetic drill", input=PASSWORD + "\n")
    assert "restore logged" in done
    assert "Audit log intact" in cli("audit", "verify")
    assert "C-001" in cli("client", "list", "--as", "dana")
    (tmp_path / "data" / "database.key").rename(tmp_path / "elsewhere.key")
    out = cli("client", "list", "--as", "dana", code=2)
    assert "encrypted (SQLCipher) and no database key" in out
