"""A new version of a document: items follow a surviving quote, the others need review."""

from __future__ import annotations

import sqlalchemy as sa
from flask.testing import FlaskClient

from quizapp.extensions import db
from quizapp.models import DocumentVersion, Item, ItemRevision, Passage, SourceDocument
from tests.authoring.conftest import TREATY_TEXT
from tests.imports.conftest import Setup, token_of, upload

DOC = "/courses/seasonal/documents/seasonal-workers-protocol"
OLD_B = '"Recruitment fee" means any payment demanded from a worker in exchange for a job'
NEW_B = '"Recruitment fee" means any charge or deduction taken from a worker for a job'


def _import(client: FlaskClient) -> None:
    token = token_of(upload(client, "/courses/seasonal/documents/new", text=TREATY_TEXT))
    assert client.post("/courses/seasonal/documents/new/save", data={"token": token, "topic": 0})


def _new_version(client: FlaskClient, text: str) -> str:
    page = upload(client, f"{DOC}/versions/new", text=text, title=None)
    assert "Preview" in page.get_data(as_text=True)
    response = client.post(f"{DOC}/versions/new/save", data={"token": token_of(page), "topic": 0})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response.headers["Location"]


def _anchor_of(item: Item) -> tuple[int, str]:
    passage = db.session.get(Passage, item.passage_id)
    assert passage is not None
    return passage.document_version_id, passage.anchor


def test_new_version_moves_surviving_quotes_and_flags_the_rest(
    client: FlaskClient, authored: Setup
) -> None:
    _import(client)
    before = {i.key: (i.quote, i.version) for i in db.session.scalars(sa.select(Item))}
    assert any(q and "payment demanded" in q for q, _v in before.values())
    assert TREATY_TEXT.count(OLD_B) == 1
    location = _new_version(client, TREATY_TEXT.replace(OLD_B, NEW_B))
    assert location.endswith(f"{DOC}/versions/2/report")
    db.session.expire_all()
    document = db.session.scalars(sa.select(SourceDocument)).one()
    current = db.session.get(DocumentVersion, document.current_version_id)
    assert current is not None and current.version == 2
    items = {i.key: i for i in db.session.scalars(sa.select(Item))}
    assert set(before) <= set(items)  # nothing deleted
    flagged = [i for i in items.values() if i.needs_review]
    assert flagged and all("payment demanded" in (i.quote or "") for i in flagged)
    for key, (quote, version) in before.items():
        item = items[key]
        assert item.quote == quote  # never silently changed
        version_id, _anchor = _anchor_of(item)
        if item.needs_review:
            assert version_id != current.id and item.version == version
        else:
            assert version_id == current.id and item.version == version + 1
            revision = db.session.scalars(
                sa.select(ItemRevision).filter_by(item_id=item.id, version=item.version)
            ).one()
            assert revision.passage_id == item.passage_id
            assert revision.author_id == authored.author.id
    # drafts of the new version come only from the changed passage
    new_keys = set(items) - set(before)
    assert new_keys
    assert {_anchor_of(items[k])[1] for k in new_keys} == {"art-3-b"}
    page = client.get(location).get_data(as_text=True)
    assert "Only new and changed passages" in page


def test_needs_review_page_shows_old_quote_and_best_match(
    client: FlaskClient, authored: Setup
) -> None:
    _import(client)
    _new_version(client, TREATY_TEXT.replace(OLD_B, NEW_B))
    page = client.get("/courses/seasonal/documents/needs-review").get_data(as_text=True)
    assert "payment demanded" in page  # the old quote
    assert "any charge or deduction" in page  # the closest text now
    assert "#art-3-b" in page
    index = client.get("/courses/seasonal/documents").get_data(as_text=True)
    assert "need review" in index or "needs review" in index


def test_unchanged_new_version_flags_nothing_and_drafts_nothing(
    client: FlaskClient, authored: Setup
) -> None:
    _import(client)
    count = db.session.scalar(sa.select(sa.func.count(Item.id)))
    _new_version(client, TREATY_TEXT)
    assert db.session.scalar(sa.select(sa.func.count(Item.id))) == count
    assert not db.session.scalars(sa.select(Item).where(Item.needs_review.is_(True))).all()
    page = client.get(f"{DOC}/versions").get_data(as_text=True)
    assert "2 (current)" in page
