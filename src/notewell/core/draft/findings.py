"""Findings on a draft: what the engine saw while drafting, plus the checker's rules
run on the draft itself, so the clinician sees before signing what is still missing.

Checker spans point into the composed note; the draft's findings point into the input
(the JSON contract's offsets), so each span is mapped back through the sentence it
falls in, or dropped to null when it falls in a heading or a prompt.
"""

from __future__ import annotations

from dataclasses import replace

from notewell.core.models import Finding, Section, ServiceDetails, SessionFacts, Span


def note_text(
    header: ServiceDetails, sections: tuple[Section, ...]
) -> tuple[str, list[tuple[Span, Span]]]:
    """The draft as plain text for the checker, and (note span, input span) pairs."""
    lines: list[str] = []
    if header.date:
        lines.append(f"Date of service: {header.date}")
    details = [
        header.service_type or "",
        f"{header.duration_minutes} minutes" if header.duration_minutes else "",
    ]
    if header.start_time and header.end_time:
        details.append(f"start {header.start_time}, end {header.end_time}")
    if header.modality:
        details.append(header.modality.replace("_", " "))
    if header.location:
        details.append(header.location)
    if any(details):
        lines.append(", ".join(d for d in details if d) + ".")
    text = "\n".join(lines) + ("\n" if lines else "")
    mapping: list[tuple[Span, Span]] = []
    for section in sections:
        text += f"{section.name}: "
        for sentence in section.sentences:
            if sentence.prompt:
                continue  # a prompt is a gap, not content: the checker should see the gap
            start = len(text)
            text += sentence.text + " "
            if sentence.sources:
                mapping.append(((start, start + len(sentence.text)), sentence.sources[0]))
        text = text.rstrip() + "\n"
    return text, mapping


def check_draft(facts: SessionFacts, sections: tuple[Section, ...], kind: str) -> list[Finding]:
    from notewell.core.check import check_note
    from notewell.core.risk import reading_of

    text, mapping = note_text(facts.service, sections)
    note_type = "psychotherapy" if kind == "psychotherapy" else "progress"
    findings = []
    # The progress note is checked against the draft's own risk facts, whose spans
    # already point into the input.
    risk = reading_of(facts) if note_type == "progress" else None
    from notewell.core.formats.services import service_of_type

    service = service_of_type(facts.service.service_type).id
    for finding in check_note(text, note_type=note_type, risk=risk, service=service):
        in_input = risk is not None and finding.rule == "missing-risk-assessment"
        span = finding.span if in_input else _to_input(finding.span, mapping)
        findings.append(replace(finding, span=span))
    return findings


def _to_input(span: Span | None, mapping: list[tuple[Span, Span]]) -> Span | None:
    if span is None:
        return None
    for (start, end), source in mapping:
        if start <= span[0] < end:
            return source
    return None


def merge(engine: list[Finding], checker: list[Finding]) -> tuple[Finding, ...]:
    """Engine findings first; a checker finding of a rule the engine already raised is dropped."""
    seen = {f.rule for f in engine}
    return tuple(engine + [f for f in checker if f.rule not in seen])
