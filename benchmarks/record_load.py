"""Load on the record: concurrent writers autosaving drafts, on SQLite and PostgreSQL.

Each writer (a process by default, `--threads` for threads) opens its own store
(engine, sessions) and, until time is up, saves a new version of a draft through
`notewell.services.notes.save_note`, as an editor's autosave does: mostly its own
draft, sometimes (`--share`) another writer's, from the version it last saw. A stale
base version is a reported conflict (the writer then takes the current version, as a
clinician merging would); any other exception is an error. Afterwards every
acknowledged save is looked up: it must be stored under the version it was acknowledged
with, with the same text; anything else is a lost update. The audit chain is verified.

    python benchmarks/record_load.py                      # 20 writers x 30 s, both backends
    python benchmarks/record_load.py --backend sqlite --writers 4 --seconds 3
    python benchmarks/record_load.py --json
PostgreSQL: --postgres-url (default $NOTEWELL_TEST_POSTGRES_URL); a scratch database is
created there and dropped afterwards. All text is SYNTHETIC.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing as mp
import os
import queue
import random
import secrets
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

READY_TIMEOUT_S = 120


@dataclass
class LoadResult:
    backend: str
    writers: int
    seconds: float
    saves: int
    conflicts: int
    errors: int
    lost_updates: int
    saves_per_s: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    audit_ok: bool
    error_samples: list[str]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _settings(spec: dict[str, Any]):
    from notewell.store.config import StoreSettings

    folder = Path(spec["folder"])
    return StoreSettings(
        spec["url"], folder / "psychotherapy.key", None, folder / "audit-checkpoint.json"
    )


def writer(spec: dict[str, Any], index: int, ready: Any, go: Any, results: Any) -> None:
    """One writer: its own Database (engine and sessions), saving until the deadline."""
    from notewell.services import notes
    from notewell.services.context import Context
    from notewell.services.errors import Conflict
    from notewell.store.database import Database

    db = Database(_settings(spec))
    ctx = Context(db, "dana", origin=f"load-writer-{index}")
    note_ids: list[int] = spec["notes"]
    known = dict.fromkeys(note_ids, 1)
    rng = random.Random(index)
    own = note_ids[index % len(note_ids)]
    acks: list[tuple[int, int, str]] = []
    latencies: list[float] = []
    conflicts, errors = 0, []
    with db.engine.connect():  # connect before the start signal, not inside the timing
        pass
    ready.put(index)
    go.wait()
    deadline = time.monotonic() + spec["seconds"]
    i = 0
    while time.monotonic() < deadline:
        note_id = rng.choice(note_ids) if rng.random() < spec["share"] else own
        text = f"SYNTHETIC autosave by writer {index}, save {i}: thought record reviewed.\n"
        i += 1
        started = time.perf_counter()
        try:
            version = notes.save_note(ctx, note_id, text, known[note_id]).version
        except Conflict as conflict:
            known[note_id] = conflict.current_version
            conflicts += 1
            continue
        except Exception as exc:  # counted and shown: the load test's pass criterion
            errors.append(f"{type(exc).__name__}: {exc}"[:300])
            continue
        latencies.append(time.perf_counter() - started)
        known[note_id] = version
        acks.append((note_id, version, _digest(text)))
    db.close()
    results.put({"acks": acks, "latencies": latencies, "conflicts": conflicts, "errors": errors})


def prepare(spec: dict[str, Any], notes_count: int) -> list[int]:
    """A store with one admin, one clinician, one client and `notes_count` drafts."""
    from notewell.services import clients, notes, users
    from notewell.services.context import Context
    from notewell.services.setup import init_store
    from notewell.store.database import Database

    db = Database(_settings(spec))
    init_store(db, "root", "", "synthetic-benchmark-password")
    users.add_user(Context(db, "root"), "dana", "Synthetic Dana", "clinician")
    dana = Context(db, "dana", origin="load-setup")
    clients.add_client(dana, "C-001", "Synthetic Load Client")
    text = "SYNTHETIC draft: client reported low mood; practised paced breathing.\n"
    ids = [notes.create_note(dana, "C-001", text, "dap").note_id for _ in range(notes_count)]
    db.close()
    return ids


def verify(spec: dict[str, Any], acks: list[tuple[int, int, str]]) -> tuple[int, bool]:
    """Lost updates: acknowledged saves missing, stored under another text, or two
    acknowledgements of one version; also versions stored that nobody was told about."""
    from sqlalchemy import select

    from notewell.services.audit import verify_audit_log
    from notewell.services.context import Context
    from notewell.store.database import Database
    from notewell.store.models import NoteVersion, ProgressNote

    db = Database(_settings(spec))
    with db.transaction() as session:
        stored = {
            (v.note_id, v.number): _digest(v.text) for v in session.scalars(select(NoteVersion))
        }
        current = {n.id: n.current_version for n in session.scalars(select(ProgressNote))}
    claimed = Counter((note, version) for note, version, _ in acks)
    lost = sum(count - 1 for count in claimed.values())
    lost += sum(1 for note, version, digest in acks if stored.get((note, version)) != digest)
    # Every stored version above 1 of the load's notes was acknowledged to someone.
    lost += sum(1 for key in stored if key[1] > 1 and key not in claimed)
    lost += sum(1 for note, top in current.items() if (note, top) not in stored)
    audit_ok = verify_audit_log(Context(db, "dana", origin="load-verify")).ok
    db.close()
    return lost, audit_ok


def run_load(
    backend: str, url: str, folder: Path, writers: int, seconds: float, **options: Any
) -> LoadResult:
    spec = {"url": url, "folder": str(folder), "seconds": seconds}
    spec["share"] = options.get("share", 0.2)
    spec["notes"] = prepare(spec, options.get("notes") or writers)
    threads = options.get("threads", False)
    ctx = mp.get_context("spawn")
    ready, results = (queue.Queue(), queue.Queue()) if threads else (ctx.Queue(), ctx.Queue())
    go = threading.Event() if threads else ctx.Event()
    make = threading.Thread if threads else ctx.Process
    workers = [make(target=writer, args=(spec, i, ready, go, results)) for i in range(writers)]
    for w in workers:
        w.start()
    for _ in workers:
        ready.get(timeout=READY_TIMEOUT_S)
    started = time.monotonic()
    go.set()
    outputs = [results.get(timeout=seconds + READY_TIMEOUT_S) for _ in workers]
    elapsed = time.monotonic() - started
    for w in workers:
        w.join()
    acks = [a for o in outputs for a in o["acks"]]
    latencies = sorted(x * 1000 for o in outputs for x in o["latencies"])
    errors = [e for o in outputs for e in o["errors"]]
    lost, audit_ok = verify(spec, acks)

    def pct(p: float) -> float:
        return round(statistics.quantiles(latencies, n=100)[p - 1], 1) if len(latencies) > 1 else 0

    return LoadResult(
        backend=backend,
        writers=writers,
        seconds=round(elapsed, 1),
        saves=len(acks),
        conflicts=sum(o["conflicts"] for o in outputs),
        errors=len(errors),
        lost_updates=lost,
        saves_per_s=round(len(acks) / elapsed, 1),
        p50_ms=pct(50),
        p95_ms=pct(95),
        p99_ms=pct(99),
        max_ms=round(latencies[-1], 1) if latencies else 0,
        audit_ok=audit_ok,
        error_samples=sorted(set(errors))[:5],
    )


def scratch_postgres(admin_url: str):
    """A new empty database on the server of `admin_url`; returns (url, drop)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"notewell_load_{os.getpid()}_{secrets.token_hex(3)}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(admin_url).set(database=name).render_as_string(hide_password=False), drop


