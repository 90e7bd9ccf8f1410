"""Reading notes from .txt, .md, .docx and text PDFs; unreadable files are InputErrors.

Files are generated here from synthetic text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from notewell.core.errors import InputError
from notewell.services.documents import list_note_files, read_note_file

SYNTHETIC = "Date of service: 2026-10-05. Therapist used grounding. Plan: next session."


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF with a text layer (synthetic), built by hand."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out


def test_when_text_and_markdown_then_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SYNTHETIC, "utf-8")
    (tmp_path / "b.md").write_text("## Plan\n" + SYNTHETIC, "utf-8")
    assert read_note_file(tmp_path / "a.txt") == SYNTHETIC
    assert "## Plan" in read_note_file(tmp_path / "b.md")


def test_when_docx_then_paragraphs_read(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Data: Therapist used grounding.")
    document.add_paragraph("Plan: next session in one week.")
    document.save(str(tmp_path / "note.docx"))
    text = read_note_file(tmp_path / "note.docx")
    assert "Data: Therapist used grounding." in text and "\nPlan:" in text


def test_when_text_pdf_then_text_read(tmp_path: Path) -> None:
    (tmp_path / "note.pdf").write_bytes(minimal_pdf("Therapist used grounding"))
    assert "Therapist used grounding" in read_note_file(tmp_path / "note.pdf")


UNREADABLE = [
    ("missing", None, "no such file"),
    ("bad-suffix", ("note.rtf", b"{\\rtf1}"), "unsupported file type"),
    ("empty", ("note.txt", b"   \n"), "no text found"),
    ("binary", ("note.txt", b"\x00\x01\x02"), "binary"),
    ("broken-docx", ("note.docx", b"not a zip"), "not a valid .docx"),
    ("broken-pdf", ("note.pdf", b"%PDF-1.4 garbage"), "PDF"),
]


@pytest.mark.parametrize(
    ("file", "message"), [c[1:] for c in UNREADABLE], ids=[c[0] for c in UNREADABLE]
)
def test_when_file_unreadable_then_input_error(
    tmp_path: Path, file: tuple[str, bytes] | None, message: str
) -> None:
    path = tmp_path / "absent.txt"
    if file is not None:
        path = tmp_path / file[0]
        path.write_bytes(file[1])
    with pytest.raises(InputError, match=message):
        read_note_file(path)


def test_when_folder_listed_then_note_files_sorted_and_hidden_skipped(tmp_path: Path) -> None:
    for name in ("b.txt", "a.md", "c.docx", "skip.json", ".hidden.txt"):
        (tmp_path / name).write_text("x", "utf-8")
    assert [p.name for p in list_note_files(tmp_path)] == ["a.md", "b.txt", "c.docx"]
