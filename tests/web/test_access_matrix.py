"""The access matrix: every route of the app (from `create_app(db).routes`) × every role
and signed out × another clinician's records, over real HTTP, against the policy file
that documents who may do what (src/notewell/web/access_policy.yaml). One server and
one session per role for the whole matrix, per backend. All data SYNTHETIC."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest
from fastapi.routing import iter_route_contexts
from sqlalchemy import func, select
from starlette.routing import Mount
from web_server import Server, csrf_of

from notewell.services import api_tokens, notes
from notewell.store.models import AuditEntry
from notewell.web.access_policy import (
    POLICY_FILE,
    ROLES,
    AccessPolicy,
    PolicyError,
    RoutePolicy,
    load_policy,
)
from notewell.web.app import create_app
from record_db import SYNTHETIC_NOTE, World, sign_with_overrides

MISSING = {
    "identifier": "C-404",
    "note_id": "987654",
    "token_id": "987654",
}  # ids of records that do not exist
USER_OF_ROLE = {"admin": "root", "clinician": "dana", "supervisor": "sam", "biller": "bo"}
OTHER_CLIENT = "C-002"  # lee's: every id in the matrix belongs to lee, not to dana


def app_routes(world: World) -> set[str]:
    """'METHOD /path' of every route the app serves (a mount: its files, by `{path}`).
    FastAPI includes routers lazily; `iter_route_contexts` flattens them, prefixes on."""
    found = set()
    for context in iter_route_contexts(create_app(world.db).routes):
        if isinstance(context.original_route, Mount):
            found.add(f"GET {context.path}/{{path}}")
            continue
        for method in sorted(context.methods or ()):
            if method != "HEAD":  # served with GET by the same route
                found.add(f"{method} {context.path}")
    assert len(found) > 5, "the route list came out empty: FastAPI changed its routing"
    return found


def test_the_policy_covers_every_route_and_nothing_else(world: World) -> None:
    served, written = app_routes(world), set(load_policy().routes)
    assert not served - written, (
        f"routes missing from access_policy.yaml: {sorted(served - written)}"
    )
    assert not written - served, f"policy entries for no route: {sorted(written - served)}"


def test_the_policy_loader_refuses_a_malformed_file(tmp_path: Path) -> None:
    good = load_policy()
    assert set(ROLES) == {"signed_out", "admin", "clinician", "supervisor", "biller"}
    assert good.routes["GET /notes/{note_id}"].outcome("biller", {"note_id": "signed"}) == "allow"
    cases = {
        "unknown key": ("    biller: public\n", "    biller: public\n    bilers: public\n"),
        "bad outcome": (
            "    biller: {draft: hidden, signed: allow}\n",
            "    biller: {draft: hidden, signed: maybe}\n",
        ),
        "missing role": (
            "  GET /login:\n    doc: the sign-in form\n    signed_out: public\n",
            "  GET /login:\n    doc: the sign-in form\n",
        ),
        "twice": ("  GET /login:\n", "  POST /ping:\n"),
    }
    source = POLICY_FILE.read_text(encoding="utf-8")
    for name, (old, new) in cases.items():
        assert old in source, name
        bad = tmp_path / f"{name.replace(' ', '_')}.yaml"
        bad.write_text(source.replace(old, new, 1), encoding="utf-8")
        with pytest.raises(PolicyError):
            load_policy(bad)


def _objects(world: World) -> dict[str, dict[str, str]]:
    """What fills each path parameter: lee's client, a draft and a signed note of lee's."""
    draft = notes.create_note(world.lee, OTHER_CLIENT, SYNTHETIC_NOTE, "dap").note_id
    signed = notes.create_note(world.lee, OTHER_CLIENT, SYNTHETIC_NOTE, "dap").note_id
    sign_with_overrides(world.lee, signed)
    return {
        "identifier": {"client": OTHER_CLIENT},
        "note_id": {"draft": str(draft), "signed": str(signed)},
        "path": {"asset": "app.css"},
        "output": {"text": "text"},
        "username": {"colleague": "lee"},
        "token_id": {"token": str(api_tokens.create_token(world.bo, "synthetic").view.token_id)},
    }


def _absent_twin(
    route: RoutePolicy, variants: dict[str, str], objects: dict[str, dict[str, str]]
) -> str:
    """The route's URL with every record id replaced by one that does not exist (other
    parameters, such as an export format, kept)."""
    url = route.path
    for name, variant in variants.items():
        url = url.replace(f"{{{name}}}", MISSING.get(name, objects[name][variant]))
    return url


def _reads_as_absent(hidden: httpx.Response, absent: httpx.Response, ids: dict[str, str]) -> bool:
    """A hidden record's answer is the answer for a record that does not exist
    (`ids`: parameter -> the real id in the hidden request)."""
    text = absent.text  # the missing ids are distinctive: put the real ones in their place
    for name, real in ids.items():
        text = text.replace(MISSING.get(name, real), real)
    return hidden.status_code == absent.status_code and text == hidden.text


def _cases(
    policy: AccessPolicy, objects: dict[str, dict[str, str]]
) -> Iterator[tuple[RoutePolicy, str, dict[str, str]]]:
    """(route, url, parameter -> variant) for every combination of variants."""
    for route in policy.routes.values():
        names = [p.split(":")[0] for p in _parameters(route.path)]
        for chosen in itertools.product(*(policy.objects[n] for n in names)):
            variants = dict(zip(names, chosen, strict=True))
            url = route.path
            for name, variant in variants.items():
                url = url.replace(f"{{{name}}}", objects[name][variant])
            yield route, url, variants


def _filled(
    form: dict[str, str] | None, objects: dict[str, dict[str, str]]
) -> dict[str, str] | None:
    """A form value "{variant}" (e.g. "{signed}") becomes that record's id."""
    if form is None:
        return None
    ids = {f"{{{variant}}}": value for by in objects.values() for variant, value in by.items()}
    return {key: ids.get(value, value) for key, value in form.items()}


