"""Import of every supported format, normalisation, and every bad input (§2)."""

from __future__ import annotations

import codecs
import hashlib
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from quizapp.authoring.errors import (
    ContentMismatch,
    CorruptFile,
    EmptyDocument,
    ExtractionError,
    ExtractionProblem,
    FileTooLarge,
    NoTextLayer,
    ProtectedFile,
    UnsupportedFileType,
)
from quizapp.authoring.extract import MAX_BYTES, SourceFormat, extract, extract_pasted
from quizapp.authoring.passages import split_passages

from .conftest import TREATY_TEXT, make_docx, make_pdf, treaty_docx, treaty_pdf

ROOT = Path(__file__).resolve().parents[2]


def anchors(data: bytes, name: str) -> list[str]:
    return [p.anchor for p in split_passages(extract(name, data).blocks)]


def test_txt_keeps_sha256_and_article_structure():
    data = TREATY_TEXT.encode("utf-8")
    got = extract("protocol.txt", data)
    assert got.source_format is SourceFormat.TXT
    assert got.sha256 == hashlib.sha256(data).hexdigest()
    assert got.size == len(data)
    found = anchors(data, "protocol.txt")
    assert {"art-3-a", "art-3-d", "art-4-2-c", "art-5-1"} <= set(found)


def test_docx_and_pdf_give_the_same_passages_as_the_text():
    expected = anchors(TREATY_TEXT.encode(), "protocol.txt")
    assert anchors(treaty_docx(), "protocol.docx") == expected
    assert anchors(treaty_pdf(), "protocol.pdf") == expected


def test_pdf_running_header_and_page_numbers_are_removed():
    got = extract("protocol.pdf", treaty_pdf())
    assert got.pages is not None and got.pages >= 2
    assert "consolidated text" not in got.text
    assert "Page 1" not in got.text and "Page 2" not in got.text
    passages = {p.anchor: p.text for p in split_passages(got.blocks)}
    # the line wraps are joined back into one passage per sub-paragraph
    assert passages["art-3-a"] == (
        '"Seasonal worker" shall mean a person who moves to another State to carry out work '
        "that depends on the seasons of the year;"
    )


def test_pdf_hyphenation_at_line_ends_is_undone():
    pdf = make_pdf(
        [["Article 7", "States Parties shall prevent the exploi-", "tation of seasonal workers."]]
    )
    assert "prevent the exploitation of seasonal workers." in extract("a.pdf", pdf).text


def test_pdf_heading_that_repeats_with_other_numbers_is_kept():
    pages = [[f"Article {n}", f"States Parties shall keep records of kind {n}."] for n in (2, 7, 9)]
    text = extract("a.pdf", make_pdf(pages)).text
    assert "Article 2" in text and "Article 7" in text and "Article 9" in text


def test_text_is_normalised_nfc_ligatures_and_spaces():
    raw = (
        "Article 1\n\nThe e\u0301migre\u0301 \ufb01nds\u00a0work\u00adplaces   here and there.\r\n"
    )
    text = extract("a.txt", raw.encode("utf-8")).text
    assert "\u00e9migr\u00e9 finds workplaces here and there." in text


@pytest.mark.parametrize("bom", [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF8])
def test_text_with_a_byte_order_mark(bom):
    codec = {codecs.BOM_UTF8: "utf-8"}.get(
        bom, "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"
    )
    data = (
        bom
        + "Article 2\n\nEach State Party shall keep a register of labour intermediaries.".encode(
            codec
        )
    )
    assert anchors(data, "a.txt") == ["art-2-p1"]


def test_markdown_headings_lists_and_inline_marks():
    md = (
        "# Seasonal work\n\n## Article 2 Scope\n\nThis **Protocol** applies to [seasonal work]"
        "(https://example.org) in agriculture.\n\n- picking fruit by hand\n- packing fruit\n"
    )
    passages = split_passages(extract("a.md", md.encode()).blocks)
    assert [p.anchor for p in passages] == ["art-2-p1", "art-2-b1", "art-2-b2"]
    assert passages[0].text == "This Protocol applies to seasonal work in agriculture."
    assert passages[1].parent == "art-2-p1" and passages[1].marker == "\u2022"


