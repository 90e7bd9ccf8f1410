"""Speed of the embedded engine and of the `notewell` command.

Measures (targets from issue 2, on the 2-core development machine):

- warm per-note latency of ``notewell.draft`` (p50 < 15 ms, also p95) on typical
  100-300-word session inputs;
- a batch of 1,000 notes drafted in-process (< 20 s);
- cold start of ``notewell draft examples/session.txt`` as a subprocess, median of 5
  (< 4 s), with a breakdown: interpreter, ``import spacy``, ``import medspacy``, the
  notewell CLI import, pipeline build, first and second draft, and the heaviest imports
  by ``python -X importtime``;
- start time of ``notewell --help``, ``notewell formats``, ``notewell interventions``
  (< 0.5 s) and a check that none of them imports spaCy/medspaCy;
- ``notewell draft FOLDER --out-dir D`` on 200 files (one start-up for all of them);
- optionally (``--profile``) a cProfile of warm drafting, grouped by module.

The session inputs are SYNTHETIC: generated here from phrase banks in clinicians'
shorthand, dictation, transcript and structured styles. No real patient data.

    python benchmarks/speed.py                 # everything, table
    python benchmarks/speed.py --quick         # fewer repetitions
    python benchmarks/speed.py --profile       # add a cProfile of warm drafting
    python benchmarks/speed.py --json
    python benchmarks/speed.py --write-samples DIR   # write the synthetic inputs to DIR
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "session.txt"
TARGETS = {
    "warm_p50_ms": 15.0,
    "batch_1000_s": 20.0,
    "cold_draft_s": 4.0,
    "light_command_s": 0.5,
}
HEAVY_PACKAGES = ("spacy", "medspacy", "thinc", "pyrush", "quickumls")

# ------------------------------------------------------------------ synthetic inputs
# All of this is made up. Phrase banks for the slots of a session description.

_NAMES = ["Client", "Pt", "Cl", "Client", "Patient"]
_CONCERNS = [
    ("anxiety about returning to work", "racing thoughts, poor sleep, avoiding work email"),
    ("low mood since the breakup", "low energy, skipping meals, withdrawing from friends"),
    ("panic attacks on public transport", "heart racing, dizziness, leaving the bus early"),
    ("conflict with her mother", "frequent arguments, feeling criticised, crying after calls"),
    ("grief after his father's death", "tearfulness, trouble concentrating, guilt"),
    ("stress at school", "procrastination, worry about exams, irritability"),
    ("drinking more on weekends", "cravings on Fridays, hangovers, missed a shift"),
    ("intrusive memories of the accident", "nightmares, startle, avoiding driving"),
    ("worry about her health", "checking symptoms online, reassurance seeking"),
    ("marital tension", "arguments about money, sleeping in separate rooms"),
    ("social anxiety at work meetings", "blushing, rehearsing what to say, leaving early"),
    ("insomnia", "lying awake until 3 am, daytime fatigue, napping"),
    ("anger at his supervisor", "snapping at coworkers, tension headaches"),
    ("loneliness after moving", "isolating at home, little contact with family"),
    ("perfectionism about her thesis", "rewriting drafts, all-nighters, self-criticism"),
]
_INTERVENTIONS = [
    "used CBT to challenge catastrophic predictions about {topic}",
    "cognitive restructuring of the thought 'I always mess things up'",
    "psychoed on the avoidance cycle",
    "provided psychoeducation about sleep hygiene",
    "BA: scheduled 2 small pleasant activities per day",
    "practiced 5-4-3-2-1 grounding when distressed",
    "paced breathing, in for 4 and out for 6",
    "progressive muscle relaxation practiced in session",
    "MI: explored pros and cons of change, reflected ambivalence",
    "DBT distress tolerance skills (TIPP, distraction) reviewed",
    "problem-solving around {topic}",
    "role-played assertive communication with her supervisor",
    "reviewed homework and thought records",
    "administered PHQ-9 (score {phq}) and GAD-7 (score {gad})",
    "graded exposure: built a hierarchy for {topic}",
    "mindfulness exercise, body scan for 10 minutes",
    "values clarification and committed action (ACT)",
    "relapse prevention plan reviewed, identified triggers",
    "safety plan reviewed and updated",
]
_RESPONSES = [
    "{name} engaged and identified 3 automatic thoughts",
    "{name} was receptive, rated anxiety down from 7/10 to 4/10",
    "{name} tearful at first, calmer by end of session",
    "{name} participated actively and agreed to the plan",
    "{name} was guarded but completed the exercise",
    "{name} said the breathing 'helps a little'",
    "{name} was able to generate an alternative thought",
]
_OBSERVATIONS = [
    "appeared tired, minimal eye contact",
    "well groomed, speech normal rate, affect anxious",
    "affect constricted, mood 'flat'",
    "fidgeting, frequent sighs",
    "alert and oriented, cooperative",
]
_RISK = [
    "denies SI/HI",
    "denies SI, HI and self-harm",
    "no SI or HI reported",
    "{name} reports passive thoughts of not wanting to wake up, no plan, no intent",
    "mother has history of suicide attempt; {name} denies SI",
    "if things get worse she might think about hurting herself, currently denies SI",
    "",
    "",
]
_PLANS = [
    "HW: worry time 15 min daily, track anxiety",
    "f/u 1 wk",
    "next session review exposure practice",
    "continue weekly CBT, review thought records",
    "will call if urges increase, crisis line given",
    "schedule 2 pleasant activities, diary card",
    "refer to psychiatry for medication evaluation",
]
_PRIVATE = [
    "I wonder if the avoidance protects her from her father's criticism.",
    "My sense is he is testing whether I will give up on him.",
    "I felt impatient when she changed the subject again - bring to supervision.",
    "",
    "",
    "",
]
_MODALITIES = ["telehealth", "video", "in office", "in person", "phone", "telephone"]
_TOPICS = ["work", "the bus", "exams", "the party", "driving", "phone calls", "the meeting"]


def _fill(s: str, rng: random.Random, name: str) -> str:
    return s.format(
        name=name,
        topic=rng.choice(_TOPICS),
        phq=rng.randint(3, 22),
        gad=rng.randint(2, 19),
    )


def _shorthand(rng: random.Random) -> list[str]:
    name = rng.choice(["pt", "cl", "client"])
    minutes = rng.choice([30, 38, 45, 50, 53, 55, 60])
    concern, symptoms = rng.choice(_CONCERNS)
    parts = [
        f"{minutes} min indiv {rng.choice(_MODALITIES)}.",
        f"{name} reports {concern}: {symptoms}.",
        f"{rng.choice(_OBSERVATIONS)}.",
    ]
    for iv in rng.sample(_INTERVENTIONS, rng.randint(2, 4)):
        parts.append(_fill(iv, rng, name) + ".")
    parts.append(_fill(rng.choice(_RESPONSES), rng, name) + ".")
    risk = _fill(rng.choice(_RISK), rng, name)
    if risk:
        parts.append(risk + ".")
    parts += [p + "." for p in rng.sample(_PLANS, 2)]
    private = rng.choice(_PRIVATE)
    if private:
        parts.append(private)
    return parts


def _dictation(rng: random.Random) -> list[str]:
    name = rng.choice(["Client", "The client", "Patient"])
    minutes = rng.choice([16, 30, 37, 38, 45, 50, 52, 53, 60])
    concern, symptoms = rng.choice(_CONCERNS)
    parts = [
        f"{name} attended a {minutes}-minute individual session via "
        f"{rng.choice(['telehealth video', 'telephone', 'an in-person visit in the office'])}.",
        f"{name} reported {concern}, including {symptoms}.",
        f"{name} {rng.choice(_OBSERVATIONS)}.",
    ]
    for iv in rng.sample(_INTERVENTIONS, rng.randint(2, 4)):
        iv = _fill(iv, rng, name)
        verb = iv.split()[0] in (
            "used",
            "provided",
            "practiced",
            "reviewed",
            "administered",
            "role-played",
        )
        parts.append(("Therapist " if verb else "Session included ") + iv + ".")
    parts.append(_fill(rng.choice(_RESPONSES), rng, name) + ".")
    risk = _fill(rng.choice(_RISK), rng, name)
    if risk:
        parts.append(f"{name} {risk}." if risk.startswith(("denies", "no ")) else risk + ".")
    parts.append(
        f"{name} also discussed {rng.choice(_CONCERNS)[0]} and how it affects daily routines."
    )
    parts += [
        "Plan: " + rng.choice(_PLANS) + ".",
        "Next session will "
        + rng.choice(["review progress", "continue exposure work", "review the safety plan"])
        + ".",
    ]
    private = rng.choice(_PRIVATE)
    if private:
        parts.append(private)
    return parts


def _transcript(rng: random.Random) -> list[str]:
    t, c = rng.choice([("Therapist", "Client"), ("T", "C"), ("Dr. Lee", "Sam")])
    concern, symptoms = rng.choice(_CONCERNS)
    lines = [
        f"{t}: How have things been since last week?",
        f"{c}: Honestly not great. It's mostly {concern}. I've had {symptoms}.",
        f"{t}: That sounds hard. When did you notice it most?",
        f"{c}: Probably on {rng.choice(['Monday', 'the weekend', 'Thursday night'])}.",
        f"{t}: Let's try something. {rng.choice(['Breathe in for four and out for six.', 'Name five things you can see.', 'What is the evidence for that thought?'])}",
        f"{c}: Okay. {rng.choice(['That helps a little.', 'I feel a bit calmer.', 'I am not sure it works.'])}",
        f"{t}: Any thoughts of hurting yourself or ending your life?",
        f"{c}: {rng.choice(['No, nothing like that.', 'Sometimes I wish I would not wake up, but I would never do anything.', 'No.'])}",
        f"{t}: What could you practice this week?",
        f"{c}: Maybe {rng.choice(['writing down my worries at night', 'going for a walk daily', 'calling my sister'])}.",
        f"{t}: Good. Let's review that next time.",
    ]
    return lines


def _structured(rng: random.Random) -> list[str]:
    minutes = rng.choice([16, 37, 38, 45, 52, 53, 60])
    return [
        f"session_date: 2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        f"duration: {minutes} min",
        f"modality: {rng.choice(['telephone', 'video', 'in person'])}",
        " ".join(_dictation(rng)[1:]),
    ]


_STYLES = {
    "shorthand": _shorthand,
    "dictation": _dictation,
    "transcript": _transcript,
    "structured": _structured,
}


def generate_sessions(
    n: int = 1000, seed: int = 7, min_words: int = 100, max_words: int = 300
) -> list[tuple[str, str]]:
    """n distinct SYNTHETIC session inputs (style, text) of min_words..max_words words."""
    rng = random.Random(seed)
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    styles = list(_STYLES)
    attempts = 0
    while len(out) < n:
        attempts += 1
        if attempts > n * 50:
            raise RuntimeError("could not generate enough distinct sessions")
        style = styles[len(out) % len(styles)]
        gen = _STYLES[style]
        parts = gen(rng)
        target = rng.randint(min_words, max_words)
        # Grow short inputs with more session content of the same style (for structured
        # input: more body text, never a second block of fields).
        while len(" ".join(parts).split()) < target:
            more = gen(rng)
            if style == "structured":
                parts[-1] += " " + more[-1]
            else:
                parts += more[1:]
        sep = "\n" if style in ("transcript", "structured") else " "
        text = sep.join(parts)
        words = text.split()
        if len(words) > max_words:
            if style in ("transcript", "structured"):
                continue
            text = " ".join(words[:max_words])
            text = text[: text.rfind(".") + 1] or text
        if text in seen or len(text.split()) < min_words:
            continue
        seen.add(text)
        out.append((style, text + "\n"))
    return out


# ----------------------------------------------------------------------- measurement


def notewell_script() -> Path:
    exe = Path(sys.executable).parent / ("notewell.exe" if os.name == "nt" else "notewell")
    if not exe.exists():
        sys.exit(
            f"error: the notewell script is not next to {sys.executable}; install the "
            "project (pip install -e .) in this environment"
        )
    return exe


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def warm_latency(sessions: list[tuple[str, str]], fmt: str = "dap") -> dict:
    import notewell

    for _, text in sessions[:20]:  # warm-up: pipeline build, caches
        notewell.draft(text, fmt)
    times, by_style = [], {}
    for style, text in sessions:
        t0 = time.perf_counter()
        notewell.draft(text, fmt)
        dt = (time.perf_counter() - t0) * 1000
        times.append(dt)
        by_style.setdefault(style, []).append(dt)
    words = [len(t.split()) for _, t in sessions]
    return {
        "notes": len(times),
        "words_median": statistics.median(words),
        "words_range": [min(words), max(words)],
        "p50_ms": pct(times, 0.5),
        "p95_ms": pct(times, 0.95),
        "p99_ms": pct(times, 0.99),
        "mean_ms": statistics.fmean(times),
        "max_ms": max(times),
        "p50_ms_by_style": {s: pct(v, 0.5) for s, v in sorted(by_style.items())},
    }


def batch(sessions: list[tuple[str, str]], fmt: str = "dap") -> dict:
    import notewell

    t0 = time.perf_counter()
    for _, text in sessions:
        notewell.draft(text, fmt).to_dict()
    dt = time.perf_counter() - t0
    return {"notes": len(sessions), "seconds": dt, "notes_per_second": len(sessions) / dt}


def _run(cmd: list[str], **kw) -> tuple[float, subprocess.CompletedProcess]:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    return time.perf_counter() - t0, proc


def cold_draft(runs: int) -> dict:
    exe = str(notewell_script())
    times, rc = [], set()
    for _ in range(runs):
        dt, proc = _run([exe, "draft", str(EXAMPLE)])
        times.append(dt)
        rc.add(proc.returncode)
    return {
        "runs": runs,
        "median_s": statistics.median(times),
        "all_s": times,
        "exit_codes": sorted(rc),
    }


_BREAKDOWN = r"""
import json, sys, time
t = [("start", time.perf_counter())]
import spacy
t.append(("import spacy", time.perf_counter()))
import medspacy.context, medspacy.target_matcher
t.append(("import medspacy (context, target_matcher)", time.perf_counter()))
import notewell.cli
t.append(("import notewell.cli", time.perf_counter()))
from notewell.core.risk.nlp import get_pipeline
get_pipeline()
t.append(("build pipeline (rules, matcher, ConText)", time.perf_counter()))
import notewell
text = open(sys.argv[1], encoding="utf-8").read()
notewell.draft(text, "dap").to_dict()
t.append(("first draft", time.perf_counter()))
notewell.draft(text, "dap").to_dict()
t.append(("second draft", time.perf_counter()))
print(json.dumps([(name, t[i][1] - t[i - 1][1]) for i, (name, _) in enumerate(t) if i]))
"""


def cold_breakdown(runs: int) -> dict:
    py = sys.executable
    steps: dict[str, list[float]] = {}
    interp = []
    for _ in range(runs):
        dt, _ = _run([py, "-c", "pass"])
        interp.append(dt)
        _, proc = _run([py, "-c", _BREAKDOWN, str(EXAMPLE)])
        if proc.returncode:
            return {"error": proc.stderr.strip().splitlines()[-1:]}
        for name, sec in json.loads(proc.stdout):
            steps.setdefault(name, []).append(sec)
    out = {"python startup (python -c pass)": statistics.median(interp)}
    out.update({k: statistics.median(v) for k, v in steps.items()})
    return out


def importtime_top(n: int = 15) -> list[tuple[str, float]]:
    """Heaviest top-level imports (cumulative) for `notewell draft`'s start-up path."""
    code = "import notewell.cli; from notewell.core.risk.nlp import get_pipeline; get_pipeline()"
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True
    )
    rows = []
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)", line)
        if m and len(m.group(3)) <= 1:  # top-level imports only
            rows.append((m.group(4), int(m.group(2)) / 1e6))
    return sorted(rows, key=lambda r: -r[1])[:n]


