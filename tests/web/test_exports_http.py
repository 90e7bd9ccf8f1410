"""Exports over real HTTP: a signed note and a client's record as PDF, text, Markdown
and FHIR R4; who may export; file names without health information. SYNTHETIC."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader
from web_server import Server

from notewell.services import notes, signing
from record_db import SYNTHETIC_NOTE, World, sign_with_overrides

EXPECTED = {
    "pdf": ("application/pdf", "pdf"),
    "text": ("text/plain; charset=utf-8", "txt"),
    "markdown": ("text/markdown; charset=utf-8", "md"),
    "fhir": ("application/fhir+json", "fhir.json"),
}


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def readable(output: str, content: bytes) -> str:
    """The export's text as a reader (or a receiving system) sees it."""
    if output == "pdf":
        return pdf_text(content)
    if output == "fhir":
        from fhir.resources.R4B.bundle import Bundle

        Bundle.model_validate_json(content)  # a valid FHIR (R4-line) resource
        return content.decode()
    return content.decode()


def signed_with_addendum(w: World) -> int:
    view = notes.create_note(w.dana, "C-001", SYNTHETIC_NOTE, "dap")
    sign_with_overrides(w.dana, view.note_id)
    signing.add_addendum(w.dana, view.note_id, "SYNTHETIC addendum: homework confirmed.")
    return view.note_id


@pytest.mark.parametrize("output", list(EXPECTED))
def test_a_signed_note_exports_as_a_download_named_by_its_number(
    server: Server, output: str
) -> None:
    note_id = signed_with_addendum(server.world)
    with server.signed_in("dana") as dana:
        response = dana.get(f"/notes/{note_id}/export/{output}")
        assert response.status_code == 200, response.text
        media_type, suffix = EXPECTED[output]
        assert response.headers["content-type"] == media_type
        disposition = response.headers["content-disposition"]
        assert disposition == f'attachment; filename="note-{note_id}.{suffix}"'
        assert "C-001" not in disposition
        assert response.headers["cache-control"] == "no-store"  # no copy kept on the way
        assert response.headers["x-content-type-options"] == "nosniff"
        if output == "pdf":
            assert response.content.startswith(b"%PDF")
        text = readable(output, response.content)
        if output == "fhir":
            text = fhir_text(response.content)
        assert "cognitive restructuring" in text
        assert "homework confirmed" in text


def fhir_text(content: bytes) -> str:
    """The note text as a FHIR receiver reads it: the Composition's sections and the
    DocumentReference's plain-text attachment."""
    import base64

    data = json.loads(content)
    parts = []
    for entry in data["entry"]:
        resource = entry["resource"]
        if resource["resourceType"] == "Composition":
            parts += [s["text"]["div"] for s in resource["section"]]
        else:
            for c in resource["content"]:
                if "data" in c["attachment"]:
                    parts.append(base64.b64decode(c["attachment"]["data"]).decode())
    return "\n".join(parts)


def test_the_fhir_export_is_a_document_reference_with_a_composition(server: Server) -> None:
    from fhir.resources.R4B.bundle import Bundle
    from fhir.resources.R4B.composition import Composition
    from fhir.resources.R4B.documentreference import DocumentReference

    note_id = signed_with_addendum(server.world)
    with server.signed_in("dana") as dana:
        content = dana.get(f"/notes/{note_id}/export/fhir").content
    bundle = Bundle.model_validate_json(content)
    assert bundle.type == "collection"
    documents = [e for e in bundle.entry if isinstance(e.resource, DocumentReference)]
    compositions = [e for e in bundle.entry if isinstance(e.resource, Composition)]
    assert len(documents) == len(compositions) == 1
    doc, comp = documents[0].resource, compositions[0].resource
    assert [(c.system, c.code) for c in doc.type.coding] == [("http://loinc.org", "11506-3")]
    assert doc.subject.identifier.value == "C-001"
    assert doc.author[0].identifier.value == "dana"
    assert doc.status == "current" and doc.docStatus == "amended"  # it has an addendum
    assert doc.date is not None
    # The DocumentReference's content references the Composition by its fullUrl.
    assert doc.content[0].attachment.url == compositions[0].fullUrl
    assert comp.status == "amended" and comp.type.coding[0].code == "11506-3"
    assert comp.subject.identifier.value == "C-001"
    titles = [s.title for s in comp.section]
    assert titles == ["Session", "Data", "Assessment", "Plan", "Addendum 1"]
    assert comp.attester[0].mode == "legal" and comp.attester[0].party.identifier.value == "dana"


