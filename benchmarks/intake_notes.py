"""Score intake drafting on a case file (JSON Lines) written by someone who had not seen
the code.

Each case: {"id", "text", "expected": {"mse_stated": {domain: words | null},
"family_history": [{"person", "condition_keywords"}], "risk": {type: status},
"sections_covered": [...]}}. It counts:

- invented mental status: a domain the input does not state whose words appear in the
  draft's mental status examination although the input never uses them (a default such
  as "within normal limits" counts for every domain);
- family history given to the client: a sentence outside the Family history section
  that asserts a relative's condition (not after a denial) and names no relative;
- risk statuses against the expected ones, with false and missed endorsements;
- sections: the covered sections that have content in the draft (recall), and the
  uncovered ones that get a prompt.

    .venv/bin/python benchmarks/intake_notes.py CASES.jsonl [MORE.jsonl ...] [--show]

The cases in tests/data/services/ are synthetic (see its README).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import case_sets
from notewell.core.draft.style import StylePreferences
from notewell.core.models import Draft
from notewell.services.drafting import DraftRequest, draft_session

# The scorer's own words for each domain (not the engine's vocabulary).
DOMAIN_WORDS = {
    "appearance": ["dressed", "groomed", "grooming", "hygiene", "appearance", "stated age"],
    "behavior": ["eye contact", "cooperative", "psychomotor", "behavior", "behaviour"],
    "speech": ["speech"],
    "mood": ["mood"],
    "affect": ["affect"],
    "thought_process": ["thought process", "linear", "goal-directed", "goal directed"],
    "thought_content": ["thought content", "delusion"],
    "perception": ["hallucinat", "perceptual", "perception"],
    "cognition": ["oriented", "orientation", "a&o", "aox", "cognition"],
    "insight": ["insight"],
    "judgment": ["judgment", "judgement"],
}
DEFAULTS = ["within normal limits", "wnl", "unremarkable", "grossly intact"]
RELATIVES = re.compile(
    r"(?i)\b(mother|mom|mum|father|dad|parents?|brother|sister|sibling|aunt|uncle|cousin|"
    r"grand\w*|son|daughter|niece|nephew|family|relative|maternal|paternal|husband|wife|"
    r"partner|spouse|boyfriend|girlfriend|friend|roommate|step\w+|twin|children|kids?)\b"
)
SECTION_OF = {
    "presenting_problem": "Presenting problem",
    "hpi": "History of present illness",
    "psychiatric_history": "Psychiatric history",
    "medical": "Medical history and medications",
    "substance_use": "Substance use",
    "family_history": "Family history",
    "social_history": "Social history",
    "developmental_history": "Developmental history",
    "trauma_history": "Trauma history",
    "mse": "Mental status examination",
    "risk": "Risk assessment",
    "diagnostic_impression": "Diagnostic impression",
    "recommendations": "Recommendations",
}


def _has(text: str, word: str) -> bool:
    # "behavior" is not in "cognitive behavioral therapy"; stems ("hallucinat") run on.
    tail = r"(?![a-z])" if word.endswith(("r", "h", "t", "e", "d", "n", "y", "s", "l")) else ""
    if word == "hallucinat":
        tail = ""
    return re.search(rf"(?<![\w]){re.escape(word)}{tail}", text) is not None


def _asserted(text: str, keyword: str) -> bool:
    """The keyword said of someone, not denied ("denied EtOH" asserts nothing)."""
    for match in re.finditer(rf"(?<![a-z]){re.escape(keyword)}(?![a-z])", text):
        before = text[max(0, match.start() - 60) : match.start()]
        if not re.search(r"\b(denied|denies|no|never|not|without)\b[^.;]*$", before):
            return True
    return False


def _content(draft: Draft, name: str) -> str:
    return " ".join(
        s.text for sec in draft.sections if sec.name == name for s in sec.sentences if not s.prompt
    )


def score(path: Path, show: bool) -> dict[str, Any]:
    cases = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    invented = family_given = family_n = 0
    risk = case_sets.RiskTally()
    covered_n = covered_found = uncovered_n = uncovered_prompted = 0
    for case in cases:
        text, want = case["text"], case["expected"]
        draft = draft_session(text, DraftRequest(None, StylePreferences(), service="intake"))
        assert isinstance(draft, Draft)
        source = text.lower()
        # A mental status finding is one the draft's examination states ("behavior" in
        # "dialectical behavior therapy" elsewhere is not one).
        whole = _content(draft, "Mental status examination").lower()
        for domain, stated in want["mse_stated"].items():
            if stated is not None:
                continue
            made_up = [
                w for w in DOMAIN_WORDS[domain] + DEFAULTS if _has(whole, w) and not _has(source, w)
            ]
            if made_up:
                invented += 1
                if show:
                    print(f"{case['id']}: invented {domain} ({made_up})")
        for entry in want["family_history"]:
            family_n += 1
            for sec in draft.sections:
                if sec.name == "Family history":
                    continue
                for sentence in sec.sentences:
                    low = sentence.text.lower()
                    if sentence.prompt or RELATIVES.search(low):
                        continue
                    hit = [k for k in entry["condition_keywords"] if _asserted(low, k.lower())]
                    if hit:
                        family_given += 1
                        if show:
                            print(
                                f"{case['id']}: {entry['person']}'s {hit} as client's: {sentence.text!r}"
                            )
                        break
                else:
                    continue
                break
        risk.add(draft.facts.risk, want["risk"], case["id"], show)
        covered = set(want["sections_covered"])
        for key, name in SECTION_OF.items():
            has = bool(_content(draft, name))
            if key in covered:
                covered_n += 1
                covered_found += has
                if show and not has:
                    print(f"{case['id']}: {name} empty although covered")
            else:
                uncovered_n += 1
                prompted = any(
                    s.prompt for sec in draft.sections if sec.name == name for s in sec.sentences
                )
                uncovered_prompted += prompted
    return {
        "cases": len(cases),
        "invented_mental_status": invented,
        "family_history_given_to_client": family_given,
        "family_entries": family_n,
        **risk.figures(),
        "covered_sections_with_content": round(covered_found / max(covered_n, 1), 3),
        "uncovered_sections_prompted": round(uncovered_prompted / max(uncovered_n, 1), 3),
    }


def main(argv: list[str] | None = None) -> int:
    return case_sets.run(score, __doc__ or "", argv)


if __name__ == "__main__":
    sys.exit(main())
