"""A PostgreSQL backup's rows staged into SQLite: the COPY text parser on hand-written
input with every escape, type conversion through a stand-in pg_restore, and, on
PostgreSQL, a real dump staged row for row. All people, clients and notes SYNTHETIC."""

from __future__ import annotations

import os
import sqlite3
import sys
import textwrap
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from notewell.services import clients, notes, private_notes, signing
from notewell.services.record_integrity import signed_record_problems
from notewell.services.views import SessionView
from notewell.store.audit_anchor import store_facts
from notewell.store.audit_chain import load_entries, verify_chain
from notewell.store.backup import pg_dump, pg_tool
from notewell.store.dump_staging import parse_copy_blocks, stage_pg_dump
from notewell.store.errors import StoreError
from notewell.store.models import Base
from record_db import BACKENDS, SYNTHETIC_NOTE, sign_with_overrides

# parse_copy_blocks ---------------------------------------------------------------------

HEADER = """\
--
-- PostgreSQL database dump
--

SET client_encoding = 'UTF8';
SELECT pg_catalog.set_config('search_path', '', false);

--
-- Data for Name: {name}; Type: TABLE DATA; Schema: public; Owner: -
--

"""


def test_when_copy_text_has_every_escape_then_fields_are_unescaped_exactly():
    data = (
        HEADER.format(name="t")
        + "COPY public.t (id, body, note) FROM stdin;\n"
        + "1\tback\\\\slash tab\\t nl\\n cr\\r bs\\b ff\\f vt\\v\t\\N\n"
        + "2\toctal \\101\\0\\60x \\303\\251 hex \\x41\\x7e\\xc3\\xa9 bare \\x! \\q\\N\t\n"
        + "3\t\\\\x0a1b\tdata\\\tdelimiter \\\nold newline\n"
        + "\\.\n\n"
    )
    columns, rows = parse_copy_blocks(data)["t"]
    assert columns == ["id", "body", "note"]
    assert rows == [
        ["1", "back\\slash tab\t nl\n cr\r bs\b ff\f vt\v", None],
        ["2", "octal A\x000x é hex A~é bare x! qN", ""],
        ["3", "\\x0a1b", "data\tdelimiter \nold newline"],
    ]


def test_when_copy_text_has_several_tables_then_each_is_its_own_block():
    data = (
        HEADER.format(name="users")
        + "COPY public.users (id, username) FROM stdin;\n1\troot\n\\.\n\n"
        + 'COPY public."Odd, name" ("select", "a""b", plain) FROM stdin;\n\\N\t\\\\N\t\n\\.\n'
        + "COPY other.users (id) FROM stdin;\n\\.\n"
        + "SELECT pg_catalog.setval('public.users_id_seq', 1, true);\n"
    )
    assert parse_copy_blocks(data) == {
        "users": (["id", "username"], [["1", "root"]]),
        "Odd, name": (["select", 'a"b', "plain"], [[None, "\\N", ""]]),
        "other.users": (["id"], []),
    }
    assert parse_copy_blocks(HEADER.format(name="nothing")) == {}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("1\tone\n", "without its end marker"),
        ("1\tone", "without its end marker"),
        ("1\n\\.\n", "1 fields in COPY t, which has 2 columns"),
        ("1\tone\ttwo\n\\.\n", "3 fields"),
        ("1\tcarriage\rreturn\n\\.\n", "literal carriage return"),
        ("1\t\\377\n\\.\n", "not UTF-8"),
        ("1\tends with a backslash\\", "a backslash ends the line"),
    ],
)
def test_when_copy_text_is_malformed_then_value_error_names_the_line(body, message):
    with pytest.raises(ValueError, match=message):
        parse_copy_blocks("COPY public.t (id, body) FROM stdin;\n" + body)


def test_when_copy_header_is_not_understood_then_value_error():
    with pytest.raises(ValueError, match="line 2: not a COPY"):
        parse_copy_blocks("--\nCOPY public.t (id, body) TO stdout;\n\\.\n")
    with pytest.raises(ValueError, match="names a column twice"):
        parse_copy_blocks("COPY public.t (id, id) FROM stdin;\n\\.\n")


# stage_pg_dump through a stand-in pg_restore -------------------------------------------

