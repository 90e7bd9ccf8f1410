"""Quality of the embedded drafting engine on the public data in ../shared/data.

Three parts (each can be run alone, see --help):

1. ``dev``: the synthetic development cases in ``dev_draft_cases.yaml``: risk-status
   accuracy (per type and overall), missed endorsements, invented denials
   (``not_assessed`` reported as ``denied``), false endorsements, private reflections
   leaking into progress-note sections (and reaching the psychotherapy-note draft),
   intervention precision/recall, duration/modality/CPT accuracy. These are the bars of
   issue 2; the script exits with status 1 if any bar fails.
2. ``lexicon``: coverage of the clinician-validated Suicide Risk Lexicon (Low et al.)
   for passive SI, active SI & planning, direct self-injury and lethal means: each term
   is embedded as "Client reports {term}." and counted as covered when the engine
   reports the matching risk type as endorsed.
3. ``mts``: element assignment on MTS-Dialog: section texts (drafted as dictation,
   SOAP format) whose header maps onto a SOAP section; the share of their sentences
   the engine places in that section.

    python benchmarks/quality.py                 # all parts, tables
    python benchmarks/quality.py --only dev      # the dev-case bars only
    python benchmarks/quality.py --json          # machine output
"""

from __future__ import annotations

import argparse
import csv
import glob
import json
import os
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

DATA_DIR = Path(
    os.environ.get("NOTEWELL_SHARED_DATA")
    or Path(__file__).resolve().parents[2] / "shared" / "data"
)
DEV_CASES = DATA_DIR / "dev_draft_cases.yaml"
LEXICON_GLOB = str(DATA_DIR / "suicide-risk-lexicon" / "suicide_risk_lexicon_validated_*.csv")
MTS_DIR = DATA_DIR / "mts-dialog"

RISK_TYPES = ("suicidal_ideation", "homicidal_ideation", "self_harm")

# Issue 2's bars on the dev cases.
BARS = {
    "risk_accuracy": 0.95,
    "intervention_precision": 0.85,
    "intervention_recall": 0.85,
    "duration_accuracy": 0.90,
    "modality_accuracy": 0.90,
    "cpt_accuracy": 0.90,
}
ZERO_BARS = ("missed_endorsements", "invented_denials", "private_leaks")


class DataMissing(RuntimeError):
    pass


def require(path: Path | str) -> None:
    if not glob.glob(str(path)):
        raise DataMissing(
            f"data not found: {path}. The benchmarks read the shared data sets from "
            "../shared/data relative to the repository root (see ../shared/data/README.md); "
            "they are not part of the repository."
        )


# --------------------------------------------------------------------------- dev cases


def load_dev_cases(path: Path = DEV_CASES) -> list[dict]:
    import yaml

    require(path)
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _chunks(text: str, n: int = 6) -> list[str]:
    """Distinctive chunks of a private reflection: every n-word window (or the whole)."""
    w = _words(text)
    if len(w) <= n:
        return [" ".join(w)]
    return [" ".join(w[i : i + n]) for i in range(len(w) - n + 1)]


def _contains_chunk(haystack: str, needle: str) -> str | None:
    hay = " " + " ".join(_words(haystack)) + " "
    for chunk in _chunks(needle):
        if f" {chunk} " in hay:
            return chunk
    return None


def _private_spans(text: str, private: str) -> list[tuple[int, int]]:
    """Where the private reflection sits in the input (case-insensitive, exact)."""
    spans = []
    low, p = text.lower(), private.lower()
    i = low.find(p)
    while i >= 0:
        spans.append((i, i + len(p)))
        i = low.find(p, i + 1)
    return spans


