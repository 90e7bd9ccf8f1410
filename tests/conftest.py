"""Shared fixtures. Every session input in this test suite is SYNTHETIC: written for
the tests, describing no real person."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from notewell.store import keywrap

# argon2id at production cost takes ~0.3 s per run; the suite signs in hundreds of
# times. This lowers it in this process only (CLI subprocesses keep the real cost).
keywrap.COST = keywrap.Argon2Cost(time_cost=1, memory_kib=64, parallelism=1)

SHARED_DATA = Path(
    os.environ.get("NOTEWELL_SHARED_DATA")
    or Path(__file__).resolve().parents[2] / "shared" / "data"
)


@pytest.fixture(scope="session")
def nlp():
    """The language pipeline, built once for the whole run."""
    from notewell.core.risk.nlp import get_pipeline

    return get_pipeline()


@pytest.fixture(scope="session")
def facts_of(nlp):
    from notewell.core.extract.pipeline import extract_facts

    def run(text: str, input_type: str | None = None):
        return extract_facts(text, input_type, nlp=nlp)

    return run


@pytest.fixture(scope="session")
def draft_of(nlp):
    import notewell

    def run(text: str, note_format: str = "dap", **kwargs):
        return notewell.draft(text, note_format, nlp=nlp, **kwargs)

    return run
