"""Shared fixtures. Every session input in this test suite is SYNTHETIC: written for
the tests, describing no real person."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