def score_case(case: dict, d: dict) -> dict:
    """Score one dev case against the engine's draft `d` (the JSON contract)."""
    gold = case["gold"]
    out: dict = {"id": case["id"], "format": case.get("format", "dap")}

    # Risk
    risk = {}
    for rt in RISK_TYPES:
        g = gold["risk"][rt]
        p = d["facts"]["risk"][rt]["status"]
        risk[rt] = {"gold": g, "pred": p, "detail": d["facts"]["risk"][rt]["detail"]}
    out["risk"] = risk

    # Interventions
    pred = {i["id"] for i in d["facts"]["interventions"]}
    g_int, allowed = set(gold.get("interventions") or []), set(gold.get("allowed") or [])
    out["interventions"] = {
        "pred": sorted(pred),
        "gold": sorted(g_int),
        "allowed": sorted(allowed),
        "tp": sorted(pred & g_int),
        "fp": sorted(pred - g_int - allowed),
        "fn": sorted(g_int - pred),
    }

    # Service details
    h = d["header"]
    service = {}
    for key, pred_value in (
        ("duration_minutes", h["duration_minutes"]),
        ("modality", h["modality"]),
        ("cpt", h["cpt"]["code"] if h["cpt"] else None),
    ):
        g = gold.get(key)
        if g == "skip":
            continue
        g = None if g is None else (str(g) if key == "cpt" else g)
        service[key] = {"gold": g, "pred": pred_value, "ok": g == pred_value}
    out["service"] = service

    # Private reflections
    progress_sentences = [s for sec in d["sections"] for s in sec["sentences"] if not s["prompt"]]
    progress_text = " ".join(s["text"] for s in progress_sentences)
    pn = d.get("psychotherapy_note") or {"sections": []}
    pn_text = " ".join(sec["text"] for sec in pn["sections"])
    private = []
    for ref in gold.get("private") or []:
        spans = _private_spans(case["input"], ref)
        overlapping = [
            s["text"]
            for s in progress_sentences
            if any(a < e and b > s0 for a, b in s["sources"] for s0, e in spans)
        ]
        private.append(
            {
                "text": ref,
                "leaked_chunk": _contains_chunk(progress_text, ref),
                "provenance_overlap": overlapping,
                "in_psychotherapy_note": _contains_chunk(pn_text, ref) is not None,
            }
        )
    out["private"] = private
    return out


def draft_case(case: dict) -> dict:
    import notewell

    return notewell.draft(
        case["input"],
        case.get("format", "dap"),
        input_type=case.get("input_type"),
        psychotherapy_note=True,
    ).to_dict()


def evaluate_dev_cases(cases: list[dict] | None = None) -> dict:
    """Run the engine over the dev cases; figures, per-case details and the bars."""
    cases = load_dev_cases() if cases is None else cases
    per_case = []
    errors = []
    for case in cases:
        try:
            d = draft_case(case)
        except Exception as exc:  # report, don't hide: an exception is a failed case
            errors.append({"id": case["id"], "error": f"{type(exc).__name__}: {exc}"})
            continue
        per_case.append(score_case(case, d))

    risk_ok = Counter()
    risk_n = Counter()
    missed, invented, false_endorsed, wrong = [], [], [], []
    for c in per_case:
        for rt, r in c["risk"].items():
            risk_n[rt] += 1
            ok = r["gold"] == r["pred"]
            risk_ok[rt] += ok
            item = {"id": c["id"], "risk_type": rt, **r}
            if not ok:
                wrong.append(item)
            if r["gold"] == "endorsed" and r["pred"] != "endorsed":
                missed.append(item)
            if r["gold"] == "not_assessed" and r["pred"] == "denied":
                invented.append(item)
            if r["gold"] != "endorsed" and r["pred"] == "endorsed":
                false_endorsed.append(item)
    n_risk = sum(risk_n.values())
    tp = sum(len(c["interventions"]["tp"]) for c in per_case)
    fp = sum(len(c["interventions"]["fp"]) for c in per_case)
    fn = sum(len(c["interventions"]["fn"]) for c in per_case)
    service_acc = {}
    for key in ("duration_minutes", "modality", "cpt"):
        scored = [c["service"][key]["ok"] for c in per_case if key in c["service"]]
        service_acc[key] = sum(scored) / len(scored) if scored else 0.0
    all_three = [all(v["ok"] for v in c["service"].values()) for c in per_case]
    leaks = [
        {"id": c["id"], **p}
        for c in per_case
        for p in c["private"]
        if p["leaked_chunk"] is not None
    ]
    prov_leaks = [
        {"id": c["id"], **p} for c in per_case for p in c["private"] if p["provenance_overlap"]
    ]
    not_in_pn = [
        {"id": c["id"], "text": p["text"]}
        for c in per_case
        for p in c["private"]
        if not p["in_psychotherapy_note"]
    ]
    n_private = sum(len(c["private"]) for c in per_case)
    figures = {
        "cases": len(cases),
        "drafted": len(per_case),
        "exceptions": errors,
        "risk_accuracy": sum(risk_ok.values()) / n_risk if n_risk else 0.0,
        "risk_accuracy_per_type": {rt: risk_ok[rt] / risk_n[rt] for rt in risk_n},
        "wrong_risk_statuses": wrong,
        "missed_endorsements": missed,
        "invented_denials": invented,
        "false_endorsements": false_endorsed,
        "intervention_precision": tp / (tp + fp) if tp + fp else 1.0,
        "intervention_recall": tp / (tp + fn) if tp + fn else 1.0,
        "intervention_counts": {"tp": tp, "fp": fp, "fn": fn},
        "duration_accuracy": service_acc["duration_minutes"],
        "modality_accuracy": service_acc["modality"],
        "cpt_accuracy": service_acc["cpt"],
        "service_all_three_accuracy": sum(all_three) / len(all_three) if all_three else 0.0,
        "private_reflections": n_private,
        "private_leaks": leaks,
        "private_provenance_overlaps": prov_leaks,
        "private_not_in_psychotherapy_note": not_in_pn,
        "per_case": per_case,
    }
    figures["bars"], figures["failures"] = check_bars(figures)
    return figures


