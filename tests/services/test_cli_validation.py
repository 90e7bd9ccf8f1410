"""Bad input through the real commands: one line, exit status 2, and nothing changed
(no row, no audit entry, no file). People and text are SYNTHETIC."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from record_cli import RecordCli, record_cli

from notewell.core.errors import InputError
from notewell.services import validation
from record_db import BACKENDS, fresh_pg_database

HUGE = "99999999999999999999"


@pytest.fixture(params=BACKENDS)
def cli(request, tmp_path, monkeypatch) -> Iterator[RecordCli]:
    if request.param == "sqlite":
        yield record_cli(tmp_path, monkeypatch)
        return
    with fresh_pg_database() as url:
        yield record_cli(tmp_path, monkeypatch, url)


def refused(cli: RecordCli, *args: str, message: str, tables: tuple[str, ...]) -> str:
    before = {t: cli.count(t) for t in ("audit_log", *tables)}
    output = cli(*args, code=2).output
    lines = output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), output
    assert message in lines[0], output
    assert {t: cli.count(t) for t in before} == before, f"{args} changed the record"
    return lines[0]


@pytest.mark.parametrize(
    ("identifier", "name", "dob", "message"),
    [
        ("C 1", "Synthetic Wren", None, "client identifier 'C 1'"),
        ("C-1\n2\tforged", "Synthetic Wren", None, "client identifier"),
        ("x" * 65, "Synthetic Wren", None, "1 to 64 letters"),
        ("C/1", "Synthetic Wren", None, "client identifier"),
        ("Ç-1", "Synthetic Wren", None, "client identifier"),
        ("C-2", "", None, "client name is empty"),
        ("C-2", "   ", None, "client name is empty"),
        ("C-2", "W" * 201, None, "at most 200"),
        ("C-2", "Synthetic Wren\n2\tforged\x1b[31m", None, "control character '\\n'"),
        ("C-2", "Synthetic\x1b[31mWren", None, "control character '\\x1b'"),
        ("C-2", "Synthetic \u202eWren", None, "control character"),
        ("C-2", "Synthetic Wren", "2999-01-01", "in the future"),
        ("C-2", "Synthetic Wren", "1899-12-31", "before 1900"),
    ],
    ids=[
        "id-space",
        "id-controls",
        "id-too-long",
        "id-slash",
        "id-not-ascii",
        "name-empty",
        "name-blank",
        "name-too-long",
        "name-newline",
        "name-escape",
        "name-bidi",
        "dob-future",
        "dob-1899",
    ],
)
def test_when_a_client_is_added_with_bad_input_then_nothing_is_stored(
    cli, identifier, name, dob, message
):
    args = ["client", "add", identifier, "--name", name, "--as", "dana"]
    refused(cli, *args, *(["--dob", dob] if dob else []), message=message, tables=("clients",))


def test_when_client_input_is_good_then_it_is_stored(cli):
    cli(
        "client",
        "add",
        "c.2_b-3",
        "--name",
        " Zoë O'Brien-Łukasz ",
        "--dob",
        "1900-01-01",
        "--as",
        "dana",
    )
    assert "c.2_b-3\tZoë O'Brien-Łukasz\tdana" in cli("client", "list", "--as", "dana").stdout


@pytest.mark.parametrize(
    ("username", "display", "message"),
    [
        ("dana.", "", "user name 'dana.'"),
        (".dana", "", "user name"),
        ("da na", "", "user name"),
        ("dana\n2", "", "user name"),
        ("d" * 65, "", "1 to 64"),
        ("lee", "L" * 201, "at most 200"),
        ("lee", "Lee\x1b[31m", "control character"),
    ],
    ids=["dot-end", "dot-start", "space", "newline", "too-long", "display-long", "display-esc"],
)
def test_when_a_user_is_added_with_bad_input_then_nothing_is_stored(
    cli, username, display, message
):
    args = ["user", "add", username, "--role", "clinician", "--name", display, "--as", "root"]
    refused(cli, *args, message=message, tables=("users",))


@pytest.mark.parametrize(
    "args",
    [
        ("note", "show", HUGE),
        ("note", "show", "2147483648"),
        ("note", "show", "0"),
        ("note", "edit", HUGE, "session.txt", "--version", "1"),
        ("note", "edit", "1", "session.txt", "--version", HUGE),
        ("note", "sign", HUGE),
        ("note", "addendum", HUGE, "--text", "SYNTHETIC"),
        ("note", "cosign", HUGE),
        ("private", "show", HUGE),
        ("audit", "show", "--limit", HUGE),
        ("audit", "show", "--limit", "0"),
    ],
    ids=lambda a: "-".join(a[:2]) + ("-huge" if HUGE in a else f"-{a[2] if len(a) > 2 else ''}"),
)
def test_when_a_numeric_id_is_out_of_range_then_one_line_and_no_log(cli, args):
    user = "root" if args[0] == "audit" else "dana"
    refused(
        cli,
        *args,
        "--as",
        user,
        message="out of range (1 to 2147483647)",
        tables=("note_versions",),
    )


def test_when_the_backup_folder_is_missing_then_nothing_is_logged_or_written(cli, tmp_path):
    line = refused(
        cli,
        "backup",
        "missing/b.db",
        "--passphrase-stdin",
        "--as",
        "root",
        message="no such folder",
        tables=(),
    )
    assert "missing" in line
    assert not (tmp_path / "missing").exists()


def test_when_init_names_a_bad_admin_then_no_store_is_created(tmp_path, monkeypatch):
    import typer
    from typer.testing import CliRunner

    from notewell.cli.record import register

    monkeypatch.setenv("NOTEWELL_DATA_DIR", str(tmp_path / "fresh"))
    monkeypatch.delenv("NOTEWELL_DATABASE_URL", raising=False)
    app = typer.Typer()
    register(app)
    result = CliRunner().invoke(app, ["init", "--admin", "root."])
    assert result.exit_code == 2 and "user name 'root.'" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "fresh").exists()


@pytest.mark.parametrize("good", ["a", "dana", "d.reyes", "d_r-2", "A" * 64])
def test_when_a_user_name_is_well_formed_then_it_is_accepted(good):
    assert validation.username(good) == good


def test_when_a_date_of_birth_is_checked_then_today_is_the_limit():
    assert validation.date_of_birth(date(2026, 1, 1), today=date(2026, 1, 1))
    with pytest.raises(InputError):
        validation.date_of_birth(date(2026, 1, 2), today=date(2026, 1, 1))
