"""The text a draft becomes in the record: header and sections, without the DRAFT
banner, the checker's findings or any psychotherapy-note content."""

from __future__ import annotations

from notewell.core.models import Draft
from notewell.export import header_lines
from notewell.export.render import format_title


def note_text_from_draft(draft: Draft) -> str:
    lines = [f"{format_title(draft.format)} progress note", ""]
    lines += [f"{label}: {value}" for label, value in header_lines(draft)]
    for section in draft.sections:
        lines += ["", section.name.upper(), section.text or "(nothing)"]
    return "\n".join(lines).rstrip() + "\n"


def private_text_from_draft(draft: Draft) -> str | None:
    """The psychotherapy-note part of a draft, when the input held private reflections."""
    if not draft.psychotherapy_note:
        return None
    body = []
    for section in draft.psychotherapy_note:
        said = " ".join(x.text for x in section.sentences if not x.prompt)  # no fill-in prompts
        if said.strip():
            body.append(f"{section.name.upper()}\n{said}")
    return "\n\n".join(body) + "\n" if body else None
