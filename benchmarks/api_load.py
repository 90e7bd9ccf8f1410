"""Load on the JSON API: simulated clinicians drafting, editing and signing notes
through `notewell serve` (a real uvicorn on 127.0.0.1, its own process), on SQLite and
PostgreSQL.

A fresh store is made for each backend: an admin, N clinicians each with one client
and a personal API token (made through the services directly: set-up is not measured;
the clinicians have no password, as a token needs none). Then each clinician, until
time is up, repeats one visit: draft from session text (POST /api/v1/draft), create the
note from a draft (POST /clients/{id}/notes), save two edits (POST /notes/{id}/versions),
sign (POST /notes/{id}/sign: refused with the blocking findings, then signed with a
reason for each). Between requests a clinician thinks for `--think` seconds (uniform
from half to one and a half of it). Printed: p50/p95 per endpoint, requests, 5xx and
unexpected statuses (anything but the one each step expects).

    python benchmarks/api_load.py                            # 50 clinicians x 60 s, both
    python benchmarks/api_load.py --backend sqlite --seconds 10 --clinicians 10
    python benchmarks/api_load.py --json
PostgreSQL: --postgres-url (default $NOTEWELL_TEST_POSTGRES_URL); a scratch database is
created there and dropped afterwards. All text is SYNTHETIC.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from record_load import chosen_backends, scratch_postgres

API = "/api/v1"
SESSION_TEXT = (  # SYNTHETIC; {day}, {minutes}, {count}: each visit's own text
    "SYNTHETIC. Date of service: 2026-11-{day:02d}. Individual psychotherapy, {minutes} minutes, "
    "in person.\nClient reported low mood and avoidance of work email. Used cognitive "
    "restructuring to identify and challenge catastrophic thoughts about returning to work. "
    "Client identified {count} balanced thoughts and rated anxiety lower. Denies SI/HI. "
    "Plan: weekly session; practise a thought record daily.\n"
)
EDIT = "\nClient agreed to review {count} work emails a day before next session (SYNTHETIC)."


def session_text(rng: random.Random) -> str:
    """No two visits alike, so no cache of the server's can answer from an earlier one."""
    return SESSION_TEXT.format(
        day=rng.randint(1, 28), minutes=rng.choice((38, 45, 50, 53)), count=rng.randint(2, 99)
    )


PASSWORD = "synthetic-load-password"


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    server_errors: int = 0
    unexpected: Counter[str] = field(default_factory=Counter)
    visits: int = 0

    def record(self, step: str, status: int, expected: tuple[int, ...], seconds: float) -> None:
        self.latencies[step].append(seconds * 1000)
        if status >= 500:
            self.server_errors += 1
        if status not in expected:
            self.unexpected[f"{step} {status}"] += 1


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))], 1)


def make_store(env: dict[str, str], clinicians: int) -> list[tuple[str, str]]:
    """(client identifier, token) per clinician, in a freshly initialised store."""
    os.environ.update(env)
    from notewell.services import api_tokens, clients, users
    from notewell.services.context import Context
    from notewell.services.setup import init_store
    from notewell.store.database import open_database

    db = open_database()
    try:
        init_store(db, "root", "Synthetic Admin", PASSWORD)
        admin = Context(db, "root", "load-test set-up")
        made = []
        for i in range(clinicians):
            name = f"clin{i:03d}"
            users.add_user(admin, name, f"Synthetic Clinician {i}", "clinician")
            me = Context(db, name, "load-test set-up")
            clients.add_client(me, f"C-{i:03d}", f"Synthetic Client {i}")
            made.append((f"C-{i:03d}", api_tokens.create_token(me, "load test").token))
        return made
    finally:
        db.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    env: dict[str, str], port: int, workers: int, log: Path
) -> subprocess.Popen[bytes]:
    """`notewell serve` as a clinic runs it (its own processes: the load generator does
    not share their interpreters); its log (errors only, no access log) goes to `log`."""
    code = "from notewell.cli import main; main()"
    with log.open("wb") as sink:
        return subprocess.Popen(
            [sys.executable, "-c", code, "serve", "--port", str(port), "--workers", str(workers)],
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
            stderr=sink,
        )


