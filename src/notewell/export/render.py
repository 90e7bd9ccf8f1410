"""Draft renderers. Pure functions of a `Draft`; the CLI adds terminal styling."""

from __future__ import annotations

import json

from notewell.core.errors import FormatError
from notewell.core.formats import load_format
from notewell.core.models import MODALITY_LABELS, Draft, GroupDraft, Section


def draft_to_json(draft: Draft | GroupDraft, indent: int | None = 2) -> str:
    return json.dumps(draft.to_dict(), indent=indent, ensure_ascii=False)


def header_lines(draft: Draft) -> list[tuple[str, str]]:
    """(label, value) pairs of the note header; absent values say so."""
    h = draft.header
    missing = "not stated"
    times = f"{h.start_time}-{h.end_time}" if h.start_time and h.end_time else missing
    cpt = f"{draft.cpt.code} ({draft.cpt.reason})" if draft.cpt else "none suggested"
    return [
        ("Client", h.client or missing),
        ("Date of service", h.date or missing),
        ("Service type", h.service_type or missing),
        ("Duration", f"{h.duration_minutes} min" if h.duration_minutes is not None else missing),
        ("Time", times),
        ("Modality", MODALITY_LABELS.get(h.modality or "", missing)),
        ("Location", h.location or missing),
        ("Participants", ", ".join(h.participants) or missing),
        ("Suggested CPT", cpt),
    ]


def format_title(name: str) -> str:
    """A format's display title; a user-defined format's name is all we have."""
    try:
        return load_format(name).title
    except FormatError:
        return name.upper()


def note_title(draft: Draft) -> str:
    return f"{format_title(draft.format)} note — DRAFT for clinician review"


def member_title(name: str, attended: bool) -> str:
    return f"Member note: {name}" + ("" if attended else " (absent)")


def draft_to_markdown(draft: Draft | GroupDraft) -> str:
    if isinstance(draft, GroupDraft):
        parts = [_note_markdown(draft.group)]
        for note in draft.members:
            parts.append(
                f"---\n\n# {member_title(note.member, note.attended)}\n\n"
                + _note_markdown(note.draft)
            )
        if draft.findings:
            findings = [f"- {f.severity}: {f.rule}: {f.message}" for f in draft.findings]
            parts.append("## Group findings\n\n" + "\n".join(findings) + "\n")
        return "\n".join(parts)
    return _note_markdown(draft)


def _note_markdown(draft: Draft) -> str:
    lines = [f"# {note_title(draft)}", ""]
    lines += [f"- **{label}:** {value}" for label, value in header_lines(draft)]
    for section in draft.sections:
        lines += ["", f"## {section.name}", "", _section_md(section)]
    if draft.psychotherapy_note is not None:
        lines += ["", "---", "", "# Psychotherapy note (PRIVATE — keep out of the record)"]
        for section in draft.psychotherapy_note:
            lines += ["", f"## {section.name}", "", _section_md(section)]
    if draft.findings:
        lines += ["", "## Findings", ""]
        lines += [f"- {f.severity}: {f.rule}: {f.message}" for f in draft.findings]
    return "\n".join(lines).rstrip() + "\n"


def _section_md(section: Section) -> str:
    return (
        " ".join(f"_{s.text}_" if s.prompt else s.text for s in section.sentences) or "_(nothing)_"
    )


def draft_to_text(draft: Draft | GroupDraft) -> str:
    if isinstance(draft, GroupDraft):
        parts = [_note_text(draft.group)]
        for note in draft.members:
            title = member_title(note.member, note.attended).upper()
            parts.append(f"{'=' * len(title)}\n{title}\n\n" + _note_text(note.draft))
        if draft.findings:
            findings = [f"{f.severity}: {f.rule}: {f.message}" for f in draft.findings]
            parts.append("GROUP FINDINGS\n" + "\n".join(findings) + "\n")
        return "\n".join(parts)
    return _note_text(draft)


def _note_text(draft: Draft) -> str:
    lines = [note_title(draft), ""]
    lines += [f"{label}: {value}" for label, value in header_lines(draft)]
    for section in draft.sections:
        lines += ["", f"{section.name.upper()}", section.text or "(nothing)"]
    if draft.psychotherapy_note is not None:
        lines += ["", "PSYCHOTHERAPY NOTE (PRIVATE — keep out of the record)"]
        for section in draft.psychotherapy_note:
            lines += ["", section.name.upper(), section.text or "(nothing)"]
    if draft.findings:
        lines += ["", "FINDINGS"] + [f"{f.severity}: {f.rule}: {f.message}" for f in draft.findings]
    return "\n".join(lines).rstrip() + "\n"
