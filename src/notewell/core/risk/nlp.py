"""The language pipeline: a blank spaCy English tokenizer, medspaCy's TargetMatcher
for risk concepts and medspaCy's ConText for negation, hypotheticals, history and
other people's experience.

Built lazily and once per process: importing spaCy and medspaCy costs about a second,
which commands that need no language analysis (`--help`, `formats`) must never pay.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from notewell.core.lexicons import read_data

if TYPE_CHECKING:
    from spacy.language import Language

_lock = threading.Lock()

# medspaCy's default rule whose FAMILY scope runs through "and": replaced by ours,
# which stops at conjunctions ("fight with her sister and cut herself" is the client's).
_REPLACED_DEFAULTS = {"family", "history", "h/o", "past history", "if"}
# Discharge-instruction triggers ("return if symptoms worsen", "come back for") that
# in therapy notes mark a report, not a condition: "endorses return of passive SI".
_REPLACED_DEFAULTS |= {"return", "come back for", "because"}


def context_rules() -> list[Any]:
    """medspaCy's default ConText rules plus notewell's therapy-language rules."""
    from medspacy.context import ConTextRule

    defaults_path = _default_rules_path()
    rules = [r for r in ConTextRule.from_json(defaults_path) if r.literal not in _REPLACED_DEFAULTS]
    for entry in read_data("context_rules.yaml"):
        # from_dict rejects unknown keys (strict, good) but not `terminated_by`, which
        # our FAMILY rules need; pass that one to the constructor ourselves.
        terminated_by = entry.pop("terminated_by", None)
        if "pattern" in entry:
            entry["pattern"] = _strings_only(entry["pattern"])
        rule = ConTextRule.from_dict(entry)
        if terminated_by:
            rule.terminated_by = {t.upper() for t in terminated_by}
        rules.append(rule)
    rules += _other_people_rules()
    return rules


def _other_people_rules() -> list[Any]:
    """Other people as subjects ("her neighbor attempted suicide"), from the one list of
    other people the structure reader uses too (risk_structures.yaml)."""
    from medspacy.context import ConTextRule

    from notewell.core.risk.vocabulary import structure_vocabulary

    people = structure_vocabulary().lists["other_people"].words
    words = sorted({w for w in people if " " not in w} | {"family"})
    patterns = [[{"LOWER": {"IN": words}}]] + [
        [{"LOWER": part} for part in phrase.split()] for phrase in sorted(people) if " " in phrase
    ]
    rules = []
    for pattern in patterns:
        rule = ConTextRule(
            "other person", "FAMILY", direction="FORWARD", max_scope=8, pattern=pattern
        )
        rule.terminated_by = {"CONJ"}
        rules.append(rule)
    return rules


def _default_rules_path() -> str:
    from pathlib import Path

    import medspacy.context.context as context_module

    return str(
        Path(context_module.__file__).resolve().parents[2]
        / "resources"
        / "en"
        / "context_rules.json"
    )


_STRING_ATTRS = {"LOWER", "ORTH", "TEXT", "NORM", "LEMMA"}


def _strings_only(pattern: Any) -> Any:
    """Token patterns compare text: a number in a word list ("24") must be the string."""
    if not isinstance(pattern, list):
        return pattern
    fixed = []
    for token in pattern:
        token = dict(token)
        for attr, value in token.items():
            if attr in _STRING_ATTRS and isinstance(value, dict):
                token[attr] = {
                    op: [str(v) for v in vals] if isinstance(vals, list) else vals
                    for op, vals in value.items()
                }
            elif attr in _STRING_ATTRS and not isinstance(value, str):
                token[attr] = str(value)
        fixed.append(token)
    return fixed


def target_rules() -> list[Any]:
    from medspacy.target_matcher import TargetRule

    rules = []
    for risk_type, entries in read_data("risk_targets.yaml").items():
        for entry in entries:
            entry = {**entry, "category": risk_type, "literal": str(entry["literal"])}
            if "pattern" in entry:
                entry["pattern"] = _strings_only(entry["pattern"])
            rules.append(TargetRule.from_dict(entry))
    return rules


@cache
def _build() -> Language:
    import medspacy.context
    import medspacy.target_matcher  # noqa: F401
    import spacy
    from spacy.language import Language

    if "notewell_one_sentence" not in Language.factories:

        @Language.component("notewell_one_sentence")
        def one_sentence(doc):  # type: ignore[no-untyped-def]
            # Each doc is one clause the engine already segmented; ConText scopes by sentence.
            for token in doc:
                token.is_sent_start = token.i == 0
            return doc

    nlp = spacy.blank("en")
    _add_sign_shorthand(nlp)
    nlp.add_pipe("notewell_one_sentence")
    matcher: Any = nlp.add_pipe("medspacy_target_matcher")  # medspaCy TargetMatcher
    matcher.add(target_rules())
    context: Any = nlp.add_pipe("medspacy_context", config={"rules": None})  # ConText
    context.add(context_rules())
    return nlp


_SIGNED = ("SI", "HI", "SH", "SI/HI", "HI/SI", "SI/HI/SH", "SI/SH", "SIB", "NSSI")


def _add_sign_shorthand(nlp: Language) -> None:
    """Split "-SI/HI" and "+SI" into sign and concepts, as clinicians mean them.

    spaCy keeps "-SI" as one token (a hyphenated word), which would hide the concept
    from the risk matcher; the sign becomes its own token so ConText can read "-" as
    negation. Special cases keep character offsets exact.
    """
    for sign in ("-", "+", "–"):
        for concept in _SIGNED:
            parts = [{"ORTH": sign}]
            for i, piece in enumerate(concept.split("/")):
                if i:
                    parts.append({"ORTH": "/"})
                parts.append({"ORTH": piece})
            # spaCy types the tokenizer as a plain callable; it is a Tokenizer (no stub).
            cast(Any, nlp.tokenizer).add_special_case(sign + concept, parts)


def get_pipeline() -> Language:
    """The shared pipeline, built on first use (thread-safe)."""
    with _lock:
        return _build()