FAKE_PG_RESTORE = """\
#!{python}
# A stand-in pg_restore: the "dump" is a folder holding each table's COPY output.
import sys
from pathlib import Path

args = sys.argv[1:]
assert args[:1] == ["--data-only"] and args[2] == "--file=-", args
table = args[1].removeprefix("--table=")
folder = Path(args[-1])
if (folder / "FAIL").exists():
    sys.stderr.write("pg_restore: error: could not read input file\\nmore detail\\n")
    sys.exit(1)
sys.stdout.write({header!r}.format(name=table))
data = folder / (table + ".copy")
if data.exists():
    sys.stdout.write(data.read_text(encoding="utf-8"))
"""


def fake_dump(tmp_path: Path, tables: dict[str, str]) -> tuple[Path, Path]:
    """A pg_bin folder with the stand-in pg_restore, and a "dump" of these COPY texts."""
    pg_bin = tmp_path / "bin"
    pg_bin.mkdir()
    script = pg_bin / "pg_restore"
    script.write_text(FAKE_PG_RESTORE.format(python=sys.executable, header=HEADER))
    script.chmod(0o700)
    dump = tmp_path / "dump"
    dump.mkdir()
    for name, copy_text in tables.items():
        (dump / f"{name}.copy").write_text(textwrap.dedent(copy_text), encoding="utf-8")
    return pg_bin, dump


def staged_rows(staged: Path, query: str) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(staged)
    try:
        return connection.execute(query).fetchall()
    finally:
        connection.close()


def test_when_dump_is_staged_then_each_column_type_is_converted(tmp_path):
    copy = {
        "users": """\
            COPY public.users (id, username, display_name, role, active, created_at, retired) FROM stdin;
            1\troot\tSynthetic Admin\tadmin\tt\t2026-12-01 11:13:25.998348+00\tdropped
            2\tdana\tSynthetic D\\\\ana\tclinician\tf\t2026-12-01 07:42:33-03:30:52\t\\N
            \\.
            """,
        "clients": """\
            COPY public.clients (id, identifier, name, date_of_birth, clinician_id) FROM stdin;
            1\tC-001\tSynthetic Client One\t1990-02-28\t2
            \\.
            """,
        "service_sessions": """\
            COPY public.service_sessions (id, client_id, clinician_id, participants, created_at) FROM stdin;
            1\t1\t2\t["client", "partner \\\\u00e9"]\t2026-12-01 11:00:00+00
            \\.
            """,
        "progress_notes": """\
            COPY public.progress_notes (id, client_id, author_id, note_format, status, current_version, lock_version, created_at, updated_at, draft_engine, changed_ratio, consent_on_file) FROM stdin;
            1\t1\t2\tdap\tdraft\t1\t1\t2026-12-01 11:00:00+00\t2026-12-01 11:00:00+00\tmanual\t0.125\t\\N
            \\.
            """,
        "psychotherapy_notes": """\
            COPY public.psychotherapy_notes (id, uid, client_id, author_id, created_at, key_id, nonce, ciphertext) FROM stdin;
            1\tu1\t1\t2\t2026-12-01 11:00:00+00\tk1\t\\\\x000aff\t\\\\x
            \\.
            """,
        "treatment_plans": """\
            COPY public.treatment_plans (id, client_id, problems, interventions, created_by_id, created_at) FROM stdin;
            1\t1\tnull\t[]\t2\t2026-12-01 11:00:00+00
            \\.
            """,
        "alembic_version": """\
            COPY public.alembic_version (version_num) FROM stdin;
            0004
            \\.
            """,
    }
    pg_bin, dump = fake_dump(tmp_path, copy)
    staged = tmp_path / "staged.db"
    stage_pg_dump(dump, staged, pg_bin)

    assert staged.stat().st_mode & 0o777 == 0o600
    engine = create_engine(f"sqlite:///{staged}")
    tables = Base.metadata.tables
    with engine.connect() as connection:
        users = connection.execute(select(tables["users"]).order_by(text("id"))).all()
        assert [tuple(u) for u in users] == [
            (
                1,
                "root",
                "Synthetic Admin",
                "admin",
                True,
                datetime(2026, 12, 1, 11, 13, 25, 998348),
                None,  # no mac in this dump: the model's column takes NULL
            ),
            (
                2,
                "dana",
                "Synthetic D\\ana",
                "clinician",
                False,
                datetime(2026, 12, 1, 11, 13, 25),
                None,
            ),
        ]  # SQLite keeps the UTC wall time, as the store itself does (-03:30:52: LMT)
        client = connection.execute(select(tables["clients"])).one()
        assert client.date_of_birth == date(1990, 2, 28)
        assert client.created_at is not None  # absent from the dump: the model's default
        session = connection.execute(select(tables["service_sessions"])).one()
        assert session.participants == ["client", "partner é"]
        note = connection.execute(select(tables["progress_notes"])).one()
        assert note.changed_ratio == 0.125 and note.consent_on_file is None
        private = connection.execute(select(tables["psychotherapy_notes"])).one()
        assert private.nonce == b"\x00\n\xff" and private.ciphertext == b""
        plan = connection.execute(select(tables["treatment_plans"])).one()
        assert plan.problems is None and plan.interventions == []
        assert connection.execute(text("SELECT version_num FROM alembic_version")).all() == [
            ("0004",)
        ]
    engine.dispose()
    # JSON null stays JSON null; SQL NULL stays SQL NULL.
    assert staged_rows(staged, "SELECT problems, typeof(problems) FROM treatment_plans") == [
        ("null", "text")
    ]
    assert staged_rows(staged, "SELECT count(*) FROM audit_log") == [(0,)]  # not in the dump


