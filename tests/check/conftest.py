"""Shared fixtures for checker tests. All notes here are synthetic (written for tests)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Synthetic: a complete progress note that every progress rule should pass.
GOOD_NOTE = """\
Client: C.D.  Date of service: 2026-10-05  Individual psychotherapy, 45 minutes, in office.
Data: Client reported panic symptoms on four days this week, mostly on the bus to work.
Therapist used grounding (5-4-3-2-1) to support emotional regulation after client reported panic
symptoms, and paced breathing practice.
Assessment: Client was engaged and practiced paced breathing twice in session, rating anxiety 7/10
before and 4/10 after. Partial progress toward goal 1 (reduce panic attacks): four attacks this
week compared to six last week. Client denies SI/HI and self-harm.
Plan: Client will practice paced breathing daily and log panic episodes. Next session in one week.
"""

# Synthetic: a private reflection that belongs in a psychotherapy note.
PRIVATE_NOTE = """\
Private reflection: Client may be experiencing return-to-work anxiety connected to perfectionistic
standards. Consider exploring earlier experiences with criticism. I noticed myself wanting to
reassure her.
"""

DEV_CASES = (
    Path(
        os.environ.get("NOTEWELL_SHARED_DATA")
        or Path(__file__).resolve().parents[3] / "shared" / "data"
    )
    / "dev_check_cases.yaml"
)


@pytest.fixture
def good_note() -> str:
    return GOOD_NOTE
