"""Score group drafting on a case file (JSON Lines) written by someone who had not seen
the code.

Each case: {"id", "roster": [...], "text", "expected": {"group_topic_keywords": [...],
"members": {name: {"aliases": [...], "attended": bool, "risk": {type: status},
"own_keywords": [...]}}}}. For each member's note (and the group note) it counts:

- name leaks: another member's name or alias (case-sensitive, whole word) in the
  note's text (the group note may name no one);
- risk: the member note's status per risk type against the expected one, with false
  and missed endorsements;
- own content: the share of the member's own keywords in their note, and other
  members' keywords that landed in it;
- attendance as expected.

    .venv/bin/python benchmarks/group_notes.py CASES.jsonl [MORE.jsonl ...] [--show]

The cases in tests/data/services/ are synthetic (see its README).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import case_sets
from notewell.core.draft.group_notes import note_plain_text
from notewell.core.draft.style import StylePreferences
from notewell.core.models import GroupDraft
from notewell.services.drafting import DraftRequest, draft_session


def _named(text: str, alias: str) -> bool:
    return re.search(rf"(?<![\w]){re.escape(alias)}(?![\w])", text) is not None


def score(path: Path, show: bool) -> dict[str, Any]:
    cases = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    notes = leaks = 0
    risk = case_sets.RiskTally()
    own_total = own_found = foreign = attended_right = members_n = 0
    for case in cases:
        request = DraftRequest(
            None, StylePreferences(), service="group", members=tuple(case["roster"])
        )
        result = draft_session(case["text"], request)
        assert isinstance(result, GroupDraft)
        expected: dict[str, Any] = case["expected"]["members"]
        by_name = {m.member: m for m in result.members}
        group_text = note_plain_text(result.group)
        everyone = [a for e in expected.values() for a in e["aliases"]]
        notes += 1
        group_leak = [a for a in everyone if _named(group_text, a)]
        if group_leak:
            leaks += 1
            if show:
                print(f"{case['id']} group note names {group_leak}")
        for name, want in expected.items():
            members_n += 1
            note = by_name.get(name)
            if note is None:
                if show:
                    print(f"{case['id']} {name}: no note")
                continue
            text = note_plain_text(note.draft)
            lower = text.lower()
            notes += 1
            others = [a for n, e in expected.items() if n != name for a in e["aliases"]]
            own_forms = set(want["aliases"])
            leaked = [a for a in others if a not in own_forms and _named(text, a)]
            if leaked:
                leaks += 1
                if show:
                    print(f"{case['id']} {name}: names {leaked}")
            attended_right += note.attended == want["attended"]
            if show and note.attended != want["attended"]:
                print(f"{case['id']} {name}: attended {note.attended}, expected {want['attended']}")
            risk.add(note.draft.facts.risk, want["risk"], f"{case['id']} {name}", show)
            for keyword in want["own_keywords"]:
                own_total += 1
                own_found += keyword.lower() in lower
                if show and keyword.lower() not in lower:
                    print(f"{case['id']} {name}: own {keyword!r} missing")
            for other, e in expected.items():
                if other == name:
                    continue
                for keyword in e["own_keywords"]:
                    if keyword.lower() in lower and not any(
                        keyword.lower() in k.lower() for k in want["own_keywords"]
                    ):
                        foreign += 1
                        if show:
                            print(f"{case['id']} {name}: has {other}'s {keyword!r}")
    return {
        "cases": len(cases),
        "notes": notes,
        "notes_naming_another_member": leaks,
        **risk.figures(),
        "own_keyword_recall": round(own_found / max(own_total, 1), 3),
        "other_members_keywords": foreign,
        "attendance_accuracy": round(attended_right / max(members_n, 1), 3),
    }


def main(argv: list[str] | None = None) -> int:
    return case_sets.run(score, __doc__ or "", argv)


if __name__ == "__main__":
    sys.exit(main())