def check_bars(figures: dict) -> tuple[dict, list[str]]:
    bars, failures = {}, []
    for name, threshold in BARS.items():
        value = figures[name]
        ok = value >= threshold
        bars[name] = {"value": value, "threshold": f">= {threshold}", "ok": ok}
        if not ok:
            failures.append(f"{name} {value:.3f} < {threshold}")
    for name in ZERO_BARS:
        value = len(figures[name])
        ok = value == 0
        bars[name] = {"value": value, "threshold": "== 0", "ok": ok}
        if not ok:
            failures.append(f"{name}: {value}")
    if figures["exceptions"]:
        failures.append(f"exceptions while drafting: {len(figures['exceptions'])}")
    if figures["drafted"] == 0:
        failures.append("no case drafted")
    return bars, failures


def print_dev(f: dict) -> None:
    print(f"== Dev draft cases ({f['drafted']}/{f['cases']} drafted) ==")
    for e in f["exceptions"]:
        print(f"  EXCEPTION {e['id']}: {e['error']}")
    print(f"{'figure':<34} {'value':>8}  {'bar':<8} ok")
    for name, b in f["bars"].items():
        v = b["value"]
        vs = f"{v:8.3f}" if isinstance(v, float) else f"{v:8d}"
        print(f"{name:<34} {vs}  {b['threshold']:<8} {'yes' if b['ok'] else 'NO'}")
    for rt, v in f["risk_accuracy_per_type"].items():
        print(f"  risk accuracy {rt:<20} {v:8.3f}")
    c = f["intervention_counts"]
    print(f"  interventions TP {c['tp']} FP {c['fp']} FN {c['fn']}")
    print(f"  false endorsements {len(f['false_endorsements']):>17d}")
    print(f"  duration+modality+CPT all right {f['service_all_three_accuracy']:8.3f}")
    print(
        f"  private reflections {f['private_reflections']}, reached the psychotherapy note: "
        f"{f['private_reflections'] - len(f['private_not_in_psychotherapy_note'])}, "
        f"progress-note sentences sourced from them: {len(f['private_provenance_overlaps'])}"
    )
    for label, items in (
        ("wrong risk status", f["wrong_risk_statuses"]),
        ("MISSED ENDORSEMENT", f["missed_endorsements"]),
        ("INVENTED DENIAL", f["invented_denials"]),
    ):
        for i in items:
            print(
                f"  {label}: {i['id']} {i['risk_type']} gold={i['gold']} pred={i['pred']} "
                f"detail={i['detail']!r}"
            )
    for leak in f["private_leaks"]:
        print(f"  PRIVATE LEAK {leak['id']}: {leak['leaked_chunk']!r} ({leak['text'][:60]}...)")
    for p in f["private_provenance_overlaps"]:
        print(f"  progress sentence sourced from private text {p['id']}: {p['provenance_overlap']}")
    for p in f["private_not_in_psychotherapy_note"]:
        print(f"  not in psychotherapy note {p['id']}: {p['text'][:70]}")
    for case in f["per_case"]:
        iv = case["interventions"]
        if iv["fp"] or iv["fn"]:
            print(f"  interventions {case['id']}: FP {iv['fp']} FN {iv['fn']} (pred {iv['pred']})")
        for key, s in case["service"].items():
            if not s["ok"]:
                print(f"  {key} {case['id']}: gold {s['gold']} pred {s['pred']}")
    print("FAIL: " + "; ".join(f["failures"]) if f["failures"] else "All bars pass.")