@pytest.mark.parametrize(
    ("tables", "message"),
    [
        ({"FAIL": ""}, "pg_restore failed: pg_restore: error: could not read input file$"),
        ({"users": "COPY public.users (id) FROM stdin;\n1\n"}, "table users .*end marker"),
        ({"users": "COPY public.users (id, active) FROM stdin;\n1\tyes\n\\.\n"}, "active is not"),
        ({"clients": "COPY public.clients (id) FROM stdin;\nC-001\n\\.\n"}, "id is not a valid"),
        ({"users": "COPY public.users (id) FROM stdin;\n1\n1\n\\.\n"}, "cannot stage table users"),
    ],
)
def test_when_dump_cannot_be_read_then_store_error_and_no_staged_file(tmp_path, tables, message):
    pg_bin, dump = fake_dump(tmp_path, {})
    for name, copy_text in tables.items():
        (dump / (name if name == "FAIL" else f"{name}.copy")).write_text(copy_text)
    staged = tmp_path / "staged.db"
    with pytest.raises(StoreError, match=message) as raised:
        stage_pg_dump(dump, staged, pg_bin)
    assert "\n" not in str(raised.value)
    assert not any(p.name.startswith("staged.db") for p in tmp_path.iterdir())


def test_when_staged_file_exists_then_it_is_refused_and_left_alone(tmp_path):
    pg_bin, dump = fake_dump(tmp_path, {})
    staged = tmp_path / "staged.db"
    staged.write_bytes(b"someone else's file")
    with pytest.raises(StoreError, match="already exists"):
        stage_pg_dump(dump, staged, pg_bin)
    assert staged.read_bytes() == b"someone else's file"


def _has_pg_restore() -> bool:
    try:
        return os.access(pg_tool("pg_restore", None), os.X_OK)
    except StoreError:
        return False


@pytest.mark.skipif(not _has_pg_restore(), reason="needs the PostgreSQL client (pg_restore)")
def test_when_file_is_not_a_dump_then_store_error_and_no_staged_file(tmp_path):
    dump = tmp_path / "corrupt.backup"
    dump.write_bytes(b"PGDMP" + os.urandom(300))
    staged = tmp_path / "staged.db"
    with pytest.raises(StoreError, match="pg_restore failed"):
        stage_pg_dump(dump, staged)
    assert not staged.exists()


# A real dump, on PostgreSQL ------------------------------------------------------------

TRICKY = (
    "SYNTHETIC escapes: tab\there, back\\slash \\N \\x41 \\., CR\r\nLF, vertical\x0b, "
    "form feed\x0c, backspace\x08, bell\x07, DEL\x7f, é ü 漢字 🙂 and a trailing backslash\\"
)
POSTGRESQL_ONLY = pytest.mark.parametrize("db", [BACKENDS[1]], indirect=True)


