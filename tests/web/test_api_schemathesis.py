"""schemathesis against /api/v1/openapi.json on a real uvicorn, with a clinician's
token: generated valid and invalid requests for every operation find no server error,
and every answer matches the documented status codes, content type and schema.
Bounded: a few examples per operation, no shrinking, a time budget. SYNTHETIC."""

from __future__ import annotations

import time

import httpx
import pytest
import schemathesis
from api_client import API, token_for
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from web_server import Server

EXAMPLES = {GenerationMode.POSITIVE: 6, GenerationMode.NEGATIVE: 3}
BUDGET_SECONDS = 40  # per backend: about 15 s on a quiet 2-core machine
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def test_generated_requests_find_no_server_error(server: Server) -> None:
    headers = {"authorization": f"Bearer {token_for(server, 'dana')}"}
    schema = schemathesis.openapi.from_url(f"{server.url}{API}/openapi.json")
    # The server loads its language pipeline on the first draft (seconds): before the clock.
    warm = httpx.post(f"{server.url}{API}/draft", json={"text": "x"}, headers=headers, timeout=120)
    assert warm.status_code == 200
    started = time.monotonic()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    for operation in operations:
        for mode, count in EXAMPLES.items():
            if time.monotonic() - started > BUDGET_SECONDS:
                pytest.fail(f"schemathesis over its {BUDGET_SECONDS} s budget at {operation.label}")

            @settings(
                max_examples=count,
                deadline=None,  # a draft takes a while on a busy machine; the budget bounds it
                phases=[
                    Phase.explicit,
                    Phase.generate,
                ],  # no shrinking: a failure is shown as found
                suppress_health_check=list(HealthCheck),
                database=None,
                derandomize=True,  # the same requests on every run: a failure reproduces
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case: schemathesis.Case) -> None:
                case.call_and_validate(
                    base_url=server.url, headers=headers, checks=CHECKS, timeout=30
                )

            run()
