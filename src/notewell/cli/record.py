"""The record commands: user, client, plan, note, private, export, audit (and, from
cli/record_store.py, init, backup, restore).

Wire them with `register(app)`; each command makes one service call and turns domain
errors into one line and exit status 2. SQLAlchemy and spaCy load inside commands.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from notewell.cli.console import (
    console,
    emit_row,
    err_console,
    fail,
    one_line_errors,
    read_text_argument,
    visible,
)
from notewell.cli.private import private_app
from notewell.cli.record_notes import note_app
from notewell.cli.session import AsUser, open_context

user_app = typer.Typer(help="Users and roles (admins).", no_args_is_help=True)
client_app = typer.Typer(
    help="Clients: add, list, show, AI-documentation consent.", no_args_is_help=True
)
plan_app = typer.Typer(help="Treatment plans.", no_args_is_help=True)
audit_app = typer.Typer(help="The audit log: verify, show, re-anchor.", no_args_is_help=True)


class ExportAs(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[str, typer.Option("--role", "-r", help="clinician, supervisor, biller, admin")],
    name: Annotated[str, typer.Option("--name", help="Display name.")] = "",
    as_user: AsUser = None,
) -> None:
    """Add a user with a role; prints their one-time enrolment code (valid 7 days) for
    their first `notewell login`. Example: notewell user add dana --role clinician"""
    from notewell.services import users, validation

    with one_line_errors():
        # Checked here too until services/users.py calls these itself.
        username = validation.username(username)
        name = validation.display_name(name)
        view = users.add_user(open_context(as_user), username, name, role)
    console.print(f"Added {view.role} {view.username}.")
    console.print(
        f"Enrolment code (give it to {view.username}; valid 7 days): {view.enrolment_code}\n"
        f"First sign-in: notewell login {view.username} --code {view.enrolment_code}"
    )


@user_app.command("reset-password")
def user_reset_password(
    username: Annotated[str, typer.Argument(help="Login name.")], as_user: AsUser = None
) -> None:
    """Give a user a new enrolment code (their password and sessions end). Their
    psychotherapy notes stay sealed unless they enrol with their recovery key."""
    from notewell.services import users

    with one_line_errors():
        view = users.reset_password(open_context(as_user), username)
    console.print(
        f"Enrolment code for {view.username} (valid 7 days): {view.enrolment_code}\n"
        f"Next sign-in: notewell login {view.username} --code {view.enrolment_code}"
    )


@user_app.command("list")
def user_list(as_user: AsUser = None) -> None:
    """List users and roles."""
    from notewell.services import users

    with one_line_errors():
        for u in users.list_users(open_context(as_user)):
            emit_row(u.username, u.role, u.display_name)


def _date(value: str | None, what: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(f"{what} {value!r}: use YYYY-MM-DD") from None


@client_app.command("add")
def client_add(
    identifier: Annotated[str, typer.Argument(help="Client identifier, e.g. C-001.")],
    name: Annotated[str, typer.Option("--name", help="Client name.")],
    dob: Annotated[str | None, typer.Option("--dob", help="Date of birth, YYYY-MM-DD.")] = None,
    clinician: Annotated[
        str | None, typer.Option("--clinician", help="Assigned clinician (default: you).")
    ] = None,
    as_user: AsUser = None,
) -> None:
    """Add a client. Example: notewell client add C-001 --name "A. B." --dob 1990-01-31"""
    from notewell.services import clients

    birth = _date(dob, "--dob")
    with one_line_errors():
        view = clients.add_client(open_context(as_user), identifier, name, birth, clinician)
        console.print(f"Added client {view.identifier} (clinician {view.clinician}).")


@client_app.command("list")
def client_list(as_user: AsUser = None) -> None:
    """List the clients you may see."""
    from notewell.services import clients
    from notewell.services.paging import each_item

    with one_line_errors():
        ctx = open_context(as_user)
        for c in each_item(
            lambda offset, limit: clients.list_clients(ctx, offset=offset, limit=limit)
        ):
            emit_row(c.identifier, c.name, c.clinician)


@client_app.command("show")
def client_show(
    identifier: Annotated[str, typer.Argument(help="Client identifier.")], as_user: AsUser = None
) -> None:
    """Show a client, their AI-documentation consent and current treatment plan."""
    from notewell.services import clients

    with one_line_errors():
        c = clients.show_client(open_context(as_user), identifier)
    consent = c.consent
    # Each stored field on its own line, escaped: a name cannot add a line of its own.
    lines = [
        f"Client {visible(c.identifier)}: {visible(c.name)}",
        f"Date of birth: {c.date_of_birth or 'not recorded'}",
        f"Clinician: {visible(c.clinician)}",
        "AI-documentation consent: "
        + (
            f"{'given' if consent.given else 'withdrawn'} {consent.consent_date}"
            if consent
            else "none"
        ),
    ]
    if c.plan:
        lines.append(f"Treatment plan (review {c.plan.review_date or 'not set'}):")
        lines += [f"  goal {g.number}: {visible(g.text)}" for g in c.plan.goals]
    console.print("\n".join(lines), markup=False)


@client_app.command("consent")
def client_consent(
    identifier: Annotated[str, typer.Argument(help="Client identifier.")],
    given: Annotated[bool, typer.Option("--given/--withdrawn", help="Consent given or withdrawn.")],
    on: Annotated[
        str | None, typer.Option("--date", help="Date, YYYY-MM-DD (default today).")
    ] = None,
    as_user: AsUser = None,
) -> None:
    """Record consent to AI-assisted documentation (or its withdrawal)."""
    from notewell.services import clients

    when = _date(on, "--date") or date.today()
    with one_line_errors():
        clients.record_consent(open_context(as_user), identifier, given, when)
        console.print(f"Recorded consent {'given' if given else 'withdrawn'} for {identifier}.")


@plan_app.command("set")
def plan_set(
    path: Annotated[Path, typer.Argument(help="Plan file (YAML: problems, goals, interventions).")],
    client: Annotated[str, typer.Option("--client", "-c", help="Client identifier.")],
    as_user: AsUser = None,
) -> None:
    """Set a client's treatment plan (a new version; the old one is kept)."""
    from notewell.services import plans

    with one_line_errors():
        plan = plans.parse_plan_yaml(read_text_argument(path, "plan"), str(path))
        view = plans.set_plan(open_context(as_user), client, plan)
        console.print(f"Set treatment plan {view.plan_id} for {client} ({len(view.goals)} goals).")


