"""services.setup.create_first_admin (the web's first-run set-up): one admin even when
two set-ups race, only with the set-up code, only while there are no users. SYNTHETIC."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from notewell.services.errors import Forbidden, StaleChange
from notewell.services.setup import create_first_admin
from notewell.store.database import Database
from notewell.store.models import User
from record_db import PASSWORD

CODE = "123abc-456def-789abc-0def12"


def make(db: Database, username: str, code: str = CODE) -> None:
    create_first_admin(
        db,
        code=code,
        expected_code=CODE,
        username=username,
        display_name="",
        password=PASSWORD,
        origin="test",
    )


def test_two_racing_set_ups_make_one_admin_and_the_other_a_clear_error(db: Database) -> None:
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def run(name: str) -> None:
        start.wait()
        try:
            make(db, name)
            outcomes[name] = "made"
        except StaleChange as exc:
            outcomes[name] = str(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in ("alex", "robin")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes.values()) == [
        "made",
        "this record already has its first admin: sign in instead",
    ]
    with db.sessions() as session:
        assert [u.role for u in session.scalars(select(User))] == ["admin"]


def test_a_wrong_code_makes_nobody(db: Database) -> None:
    with pytest.raises(Forbidden, match="wrong set-up code"):
        make(db, "alex", code=CODE[:-1] + "x")
    with db.sessions() as session:
        assert list(session.scalars(select(User))) == []