def run_backend(backend: str, args: argparse.Namespace) -> LoadResult:
    options = {"threads": args.threads, "notes": args.notes, "share": args.share}
    with tempfile.TemporaryDirectory(prefix="notewell-load-") as folder:
        if backend == "sqlite":
            url = f"sqlite:///{Path(folder) / 'record.db'}"
            return run_load(backend, url, Path(folder), args.writers, args.seconds, **options)
        url, drop = scratch_postgres(args.postgres_url)
        try:
            return run_load(backend, url, Path(folder), args.writers, args.seconds, **options)
        finally:
            drop()


COLUMNS = ("backend", "writers", "seconds", "saves", "saves_per_s", "conflicts", "errors")
COLUMNS += ("lost_updates", "p50_ms", "p95_ms", "p99_ms", "max_ms", "audit_ok")


def table(results: list[LoadResult]) -> str:
    rows = [COLUMNS, *[tuple(str(getattr(r, c)) for c in COLUMNS) for r in results]]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    return "\n".join(
        "  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) for row in rows
    )


def chosen_backends(parser: argparse.ArgumentParser, args: argparse.Namespace) -> list[str]:
    """`--backend` as a list; PostgreSQL needs a server URL (the load benchmarks' rule)."""
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    if "postgresql" in backends and not args.postgres_url:
        parser.error("PostgreSQL needs --postgres-url or NOTEWELL_TEST_POSTGRES_URL")
    return backends


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--notes", type=int, default=0, help="drafts (default: one per writer)")
    parser.add_argument("--share", type=float, default=0.2, help="chance of another's draft")
    parser.add_argument("--threads", action="store_true", help="threads instead of processes")
    parser.add_argument("--postgres-url", default=os.environ.get("NOTEWELL_TEST_POSTGRES_URL"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    results = [run_backend(b, args) for b in chosen_backends(parser, args)]
    if args.json:
        print(json.dumps([asdict(r) for r in results], indent=2))
    else:
        print(table(results))
        for r in results:
            for sample in r.error_samples:
                print(f"{r.backend} error: {sample}", file=sys.stderr)
    failed = any(r.errors or r.lost_updates or not r.audit_ok for r in results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