async def wait_ready(client: Any, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            if (await client.get(f"{API}/openapi.json")).status_code == 200:
                return
        except Exception:  # not listening yet
            pass
        await asyncio.sleep(0.2)
    raise SystemExit("the server did not start")


async def clinician(client: Any, identifier: str, token: str, args: argparse.Namespace,
                    stats: Stats, until: float) -> None:  # fmt: skip
    rng = random.Random(identifier)
    headers = {"authorization": f"Bearer {token}"}

    async def step(name: str, expected: tuple[int, ...], path: str, body: dict[str, Any]) -> Any:
        await asyncio.sleep(rng.uniform(0.5, 1.5) * args.think)
        started = time.perf_counter()
        response = await client.post(path, json=body, headers=headers)
        stats.record(name, response.status_code, expected, time.perf_counter() - started)
        return response

    await asyncio.sleep(rng.uniform(0, args.think))  # clinicians do not all start at once
    while time.monotonic() < until:
        visit_text = session_text(rng)
        await step("draft", (200,), f"{API}/draft", {"text": visit_text})
        made = await step(
            "create", (201,), f"{API}/clients/{identifier}/notes", {"text": visit_text}
        )
        if made.status_code != 201:
            continue
        note = made.json()["note"]
        url, text, version = f"{API}/notes/{note['summary']['note_id']}", note["text"], 1
        for _ in range(2):
            text += EDIT.format(count=rng.randint(2, 99))
            body = {"text": text, "base_version": version}
            saved = await step("save", (200,), f"{url}/versions", body)
            if saved.status_code == 200:
                version = saved.json()["summary"]["version"]
        # Signed at once, or refused with the error findings that each need a reason.
        signed = await step("sign", (200, 422), f"{url}/sign", {})
        if signed.status_code == 422:
            reasons = {f["rule"]: "synthetic load test" for f in signed.json()["findings"]}
            await step("sign", (200,), f"{url}/sign", {"overrides": reasons})
        stats.visits += 1


async def drive(
    port: int, people: list[tuple[str, str]], args: argparse.Namespace
) -> tuple[Stats, float]:
    """The load, and the first draft's seconds (the server answers once warm: each
    worker loads its language pipeline before it takes a request)."""
    import httpx

    stats = Stats()
    limits = httpx.Limits(max_connections=len(people) + 5, max_keepalive_connections=len(people))
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{port}", timeout=120, limits=limits
    ) as client:
        await wait_ready(client, time.monotonic() + 60)
        started = time.perf_counter()
        warm = await client.post(
            f"{API}/draft",
            json={"text": session_text(random.Random(0))},
            headers={"authorization": f"Bearer {people[0][1]}"},
        )
        first = time.perf_counter() - started
        if warm.status_code != 200:
            raise SystemExit(f"the first draft failed: {warm.status_code} {warm.text[:200]}")
        await asyncio.sleep(2)  # the other workers, which started warming up with this one
        until = time.monotonic() + args.seconds
        await asyncio.gather(*(clinician(client, i, t, args, stats, until) for i, t in people))
    return stats, first


def run_backend(backend: str, args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="notewell-api-load-") as folder:
        env = {"NOTEWELL_DATA_DIR": folder}
        drop = None
        if backend == "postgresql":
            env["NOTEWELL_DATABASE_URL"], drop = scratch_postgres(args.postgres_url)
        else:
            env["NOTEWELL_DATABASE_URL"] = f"sqlite:///{Path(folder) / 'record.db'}"
        try:
            people = make_store(env, args.clinicians)
            port = free_port()
            log = Path(folder) / "server.log"
            server = start_server(env, port, args.workers, log)
            try:
                stats, first = asyncio.run(drive(port, people, args))
            finally:
                server.terminate()
                server.wait(30)
            if stats.server_errors:
                print(log.read_text(errors="replace")[-3000:], file=sys.stderr)
        finally:
            if drop:
                drop()
    result: dict[str, Any] = {"backend": backend, "workers": args.workers or "default",
                              "clinicians": args.clinicians,
                              "seconds": args.seconds, "think_s": args.think,
                              "first_draft_s": round(first, 2),
                              "visits": stats.visits}  # fmt: skip
    for step, values in sorted(stats.latencies.items()):
        result[f"{step}_n"] = len(values)
        result[f"{step}_p50_ms"] = percentile(values, 50)
        result[f"{step}_p95_ms"] = percentile(values, 95)
    result["server_errors"] = stats.server_errors
    result["unexpected"] = dict(stats.unexpected)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--clinicians", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the load runs")
    parser.add_argument("--think", type=float, default=2.0, help="mean pause between requests")
    parser.add_argument(
        "--workers", type=int, default=0, help="`notewell serve --workers` (0: its default)"
    )
    parser.add_argument("--postgres-url", default=os.environ.get("NOTEWELL_TEST_POSTGRES_URL"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    results = [run_backend(b, args) for b in chosen_backends(parser, args)]
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for r in results:
            print("  ".join(f"{k}={v}" for k, v in r.items()))
    bad = any(r["server_errors"] or r["unexpected"] for r in results)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
