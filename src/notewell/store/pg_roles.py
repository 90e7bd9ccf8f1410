"""Least privilege on PostgreSQL: an owner role that runs the migrations and owns every
table, and an application role that only reads and writes rows.

Why two roles: a table's owner (and any superuser) can ALTER it, DROP it, TRUNCATE it
or DISABLE TRIGGER on it, i.e. switch the append-only guards off. The application
role owns nothing, so none of that is open to it; it gets SELECT/INSERT/UPDATE/DELETE
on the record's tables (the triggers still refuse locked rows), INSERT+SELECT only on
the audit log, SELECT only on alembic_version, USAGE on sequences and no TRUNCATE.

Order of use:
  1. a superuser, connected to the target database: `create_roles(connection, ...)`
     (roles are cluster-wide; schema rights and default privileges are per database);
  2. the owner role runs the migrations (connect as it, or `SET ROLE` to it first);
  3. the owner (or a superuser): `grant_app_privileges(connection, roles)`.
Default privileges give tables created by later migrations (and by a pg_restore run
as the owner) the app role's row rights; run step 3 again after each upgrade or
restore so the audit log's narrower grant is re-applied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, text

# Tables the application may only append to and read; the rest get full row access.
APPEND_ONLY_TABLES: tuple[str, ...] = ("audit_log",)
READ_ONLY_TABLES: tuple[str, ...] = ("alembic_version",)  # only migrations write it
ROW_RIGHTS = "SELECT, INSERT, UPDATE, DELETE"

_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


@dataclass(frozen=True, slots=True)
class PgRoles:
    owner: str
    app: str

    def __post_init__(self) -> None:
        for name in (self.owner, self.app):
            _check_name(name)
        if self.owner == self.app:
            raise ValueError("the owner and application roles must differ")


def role_names(prefix: str = "notewell", suffix: str = "") -> PgRoles:
    """notewell_owner / notewell_app, or suffixed (e.g. per test database: roles are
    cluster-wide, so parallel databases on one server need their own)."""
    tail = f"_{suffix}" if suffix else ""
    return PgRoles(owner=f"{prefix}_owner{tail}", app=f"{prefix}_app{tail}")


def _check_name(name: str) -> str:
    # Identifiers are interpolated into SQL: accept only plain lower-case names.
    if not _NAME.fullmatch(name):
        raise ValueError(f"not a plain PostgreSQL identifier: {name!r}")
    return name


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _role_sql(name: str, login: bool, password: str | None) -> str:
    options = "LOGIN" if login else "NOLOGIN"
    if password is not None:
        options += f" PASSWORD {_literal(password)}"
    # Spelled out so a template or cluster default cannot hand out more.
    return (
        f"CREATE ROLE {name} {options} NOSUPERUSER NOCREATEDB NOCREATEROLE "
        "NOREPLICATION NOBYPASSRLS NOINHERIT"
    )


def create_roles_sql(
    database: str,
    roles: PgRoles,
    *,
    schema: str = "public",
    owner_login: bool = True,
    owner_password: str | None = None,
    app_password: str | None = None,
) -> list[str]:
    """Statements for a superuser connected to `database`: both roles, who may connect,
    who may create in the schema, and default privileges for the owner's future tables."""
    owner, app = roles.owner, roles.app
    db, schema = _check_name(database), _check_name(schema)
    rights_on = f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema}"
    return [
        _role_sql(owner, owner_login, owner_password),
        _role_sql(app, True, app_password),
        f"REVOKE ALL ON DATABASE {db} FROM PUBLIC",
        f"GRANT CONNECT, TEMPORARY ON DATABASE {db} TO {owner}",
        f"GRANT CONNECT ON DATABASE {db} TO {app}",
        # Before PostgreSQL 15 every role could create in public; only the owner may.
        f"REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC",
        f"GRANT USAGE, CREATE ON SCHEMA {schema} TO {owner}",
        f"GRANT USAGE ON SCHEMA {schema} TO {app}",
        f"{rights_on} GRANT {ROW_RIGHTS} ON TABLES TO {app}",
        f"{rights_on} GRANT USAGE, SELECT ON SEQUENCES TO {app}",
    ]


def grant_app_privileges_sql(roles: PgRoles, *, schema: str = "public") -> list[str]:
    """Statements for the owner (or a superuser) after migrating: row rights on every
    table that exists now, narrowed for the audit log and alembic_version."""
    app, schema = roles.app, _check_name(schema)
    statements = [
        f"GRANT {ROW_RIGHTS} ON ALL TABLES IN SCHEMA {schema} TO {app}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {app}",
        # Never granted, revoked anyway: a hand-made GRANT ALL must not linger.
        f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA {schema} FROM {app}",
    ]
    for table in APPEND_ONLY_TABLES:
        statements.append(f"REVOKE UPDATE, DELETE ON {schema}.{table} FROM {app}")
    for table in READ_ONLY_TABLES:
        statements.append(f"REVOKE INSERT, UPDATE, DELETE ON {schema}.{table} FROM {app}")
    return statements


def drop_roles_sql(roles: PgRoles) -> list[str]:
    """For a superuser connected to the (last) database the roles hold anything in:
    DROP OWNED also removes their grants and default privileges there."""
    return _drop_sql([roles.app, roles.owner])


def _drop_sql(names: list[str]) -> list[str]:
    return [f"DROP OWNED BY {', '.join(names)}", *(f"DROP ROLE {n}" for n in names)]


def _run(connection: Connection, statements: list[str]) -> None:
    for statement in statements:
        connection.execute(text(statement))


def create_roles(
    connection: Connection,
    database: str,
    roles: PgRoles,
    *,
    schema: str = "public",
    owner_login: bool = True,
    owner_password: str | None = None,
    app_password: str | None = None,
) -> None:
    """Run `create_roles_sql` on a superuser connection to `database`."""
    statements = create_roles_sql(
        database,
        roles,
        schema=schema,
        owner_login=owner_login,
        owner_password=owner_password,
        app_password=app_password,
    )
    _run(connection, statements)


def grant_app_privileges(connection: Connection, roles: PgRoles, *, schema: str = "public") -> None:
    _run(connection, grant_app_privileges_sql(roles, schema=schema))


def drop_roles(connection: Connection, roles: PgRoles) -> None:
    """Drop both roles if they exist (a crashed run may have left only one)."""
    existing = set(
        connection.execute(
            text("SELECT rolname FROM pg_roles WHERE rolname IN (:o, :a)"),
            {"o": roles.owner, "a": roles.app},
        ).scalars()
    )
    if existing:
        _run(connection, _drop_sql(sorted(existing)))
