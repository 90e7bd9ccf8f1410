"""The record commands through Typer's CliRunner, on a fresh app with `register(app)`
and a temporary data directory. Session text and people are SYNTHETIC."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from notewell.cli.record import register
from record_db import PASSWORD, SYNTHETIC_NOTE

SESSION = (
    "45 min individual session in office. pt reports low mood and avoiding work email. "
    "Used cognitive restructuring to challenge catastrophic thoughts about work. pt identified "
    "2 balanced thoughts and agreed to try a thought record. denies SI/HI. I wonder if my own "
    "anxiety about deadlines is showing up here. f/u 1 wk.\n"
)
PRIVATE = "SYNTHETIC: my sense is the client tests whether I will give up on her.\n"


@pytest.fixture()
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NOTEWELL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("NOTEWELL_DATABASE_URL", raising=False)
    monkeypatch.delenv("NOTEWELL_PSYCHOTHERAPY_KEY", raising=False)
    monkeypatch.delenv("NOTEWELL_PSYCHOTHERAPY_KEY_FILE", raising=False)
    monkeypatch.delenv("NOTEWELL_AUDIT_CHECKPOINT", raising=False)
    monkeypatch.delenv("NOTEWELL_AUDIT_KEY", raising=False)
    monkeypatch.delenv("NOTEWELL_AUDIT_KEY_FILE", raising=False)
    monkeypatch.delenv("NOTEWELL_USER", raising=False)
    monkeypatch.setenv("NOTEWELL_SESSION_DIR", str(tmp_path / "sessions"))
    app = typer.Typer()
    register(app)
    runner = CliRunner()

    def run(*args: str, ok: bool = True, input: str | None = None):
        result = runner.invoke(app, list(args), input=input)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert "Traceback" not in result.output
        if ok:
            assert result.exit_code == 0, result.output
        return result

    (tmp_path / "session.txt").write_text(SESSION, encoding="utf-8")
    (tmp_path / "private.txt").write_text(PRIVATE, encoding="utf-8")
    (tmp_path / "edit.txt").write_text(SYNTHETIC_NOTE, encoding="utf-8")
    (tmp_path / "plan.yaml").write_text(
        "problems: [Low mood]\ngoals:\n  - text: Reduce avoidance of work email\n"
        "    objectives: [Answer work email 3 days a week]\nreview_date: 2027-02-01\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    run("init", "--admin", "root", "--password-stdin", input=PASSWORD + "\n")
    for name, role in (("dana", "clinician"), ("sam", "supervisor")):
        added = run("user", "add", name, "--role", role, "--as", "root").output
        code = added.split("--code ")[1].split()[0]
        run("login", name, "--code", code, "--password-stdin", input=PASSWORD + "\n")
    run("client", "add", "C-001", "--name", "Synthetic One", "--as", "dana")
    return run


def test_when_note_is_drafted_edited_signed_and_amended_then_record_shows_it(cli, monkeypatch):
    monkeypatch.setenv("NOTEWELL_USER", "dana")
    assert "Set treatment plan" in cli("plan", "set", "plan.yaml", "--client", "C-001").output
    created = cli("note", "new", "session.txt", "--client", "C-001", "--format", "dap", "--private")
    assert "draft note 1" in created.output and "psychotherapy note 1" in created.output
    shown = cli("note", "show", "1").output
    assert "Therapist used cognitive restructuring" in shown and "I wonder" not in shown
    cli("note", "edit", "1", "edit.txt", "--version", "1")
    stale = cli("note", "edit", "1", "session.txt", "--version", "1", ok=False)
    assert stale.exit_code == 2 and "changed since version 1" in stale.output
    blocked = cli("note", "sign", "1", ok=False)
    if blocked.exit_code:  # override whatever the checker raised, as a clinician would
        rules = [line.split(":")[0].strip() for line in blocked.output.splitlines()[:-1]]
        overrides = [f"--override={rule}=synthetic test" for rule in rules if rule]
        blocked = cli("note", "sign", "1", *overrides)
    assert "Signed note 1" in blocked.output
    locked = cli("note", "edit", "1", "edit.txt", "--version", "2", ok=False)
    assert locked.exit_code == 2 and "signed" in locked.output
    cli("note", "addendum", "1", "--text", "SYNTHETIC late entry")
    cli("note", "cosign", "1", "--as", "sam")
    exported = cli("export", "--client", "C-001", "--output", "markdown").output
    assert "Addendum 1" in exported and "Drafted with: embedded" in exported
    assert "Co-signed by sam" in exported
    assert "I wonder" not in exported and "deadlines" not in exported
    assert "1\t" in cli("note", "list", "--client", "C-001").output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("note", "show", "42", "--as", "dana"), "no progress note 42"),
        (("client", "show", "C-404", "--as", "dana"), "no client 'C-404'"),
        (("private", "show", "1", "--as", "sam"), "no psychotherapy note 1"),
        (("audit", "show", "--as", "dana"), "may not read the audit log"),
        (("client", "list", "--as", "mallory"), "not signed in as mallory"),
        (("login", "mallory", "--password-stdin"), "wrong user name, password"),
        (
            ("client", "add", "C-2", "--name", "X", "--dob", "31/01/1990", "--as", "dana"),
            "YYYY-MM-DD",
        ),
    ],
    ids=[
        "unknown-note",
        "unknown-client",
        "forbidden-private",
        "forbidden-audit",
        "unknown-user",
        "unknown-login",
        "bad-date",
    ],
)
def test_when_command_fails_then_one_line_and_exit_2(cli, args, message):
    cli("private", "new", "private.txt", "--client", "C-001", "--as", "dana")
    result = cli(*args, ok=False, input=PASSWORD + "\n")
    assert result.exit_code == 2
    assert message in result.output


def test_when_private_note_is_saved_then_only_its_author_reads_it(cli):
    cli("private", "new", "private.txt", "--client", "C-001", "--as", "dana")
    assert "tests whether I will give up" in cli("private", "show", "1", "--as", "dana").output


def test_when_audit_log_is_intact_then_verify_passes_and_tampering_fails(cli, tmp_path):
    assert "Audit log intact" in cli("audit", "verify", "--as", "dana").output
    import sqlite3

    connection = sqlite3.connect(tmp_path / "data" / "notewell.db")
    connection.execute("DROP TRIGGER nw_audit_no_update")
    connection.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2")
    connection.commit()
    connection.close()
    result = cli("audit", "verify", "--as", "dana", ok=False)
    assert result.exit_code == 2 and "entry #2" in result.output and "edited" in result.output


@pytest.mark.parametrize("command", ["disable", "enable"])
def test_when_asked_to_turn_auditing_off_then_it_refuses(cli, command):
    result = cli("audit", command, "--reason", "synthetic", "--as", "root", ok=False)
    assert result.exit_code == 2
    assert "cannot be turned off" in result.output and len(result.output.strip().splitlines()) == 1


def test_when_checkpoint_is_deleted_then_commands_refuse_until_an_admin_reanchors(cli, tmp_path):
    (checkpoint,) = (tmp_path / "data").glob("audit-checkpoint-*.json")
    checkpoint.unlink()
    refused = cli("client", "list", "--as", "dana", ok=False)
    assert refused.exit_code == 2 and str(checkpoint.name) in refused.output
    assert "reanchor" in refused.output and not checkpoint.exists()
    assert "missing" in cli("audit", "verify", "--as", "dana", ok=False).output
    assert (
        cli("audit", "reanchor", "--reason", "synthetic", "--as", "dana", ok=False).exit_code == 2
    )
    cli("audit", "reanchor", "--reason", "synthetic: deleted by a test", "--as", "root")
    assert checkpoint.exists()
    verified = cli("audit", "verify", "--as", "dana")
    assert "Audit log intact" in verified.output and "re-anchored" in verified.output


def test_when_store_not_initialised_then_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("NOTEWELL_DATA_DIR", str(tmp_path / "empty"))
    monkeypatch.delenv("NOTEWELL_DATABASE_URL", raising=False)
    app = typer.Typer()
    register(app)
    result = CliRunner().invoke(app, ["client", "list", "--as", "dana"])
    assert result.exit_code == 2 and "notewell init" in result.output


def test_when_the_practice_requires_cosignature_then_signed_notes_wait_for_a_supervisor(cli):
    assert cli("practice", "cosign", "--required", "--as", "dana", ok=False).exit_code == 2
    cli("practice", "cosign", "--required", "--as", "root")
    cli("note", "new", "session.txt", "--client", "C-001", "--format", "dap", "--as", "dana")
    cli("note", "sign", "1", "--as", "dana")
    assert "Awaiting supervisor co-signature" in cli("note", "show", "1", "--as", "dana").stdout
    export = cli("export", "--client", "C-001", "--as", "sam").stdout
    assert "Awaiting supervisor co-signature" in export
    cli("note", "cosign", "1", "--as", "sam")
    shown = cli("note", "show", "1", "--as", "dana").stdout
    assert "Co-signed by sam" in shown and "Awaiting" not in shown
    log = cli("audit", "show", "--as", "root").stdout
    assert "practice.cosign_required" in log


def test_when_no_policy_is_set_then_no_cosignature_is_awaited(cli):
    cli("note", "new", "session.txt", "--client", "C-001", "--format", "dap", "--as", "dana")
    cli("note", "sign", "1", "--as", "dana")
    assert "Awaiting" not in cli("note", "show", "1", "--as", "dana").stdout


def test_when_another_user_is_claimed_by_flag_env_or_config_then_nothing_is_shown(
    cli, tmp_path, monkeypatch
):
    import json
    import stat

    cli("private", "new", "private.txt", "--client", "C-001", "--as", "dana")
    sessions = tmp_path / "sessions"
    (store,) = [p for p in sessions.iterdir() if p.is_dir()]
    assert stat.S_IMODE(store.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in store.iterdir())
    # Another OS account: its own (empty) session folder, signed in as sam only.
    monkeypatch.setenv("NOTEWELL_SESSION_DIR", str(tmp_path / "other-account"))
    cli("login", "sam", "--password-stdin", input=PASSWORD + "\n")
    claims = [
        (("private", "show", "1", "--as", "dana"), {}),
        (("private", "show", "1"), {"NOTEWELL_USER": "dana"}),
    ]
    config = tmp_path / "xdg" / "notewell"
    config.mkdir(parents=True)
    (config / "config.yaml").write_text("user: dana\n", encoding="utf-8")
    claims.append((("private", "show", "1"), {"XDG_CONFIG_HOME": str(tmp_path / "xdg")}))
    for args, env in claims:
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        result = cli(*args, ok=False)
        assert result.exit_code == 2 and "not signed in as dana" in result.output
        assert "give up on her" not in result.output
        for name in env:
            monkeypatch.delenv(name)
    # A session file renamed or rewritten to say "dana" still proves only its own user.
    own = json.loads((tmp_path / "other-account" / store.name / "sam.json").read_text())
    forged = tmp_path / "other-account" / store.name / "dana.json"
    forged.write_text(json.dumps({**own, "user": "dana"}), encoding="utf-8")
    result = cli("private", "show", "1", "--as", "dana", ok=False)
    assert result.exit_code == 2 and "no psychotherapy note 1" in result.output  # sam's answer
    assert "give up on her" not in result.output


def test_when_signed_out_then_record_commands_refuse(cli):
    assert "dana" in cli("whoami", "--as", "dana").output
    cli("logout", "--as", "dana")
    result = cli("client", "list", "--as", "dana", ok=False)
    assert result.exit_code == 2 and "not signed in as dana" in result.output


def test_when_two_step_sign_in_is_enabled_then_login_needs_the_code(cli):
    import pyotp

    uri = cli("totp", "enable", "--as", "dana").output.split()[-1]
    secret = pyotp.parse_uri(uri).secret
    refused = cli("login", "dana", "--password-stdin", ok=False, input=PASSWORD + "\n")
    assert refused.exit_code == 2 and "--totp" in refused.output
    code = pyotp.TOTP(secret).now()
    cli("login", "dana", "--totp", code, "--password-stdin", input=PASSWORD + "\n")
    cli("totp", "disable", "--as", "dana", "--password-stdin", input=PASSWORD + "\n")
    cli("login", "dana", "--password-stdin", input=PASSWORD + "\n")


def test_when_an_admin_sets_the_signing_deadline_then_it_is_logged(cli):
    assert cli("practice", "deadline", "2", "--as", "dana", ok=False).exit_code == 2
    assert cli("practice", "deadline", "0", "--as", "root", ok=False).exit_code == 2
    assert "unsigned 2 days" in cli("practice", "deadline", "2", "--as", "root").stdout
    assert "practice.sign_deadline_days" in cli("audit", "show", "--as", "root").stdout
