"""The language pipeline: a blank spaCy English tokenizer, medspaCy's TargetMatcher
for risk concepts and medspaCy's ConText for negation, hypotheticals, history and
other people's experience.

Built lazily and once per process: importing spaCy and medspaCy costs about a second,
which commands that need no language analysis (`--help`, `formats`) must never pay.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import TYPE_CHECKING, Any

from notewell.core.lexicons import read_data

if TYPE_CHECKING:
    from spacy.language import Language

_lock = threading.Lock()

# medspaCy's default rule whose FAMILY scope runs through "and": replaced by ours,
# which stops at conjunctions ("fight with her sister and cut herself" is the client's).
_REPLACED_DEFAULTS = {"family"}


def context_rules() -> list[Any]:
    """medspaCy's default ConText rules plus notewell's therapy-language rules."""
    from medspacy.context import ConTextRule

    defaults_path = _default_rules_path()
    rules = [r for r in ConTextRule.from_json(defaults_path) if r.literal not in _REPLACED_DEFAULTS]
    for entry in read_data("context_rules.yaml"):
        # from_dict rejects unknown keys (strict, good) but not `terminated_by`, which
        # our FAMILY rules need; pass that one to the constructor ourselves.
        terminated_by = entry.pop("terminated_by", None)
        rule = ConTextRule.from_dict(entry)
        if terminated_by:
            rule.terminated_by = {t.upper() for t in terminated_by}
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


def target_rules() -> list[Any]:
    from medspacy.target_matcher import TargetRule

    rules = []
    for risk_type, entries in read_data("risk_targets.yaml").items():
        for entry in entries:
            rules.append(TargetRule.from_dict({**entry, "category": risk_type}))
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
    nlp.add_pipe("notewell_one_sentence")
    matcher = nlp.add_pipe("medspacy_target_matcher")
    matcher.add(target_rules())
    context = nlp.add_pipe("medspacy_context", config={"rules": None})
    context.add(context_rules())
    return nlp


def get_pipeline() -> Language:
    """The shared pipeline, built on first use (thread-safe)."""
    with _lock:
        return _build()
