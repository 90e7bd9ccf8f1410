"""A PostgreSQL backup's rows in a scratch SQLite file, so it can be verified first.

Before a restore replaces anything, the backup (a `pg_dump --format=custom` archive)
is checked with the same code that checks a live store: its audit chain, its signed
notes' hashes, its users' credentials. That code works on a Session over the notewell
schema; `stage_pg_dump` gives it one without a scratch PostgreSQL database (the
restoring role may lack CREATEDB). It reads each table's COPY data with
`pg_restore --data-only --table=<name> --file=-`, parses PostgreSQL's COPY text format
exactly and inserts the rows into a new SQLite file with the models' schema.

Text columns arrive exactly as stored (the audit chain hashes them byte for byte);
timestamps become aware datetimes, stored in UTC as on a SQLite store; JSON columns
are re-serialised (same values, not necessarily the same text). The staged file holds
health information: it is created 0600 and removed again if staging fails.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Table,
    Time,
    create_engine,
    event,
    null,
)
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.types import TypeEngine

from notewell.store.backup import PG_TIMEOUT_S, fsync_file, pg_tool, remove_sqlite_files
from notewell.store.errors import StoreError
from notewell.store.files import create_private, private_umask
from notewell.store.models import Base

ALEMBIC_TABLE = "alembic_version"
ALEMBIC_DDL = f"CREATE TABLE {ALEMBIC_TABLE} (version_num VARCHAR(32) NOT NULL)"
INSERT_BATCH = 1000

CopyBlocks = dict[str, tuple[list[str], list[list[str | None]]]]

# COPY text format ----------------------------------------------------------------------

_IDENT = r'(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)'
_COPY_HEADER = re.compile(
    rf"COPY (?P<name>{_IDENT}(?:\.{_IDENT})*)"
    rf"(?: \((?P<columns>{_IDENT}(?:, {_IDENT})*)\))? FROM stdin;"
)
_IDENT_TOKEN = re.compile(_IDENT)
# One raw field: anything but a delimiter, a backslash or a bare carriage return, or a
# backslash and the character after it (which is data, whatever it is).
_RAW_FIELD = re.compile(r"[^\t\\\r]*(?:\\.[^\t\\\r]*)*", re.DOTALL)
_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|(.))", re.DOTALL)
_SIMPLE_ESCAPES = {"b": b"\b", "f": b"\f", "n": b"\n", "r": b"\r", "t": b"\t", "v": b"\v"}
_NULL = "\\N"
_END_OF_DATA = "\\."


def parse_copy_blocks(sql_text: str) -> CopyBlocks:
    """The data of every `COPY <table> (<columns>) FROM stdin;` block in pg_restore's
    SQL output: table -> (columns, rows), each field unescaped or None for NULL.
    Tables in the public schema are keyed by their bare name, others by schema.name.
    Raises ValueError (naming a line, never the data) on anything malformed."""
    blocks: CopyBlocks = {}
    lines = sql_text.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line.startswith("COPY "):
            continue
        table, columns = _copy_header(line, index)
        if table in blocks:
            raise ValueError(f"line {index}: a second COPY block for {table}")
        rows, index = _copy_rows(lines, index, len(columns), table)
        blocks[table] = (columns, rows)
    return blocks


def _copy_header(line: str, number: int) -> tuple[str, list[str]]:
    match = _COPY_HEADER.fullmatch(line)
    if match is None:
        raise ValueError(f"line {number}: not a COPY ... FROM stdin; statement")
    parts = [_unquote(token) for token in _IDENT_TOKEN.findall(match["name"])]
    if len(parts) == 2 and parts[0] == "public":
        parts = parts[1:]
    columns = [_unquote(token) for token in _IDENT_TOKEN.findall(match["columns"] or "")]
    table = ".".join(parts)
    if len(set(columns)) != len(columns):
        raise ValueError(f"line {number}: COPY {table} names a column twice")
    return table, columns


def _unquote(token: str) -> str:
    return token[1:-1].replace('""', '"') if token.startswith('"') else token


def _copy_rows(
    lines: list[str], index: int, width: int, table: str
) -> tuple[list[list[str | None]], int]:
    rows: list[list[str | None]] = []
    while index < len(lines):
        start = index + 1
        line = lines[index]
        index += 1
        # A backslash before the newline makes the newline data (an old spelling of \n).
        while _odd_trailing_backslashes(line) and index < len(lines):
            line += "\n" + lines[index]
            index += 1
        if line == _END_OF_DATA:
            return rows, index
        if index == len(lines) and line == "":
            break  # the text ended (after a newline) without the end marker
        fields = _split_fields(line, start) if width or line else []
        if len(fields) != width:
            raise ValueError(
                f"line {start}: {len(fields)} fields in COPY {table}, which has {width} columns"
            )
        rows.append([_unescape(field, start) for field in fields])
    raise ValueError(f"COPY {table}: the data ends without its end marker (\\.)")


def _odd_trailing_backslashes(line: str) -> bool:
    return (len(line) - len(line.rstrip("\\"))) % 2 == 1


def _split_fields(line: str, number: int) -> list[str]:
    fields: list[str] = []
    position = 0
    while True:
        match = _RAW_FIELD.match(line, position)
        assert match is not None  # the pattern matches the empty string
        fields.append(match.group())
        position = match.end()
        if position == len(line):
            return fields
        if line[position] == "\t":
            position += 1
            continue
        if line[position] == "\r":
            raise ValueError(f"line {number}: a literal carriage return in the data")
        raise ValueError(f"line {number}: a backslash ends the line")


def _unescape(raw: str, number: int) -> str | None:
    """A COPY field's value: \\N alone is NULL; \\NNN (octal) and \\xHH give bytes of
    the (UTF-8) text; any other backslashed character stands for itself."""
    if raw == _NULL:
        return None
    if "\\" not in raw:
        return raw
    out = bytearray()
    position = 0
    for match in _ESCAPE.finditer(raw):
        out += raw[position : match.start()].encode()
        octal, hexadecimal, other = match.groups()
        if octal is not None:
            out.append(int(octal, 8) & 0xFF)  # as PostgreSQL: \777 is byte 0xFF
        elif hexadecimal is not None:
            out.append(int(hexadecimal, 16))
        else:
            out += _SIMPLE_ESCAPES.get(other) or other.encode()
        position = match.end()
    out += raw[position:].encode()
    try:
        return out.decode()
    except UnicodeDecodeError:
        raise ValueError(f"line {number}: an escape gives bytes that are not UTF-8") from None


# Values by column type -----------------------------------------------------------------

_INTEGER = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|NaN|[-+]?Infinity")
_HEX_DIGITS = re.compile(r"(?:[0-9A-Fa-f]{2})*")
_BYTEA_ESCAPE = re.compile(r"\\\\|\\[0-3][0-7]{2}|[ -\[\]-~]+")


def _integer(value: str) -> int:
    if not _INTEGER.fullmatch(value):
        raise ValueError("not an integer")
    return int(value)


def _float(value: str) -> float:
    if not _FLOAT.fullmatch(value):
        raise ValueError("not a number")
    return float(value)


def _decimal(value: str) -> Decimal:
    try:
        return Decimal(value)
    except InvalidOperation:
        raise ValueError("not a number") from None


def _boolean(value: str) -> bool:
    if value == "t":
        return True
    if value == "f":
        return False
    raise ValueError("not t or f")


def _aware_datetime(value: str) -> datetime:
    """timestamptz as PostgreSQL writes it (DateStyle ISO), in UTC."""
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError("a timestamp without a time zone")
    return moment.astimezone(UTC)


def _bytea(value: str) -> bytes:
    """bytea output: hex (`\\x0a1b`) or, from servers set so, the escape format."""
    if value.startswith("\\x"):
        digits = value[2:]
        if not _HEX_DIGITS.fullmatch(digits):
            raise ValueError("not bytea hex")
        return bytes.fromhex(digits)
    out = bytearray()
    position = 0
    while position < len(value):
        match = _BYTEA_ESCAPE.match(value, position)
        if match is None:
            raise ValueError("not bytea escape format")
        token = match.group()
        if token == "\\\\":
            out.append(0x5C)
        elif token.startswith("\\"):
            out.append(int(token[1:], 8))
        else:
            out += token.encode("ascii")
        position = match.end()
    return bytes(out)


def _text(value: str) -> str:
    return value


def converter(column_type: TypeEngine[Any]) -> Callable[[str], Any]:
    """How a COPY field becomes the Python value of a model column of this type."""
    if isinstance(column_type, Boolean):
        return _boolean
    if isinstance(column_type, Integer):
        return _integer
    if isinstance(column_type, Float):
        return _float
    if isinstance(column_type, Numeric):
        return _decimal
    if isinstance(column_type, DateTime):
        return _aware_datetime if column_type.timezone else datetime.fromisoformat
    if isinstance(column_type, Date):
        return date.fromisoformat
    if isinstance(column_type, Time):
        return time.fromisoformat
    if isinstance(column_type, LargeBinary):
        return _bytea
    if isinstance(column_type, JSON):
        return json.loads
    if isinstance(column_type, String):
        return _text
    raise StoreError(f"no conversion from a PostgreSQL dump for column type {column_type!r}")


def table_rows(
    table: Table, columns: list[str], rows: list[list[str | None]]
) -> list[dict[str, Any]]:
    """The dump's rows as insert parameters for `table`: columns the model lacks are
    dropped, model columns the dump lacks are left to their defaults (or NULL)."""
    kept = [(i, table.columns[name]) for i, name in enumerate(columns) if name in table.columns]
    convert = [(i, column.name, converter(column.type)) for i, column in kept]
    # None is JSON 'null' to SQLAlchemy's JSON type; SQL NULL must be said explicitly.
    nulls = {column.name: null() if isinstance(column.type, JSON) else None for _, column in kept}
    result = []
    for number, row in enumerate(rows, start=1):
        values: dict[str, Any] = {}
        for i, name, convert_one in convert:
            raw = row[i]
            if raw is None:
                values[name] = nulls[name]
                continue
            try:
                values[name] = convert_one(raw)
            except ValueError:  # the message would quote the value: health information
                raise StoreError(
                    f"{table.name} row {number}: {name} is not a valid {table.columns[name].type}"
                ) from None
        result.append(values)
    return result


# Staging -------------------------------------------------------------------------------


def stage_pg_dump(dump: Path, staged: Path, pg_bin: Path | None = None) -> None:
    """Load the rows of the pg_dump custom archive `dump` into the new SQLite file
    `staged` (which must not exist), with the models' schema and the alembic version.
    Raises StoreError, leaving no staged file, if the dump cannot be read."""
    restore = pg_tool("pg_restore", pg_bin)
    os.close(create_private(staged))  # refuses an existing file: never removed below
    try:
        with private_umask():  # the staged file's -journal while it is written
            _load(restore, dump, staged)
        fsync_file(staged)
    except BaseException:
        remove_sqlite_files(staged)
        raise


def _load(restore: str, dump: Path, staged: Path) -> None:
    engine = create_engine(URL.create("sqlite", database=str(staged)))

    @event.listens_for(engine, "connect")
    def _foreign_keys_off(dbapi_connection: Any, _record: Any) -> None:
        # Rows arrive table by table in the dump's order; nothing is checked on the way.
        dbapi_connection.execute("PRAGMA foreign_keys=OFF")

    table = ALEMBIC_TABLE
    try:
        Base.metadata.create_all(engine)
        with engine.begin() as connection:
            connection.exec_driver_sql(ALEMBIC_DDL)
            for model_table in Base.metadata.sorted_tables:
                table = model_table.name
                block = _dump_data(restore, dump, table)
                if block is not None:
                    _insert(connection, model_table, table_rows(model_table, *block))
            table = ALEMBIC_TABLE
            block = _dump_data(restore, dump, table)
            if block is not None:
                _copy_alembic_version(connection, *block)
    except SQLAlchemyError as exc:
        detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise StoreError(f"{dump}: cannot stage table {table} ({detail})") from None
    finally:
        engine.dispose()


def _insert(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), INSERT_BATCH):
        connection.execute(table.insert(), rows[start : start + INSERT_BATCH])


def _copy_alembic_version(
    connection: Connection, columns: list[str], rows: list[list[str | None]]
) -> None:
    if "version_num" not in columns:
        raise StoreError(f"the dump's {ALEMBIC_TABLE} has no version_num column")
    at = columns.index("version_num")
    for row in rows:
        connection.exec_driver_sql(
            f"INSERT INTO {ALEMBIC_TABLE} (version_num) VALUES (?)", (row[at],)
        )


def _dump_data(
    restore: str, dump: Path, table: str
) -> tuple[list[str], list[list[str | None]]] | None:
    """The table's columns and rows from the archive; None if it holds no such table."""
    command = [restore, "--data-only", f"--table={table}", "--file=-", str(dump)]
    try:
        done = subprocess.run(
            command, capture_output=True, timeout=PG_TIMEOUT_S, check=False, env=dict(os.environ)
        )
    except FileNotFoundError:
        raise StoreError(f"{restore} not found (set NOTEWELL_PG_BIN)") from None
    except subprocess.TimeoutExpired:
        raise StoreError(f"pg_restore of table {table} timed out") from None
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip().splitlines()
        detail = message[0] if message else f"exit status {done.returncode}"
        raise StoreError(f"pg_restore failed: {detail}")
    try:
        output = done.stdout.decode("utf-8")
        _require_utf8(output)
        blocks = parse_copy_blocks(output)
    except (UnicodeDecodeError, ValueError) as exc:
        reason = "not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else str(exc)
        raise StoreError(f"{dump}: cannot read table {table} from the dump: {reason}") from None
    return blocks.get(table)


_CLIENT_ENCODING = re.compile(r"^SET client_encoding = '([^']*)';$", re.MULTILINE)


def _require_utf8(output: str) -> None:
    """pg_restore writes the data in the dumped database's encoding, unconverted."""
    match = _CLIENT_ENCODING.search(output)
    if match is not None and match[1].upper() not in ("UTF8", "SQL_ASCII"):
        raise ValueError(f"the dump's encoding is {match[1]}; only UTF8 is supported")