def test_html_blocks_and_skipped_scripts():
    html = (
        "<!doctype html><html><head><title>x</title><script>var a = 1;</script></head><body>"
        "<h2>Article 6</h2><p>States Parties shall train&nbsp;officials on:</p>"
        "<ol><li>(a) the detection of forged job offers;</li><li>(b) victim referral.</li></ol>"
        "</body></html>"
    )
    passages = split_passages(extract("a.html", html.encode()).blocks)
    assert [p.anchor for p in passages] == ["art-6-p1", "art-6-a", "art-6-b"]
    assert "var a" not in " ".join(p.text for p in passages)
    assert passages[0].text == "States Parties shall train officials on:"


def test_docx_list_styles():
    data = make_docx(
        [
            ("Article 8", "Heading 1"),
            ("Each State Party shall publish:", None),
            ("the list of licensed intermediaries", "List Bullet"),
            ("the fees they may charge to employers", "List Bullet"),
        ]
    )
    passages = split_passages(extract("a.docx", data).blocks)
    assert [p.anchor for p in passages] == ["art-8-p1", "art-8-b1", "art-8-b2"]


def test_pasted_text():
    got = extract_pasted(TREATY_TEXT)
    assert got.source_format is SourceFormat.PASTED
    assert got.sha256 == hashlib.sha256(TREATY_TEXT.encode()).hexdigest()
    assert "art-3-a" in {p.anchor for p in split_passages(got.blocks)}


# --- bad input: a typed error with a clear message, nothing returned ----------------------


def _zip(names: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, body in names.items():
            archive.writestr(name, body)
    return buffer.getvalue()


BAD_INPUTS = [
    ("notes.rtf", b"{\\rtf1 hello}", UnsupportedFileType, "not supported"),
    ("notes", b"hello there", UnsupportedFileType, "not supported"),
    ("scan.pdf", make_pdf([[], []]), NoTextLayer, "scanned document; text recognition is not"),
    ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog", CorruptFile, "damaged"),
    ("broken.docx", b"PK\x03\x04" + b"\x00" * 60, CorruptFile, "damaged"),
    ("empty.txt", b"  \n\t\n  ", EmptyDocument, "empty after extraction"),
    ("empty.docx", make_docx([("   ", None)]), EmptyDocument, "empty after extraction"),
    ("empty.html", b"<html><body><p> </p></body></html>", EmptyDocument, "empty"),
    ("fake.pdf", TREATY_TEXT.encode(), ContentMismatch, "is not a PDF"),
    ("fake.docx", make_pdf([["Article 1"]]), ContentMismatch, "not a Word document"),
    ("sheet.docx", _zip({"xl/workbook.xml": b"<x/>"}), ContentMismatch, "zip archive"),
    ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, ContentMismatch, ".doc"),
    ("fake.txt", make_pdf([["Article 1"]]), ContentMismatch, "is a PDF"),
    ("fake.md", treaty_docx(), ContentMismatch, "zip archive"),
    ("latin.txt", "Article 1 caf\u00e9".encode("latin-1"), ContentMismatch, "UTF-8"),
    ("binary.txt", b"abc\x00def", ContentMismatch, "binary"),
    ("plain.html", b"Just words, no markup at all.", ContentMismatch, "no HTML"),
]


@pytest.mark.parametrize(
    ("name", "data", "error", "message"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS]
)
def test_bad_input_raises_a_typed_error_with_a_clear_message(name, data, error, message):
    with pytest.raises(error) as caught:
        extract(name, data)
    assert isinstance(caught.value, ExtractionError)
    assert message in caught.value.message
    assert caught.value.problem in set(ExtractionProblem)


