"""Stored strings cannot forge lines: listings, `client show`, `note show` and `audit
show` print control characters escaped (\\n, \\t, \\x1b…). People are SYNTHETIC."""

from __future__ import annotations

import re

import pytest
from record_cli import record_cli

from notewell.services.row_macs import seal_client
from notewell.store.database import open_database
from notewell.store.models import Client, User

FORGED_NAME = "Synthetic Wren\n2\tforged\x1b[31mred\x1b[0m\r\u202eevil"
FORGED_ID = "C-9\tforged"


@pytest.fixture()
def cli(tmp_path, monkeypatch):
    return record_cli(tmp_path, monkeypatch)


def plant_legacy_client(identifier: str, name: str) -> None:
    """A row from before validation (or written by another tool): the CLI refuses these
    names now, but whatever is stored must still print safely."""
    db = open_database()
    try:
        with db.transaction() as session:
            dana = session.query(User).filter_by(username="dana").one()
            client = Client(identifier=identifier, name=name, clinician_id=dana.id)
            session.add(client)
            seal_client(session, client)  # as `notewell init` gives rows from before MACs
    finally:
        db.close()


def assert_clean(output: str) -> None:
    assert "\x1b" not in output and "\r" not in output and "\u202e" not in output


def test_when_a_stored_name_holds_controls_then_each_client_is_one_line(cli):
    plant_legacy_client(FORGED_ID, FORGED_NAME)
    out = cli("client", "list", "--as", "dana").stdout
    rows = out.splitlines()
    assert len(rows) == 2, out  # C-001 and the planted client, nothing forged
    assert all(len(row.split("\t")) == 3 for row in rows), rows
    assert_clean(out)
    assert (
        rows[1]
        == "C-9\\tforged\tSynthetic Wren\\n2\\tforged\\x1b[31mred\\x1b[0m\\r\\u202eevil\tdana"
    )
    shown = cli("client", "show", FORGED_ID, "--as", "dana").stdout
    assert_clean(shown)
    assert shown.splitlines()[0].startswith("Client C-9\\tforged: Synthetic Wren\\n2\\tforged")
    assert len(shown.splitlines()) == 4, shown


def test_when_audit_details_and_actors_hold_controls_then_each_entry_is_one_line(cli):
    forged_row = "ok\n999\t2026-01-01T00:00:00Z\troot\taudit.enable\taudit_log:-\tcli\t\x1b[2J"
    from notewell.services.context import record_event
    from notewell.store.database import open_database

    db = open_database()  # a detail written by any use case (here: directly)
    record_event(db, "root", "synthetic.event", "audit_log", None, "test", forged_row)
    db.close()
    # A refused sign-in is logged with the name it claimed.
    denied = cli("login", "mallory\n1\tforged", "--password-stdin", code=2).output
    assert len(denied.strip().splitlines()) == 1, denied  # the error line itself
    out = cli("audit", "show", "--limit", "100", "--as", "root").stdout
    rows = out.splitlines()
    assert_clean(out)
    assert all(re.match(r"\d+\t", row) for row in rows), rows
    assert all(len(row.split("\t")) == 7 for row in rows), rows
    assert [int(r.split("\t")[0]) for r in rows] == list(range(1, len(rows) + 1))
    assert any(
        r.endswith(
            "\tok\\n999\\t2026-01-01T00:00:00Z\\troot\\taudit.enable\\taudit_log:-\\tcli\\t\\x1b[2J"
        )
        for r in rows
    ), rows
    assert any("\tmallory\\n1\\tforged\t" in r for r in rows), rows


def test_when_a_note_holds_an_escape_sequence_then_show_prints_it_escaped(cli, tmp_path):
    (tmp_path / "edit.txt").write_text(
        "DATA\nClient reported low mood.\x1b[2J\x1b[H\rSigned by root\n", encoding="utf-8"
    )
    cli("note", "edit", "1", "edit.txt", "--version", "1", "--as", "dana")
    shown = cli("note", "show", "1", "--as", "dana").stdout
    assert_clean(shown)
    assert "Client reported low mood.\\x1b[2J\\x1b[H\\rSigned by root" in shown
    assert "DATA\nClient reported" in shown  # the note's own lines are kept


def test_when_a_listing_cell_holds_a_backslash_then_it_cannot_pass_for_an_escape(cli):
    plant_legacy_client("C-10", "Synthetic\\nWren")
    rows = cli("client", "list", "--as", "dana").stdout.splitlines()
    assert "C-10\tSynthetic\\\\nWren\tdana" in rows
