"""Every file notewell creates is 0600 and every folder 0700, whatever the umask: the
record, its -wal/-shm files, keys, backups, the audit checkpoint and its lock. Runs the
real commands through Typer's CliRunner. People and text are SYNTHETIC."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from record_cli import isolate
from typer.testing import CliRunner

from notewell.cli.record import register
from record_db import PASSWORD, PG_SKIP_REASON, PG_URL, fresh_pg_database

SESSION = (
    "45 min individual session in office. pt reports low mood. Used cognitive restructuring. "
    "pt identified 2 balanced thoughts. denies SI/HI. I wonder if I rushed the ending. f/u 1 wk.\n"
)


@pytest.fixture()
def loose_umask() -> Iterator[None]:
    """The common default: without notewell's care, new files would be 0644."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.fixture()
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loose_umask: None):
    # Two missing levels: notewell creates the parent of its data folder too.
    isolate(monkeypatch, tmp_path / "home" / "notewell-data", tmp_path / "home" / "sessions")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "session.txt").write_text(SESSION, encoding="utf-8")
    app = typer.Typer()
    register(app)
    runner = CliRunner()

    def run(*args: str, code: int = 0) -> str:
        # Commands that ask for a password read it here (--password-stdin).
        result = runner.invoke(app, list(args), input=PASSWORD + "\n" + PASSWORD + "\n")
        assert "Traceback" not in result.output
        assert result.exit_code == code, result.output
        return result.output

    return run


def modes_under(root: Path) -> dict[str, str]:
    """Every entry below (and including) root with its permission bits, e.g. '0o600'."""
    found = {".": oct(stat.S_IMODE(root.stat().st_mode))}
    for folder, dirs, files in os.walk(root):
        for name in [*dirs, *files]:
            path = Path(folder) / name
            found[str(path.relative_to(root))] = oct(stat.S_IMODE(path.lstat().st_mode))
    return found


def assert_private(root: Path) -> dict[str, str]:
    modes = modes_under(root)
    loose = {
        name: mode
        for name, mode in modes.items()
        if mode != ("0o700" if (root / name).is_dir() else "0o600")
    }
    assert loose == {}, modes
    return modes


def init(cli, *extra: str) -> None:
    cli("init", "--admin", "root", "--password-stdin", *extra)


def record_flow(cli, backup: str) -> None:
    added = cli("user", "add", "dana", "--role", "clinician", "--as", "root")
    cli("login", "dana", "--code", added.split("--code ")[1].split()[0], "--password-stdin")
    cli("client", "add", "C-001", "--name", "Synthetic Wren", "--as", "dana")
    cli("note", "new", "session.txt", "--client", "C-001", "--private", "--as", "dana")
    cli("note", "list", "--client", "C-001", "--as", "dana")
    cli("private", "rotate-key", "--as", "dana", "--password-stdin")
    cli("export", "--client", "C-001", "--out", "export.txt", "--as", "dana")
    cli("backup", backup, "--passphrase-stdin", "--as", "root")
    cli("audit", "verify", "--as", "root")


@pytest.mark.parametrize("encrypt", [False, True], ids=["plain", "sqlcipher"])
def test_when_the_record_is_used_then_every_file_and_folder_is_private(cli, tmp_path, encrypt):
    if encrypt:
        pytest.importorskip("sqlcipher3", reason="the [encrypt] extra is needed")
    init(cli, *(["--encrypt"] if encrypt else []))
    record_flow(cli, "backups-are-here.db")
    cli(
        "restore",
        "backups-are-here.db",
        "--admin",
        "root",
        "--force",
        "--rollback",
        "synthetic drill",
        "--password-stdin",
    )
    cli("client", "list", "--as", "dana")  # a connection on the restored file: -wal, -shm

    data = tmp_path / "home" / "notewell-data"
    modes = assert_private(tmp_path / "home")
    names = {Path(n).name for n in modes}
    expected = {"notewell.db", "notewell.db-wal", "notewell.db-shm", "dana.json", "root.json"}
    assert expected <= names, modes
    assert any(n.endswith(".json.lock") for n in names), modes
    assert any(".json.before-restore-" in n for n in names), modes
    assert ("database.key" in names) is encrypt
    assert len([n for n in names if n.startswith("audit-checkpoint-") and n.endswith(".json")]) == 1
    for made in ("backups-are-here.db", "export.txt"):
        assert oct(stat.S_IMODE((tmp_path / made).stat().st_mode)) == "0o600", made
    assert data.is_dir()