def test_note_text_that_looks_like_markup_stays_text_in_fhir_and_pdf(server: Server) -> None:
    w = server.world
    text = SYNTHETIC_NOTE + "SYNTHETIC <script>alert(1)</script> & <img onerror=x>\n"
    view = notes.create_note(w.dana, "C-001", text, "dap")
    sign_with_overrides(w.dana, view.note_id)
    with server.signed_in("dana") as dana:
        fhir = dana.get(f"/notes/{view.note_id}/export/fhir")
        assert fhir.status_code == 200 and "<script>" not in fhir.text
        assert "&lt;script&gt;" in fhir.text
        pdf = dana.get(f"/notes/{view.note_id}/export/pdf")
        assert "<script>alert(1)</script>" in pdf_text(pdf.content)  # printed, not parsed


@pytest.mark.parametrize("output", list(EXPECTED))
def test_a_clients_record_exports_signed_notes_only(server: Server, output: str) -> None:
    w = server.world
    signed_id = signed_with_addendum(w)
    draft = "SYNTHETIC draft only: not yet the record.\n"
    notes.create_note(w.dana, "C-001", draft, "dap")
    with server.signed_in("dana") as dana:
        page = dana.get("/clients/C-001").text
        assert f'href="/clients/C-001/export/{output}"' in page
        response = dana.get(f"/clients/C-001/export/{output}")
        assert response.status_code == 200, response.text
        media_type, suffix = EXPECTED[output]
        assert response.headers["content-type"] == media_type
        assert response.headers["content-disposition"] == f'attachment; filename="record.{suffix}"'
        text = (
            fhir_text(response.content) if output == "fhir" else readable(output, response.content)
        )
        assert "cognitive restructuring" in text
        assert "not yet the record" not in text
        if output != "fhir":
            assert "C-001" in text and f"Note {signed_id}" in text


def test_who_may_export(server: Server) -> None:
    w = server.world
    note_id = signed_with_addendum(w)
    draft = notes.create_note(w.dana, "C-001", SYNTHETIC_NOTE, "dap")
    # (the note, the record): 404 for who may not read it, 403 for a reader who may not export
    expected = {"sam": (200, 200), "bo": (200, 200), "lee": (404, 404), "root": (404, 403)}
    for name, statuses in expected.items():
        with server.signed_in(name) as client:
            urls = (f"/notes/{note_id}/export/pdf", "/clients/C-001/export/fhir")
            for url, status in zip(urls, statuses, strict=True):
                response = client.get(url)
                assert response.status_code == status, (name, url)
                if status != 200:
                    assert b"cognitive restructuring" not in response.content
    with server.signed_in("dana") as dana:
        assert dana.get(f"/notes/{draft.note_id}/export/pdf").status_code == 400  # a draft
        assert dana.get(f"/notes/{note_id}/export/docx").status_code == 400
        assert dana.get("/notes/999999/export/pdf").status_code == 404
        assert dana.get("/clients/C-404/export/pdf").status_code == 404
        assert "export/" not in dana.get(f"/notes/{draft.note_id}").text  # no links on drafts
    with server.client() as anonymous:
        assert anonymous.get(f"/notes/{note_id}/export/pdf").status_code == 303  # to sign-in
