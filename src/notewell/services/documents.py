"""Read notes written elsewhere: plain text, Markdown, Word (.docx) and text PDFs.

I/O lives here, outside the pure core: the checker receives text. Every failure is an
`InputError` with a one-line message naming the file (the CLI exits 2 on it).
python-docx and pypdf are imported only when such a file is read.
"""

from __future__ import annotations

import re
from pathlib import Path

from notewell.core.errors import InputError

NOTE_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".markdown", ".text", ".docx", ".pdf")
MAX_FILE_BYTES = 20_000_000


def read_note_file(path: Path) -> str:
    """The text of one note file; raises InputError when it cannot be read as a note."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a note file")
    if suffix not in NOTE_SUFFIXES:
        raise InputError(
            f"{path}: unsupported file type {suffix or '(none)'!r} "
            f"(supported: {', '.join(NOTE_SUFFIXES)})"
        )
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise InputError(f"{path}: file is larger than {MAX_FILE_BYTES // 1_000_000} MB")
        if suffix == ".docx":
            text = _read_docx(path)
        elif suffix == ".pdf":
            text = _read_pdf(path)
        else:
            text = _read_text(path)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if not text.strip():
        hint = " (a scanned PDF has no text layer; run OCR first)" if suffix == ".pdf" else ""
        raise InputError(f"{path}: no text found{hint}")
    return text


def read_text_file(path: Path, what: str = "file") -> str:
    """A small UTF-8 configuration file (profile, treatment plan)."""
    try:
        return path.read_text("utf-8")
    except FileNotFoundError:
        raise InputError(f"{what} {path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{what} {path}: is a folder") from None
    except UnicodeDecodeError:
        raise InputError(f"{what} {path}: not UTF-8 text") from None
    except OSError as exc:
        raise InputError(f"{what} {path}: cannot read ({exc.strerror or exc})") from None


def list_note_files(folder: Path) -> list[Path]:
    """Note files in a folder and its subfolders, in name order; hidden files skipped."""
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder")
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in NOTE_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise InputError(f"{path}: looks like a binary file, not text")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding).replace("\r\n", "\n").replace("\r", "\n")
        except UnicodeDecodeError:
            continue
    raise InputError(f"{path}: not readable as text (expected UTF-8)")


def _read_docx(path: Path) -> str:
    import zipfile

    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise InputError(f"{path}: not a valid .docx file") from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:  # header blocks are often tables: "Date | 2026-09-14"
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells if c.text.strip()]
            if cells:
                lines.append(": ".join(dict.fromkeys(cells)))
    return "\n".join(lines)


def _read_pdf(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise InputError(f"{path}: PDF is encrypted")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError):
        raise InputError(f"{path}: not a readable PDF") from None
    text = "\n".join(pages)
    return re.sub(r"[ \t]+\n", "\n", text)
