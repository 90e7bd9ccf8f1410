"""Today and a client's overview: each list one query by the access rules, a page at a
time, one audit entry for the overview and none per note. All data SYNTHETIC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from notewell.core.errors import InputError
from notewell.services import notes, overview, practice, signing
from notewell.services.context import unit_of_work
from notewell.services.errors import Concealed, Forbidden
from notewell.services.views import SessionView
from notewell.store.models import AuditEntry, ServiceSession
from record_db import SYNTHETIC_NOTE, World, sign_with_overrides


def _dated_draft(world: World, days_ago: int) -> int:
    when = datetime.now(UTC).date() - timedelta(days=days_ago)
    view = notes.create_note(
        world.dana, "C-001", SYNTHETIC_NOTE, "dap", SessionView(service_date=when)
    )
    return view.note_id


def _audit_actions_after(world: World, seq: int) -> list[str]:
    with world.db.transaction() as session:
        return list(
            session.scalars(
                select(AuditEntry.action).where(AuditEntry.seq > seq).order_by(AuditEntry.seq)
            )
        )


def _last_seq(world: World) -> int:
    with world.db.transaction() as session:
        return int(session.scalar(select(func.max(AuditEntry.seq))) or 0)


def test_when_a_draft_is_older_than_the_deadline_then_today_flags_it(world: World) -> None:
    old, fresh = _dated_draft(world, 10), _dated_draft(world, 1)
    view = overview.today(world.dana)
    assert view.deadline_days == practice.DEFAULT_DEADLINE_DAYS == 3
    rows = {d.note.note_id: d for d in view.drafts.items}
    assert (rows[old].age_days, rows[old].overdue) == (10, True)
    assert (rows[fresh].age_days, rows[fresh].overdue) == (1, False)
    practice.set_sign_deadline_days(world.admin, 14)
    assert not any(d.overdue for d in overview.today(world.dana).drafts.items)
    with pytest.raises(InputError):
        practice.set_sign_deadline_days(world.admin, 0)
    with pytest.raises(Forbidden):
        practice.set_sign_deadline_days(world.dana, 5)


def test_when_today_is_read_then_one_audit_entry_and_no_note_reads(world: World) -> None:
    for _ in range(3):
        sign_with_overrides(world.dana, _dated_draft(world, 2))
    _dated_draft(world, 2)
    practice.set_cosign_required(world.admin, True)
    before = _last_seq(world)
    view = overview.today(world.sam)
    assert view.awaiting is not None and view.awaiting.total == 3
    assert _audit_actions_after(world, before) == ["today.read"]
    opened = view.awaiting.items[0].note_id
    notes.show_note(world.sam, opened)  # opening a note still audits it
    assert _audit_actions_after(world, before)[-1] == "note.read"


def test_a_supervisor_sees_only_notes_still_awaiting_their_co_signature(world: World) -> None:
    theirs = _dated_draft(world, 1)
    sign_with_overrides(world.dana, theirs)
    assert overview.today(world.sam).awaiting is None  # the practice does not require it
    practice.set_cosign_required(world.admin, True)
    assert [n.note_id for n in overview.today(world.sam).awaiting.items] == [theirs]
    assert overview.today(world.dana).awaiting is None  # not a supervisor
    signing.cosign_note(world.sam, theirs)
    assert overview.today(world.sam).awaiting.items == ()


def test_drafts_come_a_page_at_a_time_and_only_the_authors(world: World) -> None:
    ids = [_dated_draft(world, 0) for _ in range(7)]
    first = overview.today(world.dana, limit=5)
    second = overview.today(world.dana, overview.TodayOffsets(drafts=5), limit=5)
    assert first.drafts.total == 7 and first.drafts.has_next and not first.drafts.has_prev
    assert not second.drafts.has_next and second.drafts.has_prev
    assert [d.note.note_id for d in (*first.drafts.items, *second.drafts.items)] == ids
    assert overview.today(world.lee).drafts.total == 0  # another clinician's drafts
    assert [c.identifier for c in overview.today(world.lee).clients.items] == ["C-002"]


def test_sessions_without_a_note_are_listed_to_their_clinician(world: World) -> None:
    assert overview.today(world.dana).sessions.total == 0
    with unit_of_work(world.dana) as uow:  # a session booked but not yet written up
        client = uow.client("C-001")
        uow.session.add(ServiceSession(client_id=client.id, clinician_id=uow.actor.id))
    assert [s.client for s in overview.today(world.dana).sessions.items] == ["C-001"]
    assert overview.today(world.lee).sessions.total == 0


def test_a_client_overview_pages_notes_by_date_of_service(world: World) -> None:
    late, early = _dated_draft(world, 1), _dated_draft(world, 9)
    undated = notes.create_note(world.dana, "C-001", SYNTHETIC_NOTE, "dap").note_id
    page = overview.client_overview(world.dana, "C-001", limit=2)
    assert [n.note_id for n in page.notes.items] == [early, late] and page.notes.has_next
    rest = overview.client_overview(world.dana, "C-001", offset=2, limit=2)
    assert [n.note_id for n in rest.notes.items] == [undated]
    with pytest.raises(Concealed, match="no client 'C-001'"):
        overview.client_overview(world.lee, "C-001")