# --------------------------------------------------------------------- lexicon coverage

CONSTRUCTS = {
    # construct column: risk types whose endorsement counts as covered
    "Passive suicidal ideation": ("suicidal_ideation",),
    "Active suicidal ideation & suicidal planning": ("suicidal_ideation",),
    "Direct self-injury": ("self_harm",),
    "Lethal means for suicide": None,  # any endorsement, or the term in a risk detail
}
# The CSV's first column labels its rows: 'Prompt name', 'Definition', 'Reference',
# 'Examples', then the validated terms numbered 0, 1, 2, ...
_META_ROWS = {"prompt name", "definition", "reference", "examples"}


def load_lexicon() -> dict[str, list[str]]:
    require(LEXICON_GLOB)
    path = sorted(glob.glob(LEXICON_GLOB))[-1]
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    terms: dict[str, list[str]] = {}
    for construct in CONSTRUCTS:
        col = header.index(construct)
        seen, out = set(), []
        for row in rows[1:]:
            if row[0].strip().lower() in _META_ROWS or col >= len(row):
                continue
            term = row[col].strip()
            if term and term.lower() not in seen:
                seen.add(term.lower())
                out.append(term)
        terms[construct] = out
    return terms


# Issue 7's selection: of the passive-ideation, active-ideation and self-injury terms,
# those that state ideation or self-injury on their own. Two groups are left out, once:
# - the lexicon's lemmatised block: each column lists its surface forms alphabetically,
#   then their lemmas ("tired of live", "why be I still alive", "kill I"); the block
#   starts at the first break in alphabetical order and is not what anyone writes;
# - WEAK terms: risk only in context (a means, an idiom, an event, an affect, half a
#   phrase). They must not turn ordinary sentences into endorsements (tests/core).
WEAK = {
    "Passive suicidal ideation": {
        "escape from reality",
        "fade out",
        "fading away",
        "giving up",
        "lifeless",
        "oblivion",
        "painless death",
        "peaceful death",
        "rest in peace",
        "want to be done with this",
    },
    "Active suicidal ideation & suicidal planning": {
        "attempt",
        "buying a gun",
        "buying a rope",
        "carbon monoxide",
        "crash my car",
        "drowning",
        "easy and painless",
        "exit plan",
        "killing me",
        "make a will",
        "make it look like a accident",
        "on the edge",
        "poison",
        "pull the trigger",
        "quick and easy",
        "quick and painless",
        "suffocation",
        "write a will",
        "want to jump",
        "will be dead",
        "I'll be dead",
        "I'll die",
        "wreck my car",
        "wreck my truck",
        "slam my car",
        "drive my car into",
        "suffocating my",
    },
    "Direct self-injury": {
        "abrasion",
        "carving",
        "laceration",
        "scarring",
        "scars",
        "scratching",
        "nail-biting",
        "stick and poke tattoo",
        "scratch at my",
        "scratch my",
        "scratched my",
        "sticking a needle in my",
    },
}
# Terms the lexicon files under both active ideation and self-injury (or that name the
# other construct) count for either type.
EITHER = ("suicidal_ideation", "self_harm")


