"""Today and the client page over real HTTP: paged lists with previous/next links, the
signing deadline flag, no per-note audit entries for a list. All data SYNTHETIC."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from web_server import Server

from notewell.services import notes
from notewell.services.paging import DEFAULT_LIMIT
from notewell.services.views import SessionView
from notewell.store.models import AuditEntry
from record_db import SYNTHETIC_NOTE, World


def _drafts(world: World, count: int, days_ago: int = 0) -> list[int]:
    when = datetime.now(UTC).date() - timedelta(days=days_ago)
    return [
        notes.create_note(
            world.dana, "C-001", SYNTHETIC_NOTE, "dap", SessionView(service_date=when)
        ).note_id
        for _ in range(count)
    ]


def _note_links(html: str) -> set[int]:
    return {int(n) for n in re.findall(r'href="/notes/(\d+)"', html)}


def test_today_pages_drafts_and_flags_the_overdue(server: Server) -> None:
    old = _drafts(server.world, 1, days_ago=8)
    recent = _drafts(server.world, DEFAULT_LIMIT)
    with server.signed_in("dana") as client:
        first = client.get("/").text
        assert "past the 3-day deadline" in first and "8 days old" in first
        assert 'href="?drafts=2" rel="next"' in first and 'rel="prev"' not in first
        second = client.get("/?drafts=2").text
        assert 'href="?drafts=1" rel="prev"' in second
        assert _note_links(first) | _note_links(second) == {*old, *recent}
        assert not _note_links(first) & _note_links(second)
        assert client.get("/?drafts=99999999999999999999").status_code == 200  # clamped
    with server.signed_in("lee") as client:
        assert not _note_links(client.get("/").text)  # another clinician's drafts


def test_a_list_writes_no_per_note_audit_entry(server: Server) -> None:
    _drafts(server.world, 3)
    with server.world.db.transaction() as session:
        before = max(session.scalars(select(AuditEntry.seq)))
    with server.signed_in("dana") as client:
        assert client.get("/").status_code == 200
        assert client.get("/clients/C-001").status_code == 200
    with server.world.db.transaction() as session:
        actions = list(session.scalars(select(AuditEntry.action).where(AuditEntry.seq > before)))
    assert "note.read" not in actions
    assert {"today.read", "client.read"} <= set(actions)


def test_the_client_page_pages_notes_by_date_of_service(server: Server) -> None:
    ids = _drafts(server.world, DEFAULT_LIMIT + 2)
    with server.signed_in("sam") as client:  # a supervisor reads every clinical note
        first = client.get("/clients/C-001")
        assert first.status_code == 200
        assert 'href="?page=2" rel="next"' in first.text
        second = client.get("/clients/C-001?page=2").text
        assert 'href="?page=1" rel="prev"' in second
        assert _note_links(first.text) | _note_links(second) == set(ids)
        assert len(_note_links(second)) == 2
