"""Checker speed: notes checked per second, and clone-query latency at scale.

    PYTHONPATH=src python benchmarks/check_speed.py [--notes 2000] [--history 10000 100000]

All notes are synthetic, generated here from templates and random filler words so
that earlier notes differ the way real ones do (a history of identical templates
would put every note in one LSH bucket). Targets (issue 3): over 500 notes/s on one
core for the single-note rules; under 50 ms per clone query against 100,000 notes.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from notewell.core.check import check_note, default_profile
from notewell.core.check.clone import HistoryIndex

_SYLLABLES = ["ka", "lo", "mi", "ne", "ra", "to", "su", "vi", "de", "po", "ba", "ri", "fe", "gu"]
_TEMPLATES = {
    "data": [
        "Client reported {w} {w} about {w} and {w} this week.",
        "Client described conflict with {w} over {w} {w}.",
        "Therapist used cognitive restructuring to challenge thoughts about {w} {w}.",
        "Therapist taught paced breathing and practiced it twice while discussing {w}.",
        "Reviewed the activity log; client completed {n} of 7 planned {w} activities.",
        "Used role-play to rehearse a conversation with {w} about {w}.",
    ],
    "assessment": [
        "Client was engaged and identified {n} {w} thoughts.",
        "Partial progress toward goal {n}: {w} decreased from {n} to {n} per week.",
        "Client appeared {w} and practiced the {w} skill in session.",
        "Client denies SI/HI.",
    ],
    "plan": [
        "Client will practice {w} daily and log {w}.",
        "Next session in one week to review {w} {w}.",
    ],
}


def _words(rng: random.Random, count: int) -> list[str]:
    return ["".join(rng.choices(_SYLLABLES, k=rng.randint(2, 4))) for _ in range(count)]


def synthetic_note(rng: random.Random, vocabulary: list[str], client: str, day: int) -> str:
    """One synthetic DAP note with random filler (fast: a few microseconds)."""

    def fill(template: str) -> str:
        out = template
        while "{w}" in out:
            out = out.replace("{w}", rng.choice(vocabulary), 1)
        while "{n}" in out:
            out = out.replace("{n}", str(rng.randint(1, 9)), 1)
        return out

    header = (
        f"Client: {client}  Date of service: 2026-{1 + day % 12:02d}-{1 + day % 28:02d}  "
        f"Individual psychotherapy, {rng.choice([45, 50, 53])} minutes, in office."
    )
    sections = [header]
    for name, templates in _TEMPLATES.items():
        chosen = rng.sample(templates, k=min(len(templates), rng.randint(2, 4)))
        sections.append(f"{name.title()}: " + " ".join(fill(t) for t in chosen))
    return "\n".join(sections) + "\n"


def bench_notes(count: int, rng: random.Random, vocabulary: list[str]) -> float:
    notes = [synthetic_note(rng, vocabulary, f"C{i % 500}", i) for i in range(count)]
    profile = default_profile()
    check_note(notes[0], profile=profile)  # warm the lexicon and regex caches
    start = time.perf_counter()
    for text in notes:
        check_note(text, profile=profile)
    return count / (time.perf_counter() - start)


def bench_clone(size: int, rng: random.Random, vocabulary: list[str], queries: int = 200) -> dict:
    start = time.perf_counter()
    notes = [synthetic_note(rng, vocabulary, f"C{i % 5000}", i) for i in range(size)]
    generated = time.perf_counter() - start
    start = time.perf_counter()
    index = HistoryIndex(threshold=0.8)
    for i, text in enumerate(notes):
        index.add(i, text)
    built = time.perf_counter() - start
    # Half the queries are copies of an earlier note with one sentence changed (must be
    # found), half are new notes (must not be).
    latencies, found = [], 0
    for q in range(queries):
        if q % 2 == 0:
            target = rng.randrange(size)
            text = notes[target].replace("Client will", "Client agreed to", 1)
        else:
            target, text = None, synthetic_note(rng, vocabulary, f"C{q}", q)
        t0 = time.perf_counter()
        matches = index.query(text)
        latencies.append((time.perf_counter() - t0) * 1000)
        if target is not None and any(m.key == target for m in matches):
            found += 1
    latencies.sort()
    return {
        "size": size,
        "generate_s": round(generated, 1),
        "build_s": round(built, 1),
        "mean_ms": round(statistics.mean(latencies), 2),
        "p95_ms": round(latencies[int(0.95 * len(latencies)) - 1], 2),
        "copies_found": f"{found}/{queries // 2}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--history", type=int, nargs="*", default=[10_000, 100_000])
    args = parser.parse_args()
    rng = random.Random(7)
    vocabulary = _words(rng, 5000)
    rate = bench_notes(args.notes, rng, vocabulary)
    print(f"single-note rules: {rate:,.0f} notes/s ({args.notes} synthetic notes, one core)")
    for size in args.history:
        result = bench_clone(size, rng, vocabulary)
        print(
            f"clone query vs {result['size']:,} notes: mean {result['mean_ms']} ms, "
            f"p95 {result['p95_ms']} ms; copies found {result['copies_found']} "
            f"(index built in {result['build_s']} s)"
        )


if __name__ == "__main__":
    main()