def export_command(
    client: Annotated[str, typer.Option("--client", "-c", help="Client identifier.")],
    output: Annotated[
        ExportAs, typer.Option("--output", "-o", help="Export form.")
    ] = ExportAs.text,
    out: Annotated[Path | None, typer.Option("--out", help="Write to this file.")] = None,
    as_user: AsUser = None,
) -> None:
    """Export a client's record: signed notes with provenance. Never psychotherapy notes."""
    from notewell.services import record_export
    from notewell.services.drafting import write_output

    with one_line_errors():
        text = record_export.export_record(open_context(as_user), client, output.value)
        if out is None:
            typer.echo(text, nl=False)
        else:
            write_output(out, text)
            console.print(f"Wrote the record of {client} to {out}.")


@audit_app.command("verify")
def audit_verify(as_user: AsUser = None) -> None:
    """Check the audit chain, its checkpoint and the signed record against it: names any
    edited, deleted, reordered or truncated entry and any changed or inserted signature."""
    from notewell.services import audit

    with one_line_errors():
        report = audit.verify_audit_log(open_context(as_user))
    for warning in report.warnings:
        err_console.print(f"warning: {visible(warning, cell=False)}", markup=False)
    if not report.ok:
        for problem in report.problems:
            # Problems quote stored actors and actions: escaped, one line each.
            err_console.print(f"TAMPERED: {visible(problem, cell=False)}", markup=False)
        raise fail(f"audit log failed verification ({len(report.problems)} problems)")
    console.print(
        f"Audit log intact: {report.length} entries; chain, checkpoint and signed record agree."
    )


@audit_app.command("show")
def audit_show(
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many recent entries.")] = 50,
    entity: Annotated[str | None, typer.Option("--entity", help="Only this entity id.")] = None,
    as_user: AsUser = None,
) -> None:
    """Show recent audit entries (admins)."""
    from notewell.services import audit, validation

    with one_line_errors():
        validation.record_id(limit, "--limit")
        entries = audit.show_audit_log(open_context(as_user), limit, entity)
    for e in entries:
        emit_row(
            e.seq,
            e.at,
            e.actor,
            e.action,
            f"{e.entity_type}:{e.entity_id or '-'}",
            e.origin,
            e.detail,
        )


@audit_app.command("reanchor")
def audit_reanchor(
    reason: Annotated[str, typer.Option("--reason", help="What the investigation found (logged).")],
    as_user: AsUser = None,
) -> None:
    """After investigating a missing or damaged checkpoint: anchor it at the current head
    (admins). The old file is kept renamed; the step is logged."""
    from notewell.services import audit

    with one_line_errors():
        length = audit.reanchor_audit_log(open_context(as_user), reason)
    console.print(f"Audit checkpoint re-anchored at #{length}. This was logged.")


def _always_on(
    reason: Annotated[str | None, typer.Option("--reason", hidden=True)] = None,
    as_user: AsUser = None,
) -> None:
    """Removed: auditing of health-information access cannot be turned off."""
    from notewell.services.audit import AUDIT_ALWAYS_ON

    raise fail(AUDIT_ALWAYS_ON)


# Kept as commands so old scripts get a clear refusal instead of "no such command".
audit_app.command("disable", hidden=True)(_always_on)
audit_app.command("enable", hidden=True)(_always_on)


def register(app: typer.Typer) -> None:
    from notewell.cli.record_store import register_store_commands

    register_store_commands(app)
    app.command("export")(export_command)
    app.add_typer(user_app, name="user")
    app.add_typer(client_app, name="client")
    app.add_typer(plan_app, name="plan")
    app.add_typer(note_app, name="note")
    app.add_typer(private_app, name="private")
    app.add_typer(audit_app, name="audit")