def selected_terms(construct: str, terms: list[str]) -> list[str]:
    """The issue-7 selection for one construct (see WEAK)."""
    end = next((i for i in range(1, len(terms)) if terms[i] < terms[i - 1]), len(terms))
    weak = {w.lower() for w in WEAK.get(construct, ())}
    return [t for t in terms[:end] if t.lower() not in weak]


def selected_coverage(max_missed: int = 40) -> dict:
    """Share of the selected terms recognised as the right type, and any denial."""
    import notewell

    lexicon = load_lexicon()
    both = {t.lower() for t in lexicon["Direct self-injury"]} & {
        t.lower() for t in lexicon["Active suicidal ideation & suicidal planning"]
    }
    result = {}
    for construct, wanted in CONSTRUCTS.items():
        if wanted is None:
            continue
        terms = selected_terms(construct, lexicon[construct])
        covered, denials, missed = 0, [], []
        for term in terms:
            risk = notewell.draft(f"Client reports {term}.", "dap").to_dict()["facts"]["risk"]
            endorsed = {rt for rt, r in risk.items() if r["status"] == "endorsed"}
            # Direct self-injury (Nock) covers suicidal and non-suicidal acts alike.
            either = construct == "Direct self-injury" or term.lower() in both
            right = (
                set(EITHER) if either or term.lower() in ("self-harm", "cutting") else set(wanted)
            )
            if endorsed & right:
                covered += 1
            else:
                missed.append(term)
            denials += [term for r in risk.values() if r["status"] == "denied"]
        result[construct] = {
            "selected": len(terms),
            "covered": covered,
            "coverage": covered / len(terms) if terms else 0.0,
            "denials": denials,
            "missed": missed[:max_missed],
        }
    return result


def lexicon_coverage(max_missed: int = 30) -> dict:
    import notewell

    result = {}
    for construct, terms in load_lexicon().items():
        wanted = CONSTRUCTS[construct]
        covered, any_risk, missed = 0, 0, []
        for term in terms:
            d = notewell.draft(f"Client reports {term}.", "dap").to_dict()
            risk = d["facts"]["risk"]
            endorsed = {rt for rt, r in risk.items() if r["status"] == "endorsed"}
            if wanted is None:
                details = " ".join((r["detail"] or "") for r in risk.values()).lower()
                hit = bool(endorsed) or term.lower() in details
            else:
                hit = bool(endorsed & set(wanted))
            covered += hit
            any_risk += bool(endorsed)
            if not hit:
                missed.append(term)
        result[construct] = {
            "terms": len(terms),
            "covered": covered,
            "coverage": covered / len(terms) if terms else 0.0,
            "any_risk_endorsed": any_risk,
            "missed_count": len(missed),
            "missed": missed[:max_missed],
        }
    return result


def print_lexicon(res: dict) -> None:
    print('\n== Suicide Risk Lexicon coverage ("Client reports {term}.") ==')
    print(f"{'construct':<46} {'terms':>5} {'covered':>7} {'share':>6} {'any risk':>8}")
    for construct, r in res.items():
        if construct == "selected":
            continue
        print(
            f"{construct:<46} {r['terms']:5d} {r['covered']:7d} {r['coverage']:6.3f} "
            f"{r['any_risk_endorsed']:8d}"
        )
    for construct, r in res.items():
        if construct == "selected":
            continue
        print(f"\n  missed, {construct} ({r['missed_count']}; first {len(r['missed'])}):")
        print("    " + "; ".join(r["missed"]))
    selected = res.get("selected") or {}
    if selected:
        print("\n  issue-7 selection (terms that state risk on their own, right type):")
    for construct, r in selected.items():
        print(
            f"  {construct:<46} {r['selected']:5d} {r['covered']:7d} {r['coverage']:6.3f}"
            f"  denials {len(r['denials'])}"
        )
        if r["missed"]:
            print("    missed: " + "; ".join(r["missed"]))


