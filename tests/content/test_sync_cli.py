"""The bank in the database: idempotent sync, versioning, retirement, CLI and the reader page."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from quizapp.content.bank import Bank, build_bank
from quizapp.content.services import sync_bank
from quizapp.enums import ItemStatus
from quizapp.extensions import db
from quizapp.models import ContentRelease, Item, Passage, Topic

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bank() -> Bank:
    return build_bank(ROOT)


def _counts() -> tuple[int, int, int]:
    return (
        db.session.execute(sa.select(sa.func.count(Item.id))).scalar_one(),
        db.session.execute(
            sa.select(sa.func.count(Item.id)).where(Item.status == ItemStatus.RETIRED)
        ).scalar_one(),
        db.session.execute(sa.select(sa.func.count(ContentRelease.id))).scalar_one(),
    )


def test_sync_loads_everything_and_twice_changes_nothing(app, bank):
    first = sync_bank(bank)
    db.session.commit()
    assert first.added == len(bank.items) and not first.updated and not first.retired
    assert db.session.scalar(sa.select(sa.func.count(Topic.id))) == len(bank.topics)
    assert db.session.scalar(sa.select(sa.func.count(Passage.id))) == len(bank.document.passages)
    snapshot = _counts()
    second = sync_bank(bank)
    db.session.commit()
    assert not second.changed and second.unchanged == len(bank.items)
    assert _counts() == snapshot == (len(bank.items), 0, 1)


def test_reworded_item_keeps_id_and_bumps_version_vanished_item_is_retired(app, bank):
    sync_bank(bank)
    db.session.commit()
    changed, dropped = bank.items[0], bank.items[1]
    reworded = dataclasses.replace(changed, explanation=changed.explanation + " (reworded)")
    new_bank = dataclasses.replace(bank, items=(reworded, *bank.items[2:]))
    result = sync_bank(new_bank)
    db.session.commit()
    assert (result.added, result.updated, result.retired) == (0, 1, 1)
    row = db.session.scalar(sa.select(Item).where(Item.key == changed.id))
    assert row.version == 2 and row.explanation.endswith("(reworded)") and not row.retired
    gone = db.session.scalar(sa.select(Item).where(Item.key == dropped.id))
    assert gone is not None and gone.retired  # kept, never deleted
    # Bringing it back revives it.
    result = sync_bank(bank)
    db.session.commit()
    assert result.updated == 2
    assert not db.session.scalar(sa.select(Item).where(Item.key == dropped.id)).retired


def test_cli_check_and_sync(runner):
    result = runner.invoke(args=["content", "check"])
    assert result.exit_code == 0, result.output
    assert "Passage coverage" in result.output
    result = runner.invoke(args=["content", "sync"])
    assert result.exit_code == 0, result.output
    assert "added" in result.output
    result = runner.invoke(args=["content", "sync"])
    assert " 0 added, 0 updated, 0 retired" in result.output


def test_cli_export_is_byte_identical(runner, tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert runner.invoke(args=["content", "export", "--format", "json", str(a)]).exit_code == 0
    assert runner.invoke(args=["content", "export", "--format", "json", str(b)]).exit_code == 0
    assert a.read_bytes() == b.read_bytes()
    data = json.loads(a.read_text())
    assert set(data) == {"document", "items"} and data["items"]


def test_cli_stops_on_a_broken_pack_with_file_and_line(app, runner, tmp_path):
    root = tmp_path / "root"
    shutil.copytree(ROOT / "seeds", root / "seeds")
    shutil.copytree(ROOT / "content", root / "content")
    topics = root / "content" / "topics.yaml"
    topics.write_text(topics.read_text() + "\n  broken: [unclosed\n")
    app.config["CONTENT_ROOT"] = str(root)
    result = runner.invoke(args=["content", "sync"])
    assert result.exit_code == 1
    assert "content/topics.yaml:" in result.output
    assert db.session.scalar(sa.select(sa.func.count(Item.id))) == 0  # nothing loaded


def test_document_page_has_every_passage_linkable(app, client, bank):
    sync_bank(bank)
    db.session.commit()
    moved = client.get("/document")
    assert moved.status_code == 302  # the old address opens the built-in course's reader
    html = client.get(moved.headers["Location"]).get_data(as_text=True)
    for passage in bank.document.passages:
        assert f'id="{passage.anchor}"' in html
    assert "items from this passage" in html or "item from this passage" in html


def test_healthz_reports_the_bank_served_even_after_going_back_to_an_earlier_one(app, client, bank):
    changed = dataclasses.replace(
        bank.items[0], explanation=bank.items[0].explanation + " (edited)"
    )
    other = dataclasses.replace(bank, items=(changed, *bank.items[1:]))
    versions = []
    for served in (bank, other, bank):
        result = sync_bank(served)
        db.session.commit()
        versions.append(
            (result.bank_sha256[:12], client.get("/healthz").get_json()["content_version"])
        )
    assert [expected for expected, _ in versions] == [shown for _, shown in versions]
    assert versions[0] != versions[1] and versions[0] == versions[2]
