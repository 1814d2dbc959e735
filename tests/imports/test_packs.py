"""Content packs: export → import → export gives the same bytes; bad packs say file:line: reason."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml
from flask.testing import FlaskClient, FlaskCliRunner

from quizapp.content.pack import PackError
from quizapp.enums import ItemStatus
from quizapp.extensions import db
from quizapp.imports.packfile import read_pack
from quizapp.models import Course, CourseAuthor, Item, ItemRevision
from tests.authoring.conftest import TREATY_TEXT, treaty_docx
from tests.imports.conftest import Setup, token_of, upload

DOC = "/courses/seasonal/documents/seasonal-workers-protocol"


def _filled_course(client: FlaskClient) -> None:
    """A course with a DOCX document, some published items and one needing review."""
    page = upload(client, "/courses/seasonal/documents/new", filename="p.docx", data=treaty_docx())
    client.post("/courses/seasonal/documents/new/save", data={"token": token_of(page), "topic": 0})
    for item in db.session.scalars(sa.select(Item).order_by(Item.key).limit(4)):
        item.status = ItemStatus.PUBLISHED.value
    db.session.commit()
    edited = TREATY_TEXT.replace("any payment demanded", "any charge demanded")
    page = upload(client, f"{DOC}/versions/new", text=edited, title=None)
    client.post(f"{DOC}/versions/new/save", data={"token": token_of(page), "topic": 0})


def _files(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_export_import_export_is_byte_identical(client: FlaskClient, authored: Setup) -> None:
    _filled_course(client)
    first = client.get("/courses/seasonal/pack.zip")
    assert first.status_code == 200 and first.mimetype == "application/zip"
    files = _files(first.data)
    assert set(files) == {
        "manifest.yaml",
        "content/topics.yaml",
        "content/items.yaml",
        "documents/seasonal-workers-protocol.txt",
        "documents/seasonal-workers-protocol.yaml",
    }
    items = yaml.safe_load(files["content/items.yaml"])["items"]
    assert len(items) == db.session.scalar(sa.select(sa.func.count(Item.id)))
    assert any(i.get("needs_review") for i in items)
    response = client.post(
        "/courses/import-pack",
        data={"file": (io.BytesIO(first.data), "seasonal-pack.zip")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    copy = db.session.scalars(sa.select(Course).where(Course.slug != "seasonal")).one()
    assert response.headers["Location"].endswith(f"/courses/{copy.slug}/documents")
    owner = db.session.scalars(sa.select(CourseAuthor).filter_by(course_id=copy.id)).one()
    assert owner.user_id == authored.author.id and owner.role == "owner"
    copied = list(db.session.scalars(sa.select(Item).filter_by(course_id=copy.id)))
    assert len(copied) == len(items)
    assert sum(i.status == ItemStatus.PUBLISHED for i in copied) == 4
    revisions = db.session.scalar(
        sa.select(sa.func.count(ItemRevision.id)).where(
            ItemRevision.item_id.in_([i.id for i in copied])
        )
    )
    assert revisions == len(copied)
    second = client.get(f"/courses/{copy.slug}/pack.zip")
    assert second.data == first.data


def _pack_with(items_yaml: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "manifest.yaml",
            "format: quizapp-course-pack/1\ncourse:\n  title: T\n"
            "documents:\n- slug: d\n  title: D\n  sha256: '00'\n",
        )
        archive.writestr("documents/d.txt", "Article 1\nStates shall protect workers.\n")
        archive.writestr(
            "documents/d.yaml",
            "passages:\n- anchor: art-1-p1\n  position: 1\n  text: States shall protect workers.\n",
        )
        archive.writestr("content/topics.yaml", "topics:\n- slug: t\n  title: T\n")
        archive.writestr("content/items.yaml", items_yaml)
    return buffer.getvalue()


GOOD_ITEM = """items:
- id: d.card
  kind: flashcard
  topic: t
  origin: document
  prompt: What shall States do?
  body: {front: What shall States do?, back: Protect workers.}
  explanation: Article 1.
  document: d
  passage: art-1-p1
  quote: States shall protect workers.
"""


def test_a_hand_made_pack_reads() -> None:
    pack = read_pack(_pack_with(GOOD_ITEM))
    assert [i["id"] for i in pack.items] == ["d.card"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("quote: States shall protect workers.", "quote: States shall not."),
            "content/items.yaml:2: quote not found verbatim in d#art-1-p1",
        ),
        (("topic: t", "topic: nowhere"), "content/items.yaml:2: unknown topic 'nowhere'"),
        (("kind: flashcard", "kind: essay"), "content/items.yaml:2: unknown kind 'essay'"),
        (("passage: art-1-p1", "passage: art-9"), "content/items.yaml:2: unknown passage d#art-9"),
        (("  prompt: What shall States do?\n", ""), "content/items.yaml:2: missing field 'prompt'"),
        (("items:", "items: ["), "content/items.yaml:"),
    ],
)
def test_bad_packs_say_file_line_reason(change: tuple[str, str], message: str) -> None:
    with pytest.raises(PackError) as caught:
        read_pack(_pack_with(GOOD_ITEM.replace(*change)))
    assert any(p.startswith(message) for p in caught.value.problems), caught.value.problems


def test_not_a_zip_and_missing_manifest() -> None:
    with pytest.raises(PackError, match=r"x.zip:0: not a zip file"):
        read_pack(b"hello", "x.zip")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("other.txt", "x")
    with pytest.raises(PackError, match=r"manifest.yaml:0: missing from the pack"):
        read_pack(buffer.getvalue())


def test_bad_pack_upload_shows_the_problems(client: FlaskClient, authored: Setup) -> None:
    bad = _pack_with(GOOD_ITEM.replace("topic: t", "topic: nowhere"))
    response = client.post(
        "/courses/import-pack",
        data={"file": (io.BytesIO(bad), "bad.zip")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "content/items.yaml:2: unknown topic" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Course.id))) == 1


def test_cli_export_and_import(
    client: FlaskClient, authored: Setup, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    _filled_course(client)
    out = tmp_path / "out.zip"
    result = runner.invoke(args=["content", "pack", "export", "--course", "seasonal", str(out)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        args=["content", "pack", "import", "--owner", authored.author.email, str(out)]
    )
    assert result.exit_code == 0, result.output
    copy = db.session.scalars(sa.select(Course).where(Course.slug != "seasonal")).one()
    again = tmp_path / "again.zip"
    runner.invoke(args=["content", "pack", "export", "--course", copy.slug, str(again)])
    assert again.read_bytes() == out.read_bytes()
    bad = tmp_path / "bad.zip"
    bad.write_bytes(_pack_with(GOOD_ITEM.replace("kind: flashcard", "kind: essay")))
    result = runner.invoke(args=["content", "pack", "import", str(bad)])
    assert result.exit_code == 1
    assert "content/items.yaml:2: unknown kind 'essay'" in result.output
