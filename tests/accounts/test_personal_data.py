"""Download my data and delete my account: only ever your own records."""

from __future__ import annotations

import csv
import io
import json

import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import (
    Attempt,
    CardState,
    LiveAnswer,
    LiveParticipant,
    LiveSession,
    Membership,
    Response,
    ReviewLog,
    User,
)
from quizapp.models.base import utcnow
from quizapp.study import services as study
from tests import factories


def _history(user, item, quiz_item, cohort=None):
    """A review, a card state, an attempt with a response, for ``user``."""
    study.record_review(user, item.id, seq=0, rating=3, duration_ms=1200)
    attempt = Attempt(
        user_id=user.id,
        mode="practice",
        seed=1,
        item_ids=[quiz_item.id],
        finished_at=utcnow(),
        score=0.0,
        max_score=1.0,
    )
    db.session.add(attempt)
    db.session.flush()
    db.session.add(
        Response(
            attempt_id=attempt.id,
            item_id=quiz_item.id,
            position=0,
            answer=["Alpha"],
            score=0.0,
            correct=False,
        )
    )
    db.session.flush()
    return attempt


def _two_learners():
    trainer = factories.make_user("trainer@example.org", role="trainer")
    me = factories.make_user("learner@example.org")
    other = factories.make_user("other@example.org")
    cohort = factories.make_cohort(trainer, "Inspectors", learners=(me, other))
    card = factories.make_item("flashcard", key="mine.card")
    quiz = factories.make_item("single_choice", key="mine.quiz")
    _history(me, card, quiz)
    _history(other, card, quiz)
    db.session.commit()
    return trainer, me, other, cohort


def test_json_export_holds_all_my_records_and_none_of_anyone_elses(client, auth):
    _, me, _other, _ = _two_learners()
    auth.login()
    response = client.get("/account/export.json")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == "learner@example.org"
    assert len(data["reviews"]) == 1 and data["reviews"][0]["item_key"] == "mine.card"
    assert len(data["cards"]) == 1 and len(data["attempts"]) == 1 and len(data["responses"]) == 1
    assert data["memberships"] == [
        {
            "cohort": "Inspectors",
            "role": "learner",
            "joined_at": data["memberships"][0]["joined_at"],
        }
    ]
    assert "other@example.org" not in response.get_data(as_text=True)
    my_attempt = db.session.scalar(sa.select(Attempt.id).where(Attempt.user_id == me.id))
    assert data["attempts"][0]["attempt_id"] == my_attempt


def test_csv_export_per_section(client, auth):
    _two_learners()
    auth.login()
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/account/export/responses.csv").get_data(as_text=True))
        )
    )
    assert (
        len(rows) == 1
        and rows[0]["item_key"] == "mine.quiz"
        and json.loads(rows[0]["answer"]) == ["Alpha"]
    )
    assert client.get("/account/export/passwords.csv").status_code == 404


def test_delete_needs_the_password(client, auth):
    _two_learners()
    auth.login()
    response = client.post("/account/delete", data={"del-password": "not my password"})
    assert response.status_code == 400 and "not correct" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 3


def test_delete_removes_my_data_keeps_others_and_anonymises_live_answers(client, auth):
    trainer, me, other, _cohort = _two_learners()
    live = LiveSession(
        course_id=factories.default_course().id, pin="123456", trainer_id=trainer.id, item_ids=[1]
    )
    db.session.add(live)
    db.session.flush()
    participant = LiveParticipant(session_id=live.id, user_id=me.id, nickname="Me", token="t" * 20)
    db.session.add(participant)
    db.session.flush()
    quiz_item_id = db.session.scalar(sa.select(Response.item_id).limit(1))
    db.session.add(
        LiveAnswer(
            session_id=live.id,
            participant_id=participant.id,
            question_index=0,
            item_id=quiz_item_id,
            answer=["Alpha"],
            correct=False,
        )
    )
    me_id, other_id = me.id, other.id
    db.session.commit()
    auth.login()
    page = client.get("/account").get_data(as_text=True)
    assert "Removed participant" in page and "every flashcard review" in page
    response = client.post("/account/delete", data={"del-password": factories.PASSWORD})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, me_id) is None
    for model in (ReviewLog, CardState, Attempt, Membership):
        assert (
            db.session.scalar(sa.select(sa.func.count(model.id)).where(model.user_id == me_id)) == 0
        )
        assert (
            db.session.scalar(sa.select(sa.func.count(model.id)).where(model.user_id == other_id))
            == 1
        )
    assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 1  # the other learner's
    kept = db.session.scalar(sa.select(LiveParticipant))
    assert kept.user_id is None and kept.nickname.startswith("Removed participant")
    assert db.session.scalar(sa.select(sa.func.count(LiveAnswer.id))) == 1
    assert client.get("/dashboard").status_code == 302


def test_a_trainer_with_cohorts_cannot_delete_before_handing_them_over(client, auth):
    _two_learners()
    auth.login("trainer@example.org")
    response = client.post("/account/delete", data={"del-password": factories.PASSWORD})
    assert response.status_code == 400 and "cohorts" in response.get_data(as_text=True)


def test_the_only_admin_cannot_delete_themselves(client, auth):
    factories.make_user("admin@example.org", role="admin")
    db.session.commit()
    auth.login("admin@example.org")
    response = client.post("/account/delete", data={"del-password": factories.PASSWORD})
    assert "only administrator" in response.get_data(as_text=True)
