"""Terminal rendering of a draft with rich: header table, section headings, prompts
highlighted so the clinician sees at a glance what is still missing."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from notewell.core.models import Draft, GroupDraft, Section
from notewell.export.render import header_lines, member_title, note_title


def print_draft(console: Console, draft: Draft) -> None:
    header = Table.grid(padding=(0, 2))
    header.add_column(style="bold")
    header.add_column()
    for label, value in header_lines(draft):
        header.add_row(label, value)
    console.print(Panel(header, title=note_title(draft), title_align="left"))
    for section in draft.sections:
        _print_section(console, section)
    private = [s for s in draft.facts.segments if s.element == "private_reflection"]
    if draft.psychotherapy_note is not None:
        console.rule("[bold magenta]Psychotherapy note — PRIVATE, keep out of the record")
        for section in draft.psychotherapy_note:
            _print_section(console, section)
    elif private:
        console.print(
            f"[magenta]{len(private)} private reflection(s) kept out of this progress note; "
            "add --psychotherapy-note to draft the private note.[/]"
        )
    for finding in draft.findings:
        colour = {"error": "red", "warning": "yellow", "info": "cyan"}[finding.severity]
        console.print(f"[{colour}]{finding.severity}[/] {finding.rule}: {finding.message}")


def print_group(console: Console, group: GroupDraft) -> None:
    """The group note, then each member's note under a rule with the member's name."""
    print_draft(console, group.group)
    for note in group.members:
        console.rule(f"[bold]{member_title(note.member, note.attended)}")
        print_draft(console, note.draft)
    for finding in group.findings:
        colour = {"error": "red", "warning": "yellow", "info": "cyan"}[finding.severity]
        console.print(f"[{colour}]{finding.severity}[/] {finding.rule}: {finding.message}")


def _print_section(console: Console, section: Section) -> None:
    console.print(Text(section.name, style="bold underline"))
    body = Text()
    for i, sentence in enumerate(section.sentences):
        if i:
            body.append(" ")
        body.append(sentence.text, style="bold yellow" if sentence.prompt else None)
    console.print(body if section.sentences else Text("(nothing)", style="dim"))
    console.print()