_LIGHT_CHECK = r"""
import sys
from notewell.cli import main
sys.argv = ["notewell"] + sys.argv[1:]
try:
    main()
except SystemExit:
    pass
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(HEAVY_PACKAGES))
print("\n@@HEAVY@@" + ",".join(heavy))
""".replace("HEAVY_PACKAGES", repr(HEAVY_PACKAGES))


def light_commands(runs: int) -> dict:
    exe = str(notewell_script())
    out = {}
    for args in (["--help"], ["formats"], ["interventions"]):
        times, rc = [], set()
        for _ in range(runs):
            dt, proc = _run([exe, *args])
            times.append(dt)
            rc.add(proc.returncode)
        _, proc = _run([sys.executable, "-c", _LIGHT_CHECK, *args])
        marker = proc.stdout.rsplit("@@HEAVY@@", 1)
        heavy = marker[1].strip().split(",") if len(marker) == 2 and marker[1].strip() else []
        out["notewell " + " ".join(args)] = {
            "median_s": statistics.median(times),
            "exit_codes": sorted(rc),
            "heavy_modules_imported": heavy if len(marker) == 2 else ["(check failed)"],
        }
    return out


def folder(sessions: list[tuple[str, str]], n: int = 200) -> dict:
    exe = str(notewell_script())
    with tempfile.TemporaryDirectory(prefix="notewell-speed-") as tmp:
        src, dst = Path(tmp) / "in", Path(tmp) / "out"
        src.mkdir()
        for i, (_, text) in enumerate(sessions[:n]):
            (src / f"session_{i:04d}.txt").write_text(text, encoding="utf-8")
        res = {}
        for output in ("text", "json"):
            out_dir = dst / output
            dt, proc = _run([exe, "draft", str(src), "--out-dir", str(out_dir), "-o", output])
            written = len(list(out_dir.iterdir())) if out_dir.exists() else 0
            res[output] = {
                "files": n,
                "seconds": dt,
                "files_written": written,
                "exit_code": proc.returncode,
                "stderr_tail": proc.stderr.strip().splitlines()[-1:] if proc.returncode else [],
            }
        return res


