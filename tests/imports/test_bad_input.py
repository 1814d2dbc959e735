"""Every bad input of an import gets a clear message on the form and saves nothing."""

from __future__ import annotations

import html
import io
import zipfile

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from quizapp.authoring.extract import MAX_BYTES
from quizapp.extensions import db
from quizapp.models import Item, Passage, SourceDocument
from tests.authoring.conftest import TREATY_TEXT, make_docx, make_pdf, treaty_docx
from tests.imports.conftest import Setup, upload

NEW = "/courses/seasonal/documents/new"


def _zip(names: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, body in names.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def _multipart(filename: str, data: bytes) -> tuple[bytes, str]:
    """A multipart body built here: the test client would spool a body this big to a temporary
    file it never closes (a ResourceWarning, an error under ``filterwarnings = error``)."""
    boundary = "x-boundary-x"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nBig\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"'
        "\r\nContent-Type: text/plain\r\n\r\n"
    )
    body = head.encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


BAD = [
    ("notes.rtf", b"{\\rtf1 hello}", ".rtf files are not supported"),
    (
        "scan.pdf",
        make_pdf([[], []]),
        "this looks like a scanned document; text recognition is not supported",
    ),
    ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog", "The PDF is damaged"),
    ("broken.docx", b"PK\x03\x04" + b"\x00" * 60, "damaged"),
    ("empty.txt", b"  \n\n  ", "empty after extraction"),
    ("empty.docx", make_docx([("   ", None)]), "empty after extraction"),
    ("fake.pdf", TREATY_TEXT.encode(), "is not a PDF"),
    ("fake.docx", make_pdf([["Article 1"]]), "not a Word document"),
    ("sheet.docx", _zip({"xl/workbook.xml": b"<x/>"}), "zip archive"),
    ("fake.txt", make_pdf([["Article 1"]]), "is a PDF"),
    ("fake.md", treaty_docx(), "zip archive"),
]


def _saved_nothing() -> None:
    for model in (SourceDocument, Passage, Item):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(model)) == 0


@pytest.mark.parametrize(("name", "data", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_file_gets_its_message_on_the_form(
    client: FlaskClient, authored: Setup, name: str, data: bytes, message: str
) -> None:
    response = upload(client, NEW, filename=name, data=data)
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    assert message.lower() in page.lower()
    assert 'name="token"' not in page  # no preview, nothing to save
    _saved_nothing()


def test_file_over_the_limit_but_within_the_request_gets_the_size_message(
    client: FlaskClient, authored: Setup
) -> None:
    body, content_type = _multipart("big.txt", b"word " * (MAX_BYTES // 5 + 100))
    response = client.post(NEW, data=body, content_type=content_type)
    assert response.status_code == 200
    assert "the limit is 10 MB" in response.get_data(as_text=True)
    _saved_nothing()


def test_request_far_over_the_limit_is_the_form_with_a_message_not_a_bare_413(
    client: FlaskClient, authored: Setup
) -> None:
    body, content_type = _multipart("huge.txt", b"a" * (MAX_BYTES + 2 * 1024 * 1024))
    response = client.post(NEW, data=body, content_type=content_type)
    page = response.get_data(as_text=True)
    assert response.status_code == 413, page[-3000:]
    assert "larger than the 10 MB limit" in page
    assert 'type="file"' in page  # the upload form again
    _saved_nothing()


def test_the_rest_of_the_app_keeps_its_1_mb_limit(client: FlaskClient, authored: Setup) -> None:
    response = client.post("/cohorts/new", data={"name": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413


def test_neither_file_nor_text_and_both(client: FlaskClient, authored: Setup) -> None:
    page = upload(client, NEW).get_data(as_text=True)
    assert "Choose a file to upload, or paste the text." in page
    page = upload(client, NEW, filename="a.txt", data=b"Some words here.", text="More").get_data(
        as_text=True
    )
    assert "Upload a file or paste text, not both." in page
    page = upload(client, NEW, text=TREATY_TEXT, title="").get_data(as_text=True)
    assert "Give the document a title." in page
    _saved_nothing()


def test_pasted_text_that_is_only_whitespace(client: FlaskClient, authored: Setup) -> None:
    page = upload(client, NEW, text="   \n  ").get_data(as_text=True)
    assert "paste the text" in page
    _saved_nothing()
