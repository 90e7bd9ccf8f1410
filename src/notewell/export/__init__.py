"""Render drafts and notes: JSON (the contract), Markdown and plain text."""

from notewell.export.render import draft_to_json, draft_to_markdown, draft_to_text, header_lines

__all__ = ["draft_to_json", "draft_to_markdown", "draft_to_text", "header_lines"]