def _fill(world) -> None:
    note_id = notes.create_note(world.dana, "C-001", SYNTHETIC_NOTE + TRICKY, "dap").note_id
    notes.set_session_details(
        world.dana,
        note_id,
        SessionView(service_date=date(2026, 11, 20), participants=("client", "partner é\t")),
    )
    sign_with_overrides(world.dana, note_id)
    signing.add_addendum(world.dana, note_id, "SYNTHETIC late entry: " + TRICKY)
    private_notes.create_private_note(world.dana, "C-001", "SYNTHETIC kite dream " + TRICKY)
    clients.record_consent(world.dana, "C-001", True, date(2026, 11, 1), "SYNTHETIC\tconsent")
    notes.show_note(world.admin, note_id, break_glass="SYNTHETIC emergency \\ reason é 🙂")
    notes.create_note(world.lee, "C-002", SYNTHETIC_NOTE + "\nA draft.", "soap")


def _normalised(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def _all_rows(connection, table) -> list[tuple[Any, ...]]:
    query = select(table).order_by(*table.primary_key.columns)
    return [tuple(_normalised(v) for v in row) for row in connection.execute(query)]


@POSTGRESQL_ONLY
def test_when_real_dump_is_staged_then_every_table_matches_row_for_row(
    world, pg_database, tmp_path, monkeypatch
):
    _fill(world)
    # pg_dump writes timestamps in its session's zone: an odd one (-03:30) shows the
    # offsets are honoured, not assumed to be UTC.
    monkeypatch.setenv("PGTZ", "America/St_Johns")
    dump = tmp_path / "record.backup"
    pg_dump(world.db.engine.url.render_as_string(hide_password=False), dump, None)
    staged = tmp_path / "staged.db"
    stage_pg_dump(dump, staged)

    sqlite = create_engine(f"sqlite:///{staged}")
    with pg_database.admin.connect() as pg, sqlite.connect() as lite:
        for table in Base.metadata.sorted_tables:
            assert _all_rows(lite, table) == _all_rows(pg, table), table.name
        assert pg.execute(text("SELECT count(*) FROM audit_log")).scalar_one() > 10
        version = "SELECT version_num FROM alembic_version"
        assert lite.execute(text(version)).all() == pg.execute(text(version)).all()
        pg_audit = pg.execute(text("SELECT * FROM audit_log ORDER BY id")).all()
        assert any("🙂" in row.detail for row in pg_audit)
        pg_texts = pg.execute(text("SELECT text FROM note_versions ORDER BY id")).scalars()
        assert any(v.endswith(TRICKY) for v in pg_texts)

    # The hash chain covers the exact text: every field byte for byte, as SQLite stores it.
    raw = sqlite3.connect(staged)
    raw.text_factory = bytes
    lite_audit = raw.execute("SELECT * FROM audit_log ORDER BY id").fetchall()
    raw.close()
    encoded = [tuple(v.encode() if isinstance(v, str) else v for v in row) for row in pg_audit]
    assert lite_audit == encoded

    # What the restore's checks will do with it: the chain and the signed record verify.
    with Session(sqlite) as session:
        entries = load_entries(session)
        facts = store_facts(session)
        assert facts.keyed_from is not None
        report = verify_chain(entries, key=world.db.anchor.key(), keyed_from=facts.keyed_from)
        assert report.ok, report.problems
        assert signed_record_problems(session, entries) == []
    sqlite.dispose()


@POSTGRESQL_ONLY
def test_when_real_dump_is_truncated_then_store_error_and_no_staged_file(world, tmp_path):
    _fill(world)
    dump = tmp_path / "record.backup"
    pg_dump(world.db.engine.url.render_as_string(hide_password=False), dump, None)
    whole = dump.read_bytes()
    dump.write_bytes(whole[: len(whole) * 2 // 3])
    staged = tmp_path / "staged.db"
    with pytest.raises(StoreError, match="pg_restore failed") as raised:
        stage_pg_dump(dump, staged)
    assert "\n" not in str(raised.value)
    assert not any(p.name.startswith("staged.db") for p in tmp_path.iterdir())
