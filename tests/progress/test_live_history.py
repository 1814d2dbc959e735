"""Signed-in participants find their live-session answers in their own progress, and nobody
else's."""

from __future__ import annotations

from quizapp.core import tallies
from quizapp.extensions import db
from quizapp.models import Item, LiveAnswer, LiveParticipant, LiveSession, User
from tests import factories


def _session_with_answers() -> tuple[LiveSession, User, User]:
    trainer = factories.make_user("trainer@example.org", role="trainer")
    me = factories.make_user("learner@example.org")
    other = factories.make_user("other@example.org")
    topic = factories.make_topic()
    first = factories.make_item(
        "single_choice", topic=topic, prompt="Which crime needs a border crossing?"
    )
    second = factories.make_item(
        "true_false", topic=topic, prompt="Consent is irrelevant once means are used."
    )
    session = LiveSession(
        course_id=factories.default_course().id,
        pin="123456",
        trainer_id=trainer.id,
        title="Friday workshop",
        item_ids=[first.id, second.id],
        phase="ended",
    )
    db.session.add(session)
    db.session.flush()
    mine = LiveParticipant(
        session_id=session.id, user_id=me.id, nickname="Me", token="t-me", score=900
    )
    guest = LiveParticipant(
        session_id=session.id, user_id=None, nickname="Guest", token="t-guest", score=0
    )
    db.session.add_all([mine, guest])
    db.session.flush()
    db.session.add(
        LiveAnswer(
            session_id=session.id,
            participant_id=mine.id,
            question_index=0,
            item_id=first.id,
            answer=["Beta"],
            correct=True,
            points=900,
        )
    )
    db.session.flush()
    tallies.rebuild([me.id])  # rows inserted directly bypass the running totals
    db.session.commit()
    return session, me, other


def test_learner_sees_own_live_answers(client, auth):
    session, _me, _other = _session_with_answers()
    auth.login("learner@example.org")
    page = client.get("/progress").get_data(as_text=True)
    assert "Friday workshop" in page and "1 of 2" in page
    detail = client.get(f"/progress/live/{session.id}")
    assert detail.status_code == 200
    html = detail.get_data(as_text=True)
    assert "Your answer: Beta" in html and "900 points" in html
    assert "You did not answer this question." in html


def test_other_learners_cannot_open_someone_elses_session_answers(client, auth):
    session, _me, _other = _session_with_answers()
    auth.login("other@example.org")
    assert client.get(f"/progress/live/{session.id}").status_code == 404
    assert "Friday workshop" not in client.get("/progress").get_data(as_text=True)


def test_live_answers_count_toward_the_learners_mastery(app):
    from quizapp.models.base import utcnow
    from quizapp.progress.mastery import mastery_matrix

    session, me, other = _session_with_answers()
    topic_id = db.session.get(Item, session.item_ids[0]).topic_id
    cells = mastery_matrix([me.id, other.id], [topic_id], utcnow())
    assert cells[(me.id, topic_id)].answers == 1 and cells[(me.id, topic_id)].accuracy == 1.0
    assert (
        cells[(other.id, topic_id)].answers == 0
    )  # a guest's or someone else's answers never count


def test_live_answers_page_makes_the_same_queries_for_any_number_of_questions(app, client, auth):
    from tests.querycount import count_queries

    session, _me, _other = _session_with_answers()
    session_id, url = session.id, f"/progress/live/{session.id}"
    auth.login("learner@example.org")

    def page_queries() -> int:
        db.session.expire_all()
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    def add_questions(count: int) -> None:
        live = db.session.get_one(LiveSession, session_id)
        topic = db.session.get_one(Item, live.item_ids[0]).topic
        extra = [
            factories.make_item("single_choice", topic=topic, passage=factories.make_passage()).id
            for _ in range(count)
        ]
        live.item_ids = [*live.item_ids, *extra]
        db.session.commit()

    add_questions(2)
    four = page_queries()
    add_questions(6)
    assert page_queries() == four  # passages are loaded with the items, not one by one
