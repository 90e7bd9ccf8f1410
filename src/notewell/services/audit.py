"""The audit log as a use case: verify the chain and the signed record against it, show
entries, re-anchor the checkpoint after an investigation. Auditing cannot be turned off."""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass

from sqlalchemy import Connection, select

from notewell.core.errors import InputError
from notewell.services import access, row_macs
from notewell.services.context import Context, unit_of_work
from notewell.services.errors import Forbidden
from notewell.services.practice import policy_problems
from notewell.services.record_integrity import signed_record_problems
from notewell.store.audit_anchor import AnchorError, reset_on_commit, store_facts
from notewell.store.audit_chain import AuditReport, load_entries, verify_chain
from notewell.store.models import AuditEntry

AUDIT_ALWAYS_ON = "auditing of health-information access cannot be turned off"
_TRIGGER_INVENTORY = "notewell.store.trigger_inventory"


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


def trigger_problems(connection: Connection) -> list[str]:
    """Missing or disabled guard triggers, from the trigger inventory when this build has
    it (it arrives from another branch; until then there is nothing to call)."""
    if importlib.util.find_spec(_TRIGGER_INVENTORY) is None:
        return []
    inventory = importlib.import_module(_TRIGGER_INVENTORY)
    return list(inventory.missing_or_disabled_triggers(connection))


def disabled_periods(entries: list[AuditEntry]) -> list[str]:
    """Older versions let an admin switch routine logging off; name each such period."""
    periods, off = [], None
    for entry in entries:
        if entry.action == "audit.disable" and off is None:
            off = entry
        elif entry.action == "audit.enable" and off is not None:
            periods.append(
                f"auditing was switched off by {off.actor} from #{off.seq} ({off.at}) to "
                f"#{entry.seq} ({entry.at}): routine access in that period is not logged"
            )
            off = None
    if off is not None:
        periods.append(
            f"auditing was switched off by {off.actor} at #{off.seq} ({off.at}) and not "
            "switched back on: routine access until this version was not logged"
        )
    return periods


def verify_audit_log(ctx: Context) -> AuditReport:
    """Any user may verify: the report names entries and rows, never health information."""
    anchor = ctx.db.anchor
    with ctx.db.transaction() as session:
        entries = load_entries(session)
        facts = store_facts(session)
        record = signed_record_problems(session, entries)
        record += policy_problems(session) + row_macs.problems(session)
        triggers = trigger_problems(session.connection())
    key = anchor.key()
    problems: list[str] = []
    if key is None and entries:
        problems.append(f"the audit key {anchor.key_file} is missing")
    state = anchor.read(facts.store_id) if facts.store_id else None
    if facts.store_id is None:
        problems.append("the store id (settings row store_id) is missing")
    keyed_from = facts.keyed_from
    authentic = state.checkpoint if state is not None and state.problem is None else None
    if authentic is not None:
        if keyed_from != authentic.keyed_from:
            problems.append(
                f"the settings row audit_keyed_from says {keyed_from}, the checkpoint "
                f"{authentic.keyed_from}: entries would be checked without the key"
            )
        keyed_from = authentic.keyed_from  # the authenticated value decides
    if keyed_from is None:
        problems.append("the settings row audit_keyed_from is missing")
        keyed_from = 1
    report = verify_chain(entries, key=key, keyed_from=keyed_from, checkpoint=state)
    report.problems[:0] = problems
    report.problems += record + triggers
    report.warnings += disabled_periods(entries)
    report.warnings += [
        f"the checkpoint was re-anchored at #{e.seq} by {e.actor} ({e.at}): {e.detail}"
        for e in entries
        if e.action == "audit.reanchor"
    ]
    # Logged after the walk, so the verification does not verify its own entry. With a
    # broken anchor nothing is written: the report already names it.
    try:
        with unit_of_work(ctx) as uow:
            verdict = "ok" if report.ok else f"{len(report.problems)} problems"
            uow.audit("audit.verify", "audit_log", None, verdict)
    except (AnchorError, Forbidden):  # the report already names why it cannot be logged
        pass
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
        uow.audit("audit.read", "audit_log", None, f"{len(rows)} entries")
        return list(reversed(rows))


@dataclass(frozen=True, slots=True)
class AuditPage:
    entries: list[AuditEntryView]  # newest first
    older: int | None  # `before` for the next (older) page; None: this is the oldest


def audit_page(
    ctx: Context,
    *,
    before: int | None = None,
    actor: str | None = None,
    action: str | None = None,
    limit: int = 50,
) -> AuditPage:
    """One page of the log, newest first, for admins; `before` a seq (entries older than
    it), `actor` and `action` exact filters. Entries name records by id, never by text."""
    limit = max(1, min(limit, 200))
    with unit_of_work(ctx) as uow:
        uow.require(access.can_administer(uow.actor), "read the audit log")
        query = select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit + 1)
        if before is not None:
            query = query.where(AuditEntry.seq < before)
        if actor:
            query = query.where(AuditEntry.actor == actor)
        if action:
            query = query.where(AuditEntry.action == action)
        rows = list(uow.session.scalars(query))
        more = len(rows) > limit
        rows = rows[:limit]
        views = [
            AuditEntryView(
                e.seq, e.at, e.actor, e.action, e.entity_type, e.entity_id, e.origin, e.detail
            )
            for e in rows
        ]
        uow.audit("audit.read", "audit_log", None, f"{len(views)} entries")
        return AuditPage(views, rows[-1].seq if more and rows else None)


def verify_as_admin(ctx: Context) -> AuditReport:
    """`verify_audit_log` for the admin pages: the same report, admins only there. The
    role check writes nothing, so it runs even with a broken anchor (the report names it)."""
    with unit_of_work(ctx, anchored=False) as uow:
        uow.require(access.can_administer(uow.actor), "verify the audit log here")
    return verify_audit_log(ctx)


def reanchor_audit_log(ctx: Context, reason: str) -> int:
    """After an investigation: anchor the checkpoint at the current head (admins). The
    replaced file is kept renamed, and the entry names what the checkpoint said and
    what verification found, so re-anchoring never hides anything. Returns the new
    length."""
    if not reason.strip():
        raise InputError("give the reason for re-anchoring (what the investigation found)")
    with unit_of_work(ctx, anchored=False) as uow:
        uow.require(access.can_administer(uow.actor), "re-anchor the audit checkpoint")
        facts = store_facts(uow.session)
        if facts.store_id is None or facts.keyed_from is None:
            raise AnchorError("the audit log is not keyed yet: run `notewell init`")
        anchor = ctx.db.anchor
        anchor.require_key(facts.length)
        state = anchor.read(facts.store_id)
        was = state.problem
        if was is None and state.checkpoint is not None:
            was = f"checkpoint at #{state.checkpoint.length}"
        detail = f"{reason.strip()} (before: {was}; the log ended at #{facts.length})"
        uow.audit("audit.reanchor", "audit_log", None, detail[:2000])
        reset_on_commit(uow.session, "reanchor")
        assert uow.last_entry is not None
        return uow.last_entry.seq
