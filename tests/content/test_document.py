"""Tests for the document parser."""

import hashlib

from quizapp.content.document import load_document, parse_document


def test_areas_and_titles(root):
    doc = load_document(root)
    assert [a.number for a in doc.areas] == [0, 1, 2, 3, 4, 5, 6]
    assert doc.areas[5].title.startswith("Identification, protection and assistance")
    assert not doc.areas[5].title.endswith(":")


def test_sha256_recorded(root):
    raw = (root / doc_path()).read_bytes()
    assert load_document(root).sha256 == hashlib.sha256(raw).hexdigest()


def doc_path():
    return "seeds/us-response-ohchr-migrants-2017-08-31.txt"


def test_page_break_paragraphs_are_joined(root):
    doc = load_document(root)
    p = doc.passage("area-1-p3")
    assert p.text.endswith("Some examples include:")
    assert doc.contains("within a broader migration context related to the protection", "area-1-p3")
    joined = doc.passage("area-5-p4")
    assert "collective responsibility to put in place procedures" in joined.text
    assert doc.passage("area-5-p6") is None


def test_bullets_are_own_passages(root):
    doc = load_document(root)
    bullets = [p for p in doc.areas[1].passages if p.kind == "bullet"]
    assert [b.anchor for b in bullets] == [f"area-1-p{i}" for i in range(4, 9)]
    assert bullets[0].text.startswith("Principle 2:")


def test_signature_image_skipped(root):
    doc = load_document(root)
    assert len(doc.skipped) == 1
    assert not any("handwritten" in p.text for p in doc.passages)


def test_anchors_survive_reflow(root):
    text = (root / doc_path()).read_text(encoding="utf-8")
    reflowed = text.replace(
        "Humanitarian and law enforcement objectives can,",
        "Humanitarian and law enforcement\nobjectives can,",
    )
    a, b = load_document(root), parse_document(reflowed)
    assert [p.anchor for p in a.passages] == [p.anchor for p in b.passages]
    assert a.passage("area-1-p1").text == b.passage("area-1-p1").text


def test_quote_check_is_whitespace_normalised(root):
    doc = load_document(root)
    assert doc.contains("Humanitarian   and law enforcement\nobjectives")
    assert not doc.contains("Humanitarian and law enforcement objectives cannot")
    assert not doc.contains("   ")


def test_front_matter_teachable_only_letter_body(root):
    doc = load_document(root)
    teach = [p.anchor for p in doc.areas[0].passages if p.teachable]
    assert teach == ["front-p5"]