# ------------------------------------------------------------------ MTS-Dialog elements

MTS_SOAP = {
    # data README: GENHX/CC/ROS/... -> Subjective, EXAM -> Objective,
    # ASSESSMENT/DIAGNOSIS -> Assessment, PLAN/DISPOSITION -> Plan. The '...' is read as
    # the other history headers; LABS/IMAGING are objective findings by SOAP convention.
    "GENHX": "Subjective",
    "CC": "Subjective",
    "ROS": "Subjective",
    "PASTMEDICALHX": "Subjective",
    "PASTSURGICAL": "Subjective",
    "FAM/SOCHX": "Subjective",
    "GYNHX": "Subjective",
    "OTHER_HISTORY": "Subjective",
    "MEDICATIONS": "Subjective",
    "ALLERGY": "Subjective",
    "IMMUNIZATIONS": "Subjective",
    "EXAM": "Objective",
    "LABS": "Objective",
    "IMAGING": "Objective",
    "ASSESSMENT": "Assessment",
    "DIAGNOSIS": "Assessment",
    "PLAN": "Plan",
    "DISPOSITION": "Plan",
    # not mapped (no single SOAP home): EDCOURSE, PROCEDURES
}
_SENT = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")


def _sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _SENT.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if re.search(r"[A-Za-z0-9]", text[s:e]):
            spans.append((s, e))
    return spans


def mts_assignment(split: str = "validation", max_examples: int = 15) -> dict:
    import notewell

    names = {
        "validation": "MTS-Dialog-ValidationSet.csv",
        "train": "MTS-Dialog-TrainingSet.csv",
        "test1": "MTS-Dialog-TestSet-1-MEDIQA-Chat-2023.csv",
        "test2": "MTS-Dialog-TestSet-2-MEDIQA-Sum-2023.csv",
    }
    path = MTS_DIR / names[split]
    require(path)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    confusion: dict[str, Counter] = defaultdict(Counter)
    per_header: dict[str, Counter] = defaultdict(Counter)
    skipped_headers: Counter = Counter()
    unplaced_elements: Counter = Counter()
    examples, exceptions = [], []
    for row in rows:
        header = row["section_header"].strip().upper()
        expected = MTS_SOAP.get(header)
        if expected is None:
            skipped_headers[header] += 1
            continue
        text = row["section_text"]
        try:
            d = notewell.draft(text, "soap", input_type="dictation").to_dict()
        except Exception as exc:
            exceptions.append({"id": row["ID"], "error": f"{type(exc).__name__}: {exc}"})
            continue
        placed = [
            (sec["name"], a, b)
            for sec in d["sections"]
            for s in sec["sentences"]
            if not s["prompt"]
            for a, b in s["sources"]
        ]
        for s, e in _sentences(text):
            overlap: Counter = Counter()
            for name, a, b in placed:
                ov = min(b, e) - max(a, s)
                if ov > 0:
                    overlap[name] += ov
            got = overlap.most_common(1)[0][0] if overlap else "(not placed)"
            if not overlap:
                # Which element did the engine give the sentence it left out of the draft?
                elements = {
                    el["element"]
                    for el in d["facts"]["elements"]
                    for a, b in el["sources"]
                    if min(b, e) > max(a, s)
                }
                unplaced_elements["+".join(sorted(elements)) or "(no element)"] += 1
            confusion[expected][got] += 1
            per_header[header]["total"] += 1
            per_header[header]["right"] += got == expected
            if got != expected and len(examples) < max_examples:
                examples.append(
                    {
                        "id": row["ID"],
                        "header": header,
                        "expected": expected,
                        "got": got,
                        "sentence": text[s:e],
                    }
                )
    total = sum(sum(c.values()) for c in confusion.values())
    right = sum(confusion[k][k] for k in confusion)
    not_placed = sum(c["(not placed)"] for c in confusion.values())
    return {
        "split": split,
        "sections": len(rows),
        "sentences": total,
        "placed_in_expected_section": right / total if total else 0.0,
        "not_placed": not_placed / total if total else 0.0,
        "per_expected_section": {
            k: {"sentences": sum(c.values()), "right": c[k] / sum(c.values()), "placed": dict(c)}
            for k, c in sorted(confusion.items())
        },
        "per_header": {
            h: {"sentences": c["total"], "right": c["right"] / c["total"]}
            for h, c in sorted(per_header.items())
        },
        "skipped_headers": dict(skipped_headers),
        "not_placed_by_element": dict(unplaced_elements.most_common()),
        "exceptions": exceptions,
        "examples_misplaced": examples,
    }


