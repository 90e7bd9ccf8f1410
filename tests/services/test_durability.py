"""Durability: a process streaming saves is killed with SIGKILL mid-stream; every save
it reported as committed is in the store afterwards, the store opens, and
`notewell audit verify` passes. On SQLite (plain and SQLCipher) and PostgreSQL.
All text is SYNTHETIC."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from notewell.services import notes, private_notes
from notewell.services.audit import verify_audit_log
from notewell.services.context import Context
from notewell.services.setup import prepare_encryption
from notewell.store.config import StoreSettings, settings_from_env
from notewell.store.database import Database, open_database
from notewell.store.models import NoteVersion
from record_db import PASSWORD, SYNTHETIC_NOTE, setup_practice, sign_in

CHILD = Path(__file__).with_name("save_stream.py")
ROUNDS = 2  # each round restarts the writer on the store the last one was killed in
STREAM_TIMEOUT_S = 12


def _env(settings: StoreSettings, data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOTEWELL_")}
    env.update(
        NOTEWELL_DATA_DIR=str(data_dir),
        NOTEWELL_DATABASE_URL=settings.database_url,
        NOTEWELL_PSYCHOTHERAPY_KEY_FILE=str(settings.key_file),
        NOTEWELL_AUDIT_KEY_FILE=str(settings.audit_key_path),
    )
    if settings.checkpoint_file:
        env["NOTEWELL_AUDIT_CHECKPOINT"] = str(settings.checkpoint_file)
    if settings.db_key_file:
        env["NOTEWELL_DATABASE_KEY_FILE"] = str(settings.db_key_file)
    return env


def _stream_then_kill(env: dict[str, str], args: list[str], wanted: int) -> list[str]:
    """Run the writer until it has reported `wanted` commits, then SIGKILL it at a
    random moment inside the next save; return every complete line it printed."""
    child = subprocess.Popen(
        [sys.executable, str(CHILD), *args],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdin is not None
    child.stdin.write(PASSWORD + "\n")  # the writer signs in as a clinician would
    child.stdin.close()
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(child.stdout), daemon=True)
    reader.start()
    deadline = time.monotonic() + STREAM_TIMEOUT_S
    while len(lines) < wanted and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(random.uniform(0, 0.02))
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    reader.join(timeout=10)
    stderr = child.stderr.read() if child.stderr else ""
    assert child.returncode == -signal.SIGKILL, f"the writer died on its own: {stderr}"
    assert len(lines) >= wanted, f"only {len(lines)} saves before the deadline: {stderr}"
    return [line for line in lines if line.endswith("\n")]


def _check_every_reported_save(db: Database, ctx: Context, lines: list[str]) -> int:
    def digest(text: str) -> str:
        return hashlib.sha256(text.encode()).hexdigest()

    with db.transaction() as session:
        for line in lines:
            kind, *fields = line.split()
            if kind == "private":
                continue
            note_id, number, expected = (
                (int(fields[0]), int(fields[1]), fields[2])
                if kind == "saved"
                else (int(fields[0]), 1, fields[1])
            )
            row = session.scalar(
                select(NoteVersion).where(
                    NoteVersion.note_id == note_id, NoteVersion.number == number
                )
            )
            assert row is not None, f"lost a committed save: {line.strip()}"
            assert digest(row.text) == expected, f"save changed: {line.strip()}"
    for line in lines:
        if line.startswith("private "):
            assert private_notes.show_private_note(ctx, int(line.split()[1])).text
    return len(lines)


def _run_rounds(db: Database, data_dir: Path) -> None:
    dana = sign_in(db, "dana")
    note_id = notes.create_note(dana, "C-001", SYNTHETIC_NOTE, "dap").note_id
    env = _env(db.settings, data_dir)
    reported = []
    for round_number in range(ROUNDS):
        wanted = random.randint(25, 45) + 10 * round_number
        reported += _stream_then_kill(env, ["dana", "C-001", str(note_id)], wanted)
    assert _check_every_reported_save(db, dana, reported) >= 50
    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    report = verify_audit_log(dana)
    assert report.ok and not report.warnings, report.problems
    cli = [sys.executable, "-c", "from notewell.cli import main; main()"]
    env["NOTEWELL_SESSION_DIR"] = str(data_dir / "sessions")
    login = [*cli, "login", "dana", "--password-stdin"]
    signed = subprocess.run(login, env=env, input=PASSWORD + "\n", capture_output=True, text=True)
    assert signed.returncode == 0, signed.stderr
    done = subprocess.run(
        [*cli, "audit", "verify", "--as", "dana"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0 and "Audit log intact" in done.stdout, done.stderr


def test_when_writer_is_killed_mid_stream_then_no_committed_save_is_lost(world, tmp_path):
    _run_rounds(world.db, tmp_path)


def test_when_encrypted_writer_is_killed_mid_stream_then_no_committed_save_is_lost(tmp_path):
    pytest.importorskip("sqlcipher3", reason="the [encrypt] extra is needed")
    from notewell.services import clients

    settings = settings_from_env({"NOTEWELL_DATA_DIR": str(tmp_path)})
    prepare_encryption(settings)
    db = open_database(settings)
    _admin, dana = setup_practice(db)
    clients.add_client(dana, "C-001", "Synthetic Client")
    _run_rounds(db, tmp_path)
    db.close()
