"""Builders for authoring tests: a treaty-like text, a DOCX and hand-written PDFs."""

from __future__ import annotations

import io

import pytest

# A made-up protocol in the shape of a treaty (our own words, not a real instrument).
TREATY_LINES = [
    "PROTOCOL ON THE SAFE PASSAGE OF SEASONAL WORKERS",
    "",
    "Preamble",
    "",
    (
        "The Parties to this Protocol, aware that seasonal workers face particular risks when "
        "they cross borders for work, have agreed as follows:"
    ),
    "",
    "Article 1",
    "Purpose",
    "",
    (
        "The purpose of this Protocol is to protect seasonal workers against abusive recruitment "
        "and to promote cooperation among the Parties."
    ),
    "",
    "Article 3",
    "Use of terms",
    "",
    "For the purposes of this Protocol:",
    (
        '(a) "Seasonal worker" shall mean a person who moves to another State to carry out work '
        "that depends on the seasons of the year;"
    ),
    (
        '(b) "Recruitment fee" means any payment demanded from a worker in exchange for a job '
        "offer or a placement;"
    ),
    (
        '(c) "Labour intermediary" refers to any agency or person that places seasonal workers '
        "with employers for profit;"
    ),
    (
        '(d) "Complaint desk" shall mean an office where a seasonal worker may report abusive '
        "recruitment without cost."
    ),
    "",
    "Article 4",
    "Obligations of States Parties",
    "",
    (
        "1. Each State Party shall adopt measures to prohibit the charging of a recruitment fee "
        "to seasonal workers."
    ),
    "2. States Parties shall ensure that every seasonal worker receives:",
    "(a) a written contract in a language the worker understands;",
    "(b) information on wages and working hours;",
    "(c) access to a complaint desk.",
    (
        "3. States Parties shall not return a seasonal worker who reports abusive recruitment "
        "before the complaint desk has heard the case."
    ),
    "",
    "Article 5",
    "Cooperation",
    "",
    (
        "1. The Parties shall exchange information on labour intermediary licences, on the routes "
        "that seasonal workers use and on the methods of abusive recruitment."
    ),
    "2. The Parties shall offer training to border officials on:",
    "(a) the detection of forged job offers;",
    "(b) the rights of seasonal workers under this Protocol;",
    "(c) the referral of victims to a complaint desk.",
]
TREATY_TEXT = "\n".join(TREATY_LINES) + "\n"


def pytest_configure(config: pytest.Config) -> None:
    """Mirror the project's ``filterwarnings = error`` even when run standalone."""
    config.addinivalue_line("filterwarnings", "error")


def _pdf_string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal PDF: one Helvetica text stream per page, one line per list entry.

    An empty page list entry gives a page that draws only a rectangle (no text layer).
    """
    objects: list[bytes] = []
    n_pages = len(pages)
    font_id = 3 + 2 * n_pages
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n_pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    for i, lines in enumerate(pages):
        if lines:
            ops = ["BT", "/F1 10 Tf", "14 TL", "56 800 Td"]
            for line in lines:
                ops.append(f"{_pdf_string(line)} Tj T*")
            ops.append("ET")
        else:
            ops = ["0.5 g", "56 56 480 700 re f"]
        stream = "\n".join(ops).encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> /Contents {4 + 2 * i} 0 R >>".encode()
        )
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def make_docx(paragraphs: list[tuple[str, str | None]]) -> bytes:
    """A DOCX with (text, style) paragraphs; style None is Normal."""
    import docx

    document = docx.Document()
    for text, style in paragraphs:
        document.add_paragraph(text, style=style)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def treaty_docx() -> bytes:
    """The treaty as a Word document with heading styles."""
    paragraphs: list[tuple[str, str | None]] = []
    for line in TREATY_LINES:
        if not line:
            continue
        if line.startswith("Article ") or line == "Preamble":
            paragraphs.append((line, "Heading 2"))
        elif line.isupper():
            paragraphs.append((line, "Title"))
        else:
            paragraphs.append((line, None))
    return make_docx(paragraphs)


def wrap(text: str, width: int = 80) -> list[str]:
    """Greedy word wrap, as a PDF producer would lay out a paragraph."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return lines


def treaty_pdf(per_page: int = 18) -> bytes:
    """The treaty as a wrapped PDF with a running header and page numbers."""
    body: list[str] = []
    for line in TREATY_LINES:
        if line:
            body.extend(wrap(line))
    pages = [body[i : i + per_page] for i in range(0, len(body), per_page)]
    return make_pdf(
        [
            ["Seasonal Workers Protocol - consolidated text", *lines, f"Page {n}"]
            for n, lines in enumerate(pages, start=1)
        ]
    )