def _parameters(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{") and part.endswith("}")]


def _last_seq(world: World) -> int:
    with world.db.transaction() as session:
        return int(session.scalar(select(func.max(AuditEntry.seq))) or 0)


def _refusals_since(world: World, seq: int, username: str) -> int:
    with world.db.transaction() as session:
        return int(
            session.scalar(
                select(func.count()).where(
                    AuditEntry.seq > seq,
                    AuditEntry.actor == username,
                    AuditEntry.action == "access.denied",
                )
            )
            or 0
        )


def _problem(outcome: str, response: httpx.Response, refusals: int) -> str | None:
    """What is wrong with the answer for `outcome`, or None."""
    status, where = response.status_code, response.headers.get("location", "")
    to_login = status == 303 and (where == "/login" or where.startswith("/login?ended"))
    if status >= 500:
        return f"server error {status}"
    if outcome == "public":
        return None if status not in (403, 404) else f"{status}"
    if outcome == "allow":  # the check passed: a 400 is the use case refusing the input
        refused = status in (401, 403, 404) or to_login
        return None if not refused else f"{status} {where}".strip()
    if outcome == "closed":
        return None if status == 404 else f"{status} {where}".strip()
    if outcome == "login":
        return None if to_login or status == 401 else f"{status} {where}".strip()
    expected = {"deny": 403, "hidden": 404}[outcome]
    if status != expected:
        return f"{status} {where}".strip()
    if refusals < 1:
        return "no access.denied audit entry"
    if outcome == "hidden" and "may not" in response.text:
        return "a 404 that tells why (it must read as absence)"
    return None


def test_every_route_role_and_object_answers_as_the_policy_says(server: Server) -> None:
    world, policy = server.world, load_policy()
    objects = _objects(world)
    failures: list[str] = []
    checked = 0
    with ExitStack() as stack:
        clients: dict[str, httpx.Client] = {"signed_out": stack.enter_context(server.client())}
        csrf: dict[str, str] = {}
        for role, username in USER_OF_ROLE.items():
            clients[role] = stack.enter_context(server.signed_in(username))
            csrf[role] = csrf_of(clients[role].get("/").text)
        for route, url, variants in _cases(policy, objects):
            for role in ROLES:
                with ExitStack() as fresh:
                    client, token = clients[role], csrf.get(role)
                    if route.fresh_session and role != "signed_out":
                        client = fresh.enter_context(server.signed_in(USER_OF_ROLE[role]))
                        token = csrf_of(client.get("/").text)
                    headers = {"x-csrf-token": token} if token and route.method != "GET" else {}

                    def send(
                        target: str,
                        client: httpx.Client = client,
                        route: RoutePolicy = route,
                        headers: dict[str, str] = headers,
                    ) -> httpx.Response:
                        form = _filled(route.form, objects)
                        return client.request(
                            route.method, target, data=form, json=route.json, headers=headers
                        )

                    before = _last_seq(world)
                    response = send(url)
                    username = USER_OF_ROLE.get(role, "")
                    refusals = _refusals_since(world, before, username) if username else 0
                    expected = route.outcome(role, variants)
                    problem = _problem(expected, response, refusals)
                    if expected == "hidden" and not problem:
                        ids = {name: objects[name][v] for name, v in variants.items()}
                        absent = send(_absent_twin(route, variants, objects))
                        if not _reads_as_absent(response, absent, ids):
                            problem = "a 404 unlike the one for a record that does not exist"
                checked += 1
                if problem:
                    failures.append(
                        f"{route.key} {variants or ''} as {role}: expected {expected}, got {problem}"
                    )
    assert checked >= len(policy.routes) * len(ROLES)
    assert not failures, "\n".join(failures)
