"""The audit log as a use case: verify the chain, show entries, turn logging on or off
(an admin action that is itself always logged)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from notewell.core.errors import InputError
from notewell.services import access
from notewell.services.context import AUDIT_SETTING, Context, unit_of_work
from notewell.store.audit_chain import AuditReport, load_entries, read_checkpoint, verify_chain
from notewell.store.models import AuditEntry, Setting


@dataclass(frozen=True, slots=True)
class AuditEntryView:
    seq: int
    at: str
    actor: str
    action: str
    entity_type: str
    entity_id: str | None
    origin: str
    detail: str


def verify_audit_log(ctx: Context) -> AuditReport:
    """Any user may verify: the report names entries, never health information."""
    with ctx.db.transaction() as session:
        entries = load_entries(session)
    report = verify_chain(entries, read_checkpoint(ctx.db.settings.checkpoint_file))
    # Logged after the walk, so the verification does not verify its own entry.
    with unit_of_work(ctx) as uow:
        verdict = "ok" if report.ok else f"{len(report.problems)} problems"
        uow.audit("audit.verify", "audit_log", None, verdict, always=True)
    return report


def show_audit_log(
    ctx: Context, limit: int = 50, entity_id: str | None = None
) -> list[AuditEntryView]:
    with unit_of_work(ctx) as uow:
        uow.require(access.can_administer(uow.actor), "read the audit log")
        query = select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit)
        if entity_id is not None:
            query = query.where(AuditEntry.entity_id == entity_id)
        rows = [
            AuditEntryView(
                e.seq, e.at, e.actor, e.action, e.entity_type, e.entity_id, e.origin, e.detail
            )
            for e in uow.session.scalars(query)
        ]
        uow.audit("audit.read", "audit_log", None, f"{len(rows)} entries", always=True)
        return list(reversed(rows))


def set_audit_enabled(ctx: Context, enabled: bool, reason: str) -> None:
    if not reason.strip():
        raise InputError("give a reason for changing audit logging")
    with unit_of_work(ctx) as uow:
        uow.require(access.can_administer(uow.actor), "change audit logging")
        setting = uow.session.get(Setting, AUDIT_SETTING)
        value = "true" if enabled else "false"
        if setting is None:
            uow.session.add(Setting(key=AUDIT_SETTING, value=value))
        else:
            setting.value = value
        action = "audit.enable" if enabled else "audit.disable"
        uow.audit(action, "audit_log", None, reason, always=True)
