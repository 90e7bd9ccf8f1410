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


def note_sections(text: str, headings: list[str]) -> tuple[str, list[tuple[str, str]]]:
    """A note's text split at its format's upper-case headings, in order: (header,
    [(heading, body)]). A note whose headings were edited away is all header."""
    lines = text.rstrip("\n").split("\n")
    found: list[tuple[str, int]] = []
    start = 0
    for name in headings:
        at = next((i for i in range(start, len(lines)) if lines[i].strip() == name), None)
        if at is None:
            return text.strip(), []
        found.append((name, at))
        start = at + 1
    if not found:
        return text.strip(), []
    ends = [at for _, at in found[1:]] + [len(lines)]
    sections = [
        (name, "\n".join(lines[at + 1 : end]).strip())
        for (name, at), end in zip(found, ends, strict=True)
    ]
    return "\n".join(lines[: found[0][1]]).strip(), sections