@pytest.mark.skipif(not PG_URL, reason=PG_SKIP_REASON)
def test_when_postgresql_is_backed_up_then_the_dump_and_the_data_folder_are_private(
    cli, tmp_path, monkeypatch
):
    with fresh_pg_database() as url:
        monkeypatch.setenv("NOTEWELL_DATABASE_URL", url)
        init(cli)
        record_flow(cli, "record.dump")
        assert (tmp_path / "record.dump").read_bytes().startswith(b"NWSEALED1")  # sealed
        assert oct(stat.S_IMODE((tmp_path / "record.dump").stat().st_mode)) == "0o600"
        names = {Path(n).name for n in assert_private(tmp_path / "home")}
        assert "dana.json" in names


def test_when_a_symlink_is_planted_at_a_session_tmp_path_then_it_is_not_followed(cli, tmp_path):
    init(cli)
    (store,) = (tmp_path / "home" / "sessions").iterdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("SYNTHETIC: not notewell's to overwrite\n", encoding="utf-8")
    (store / "root.json.tmp").symlink_to(victim)
    before = (store / "root.json").read_bytes()
    out = cli("login", "root", "--password-stdin", code=2)
    assert "symbolic link" in out and len(out.strip().splitlines()) == 1, out
    assert victim.read_text(encoding="utf-8") == "SYNTHETIC: not notewell's to overwrite\n"
    assert (store / "root.json").read_bytes() == before


def test_when_a_symlink_is_planted_at_the_checkpoint_tmp_path_then_it_is_not_followed(tmp_path):
    from notewell.store.audit_anchor import Checkpoint, _write
    from notewell.store.errors import StoreError

    checkpoint = tmp_path / "audit-checkpoint.json"
    victim = tmp_path / "victim.txt"
    victim.write_text("untouched", encoding="utf-8")
    (tmp_path / "audit-checkpoint.json.tmp").symlink_to(victim)
    with pytest.raises(StoreError, match="symbolic link"):
        _write(checkpoint, b"k" * 32, Checkpoint("store", 1, "0" * 64, 1))
    assert victim.read_text(encoding="utf-8") == "untouched"
    assert not checkpoint.exists()


def test_when_a_database_key_is_written_then_no_symlink_is_followed(tmp_path, loose_umask):
    from notewell.store.errors import EncryptionKeyError
    from notewell.store.sqlcipher import new_key, write_key_file

    victim = tmp_path / "victim.txt"
    victim.write_text("untouched", encoding="utf-8")
    (tmp_path / "database.key").symlink_to(victim)
    with pytest.raises(EncryptionKeyError):
        write_key_file(tmp_path / "database.key", new_key())
    assert victim.read_text(encoding="utf-8") == "untouched"
    write_key_file(tmp_path / "new" / "database.key", new_key())
    assert oct(stat.S_IMODE((tmp_path / "new").stat().st_mode)) == "0o700"
    assert oct(stat.S_IMODE((tmp_path / "new" / "database.key").stat().st_mode)) == "0o600"


def test_when_a_crash_left_a_stale_tmp_file_then_the_next_write_replaces_it(tmp_path):
    from notewell.store.files import write_private_file

    (tmp_path / "k.tmp").write_text("half-written", encoding="utf-8")
    write_private_file(tmp_path / "k", "whole\n")
    assert (tmp_path / "k").read_text(encoding="utf-8") == "whole\n"
    assert not (tmp_path / "k.tmp").exists()
