"""What a new user finds: "Join" in the menu, a first greeting, a live session from a cohort."""

from __future__ import annotations

import re

import pytest

from quizapp.extensions import db
from tests import factories


def _cohort_select(page: str) -> str:
    return page.split('id="cohort_id"')[1].split("</select>")[0]


def _menu(page: str) -> str:
    return page[page.index('<nav aria-label="Main">') : page.index("</nav>")]


@pytest.mark.parametrize("role", ["learner", "trainer", "admin"])
def test_signed_in_menu_has_join(client, auth, role):
    factories.make_user(role=role)
    db.session.commit()
    auth.login()
    menu = _menu(client.get("/dashboard").get_data(as_text=True))
    assert re.search(r'<a href="/join">Join</a>', menu)
    assert "<summary>Menu</summary>" in menu  # collapsible on phones, without JavaScript


def test_a_new_learner_is_welcomed_and_a_returning_one_welcomed_back(client, auth):
    user = factories.make_user(name="Amina")
    db.session.commit()
    auth.login()
    first = client.get("/dashboard").get_data(as_text=True)
    assert "Welcome, Amina." in first and "Welcome back" not in first
    factories.make_review(user, factories.make_item("flashcard"))
    db.session.commit()
    assert "Welcome back, Amina." in client.get("/dashboard").get_data(as_text=True)


def test_a_quiz_attempt_counts_as_activity(client, auth):
    user = factories.make_user(name="Amina")
    factories.make_attempt(user)
    db.session.commit()
    auth.login()
    assert "Welcome back, Amina." in client.get("/dashboard").get_data(as_text=True)


def test_cohort_page_starts_a_live_session_for_that_cohort(client, auth):
    trainer = factories.make_user("trainer@example.org", role="trainer")
    factories.make_cohort(trainer, "Other cohort")
    cohort = factories.make_cohort(trainer, "Labour inspectors")
    archived = factories.make_cohort(trainer, "Old cohort", archived=True)
    db.session.commit()
    auth.login("trainer@example.org")
    page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    link = f'href="/live/new?cohort_id={cohort.id}">Start a live session</a>'
    assert link in page
    assert "Start a live session" not in client.get(f"/cohorts/{archived.id}").get_data(
        as_text=True
    )
    form = client.get(f"/live/new?cohort_id={cohort.id}").get_data(as_text=True)
    assert re.search(rf'<option selected value="{cohort.id}">Labour inspectors</option>', form)
    assert (
        len(re.findall(r"<option selected", form.split('id="cohort_id"')[1].split("</select>")[0]))
        == 1
    )


def test_a_foreign_or_bad_cohort_in_the_link_selects_nothing(client, auth):
    trainer = factories.make_user("trainer@example.org", role="trainer")
    other = factories.make_user("other@example.org", role="trainer")
    foreign = factories.make_cohort(other, "Someone else's cohort")
    factories.make_cohort(trainer, "Mine")
    db.session.commit()
    auth.login("trainer@example.org")
    for value in (str(foreign.id), "abc", "99999999999999999999999"):
        response = client.get(f"/live/new?cohort_id={value}")
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert "Someone else" not in page
        assert not re.search(r'<option selected value="\d', _cohort_select(page))  # ad hoc
