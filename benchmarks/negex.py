"""ConText on the NegEx test kit: medspaCy's default rules vs notewell's rules.

Data: ../shared/data/negex/rsAnnotations-1-120-random.tsv (Chapman et al.; 2,376
sentences from de-identified clinical reports, one annotated condition each).

For every row the condition is located case-insensitively in the sentence and set as
the only entity of a one-sentence doc (blank English tokenizer), then the ConText
component runs with one of two rule sets:

- ``defaults``: medspaCy's own ``context_rules.json`` (all of it);
- ``notewell``: ``notewell.core.risk.nlp.context_rules()`` (defaults minus the
  'family' rule, plus the therapy-language rules in ``context_rules.yaml``).

Scored classes (positive label → ConText attribute):

- negation: ``Negated`` → ``is_negated``
- hypothetical: temporality ``Not particular`` (the kit's name for hypothetical) →
  ``is_hypothetical``
- historical: temporality ``Historical`` → ``is_historical``
- experiencer other: ``Family member``/``Other`` → ``is_family``

Rows whose condition does not occur in the sentence (annotation artefacts, e.g. a
condition longer than its sentence) are skipped and counted.

    python benchmarks/negex.py            # table
    python benchmarks/negex.py --json     # machine output
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from pathlib import Path

DATA_DIR = Path(
    os.environ.get("NOTEWELL_SHARED_DATA")
    or Path(__file__).resolve().parents[2] / "shared" / "data"
)
TSV = DATA_DIR / "negex" / "rsAnnotations-1-120-random.tsv"

TASKS = {
    # name: (gold column index, positive gold values, ConText attribute)
    "negation": (3, {"negated"}, "is_negated"),
    "hypothetical": (4, {"not particular", "hypothetical"}, "is_hypothetical"),
    "historical": (4, {"historical"}, "is_historical"),
    "experiencer_other": (5, {"family member", "other"}, "is_family"),
}

BASELINE_README = {
    "negation": {"precision": 0.902, "recall": 0.959, "f1": 0.930},
    "hypothetical": {"precision": 1.000, "recall": 0.679},
    "historical": {"precision": 0.722, "recall": 0.556},
}


def require_data(path: Path) -> None:
    if not path.exists():
        sys.exit(
            f"error: data not found: {path}\n"
            "The benchmarks read the shared data sets from ../shared/data relative to the "
            "repository root (see ../shared/data/README.md); they are not in the repository."
        )


def read_rows(path: Path = TSV) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t")
        next(reader)  # header
        for rec in reader:
            if len(rec) < 6:
                continue
            rows.append(
                {
                    "id": rec[0],
                    "condition": rec[1],
                    "sentence": rec[2],
                    "gold": [c.strip().lower() for c in rec[3:6]],
                }
            )
    return rows


def default_rules() -> list:
    from medspacy.context import ConTextRule

    from notewell.core.risk.nlp import _default_rules_path

    return ConTextRule.from_json(_default_rules_path())


def notewell_rules() -> list:
    from notewell.core.risk.nlp import context_rules

    return context_rules()


def build_context(rules: list):
    """A blank English tokenizer and a ConText component with exactly `rules`."""
    import medspacy.context  # noqa: F401  (registers the factory)
    import spacy

    nlp = spacy.blank("en")
    context = nlp.add_pipe("medspacy_context", config={"rules": None})
    context.add(rules)
    return nlp, context


def make_doc(nlp, sentence: str, condition: str):
    """One-sentence doc with the condition as its only entity, or None if absent."""
    start = sentence.lower().find(condition.lower().strip())
    if start < 0:
        return None
    end = start + len(condition.strip())
    doc = nlp.make_doc(sentence)
    for token in doc:
        token.is_sent_start = token.i == 0
    span = doc.char_span(start, end, label="CONDITION", alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    doc.ents = [span]
    return doc


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn, "support": tp + fn}


def evaluate(rows: list[dict], rules: list, errors_per_task: int = 0) -> dict:
    nlp, context = build_context(rules)
    counts = {t: [0, 0, 0] for t in TASKS}
    errors: dict[str, list] = {t: [] for t in TASKS}
    skipped = 0
    t0 = time.perf_counter()
    for row in rows:
        doc = make_doc(nlp, row["sentence"], row["condition"])
        if doc is None:
            skipped += 1
            continue
        doc = context(doc)
        ent = doc.ents[0]
        for task, (col, positives, attr) in TASKS.items():
            gold = row["gold"][col - 3] in positives
            pred = bool(getattr(ent._, attr))
            c = counts[task]
            if gold and pred:
                c[0] += 1
            elif pred:
                c[1] += 1
            elif gold:
                c[2] += 1
            if gold != pred and len(errors[task]) < errors_per_task:
                errors[task].append(
                    {
                        "id": row["id"],
                        "kind": "FN" if gold else "FP",
                        "condition": row["condition"],
                        "sentence": row["sentence"],
                    }
                )
    out = {
        "rows": len(rows),
        "scored": len(rows) - skipped,
        "skipped_condition_not_in_sentence": skipped,
        "seconds": time.perf_counter() - t0,
        "tasks": {t: prf(*c) for t, c in counts.items()},
    }
    if errors_per_task:
        out["errors"] = errors
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Evaluate medspaCy ConText (default rules and notewell's rules) on the "
        "NegEx test kit: precision/recall/F1 for negation, hypothetical, historical and "
        "experiencer=other."
    )
    ap.add_argument("--json", action="store_true", help="print machine-readable JSON")
    ap.add_argument(
        "--errors",
        type=int,
        default=0,
        metavar="N",
        help="also list up to N false positives/negatives per task for notewell's rules",
    )
    ap.add_argument("--data", type=Path, default=TSV, help=f"TSV file (default: {TSV})")
    args = ap.parse_args(argv)
    require_data(args.data)
    rows = read_rows(args.data)
    results = {
        "data": str(args.data),
        "readme_baseline_medspacy_1_3_1_defaults": BASELINE_README,
        "defaults": evaluate(rows, default_rules()),
        "notewell": evaluate(rows, notewell_rules(), errors_per_task=args.errors),
    }
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"NegEx test kit: {results['defaults']['rows']} rows, ")
    print(
        f"scored {results['defaults']['scored']} "
        f"(skipped {results['defaults']['skipped_condition_not_in_sentence']}: "
        "condition not found in sentence)\n"
    )
    header = f"{'task':<18} {'rules':<9} {'P':>6} {'R':>6} {'F1':>6} {'TP':>5} {'FP':>5} {'FN':>5}"
    print(header)
    print("-" * len(header))
    for task in TASKS:
        for name in ("defaults", "notewell"):
            m = results[name]["tasks"][task]
            print(
                f"{task:<18} {name:<9} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} "
                f"{m['tp']:5d} {m['fp']:5d} {m['fn']:5d}"
            )
        base = BASELINE_README.get(task)
        if base:
            f1 = f"{base['f1']:6.3f}" if "f1" in base else f"{'':6}"
            print(f"{'':<18} {'README':<9} {base['precision']:6.3f} {base['recall']:6.3f} {f1}")
    if args.errors:
        for task, errs in results["notewell"]["errors"].items():
            print(f"\nnotewell rules, {task}: first {len(errs)} errors")
            for e in errs:
                print(f"  {e['kind']} #{e['id']} [{e['condition']}] {e['sentence'][:140]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
