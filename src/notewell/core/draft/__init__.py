"""From `SessionFacts` to a `Draft` in a chosen note format."""

from notewell.core.draft.composer import draft_note
from notewell.core.draft.style import StylePreferences, parse_style

__all__ = ["StylePreferences", "draft_note", "parse_style"]
