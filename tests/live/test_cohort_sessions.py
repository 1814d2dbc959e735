"""A cohort's live sessions: one rule for who runs and reads them (owner, co-trainer, admin), and
only members take part when guests are off."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import Membership, User
from quizapp.models.live import LiveParticipant
from tests import factories
from tests.live.helpers import (
    advance,
    answer,
    answer_rows,
    build_world,
    create_session,
    join_guest,
    login,
)


@pytest.fixture
def cohort_session(app):
    """Tess runs a cohort (Lena is a learner, Cora co-trains) and a guests-off session for it."""
    world = build_world()
    users = {u.email: u for u in db.session.scalars(sa.select(User))}
    cora = factories.make_user("cora@example.org", role="trainer", name="Cora Cotrainer")
    cohort = factories.make_cohort(
        users["trainer@example.org"], "Inspectors", learners=(users["learner@example.org"],)
    )
    db.session.add(Membership(cohort_id=cohort.id, user_id=cora.id, role="trainer"))
    db.session.commit()
    owner = app.test_client()
    login(owner, "trainer@example.org")
    session = create_session(
        owner, [i.id for i in world.items], cohort_id=cohort.id, allow_guests=None
    )
    assert session.cohort_id == cohort.id and not session.allow_guests
    return session, owner, cohort


def _signed_in(app, email):
    client = app.test_client()
    login(client, email)
    return client


def test_a_non_member_is_refused_at_join(app, cohort_session):
    session, _, _ = cohort_session
    outsider = _signed_in(app, "learner2@example.org")
    page = outsider.get(f"/live/join/{session.pin}")
    assert page.status_code == 403
    text = page.get_data(as_text=True)
    assert "only for members of its cohort" in text and "You will join as" not in text
    refused = outsider.post(f"/live/join/{session.pin}", data={})
    assert refused.status_code == 403
    assert db.session.scalar(sa.select(sa.func.count(LiveParticipant.id))) == 0
    # A guest is sent to log in; a member joins.
    assert join_guest(app.test_client(), session.pin, "Gil").status_code == 200
    member = _signed_in(app, "learner@example.org")
    assert member.post(f"/live/join/{session.pin}", data={}).status_code == 302


def test_the_join_service_refuses_a_non_member_too(app, cohort_session):
    from quizapp.live import play
    from quizapp.live.services import LiveError

    session, _, _ = cohort_session
    outsider = db.session.scalar(sa.select(User).where(User.email == "learner2@example.org"))
    with pytest.raises(LiveError, match="only for members"):
        play.join(session, user=outsider, nickname=None)


def test_a_participant_who_left_the_cohort_cannot_answer(app, cohort_session):
    session, owner, cohort = cohort_session
    member = _signed_in(app, "learner@example.org")
    assert member.post(f"/live/join/{session.pin}", data={}).status_code == 302
    advance(owner, session.id)
    lena = db.session.scalar(sa.select(User).where(User.email == "learner@example.org"))
    db.session.execute(
        sa.delete(Membership).where(
            Membership.cohort_id == cohort.id, Membership.user_id == lena.id
        )
    )
    db.session.commit()
    refused = answer(member, session.pin, 0, "Beta")
    assert refused.status_code == 302
    page = member.get(f"/live/play/{session.pin}").get_data(as_text=True)
    assert "only for members of its cohort" in page and "not counted" in page
    assert answer_rows(session.id) == 0


def test_guests_allowed_cohort_sessions_stay_open(app, cohort_session):
    session, owner, cohort = cohort_session
    open_session = create_session(owner, [session.item_ids[0]], cohort_id=cohort.id)
    outsider = _signed_in(app, "learner2@example.org")
    assert outsider.post(f"/live/join/{open_session.pin}", data={}).status_code == 302


def _urls(session_id: int) -> list[tuple[str, str]]:
    return [
        ("GET", f"/live/{session_id}"),
        ("GET", f"/live/{session_id}/state"),
        ("GET", f"/live/{session_id}/report"),
        ("GET", f"/live/{session_id}/report.csv"),
    ]


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("trainer@example.org", 200),  # runs the session and owns the cohort
        ("cora@example.org", 200),  # co-trains the cohort
        ("admin@example.org", 200),
        ("other@example.org", 404),  # another trainer: never a hint that it exists
        ("learner@example.org", 403),  # a learner of the cohort: not a trainer page
    ],
)
def test_one_rule_for_live_routes_and_reports(app, cohort_session, email, expected):
    session, _, _ = cohort_session
    viewer = _signed_in(app, email)
    for method, url in _urls(session.id):
        assert viewer.open(url, method=method).status_code == expected, url
    index = viewer.get("/reports").get_data(as_text=True)
    listed = f'href="/live/{session.id}/report"' in index
    assert listed == (expected == 200)
    if expected == 200:
        assert session.pin in viewer.get("/live").get_data(as_text=True)


def test_a_co_trainer_can_run_the_session(app, cohort_session):
    session, _, _ = cohort_session
    cora = _signed_in(app, "cora@example.org")
    assert advance(cora, session.id).phase == "question"
    page = cora.get(f"/live/{session.id}").get_data(as_text=True)
    assert re.search(r"Question 1 of 3", page)
