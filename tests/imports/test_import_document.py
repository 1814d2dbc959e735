"""Importing a document: preview without saving, save in one transaction, drafts and report."""

from __future__ import annotations

import sqlalchemy as sa
from flask.testing import FlaskClient

from quizapp.enums import ItemStatus
from quizapp.extensions import db
from quizapp.models import (
    DocumentVersion,
    GenerationReport,
    Item,
    ItemRevision,
    Passage,
    SourceDocument,
    Topic,
)
from quizapp.models.imports import CourseTerm
from tests.authoring.conftest import TREATY_TEXT, treaty_docx, treaty_pdf
from tests.imports.conftest import Setup, token_of, upload

NEW = "/courses/seasonal/documents/new"
SAVE = "/courses/seasonal/documents/new/save"


def _count(model: type) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def test_preview_shows_passages_and_saves_nothing(client: FlaskClient, authored: Setup) -> None:
    response = upload(client, NEW, filename="protocol.docx", data=treaty_docx())
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "#art-3-a" in page and "Article 3 (a)" in page
    assert "Seasonal worker" in page
    assert _count(SourceDocument) == 0 and _count(Passage) == 0 and _count(Item) == 0


def test_save_stores_document_version_passages_drafts_and_report(
    client: FlaskClient, authored: Setup
) -> None:
    data = treaty_docx()
    token = token_of(
        upload(client, NEW, filename="protocol.docx", data=data, glossary="complaint desk")
    )
    response = client.post(SAVE, data={"token": token, "topic": 0})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        "/courses/seasonal/documents/seasonal-workers-protocol/versions/1/report"
    )
    document = db.session.scalars(sa.select(SourceDocument)).one()
    version = db.session.get(DocumentVersion, document.current_version_id)
    assert version is not None and version.version == 1
    import hashlib

    assert version.sha256 == hashlib.sha256(data).hexdigest()
    assert version.size_bytes == len(data) and version.filename == "protocol.docx"
    assert version.media_type.endswith("wordprocessingml.document")
    anchors = set(
        db.session.scalars(sa.select(Passage.anchor).filter_by(document_version_id=version.id))
    )
    assert {"art-3-a", "art-4-2-b", "preamble-p1"} <= anchors
    items = list(db.session.scalars(sa.select(Item)))
    assert len(items) >= 5
    topic = db.session.scalars(sa.select(Topic)).one()
    assert topic.title == "Seasonal Workers Protocol"
    texts = {p.id: p.text for p in db.session.scalars(sa.select(Passage))}
    for item in items:
        assert item.status == ItemStatus.DRAFT
        assert item.course_id == authored.course.id and item.topic_id == topic.id
        assert item.passage_id is not None and item.quote
        assert " ".join(item.quote.split()) in texts[item.passage_id]
        assert item.key.startswith("seasonal-workers-protocol.")
        assert item.skill  # what the draft tests travels with it (it was dropped before)
    revisions = db.session.scalars(sa.select(ItemRevision)).all()
    assert len(revisions) == len(items)
    assert {r.author_id for r in revisions} == {authored.author.id}
    assert db.session.scalars(sa.select(CourseTerm.term)).all() == ["complaint desk"]
    report = db.session.scalars(sa.select(GenerationReport)).one()
    assert report.drafted == len(items)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Generation report" in page and "Refused" in page and "#art-3-a" in page


def test_pdf_and_pasted_text_import(client: FlaskClient, authored: Setup) -> None:
    token = token_of(upload(client, NEW, filename="protocol.pdf", data=treaty_pdf()))
    assert client.post(SAVE, data={"token": token, "topic": 0}).status_code == 302
    token = token_of(upload(client, NEW, text=TREATY_TEXT, title="Pasted protocol"))
    assert client.post(SAVE, data={"token": token, "topic": 0}).status_code == 302
    slugs = set(db.session.scalars(sa.select(SourceDocument.slug)))
    assert slugs == {"seasonal-workers-protocol", "pasted-protocol"}
    # two documents in one course never share an item key
    keys = list(db.session.scalars(sa.select(Item.key)))
    assert len(keys) == len(set(keys))


def test_author_may_pick_an_existing_topic(client: FlaskClient, authored: Setup) -> None:
    topic = Topic(course_id=authored.course.id, slug="rules", title="Rules", position=1)
    db.session.add(topic)
    db.session.commit()
    token = token_of(upload(client, NEW, text=TREATY_TEXT))
    client.post(SAVE, data={"token": token, "topic": topic.id})
    assert set(db.session.scalars(sa.select(Item.topic_id))) == {topic.id}
    assert _count(Topic) == 1


def test_forged_or_foreign_token_saves_nothing(client: FlaskClient, authored: Setup) -> None:
    token = token_of(upload(client, NEW, text=TREATY_TEXT))
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    response = client.post(SAVE, data={"token": forged, "topic": 0}, follow_redirects=True)
    assert "upload the document again" in response.get_data(as_text=True)
    assert _count(SourceDocument) == 0
