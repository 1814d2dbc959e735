"""What the phones and the presenter show: points only at the reveal, options lettered the same
everywhere, "End session" confirmed first, and a bank search that keeps the new-session form."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import Cohort, User
from quizapp.models.live import LiveSession
from tests import factories
from tests.live.helpers import (
    advance,
    answer,
    build_world,
    create_session,
    current,
    join_guest,
    login,
    participant,
    step,
)


@pytest.fixture
def running(app):
    world = build_world()
    trainer = app.test_client()
    login(trainer, "trainer@example.org")
    session = create_session(trainer, [i.id for i in world.items])
    phone = app.test_client()
    join_guest(phone, session.pin, "Ana")
    return session, trainer, phone


def _score_line(page: str) -> str:
    found = re.search(r'<p class="live-me">.*?</p>', page, re.S)
    assert found is not None
    return found.group(0)


def test_points_appear_only_at_the_reveal(running):
    session, trainer, phone = running
    advance(trainer, session.id)
    before = phone.get(f"/live/play/{session.pin}/state")
    assert answer(phone, session.pin, 0, "Beta").status_code == 302
    after = phone.get(f"/live/play/{session.pin}/state")
    # Nothing the phone can read changes with the grading: not the body, not the ETag.
    assert after.headers["ETag"] == before.headers["ETag"]
    assert after.get_json() | {"seconds_left": None} == before.get_json() | {"seconds_left": None}
    earned = participant("Ana").score
    assert earned > 0
    waiting = phone.get(f"/live/play/{session.pin}").get_data(as_text=True)
    assert "Answer received" in waiting
    assert "0 points" in _score_line(waiting) and str(earned) not in waiting
    assert "Correct" not in waiting and f"+{earned}" not in waiting
    advance(trainer, session.id)
    revealed = phone.get(f"/live/play/{session.pin}").get_data(as_text=True)
    assert f"{earned} points" in _score_line(revealed) and f"+{earned} points" in revealed


def _letters(page: str) -> list[str]:
    return re.findall(r'<span class="live-letter">([A-Z])\.</span>\s*([^<]+?)\s*<', page)


def test_options_are_lettered_in_the_same_order_on_every_screen(running):
    session, trainer, phone = running
    advance(trainer, session.id)
    big = _letters(trainer.get(f"/live/{session.id}").get_data(as_text=True))
    small = _letters(phone.get(f"/live/play/{session.pin}").get_data(as_text=True))
    assert [letter for letter, _ in big] == ["A", "B", "C", "D"]
    assert big == small
    answer(phone, session.pin, 0, "Beta")
    advance(trainer, session.id)
    reveal_big = _letters(trainer.get(f"/live/{session.id}").get_data(as_text=True))
    assert reveal_big == big
    beta = {text: letter for letter, text in big}["Beta"]
    phone_reveal = phone.get(f"/live/play/{session.pin}").get_data(as_text=True)
    assert f'Correct answer: <strong><span class="live-letter">{beta}.</span> Beta' in phone_reveal
    assert f'Your answer: <span class="live-letter">{beta}.</span> Beta' in phone_reveal
    report = _letters(trainer.get(f"/live/{session.id}/report").get_data(as_text=True))
    assert report[: len(big)] == big


def test_end_session_asks_for_confirmation_first(running):
    session, trainer, _ = running
    first = step(trainer, session.id, "lobby", -1, action="end")
    assert first.status_code == 200
    page = first.get_data(as_text=True)
    assert "End “Morning session” now?" in page and 'name="confirmed" value="yes"' in page
    assert 'name="phase" value="lobby"' in page and 'name="question_index" value="-1"' in page
    assert current(session.id).phase == "lobby"  # nothing happened yet
    confirmed = step(trainer, session.id, "lobby", -1, action="end", confirmed="yes")
    assert confirmed.status_code == 302 and current(session.id).phase == "ended"


def test_a_stale_confirmation_does_not_end_a_moved_session(running):
    session, trainer, _ = running
    assert step(trainer, session.id, "lobby", -1, action="end").status_code == 200
    advance(trainer, session.id)  # the session moved on while the confirmation page was open
    step(trainer, session.id, "lobby", -1, action="end", confirmed="yes")
    assert current(session.id).phase == "question"


def test_searching_the_bank_keeps_the_title_cohort_and_ticks(app):
    world = build_world()
    trainer_user = db.session.scalar(sa.select(User).where(User.email == "trainer@example.org"))
    cohort = factories.make_cohort(trainer_user, "Inspectors")
    db.session.commit()
    trainer = app.test_client()
    login(trainer, "trainer@example.org")
    ticked = world.items[1].id  # "Is it true?", which the search below does not match
    response = trainer.post(
        "/live/new",
        data={
            "title": "Friday review",
            "cohort_id": cohort.id,
            "count": 3,
            "seconds_per_question": 30,
            "item_ids": [ticked],
            "q": "Beta",
            "search": "Search",  # the form's first button: also what Enter in any field sends
        },
    )
    assert response.status_code == 200
    assert db.session.scalar(sa.select(sa.func.count(LiveSession.id))) == 0
    page = response.get_data(as_text=True)
    assert 'value="Friday review"' in page
    assert re.search(
        rf'<option selected value="{cohort.id}">|<option value="{cohort.id}" selected', page
    )
    assert 'value="30" selected' in page or 'selected value="30"' in page
    assert "Pick Beta?" in page and "Pick Alpha and Gamma?" not in page
    assert re.search(rf'checked[^>]*value="{ticked}"|value="{ticked}"[^>]*checked', page)
    assert 'value="Beta"' in page  # the search box keeps its text
    # Creating from the same form works as before.
    created = trainer.post(
        "/live/new",
        data={
            "title": "Friday review",
            "cohort_id": cohort.id,
            "count": 3,
            "item_ids": [ticked],
            "seconds_per_question": 30,
            "q": "Beta",
            "submit": "Create session",
        },
    )
    assert created.status_code == 302
    made = db.session.scalar(sa.select(LiveSession))
    assert made.title == "Friday review" and made.cohort_id == cohort.id
    assert db.session.get(Cohort, cohort.id) is not None


def test_a_search_link_still_filters(app):
    build_world()
    trainer = app.test_client()
    login(trainer, "trainer@example.org")
    page = trainer.get("/live/new?q=Beta").get_data(as_text=True)
    assert "Pick Beta?" in page and "Is it true?" not in page and 'value="Beta"' in page


def test_reveal_explains_each_wrong_option_on_both_screens(app, running):
    session, trainer, phone = running
    item = next(i for i in build_world_items(session) if i.kind == "single_choice")
    feedback = {
        o: f"{o} is not it: see the source."
        for o in item.body["options"]
        if o not in item.body["answer"]
    }
    item.body = {**item.body, "option_feedback": feedback}
    db.session.commit()
    advance(trainer, session.id)
    assert "is not it" not in phone.get(f"/live/play/{session.pin}").get_data(as_text=True)
    answer(phone, session.pin, 0, "Beta")
    advance(trainer, session.id)
    for page in (
        trainer.get(f"/live/{session.id}").get_data(as_text=True),
        phone.get(f"/live/play/{session.pin}").get_data(as_text=True),
    ):
        assert "Why the other options are wrong" in page
        assert all(why in page for why in feedback.values())


def build_world_items(session: LiveSession) -> list:
    """The items of a session in the order asked."""
    from quizapp.models import Item

    return [db.session.get(Item, item_id) for item_id in current(session.id).item_ids]
