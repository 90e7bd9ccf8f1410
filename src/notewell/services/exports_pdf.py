"""Signed progress notes and a client's record as PDF (reportlab, its built-in
Helvetica: no system fonts). The same content as the text export, laid out for
print. Never psychotherapy notes: this module only sees progress-note views.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer

from notewell.services.record_export import (
    SignedRecord,
    addendum_heading,
    client_lines,
    note_heading,
    signature_lines,
)
from notewell.services.views import NoteView

STYLES = getSampleStyleSheet()
BODY = ParagraphStyle("body", parent=STYLES["BodyText"], fontName="Helvetica", fontSize=10)
META = ParagraphStyle("meta", parent=BODY, fontSize=8.5, textColor="#444444")


def paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    # Paragraph reads a little markup: the note's own text is escaped so it stays text.
    # Built-in Helvetica covers Windows-1252 (WinAnsi); other characters would print as
    # black boxes, so they show as "?" instead.
    safe = text.encode("cp1252", "replace").decode("cp1252")
    return Paragraph(escape(safe), style)


def text_block(text: str, style: ParagraphStyle = BODY) -> list[Flowable]:
    """Each line a paragraph (reportlab joins lines otherwise); blank lines kept."""
    return [
        paragraph(line, style) if line.strip() else Spacer(1, 6)
        for line in text.rstrip().split("\n")
    ]


def note_flowables(note: NoteView, level: str = "Heading2") -> list[Flowable]:
    parts: list[Flowable] = [paragraph(note_heading(note), STYLES[level])]
    parts += text_block(note.text)
    parts.append(Spacer(1, 8))
    parts += [paragraph(line, META) for line in signature_lines(note, "")]
    for addendum in note.addenda:
        parts.append(paragraph(addendum_heading(addendum), STYLES["Heading4"]))
        parts += text_block(addendum.text)
    parts.append(Spacer(1, 14))
    return parts


def _build(title: str, flowables: list[Flowable]) -> bytes:
    out = io.BytesIO()
    # The document's title metadata names no client: files get forwarded and indexed.
    document = SimpleDocTemplate(
        out,
        pagesize=LETTER,
        title=title,
        author="notewell",
        leftMargin=0.9 * inch,
        rightMargin=0.9 * inch,
        topMargin=0.8 * inch,
        bottomMargin=0.8 * inch,
    )
    document.build(flowables)
    return out.getvalue()


def note_pdf(note: NoteView) -> bytes:
    return _build(f"Progress note {note.note_id}", note_flowables(note, "Heading1"))


def record_pdf(record: SignedRecord) -> bytes:
    client = record.client
    parts: list[Flowable] = [paragraph(f"Clinical record — {client.identifier}", STYLES["Title"])]
    parts += [paragraph(line, BODY) for line in client_lines(client, "")]
    parts.append(Spacer(1, 14))
    for note in record.notes:
        parts += note_flowables(note)
    parts.append(
        paragraph(
            f"{record.drafts_left_out} draft note(s) not included: drafts are not part of "
            "the record.",
            META,
        )
    )
    return _build("Clinical record", parts)
