"""A finished attempt is reviewed as it was asked, even after a content sync rewords its items."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import sqlalchemy as sa

from quizapp.content.bank import build_bank
from quizapp.content.services import sync_bank
from quizapp.extensions import db
from quizapp.models import Attempt, Item, ItemRevision, Response
from quizapp.quiz import services
from tests import factories

ROOT = Path(__file__).resolve().parents[2]


def test_sync_keeps_one_revision_per_item_version(app):
    bank = build_bank(ROOT)
    sync_bank(bank)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count(ItemRevision.id))) == len(bank.items)
    spec = next(s for s in bank.items if s.kind == "single_choice")
    reworded = dataclasses.replace(spec, prompt=spec.prompt + " (reworded)")
    sync_bank(
        dataclasses.replace(bank, items=tuple(reworded if s is spec else s for s in bank.items))
    )
    db.session.commit()
    versions = db.session.scalars(
        sa.select(ItemRevision.version).join(Item).where(Item.key == spec.id)
    ).all()
    assert sorted(versions) == [1, 2]


def test_revisions_record_what_the_item_tested_at_each_version(app):
    bank = build_bank(ROOT)
    sync_bank(bank)
    db.session.commit()
    spec = next(s for s in bank.items if s.kind == "single_choice" and s.skill != "application")
    changed = dataclasses.replace(spec, skill="application")
    sync_bank(
        dataclasses.replace(bank, items=tuple(changed if s is spec else s for s in bank.items))
    )
    db.session.commit()
    skills = db.session.execute(
        sa.select(ItemRevision.version, ItemRevision.skill)
        .join(Item)
        .where(Item.key == spec.id)
        .order_by(ItemRevision.version)
    ).all()
    assert [tuple(r) for r in skills] == [(1, spec.skill), (2, "application")]


def test_review_shows_the_words_answered_not_the_new_ones(app):
    bank = build_bank(ROOT)
    sync_bank(bank)
    db.session.commit()
    learner = factories.make_user()
    item = db.session.scalar(
        sa.select(Item).where(Item.kind == "single_choice").order_by(Item.key).limit(1)
    )
    original_prompt, key = item.prompt, item.body["answer"][0]
    attempt = Attempt(user_id=learner.id, mode="test", seed=7, item_ids=[item.id], settings={})
    db.session.add(attempt)
    db.session.flush()
    db.session.add(
        Response(
            attempt_id=attempt.id,
            item_id=item.id,
            item_version=item.version,
            position=1,
            answer=[key],
            score=1.0,
            correct=True,
        )
    )
    db.session.commit()
    spec = next(s for s in bank.items if s.id == item.key)
    changed = dataclasses.replace(
        spec,
        prompt="A reworded question?",
        body={
            **spec.body,
            "options": [o + "!" for o in spec.body["options"]],
            "answer": [key + "!"],
        },
    )
    sync_bank(
        dataclasses.replace(bank, items=tuple(changed if s is spec else s for s in bank.items))
    )
    db.session.commit()
    [entry] = services.review(attempt)
    assert entry.item.prompt == original_prompt
    assert entry.expected == [key] and key in entry.presented.options
    assert entry.item.key == item.key  # everything else still comes from the item
