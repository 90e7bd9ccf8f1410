"""notewell: local-first documentation assistant for behavioral-health clinicians.

    >>> from notewell import draft
    >>> note = draft("45 min in office. pt reports low mood. Used BA. denies SI/HI.", "soap")
    >>> note.to_dict()["facts"]["risk"]["suicidal_ideation"]["status"]
    'denied'
    >>> from notewell import check_note
    >>> "missing-plan" in [f.rule for f in check_note("Client talked about work.")]
    True

The public API is listed in `__all__`; everything else is internal.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from notewell.core.check import check_note
    from notewell.core.draft.style import StylePreferences
    from notewell.core.formats import NoteFormat
    from notewell.core.measures import ChangeThresholds
    from notewell.core.measures.wording import PreviousScore
    from notewell.core.models import Draft, Finding

__all__ = [
    "ChangeThresholds",
    "ConfigError",
    "Draft",
    "Finding",
    "FormatError",
    "InputError",
    "NoteFormat",
    "NotewellError",
    "PreviousScore",
    "SessionFacts",
    "StylePreferences",
    "__version__",
    "check_note",
    "draft",
    "draft_note",
    "extract_facts",
    "list_formats",
    "load_format",
    "parse_format",
    "read_measures",
    "suggest_cpt",
]


def draft(
    text: str,
    note_format: str | NoteFormat = "dap",
    *,
    input_type: str | None = None,
    style: StylePreferences | None = None,
    psychotherapy_note: bool = False,
    previous_scores: Mapping[str, PreviousScore] | None = None,
    measure_change: Mapping[str, ChangeThresholds] | None = None,
    nlp: Any = None,
) -> Draft:
    """Draft a note from session text with the embedded engine.

    `previous_scores` (measure id -> the last administration, from the record) give a
    measure's change when the text states none; `measure_change` overrides the default
    change thresholds per measure.
    """
    from notewell.core.draft import draft_note
    from notewell.core.extract.pipeline import extract_facts

    facts = extract_facts(text, input_type, nlp=nlp)
    return draft_note(
        facts, note_format, style, psychotherapy_note, previous_scores, measure_change
    )


# Lazy re-exports keep `import notewell` cheap for commands that need little.
_LAZY = {
    "ConfigError": "notewell.core.errors",
    "FormatError": "notewell.core.errors",
    "InputError": "notewell.core.errors",
    "NotewellError": "notewell.core.errors",
    "Draft": "notewell.core.models",
    "Finding": "notewell.core.models",
    "check_note": "notewell.core.check",
    "SessionFacts": "notewell.core.models",
    "NoteFormat": "notewell.core.formats",
    "list_formats": "notewell.core.formats",
    "load_format": "notewell.core.formats",
    "parse_format": "notewell.core.formats",
    "StylePreferences": "notewell.core.draft.style",
    "draft_note": "notewell.core.draft.composer",
    "extract_facts": "notewell.core.extract.pipeline",
    "suggest_cpt": "notewell.core.billing",
    "ChangeThresholds": "notewell.core.measures",
    "PreviousScore": "notewell.core.measures.wording",
    "read_measures": "notewell.core.measures",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'notewell' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