def test_over_the_size_limit():
    with pytest.raises(FileTooLarge, match="limit is 10 MB"):
        extract("big.txt", b"a" * (MAX_BYTES + 1))
    with pytest.raises(FileTooLarge):
        extract_pasted("a" * (MAX_BYTES + 1))
    # exactly at the limit is fine; one byte more is not
    assert extract("ok.txt", b"word " * 20, max_bytes=100).size == 100
    with pytest.raises(FileTooLarge):
        extract("ok.txt", b"word " * 20 + b"!", max_bytes=100)


def test_partly_scanned_pdf_is_read_with_a_note():
    got = extract("mixed.pdf", make_pdf([["Article 1", "States Parties shall cooperate."], []]))
    assert got.notes == ("Pages without text (scanned?): 2.",)


def test_authoring_modules_load_neither_flask_nor_the_database():
    probe = (
        "import sys; import quizapp.authoring.extract, quizapp.authoring.passages, "
        "quizapp.authoring.versions, quizapp.authoring.drafts, quizapp.authoring.documents; "
        "print(sorted(m for m in ('flask', 'sqlalchemy', 'quizapp.extensions') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def _encrypted(user_password: str) -> bytes:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(make_pdf([["Article 1", "States Parties shall act."]])))
    writer = pypdf.PdfWriter(clone_from=reader)
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_password_protected_pdf_is_refused_but_owner_only_protection_is_read():
    with pytest.raises(ProtectedFile, match="protected by a password"):
        extract("locked.pdf", _encrypted("secret"))
    assert "States Parties shall act." in extract("printable.pdf", _encrypted("")).text


@pytest.mark.parametrize("cut", [200, 500, 900, 1500, -300, -40])
def test_truncated_files_give_a_typed_error_or_text_never_a_crash(cut):
    def outcome(name: str, data: bytes) -> str:
        try:
            return extract(name, data).text
        except ExtractionError as error:  # any other exception fails the test
            return error.message

    for name, data in (("a.pdf", treaty_pdf()), ("a.docx", treaty_docx())):
        assert outcome(name, data[:cut])


def test_docx_table_cells_are_read_in_order():
    import docx

    document = docx.Document()
    document.add_heading("Article 10", level=2)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Harvest season workers receive a written contract."
    table.cell(0, 1).text = "Employers keep wage records for three years."
    table.cell(1, 0).text = "Inspectors may visit farms without notice."
    table.cell(1, 1).text = "Complaints are heard within thirty days."
    buffer = io.BytesIO()
    document.save(buffer)
    passages = split_passages(extract("t.docx", buffer.getvalue()).blocks)
    assert [p.text.split()[0] for p in passages] == [
        "Harvest",
        "Employers",
        "Inspectors",
        "Complaints",
    ]
    assert [p.anchor for p in passages] == ["art-10-p1", "art-10-p2", "art-10-p3", "art-10-p4"]


def test_import_document_for_the_preview():
    from quizapp.authoring.documents import import_document, import_pasted

    data = treaty_pdf()
    document = import_document("protocol.pdf", data)
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.passage("art-3-a") is not None
    assert document.contains("a person who moves to  another State", "art-3-a")
    assert not document.contains("a person who moves to another State", "art-3-b")
    assert document.contains("information on wages and working hours")
    assert not document.contains("   ")
    assert [p.anchor for p in import_pasted(TREATY_TEXT).passages] == [
        p.anchor for p in document.passages
    ]
    with pytest.raises(EmptyDocument):
        import_pasted(" \n ")


def test_docx_that_unpacks_beyond_the_limit(monkeypatch):
    import quizapp.authoring.extract as extract_module

    monkeypatch.setattr(extract_module, "MAX_UNPACKED_BYTES", 1000)
    bomb = _zip({"word/document.xml": b"<w:document/>" + b" " * 5000})
    with pytest.raises(FileTooLarge, match="unpacks to"):
        extract("bomb.docx", bomb)