def profile(sessions: list[tuple[str, str]], top: int = 25) -> dict:
    import cProfile
    import pstats

    import notewell

    for _, text in sessions[:20]:
        notewell.draft(text, "dap")
    prof = cProfile.Profile()
    prof.enable()
    for _, text in sessions:
        notewell.draft(text, "dap").to_dict()
    prof.disable()
    stats = pstats.Stats(prof)
    total = stats.total_tt
    by_module: dict[str, float] = {}
    rows = []
    for (filename, line, func), (_cc, nc, tt, ct, _callers) in stats.stats.items():
        key = _module_key(filename)
        by_module[key] = by_module.get(key, 0.0) + tt
        rows.append((f"{_short(filename)}:{line}({func})", nc, tt, ct))
    return {
        "notes": len(sessions),
        "total_s": total,
        "ms_per_note": total / len(sessions) * 1000,
        "self_time_by_module": sorted(by_module.items(), key=lambda kv: -kv[1])[:top],
        "top_tottime": sorted(rows, key=lambda r: -r[2])[:top],
        "top_cumtime_notewell": sorted(
            [r for r in rows if "notewell" in r[0]], key=lambda r: -r[3]
        )[:top],
    }


def _short(filename: str) -> str:
    for marker in ("site-packages/", "src/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


def _module_key(filename: str) -> str:
    f = _short(filename)
    if f.startswith("notewell/"):
        return f
    if f.startswith("~") or f.startswith("<"):
        return "builtins/C"
    parts = f.split("/")
    return parts[0] if "site-packages" in filename else "stdlib:" + parts[-1]


# ---------------------------------------------------------------------------- output


def _ok(value: float, target: float) -> str:
    return "ok" if value < target else "OVER"


def print_report(r: dict) -> None:
    w = r["warm"]
    print("== Warm drafting (in-process, notewell.draft, format dap; SYNTHETIC inputs) ==")
    print(f"notes {w['notes']} (words median {w['words_median']}, range {w['words_range']})")
    print(
        f"p50 {w['p50_ms']:.2f} ms [{_ok(w['p50_ms'], TARGETS['warm_p50_ms'])} < 15]  "
        f"p95 {w['p95_ms']:.2f} ms  p99 {w['p99_ms']:.2f} ms  mean {w['mean_ms']:.2f} ms  "
        f"max {w['max_ms']:.2f} ms"
    )
    print("p50 by style: " + ", ".join(f"{k} {v:.2f} ms" for k, v in w["p50_ms_by_style"].items()))
    b = r["batch"]
    print(
        f"\n== Batch ==\n{b['notes']} notes in {b['seconds']:.2f} s "
        f"({b['notes_per_second']:.0f}/s) [{_ok(b['seconds'], TARGETS['batch_1000_s'])} < 20 s]"
    )
    if "cold" in r:
        c = r["cold"]
        print(
            f"\n== Cold start: notewell draft examples/session.txt ==\nmedian of {c['runs']}: "
            f"{c['median_s']:.2f} s [{_ok(c['median_s'], TARGETS['cold_draft_s'])} < 4 s] "
            f"(runs: {', '.join(f'{x:.2f}' for x in c['all_s'])}; exit {c['exit_codes']})"
        )
        print("breakdown (medians, in a fresh interpreter):")
        for name, sec in r["cold_breakdown"].items():
            print(
                f"  {name:<44} {sec * 1000:8.0f} ms"
                if isinstance(sec, float)
                else f"  {name}: {sec}"
            )
        print("heaviest top-level imports (python -X importtime, cumulative):")
        for name, sec in r["importtime"]:
            print(f"  {name:<44} {sec * 1000:8.0f} ms")
    if "light" in r:
        print("\n== Commands without the language pipeline ==")
        for name, v in r["light"].items():
            heavy = ", ".join(v["heavy_modules_imported"]) or "none"
            print(
                f"{name:<24} {v['median_s']:.3f} s "
                f"[{_ok(v['median_s'], TARGETS['light_command_s'])} < 0.5 s]  "
                f"heavy modules imported: {heavy}  exit {v['exit_codes']}"
            )
    if "folder" in r:
        print("\n== notewell draft FOLDER --out-dir (one start-up) ==")
        for output, v in r["folder"].items():
            print(
                f"-o {output:<5} {v['files']} files in {v['seconds']:.2f} s "
                f"({v['seconds'] / v['files'] * 1000:.1f} ms/file incl. start-up), "
                f"written {v['files_written']}, exit {v['exit_code']} {v['stderr_tail']}"
            )
    if "profile" in r:
        p = r["profile"]
        print(
            f"\n== cProfile of warm drafting: {p['notes']} notes, "
            f"{p['ms_per_note']:.2f} ms/note under the profiler =="
        )
        print("self time by module:")
        for name, sec in p["self_time_by_module"]:
            print(f"  {sec / p['total_s'] * 100:5.1f}%  {name}")
        print("top functions by self time:")
        for name, nc, tt, _ct in p["top_tottime"]:
            print(f"  {tt / p['total_s'] * 100:5.1f}%  calls {nc:>8}  {name}")
        print("notewell functions by cumulative time:")
        for name, nc, _tt, ct in p["top_cumtime_notewell"]:
            print(f"  {ct / p['total_s'] * 100:5.1f}%  calls {nc:>8}  {name}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Speed of notewell: warm latency, 1,000-note batch, cold start of "
        "`notewell draft` with a breakdown, light commands, folder drafting."
    )
    ap.add_argument("--json", action="store_true", help="print machine-readable JSON")
    ap.add_argument("--quick", action="store_true", help="fewer notes and repetitions")
    ap.add_argument("--notes", type=int, default=1000, help="batch size (default 1000)")
    ap.add_argument("--runs", type=int, default=5, help="subprocess repetitions (default 5)")
    ap.add_argument(
        "--no-subprocess",
        action="store_true",
        help="skip cold start, light commands and folder timing",
    )
    ap.add_argument("--profile", action="store_true", help="cProfile warm drafting")
    ap.add_argument(
        "--write-samples",
        type=Path,
        metavar="DIR",
        help="write the synthetic inputs to DIR (one .txt each) and exit",
    )
    args = ap.parse_args(argv)
    n = 200 if args.quick else args.notes
    runs = 3 if args.quick else args.runs
    sessions = generate_sessions(max(n, 200))
    if args.write_samples:
        args.write_samples.mkdir(parents=True, exist_ok=True)
        for i, (style, text) in enumerate(sessions):
            (args.write_samples / f"synthetic_{i:04d}_{style}.txt").write_text(text, "utf-8")
        print(f"wrote {len(sessions)} synthetic session inputs to {args.write_samples}")
        return 0
    r: dict = {"python": sys.version.split()[0], "cpus": os.cpu_count(), "targets": TARGETS}
    r["warm"] = warm_latency(sessions[: min(len(sessions), 500)])
    r["batch"] = batch(sessions[:n])
    if not args.no_subprocess:
        r["cold"] = cold_draft(runs)
        r["cold_breakdown"] = cold_breakdown(runs)
        r["importtime"] = importtime_top()
        r["light"] = light_commands(runs)
        r["folder"] = folder(sessions, 200)
    if args.profile:
        r["profile"] = profile(sessions[:300])
    failed = [
        r["warm"]["p50_ms"] >= TARGETS["warm_p50_ms"],
        r["batch"]["seconds"] >= TARGETS["batch_1000_s"] if n >= 1000 else False,
    ]
    if "cold" in r:
        failed.append(r["cold"]["median_s"] >= TARGETS["cold_draft_s"])
        failed += [
            v["median_s"] >= TARGETS["light_command_s"] or v["heavy_modules_imported"]
            for v in r["light"].values()
        ]
    r["targets_met"] = not any(failed)
    if args.json:
        print(json.dumps(r, indent=2))
    else:
        print_report(r)
        print("\nAll targets met." if r["targets_met"] else "\nSome targets NOT met.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
