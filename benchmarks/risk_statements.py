"""Risk status on tables of short risk statements (synthetic snippets with gold labels).

Each row is `{id, text, gold: {suicidal_ideation, homicidal_ideation, self_harm},
structure}`; the snippet is drafted as a session input and the engine's status per
type is compared with the gold one. Reported: accuracy per type and overall, missed
endorsements (gold endorsed, reported otherwise), false endorsements (reported
endorsed, gold otherwise), invented denials (gold not_assessed, reported denied), and
accuracy per structure tag.

    python benchmarks/risk_statements.py tests/data/risk_statements.yaml [--json] [--errors N]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

RISK_TYPES = ("suicidal_ideation", "homicidal_ideation", "self_harm")


def load_rows(paths: list[Path]) -> list[dict]:
    import yaml

    rows: list[dict] = []
    for path in paths:
        rows += yaml.safe_load(path.read_text(encoding="utf-8"))
    return rows


def engine_statuses(text: str) -> dict[str, str]:
    import notewell

    risk = notewell.draft(text, "dap").to_dict()["facts"]["risk"]
    return {rt: risk[rt]["status"] for rt in RISK_TYPES}


def score(rows: list[dict], statuses=engine_statuses) -> dict:
    per_type: Counter = Counter()
    per_structure: dict[str, Counter] = defaultdict(Counter)
    errors: list[dict] = []
    counts = Counter()
    for row in rows:
        try:
            pred = statuses(row["text"])
        except Exception as exc:  # an exception is a wrong row, reported
            pred = dict.fromkeys(RISK_TYPES, f"error: {type(exc).__name__}: {exc}")
        tag = row.get("structure", "-")
        row_ok = True
        for rt in RISK_TYPES:
            gold, got = row["gold"][rt], pred[rt]
            ok = gold == got
            per_type[rt, ok] += 1
            row_ok &= ok
            if not ok:
                kind = (
                    "missed"
                    if gold == "endorsed"
                    else "false_endorsement"
                    if got == "endorsed"
                    else "invented_denial"
                    if got == "denied"
                    else "missed_denial"
                    if gold == "denied"
                    else "other"
                )
                counts[kind] += 1
                errors.append(
                    {
                        "id": row["id"],
                        "structure": tag,
                        "type": rt,
                        "gold": gold,
                        "pred": got,
                        "kind": kind,
                        "text": row["text"],
                    }
                )
        per_structure[tag][row_ok] += 1
    judged = len(rows) * len(RISK_TYPES)
    right = sum(v for (_, ok), v in per_type.items() if ok)
    return {
        "rows": len(rows),
        "accuracy": right / judged if judged else 0.0,
        "rows_all_right": sum(c[True] for c in per_structure.values()) / max(1, len(rows)),
        "per_type": {
            rt: per_type[rt, True] / max(1, per_type[rt, True] + per_type[rt, False])
            for rt in RISK_TYPES
        },
        "per_structure": {
            tag: {"rows": c[True] + c[False], "all_right": c[True] / (c[True] + c[False])}
            for tag, c in sorted(per_structure.items())
        },
        "missed_endorsements": counts["missed"],
        "false_endorsements": counts["false_endorsement"],
        "invented_denials": counts["invented_denial"],
        "missed_denials": counts["missed_denial"],
        "errors": errors,
    }


def print_report(result: dict, max_errors: int) -> None:
    print(
        f"rows {result['rows']}: accuracy {result['accuracy']:.3f} (per type-row), "
        f"rows all right {result['rows_all_right']:.3f}"
    )
    print("per type: " + ", ".join(f"{k} {v:.3f}" for k, v in result["per_type"].items()))
    print(
        f"missed endorsements {result['missed_endorsements']}, false endorsements "
        f"{result['false_endorsements']}, invented denials {result['invented_denials']}, "
        f"missed denials {result['missed_denials']}"
    )
    for tag, v in result["per_structure"].items():
        print(f"  {tag:<18} rows {v['rows']:4d}  all right {v['all_right']:.3f}")
    for e in result["errors"][:max_errors]:
        text = " / ".join(e["text"].strip().splitlines())
        print(
            f"  {e['kind']:<17} {e['id']} {e['type']} gold={e['gold']} pred={e['pred']}: {text[:150]}"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tables", type=Path, nargs="+", help="YAML tables of risk statements")
    ap.add_argument("--json", action="store_true", help="print machine-readable JSON")
    ap.add_argument("--errors", type=int, default=40, help="wrong rows to list")
    args = ap.parse_args(argv)
    missing = [p for p in args.tables if not p.exists()]
    if missing:
        print(f"error: no such table: {missing[0]}", file=sys.stderr)
        return 2
    result = score(load_rows(args.tables))
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_report(result, args.errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