def print_mts(r: dict) -> None:
    print(f"\n== MTS-Dialog element assignment ({r['split']}; dictation -> SOAP) ==")
    print(
        f"sections {r['sections']} (skipped unmapped: {r['skipped_headers']}), "
        f"sentences {r['sentences']}"
    )
    print(
        f"placed in expected SOAP section: {r['placed_in_expected_section']:.3f}; "
        f"not placed at all: {r['not_placed']:.3f}"
    )
    cols = ["Subjective", "Objective", "Assessment", "Plan", "(not placed)"]
    print(f"{'expected/placed':<18}" + "".join(f"{c:>13}" for c in cols) + f"{'right':>8}")
    for k, v in r["per_expected_section"].items():
        print(
            f"{k:<18}"
            + "".join(f"{v['placed'].get(c, 0):13d}" for c in cols)
            + f"{v['right']:8.3f}"
        )
    print(
        "per header: "
        + ", ".join(f"{h} {v['right']:.2f} ({v['sentences']})" for h, v in r["per_header"].items())
    )
    print(f"elements of the sentences left out of the draft: {r['not_placed_by_element']}")
    for e in r["exceptions"]:
        print(f"  EXCEPTION {e['id']}: {e['error']}")
    for e in r["examples_misplaced"]:
        print(f"  misplaced #{e['id']} {e['header']} -> {e['got']}: {e['sentence'][:110]}")


# ------------------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Quality of the drafting engine: dev-case bars (exit 1 on failure), "
        "suicide-risk-lexicon coverage, MTS-Dialog element assignment."
    )
    ap.add_argument("--json", action="store_true", help="print machine-readable JSON")
    ap.add_argument(
        "--only",
        choices=["dev", "lexicon", "mts"],
        action="append",
        help="run only this part (repeatable); default: all",
    )
    ap.add_argument(
        "--mts-split",
        default="validation",
        choices=["validation", "train", "test1", "test2"],
        help="MTS-Dialog split for element assignment (default: validation)",
    )
    ap.add_argument("--max-missed", type=int, default=30, help="missed lexicon terms to list")
    ap.add_argument(
        "--cases",
        type=Path,
        action="append",
        help="score these case files (same schema) instead of the dev cases (repeatable)",
    )
    args = ap.parse_args(argv)
    parts = args.only or ["dev", "lexicon", "mts"]
    out: dict = {}
    t0 = time.perf_counter()
    try:
        if "dev" in parts:
            cases = None
            if args.cases:
                for path in args.cases:
                    require(path)
                cases = [c for path in args.cases for c in load_dev_cases(path)]
            out["dev"] = evaluate_dev_cases(cases)
        if "lexicon" in parts:
            out["lexicon"] = lexicon_coverage(args.max_missed)
            out["lexicon"]["selected"] = selected_coverage()
        if "mts" in parts:
            out["mts"] = mts_assignment(args.mts_split)
    except DataMissing as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out["seconds"] = time.perf_counter() - t0
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        if "dev" in out:
            print_dev(out["dev"])
        if "lexicon" in out:
            print_lexicon(out["lexicon"])
        if "mts" in out:
            print_mts(out["mts"])
        print(f"\n({out['seconds']:.1f} s)")
    return 1 if "dev" in out and out["dev"]["failures"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
