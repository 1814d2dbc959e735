"""Report pages, exports and who may see them."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

import pytest
from openpyxl import load_workbook
from werkzeug.test import TestResponse

from quizapp.extensions import db
from quizapp.models import Assignment, CardState, Item, Membership, User
from quizapp.models.base import utcnow
from tests import factories
from tests.reports.conftest import MATRIX, World


@pytest.fixture
def data(world: World) -> Assignment:
    """Attempts, reviews and a flashcard state for the world's learners."""
    assignment = factories.make_assignment(
        world.cohort, title="Week 1 check", due_at=utcnow() + timedelta(days=7)
    )
    for learner, row in zip(world.learners, MATRIX, strict=True):
        factories.make_scored_attempt(
            learner,
            list(zip(world.items, row, strict=True)),
            assignment=assignment,
            when=utcnow() - timedelta(days=2),
            duration_ms=30_000,
        )
    card = factories.make_item("flashcard", topic=world.items[0].topic)
    now = utcnow()
    for day in range(5):
        factories.make_review(
            world.learners[0], card, when=now - timedelta(days=day), duration_ms=60_000, seq=day
        )
    db.session.add(
        CardState(
            user_id=world.learners[0].id,
            item_id=card.id,
            state=2,
            last_review=now,
            retained_until=now + timedelta(days=10),
            reps=5,
        )
    )
    db.session.commit()
    return assignment


def _csv_rows(response: TestResponse) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_learner_sees_own_report(client, auth, world, data):
    auth.login("learner0@example.org")
    page = client.get("/reports/me")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Your learning report" in html and "Smuggling and trafficking" in html
    assert "5 reviews" in html  # a heatmap cell title
    assert "Week 1 check" in html and "done" in html
    assert "<svg viewBox" in html and "<title>" in html and "Reviews per day as a table" in html


def test_learner_cannot_see_others_or_cohorts(client, auth, world, data):
    auth.login("learner0@example.org")
    assert client.get(f"/reports/learners/{world.learners[1].id}").status_code == 404
    assert client.get(f"/reports/learners/{world.learners[1].id}/mastery.csv").status_code == 404
    assert client.get(f"/reports/learners/{world.learners[1].id}.xlsx").status_code == 404
    assert client.get(f"/reports/learners/{world.learners[0].id}/mastery.csv").status_code == 200
    for url in (
        f"/reports/cohorts/{world.cohort.id}",
        f"/reports/cohorts/{world.cohort.id}/learners.csv",
        f"/reports/cohorts/{world.cohort.id}.xlsx",
        "/reports/items",
        "/reports/items/items.csv",
        "/reports/items.xlsx",
    ):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize(
    "path",
    [
        "/reports/cohorts/{cohort}",
        "/reports/cohorts/{cohort}/learners.csv",
        "/reports/cohorts/{cohort}.xlsx",
        "/reports/items?cohort={cohort}",
        "/reports/items/items.csv?cohort={cohort}",
        "/reports/items.xlsx?cohort={cohort}",
        "/reports/learners/{learner}",
        "/reports/learners/{learner}/quizzes.csv",
        "/reports/learners/{learner}.xlsx",
    ],
)
def test_other_trainer_gets_not_found(client, auth, world, data, path):
    auth.login("other@example.org")
    url = path.format(cohort=world.cohort.id, learner=world.learners[0].id)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "email", ["trainer@example.org", "cotrainer@example.org", "admin@example.org"]
)
def test_owner_cotrainer_and_admin_see_cohort_and_exports(client, auth, world, data, email):
    if email == "cotrainer@example.org":
        co = factories.make_user(email, role="trainer")
        db.session.add(Membership(cohort_id=world.cohort.id, user_id=co.id, role="trainer"))
        db.session.commit()
    auth.login(email)
    cid = world.cohort.id
    page = client.get(f"/reports/cohorts/{cid}")
    assert page.status_code == 200
    assert "Learner 0" in page.get_data(as_text=True)
    rows = _csv_rows(client.get(f"/reports/cohorts/{cid}/learners.csv"))
    assert rows[0][0] == "Learner" and len(rows) == 1 + len(MATRIX)
    workbook = load_workbook(io.BytesIO(client.get(f"/reports/cohorts/{cid}.xlsx").data))
    assert workbook.sheetnames == ["Learners"]
    assert client.get(f"/reports/items?cohort={cid}").status_code == 200
    items = _csv_rows(client.get(f"/reports/items/items.csv?cohort={cid}"))
    assert len(items) == 1 + len(world.items)
    assert load_workbook(
        io.BytesIO(client.get(f"/reports/items.xlsx?cohort={cid}").data)
    ).sheetnames == ["Items", "Tests"]
    learner = client.get(f"/reports/learners/{world.learners[0].id}")
    assert learner.status_code == 200 and "Learner 0" in learner.get_data(as_text=True)


def test_cohort_report_values_sorting_and_filters(client, auth, world, data):
    auth.login("trainer@example.org")
    cid = world.cohort.id
    rows = _csv_rows(client.get(f"/reports/cohorts/{cid}/learners.csv?sort=time&dir=desc"))
    header, first = rows[0], rows[1]
    assert first[0] == "Learner 0"  # 5 one-minute reviews + 4 × 30 s answers = 7 minutes
    assert float(first[header.index("Time spent (minutes)")]) == 7.0
    assert first[header.index("Reviews")] == "5" and first[header.index("Quiz answers")] == "4"
    assert first[header.index("Assignments completed (of 1)")] == "1"
    # Mastery of learner 3 (all correct): retention 0 of 1 card, accuracy 100% -> 50%.
    by_name = {row[0]: row for row in rows[1:]}
    assert float(by_name["Learner 3"][header.index("Mastery % Smuggling and trafficking")]) == 50.0
    page = client.get(f"/reports/cohorts/{cid}?sort=time&dir=desc").get_data(as_text=True)
    assert 'aria-sort="descending"' in page
    topic_sort = _csv_rows(
        client.get(f"/reports/cohorts/{cid}/learners.csv?sort=t{world.items[0].topic_id}&dir=desc")
    )
    assert topic_sort[1][0] == "Learner 0"  # retention 100% and accuracy 75%
    future = (utcnow() + timedelta(days=1)).date().isoformat()
    filtered = _csv_rows(client.get(f"/reports/cohorts/{cid}/learners.csv?date_from={future}"))
    assert all(row[filtered[0].index("Reviews")] == "0" for row in filtered[1:])
    chosen = _csv_rows(client.get(f"/reports/cohorts/{cid}/learners.csv?assignment={data.id}"))
    column = chosen[0].index("Completed Week 1 check")
    assert {row[column] for row in chosen[1:]} == {"yes"}


def test_bad_filters_get_a_message(client, auth, world, data):
    auth.login("trainer@example.org")
    cid = world.cohort.id
    page = client.get(f"/reports/cohorts/{cid}?date_from=2025-05-02&date_to=2025-05-01")
    assert page.status_code == 200 and "The end date is before the start date." in page.get_data(
        as_text=True
    )
    assert client.get(f"/reports/cohorts/{cid}?sort=nonsense").status_code == 200
    assert client.get(f"/reports/cohorts/{cid}/learners.csv?date_from=yesterday").status_code == 400
    assert client.get(f"/reports/cohorts/{cid}?assignment=999999").status_code == 404
    assert client.get("/reports/items?cohort=abc").status_code == 400
    assert client.get(f"/reports/cohorts/{cid}/nothing.csv").status_code == 404


def test_index_lists_cohorts_for_trainer_and_own_report_for_learner(client, auth, world, data):
    auth.login("trainer@example.org")
    html = client.get("/reports").get_data(as_text=True)
    assert "Inspectors" in html and "Consular staff" not in html
    auth.logout()
    auth.login("learner0@example.org")
    html = client.get("/reports").get_data(as_text=True)
    assert "/reports/me" in html and "Inspectors" not in html


def test_csv_neutralises_formulas(client, auth, world, data):
    world.learners[2].display_name = '=HYPERLINK("http://evil")'
    db.session.commit()
    auth.login("trainer@example.org")
    body = client.get(f"/reports/cohorts/{world.cohort.id}/learners.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in body


def test_index_lists_own_live_sessions_with_links_to_their_reports(app, client, auth, world):
    from tests.reports.conftest import add_live_session

    session = add_live_session(world.trainer, world.cohort, world.items, [[True] * 4])
    foreign = add_live_session(world.other_trainer, None, world.items, [[False] * 4, [True] * 4])
    foreign.title = "Someone else's session"
    db.session.commit()
    auth.login("trainer@example.org")
    html = client.get("/reports").get_data(as_text=True).replace("http://localhost", "")
    assert "Friday live" in html and "Someone else" not in html
    assert f'href="/live/{session.id}/report"' in html
    assert f'href="/live/{foreign.id}/report"' not in html


def _retain(learner: User, *cards: Item, until: datetime | None = None) -> None:
    """Card states of ``learner``: retained until ``until`` (default: ten days from now)."""
    for card in cards:
        db.session.add(
            CardState(
                user_id=learner.id,
                item_id=card.id,
                state=2,
                reps=2,
                last_review=utcnow(),
                retained_until=until or utcnow() + timedelta(days=10),
            )
        )


def test_flashcard_assignment_completion(client, auth, world):
    topic = world.items[0].topic
    cards = [factories.make_item("flashcard", topic=topic) for _ in range(2)]
    goal = factories.make_assignment(
        world.cohort, title="Learn the cards", kind="flashcards", topics=(topic,)
    )
    _retain(world.learners[0], *cards)  # retention 100%: met
    _retain(world.learners[1], cards[0])  # 50%: not met
    _retain(
        world.learners[2], *cards, until=utcnow() - timedelta(days=1)
    )  # studied, since forgotten: 0%
    _retain(world.learners[3], *cards)  # 100%, but quiz accuracy 50%:
    factories.make_scored_attempt(
        world.learners[3],
        [(world.items[0], 1.0), (world.items[1], 0.0)],
        when=utcnow() - timedelta(days=1),
    )  # mastery 75%: not met
    db.session.commit()
    auth.login("trainer@example.org")
    rows = _csv_rows(
        client.get(f"/reports/cohorts/{world.cohort.id}/learners.csv?assignment={goal.id}")
    )
    done, share = (
        rows[0].index("Completed Learn the cards"),
        rows[0].index("Weakest goal topic mastery %"),
    )
    assert "Cards studied %" not in rows[0]
    by_name = {row[0]: (row[done], row[share]) for row in rows[1:]}
    assert by_name["Learner 0"] == ("yes", "100")
    assert by_name["Learner 1"] == ("no", "50")
    assert by_name["Learner 2"] == ("no", "0")
    assert by_name["Learner 3"] == ("no", "75")
    overall = _csv_rows(client.get(f"/reports/cohorts/{world.cohort.id}/learners.csv"))
    column = overall[0].index("Assignments completed (of 1)")
    assert {row[0]: row[column] for row in overall[1:]} == {
        "Learner 0": "1",
        "Learner 1": "0",
        "Learner 2": "0",
        "Learner 3": "0",
        "Learner 4": "0",
        "Learner 5": "0",
    }
    page = client.get(f"/reports/cohorts/{world.cohort.id}?assignment={goal.id}").get_data(
        as_text=True
    )
    assert "yes, 100%" in page and "no, 75%" in page


def test_flashcard_goal_needs_every_topic(client, auth, world):
    first, second = world.items[0].topic, factories.make_topic(title="Return and readmission")
    cards = [factories.make_item("flashcard", topic=topic) for topic in (first, second)]
    goal = factories.make_assignment(
        world.cohort, title="Both topics", kind="flashcards", topics=(first, second)
    )
    _retain(world.learners[0], *cards)
    _retain(world.learners[1], cards[0])  # one topic mastered, the other not started
    db.session.commit()
    auth.login("trainer@example.org")
    rows = _csv_rows(
        client.get(f"/reports/cohorts/{world.cohort.id}/learners.csv?assignment={goal.id}")
    )
    done, share = (
        rows[0].index("Completed Both topics"),
        rows[0].index("Weakest goal topic mastery %"),
    )
    by_name = {row[0]: (row[done], row[share]) for row in rows[1:]}
    assert by_name["Learner 0"] == ("yes", "100") and by_name["Learner 1"] == ("no", "0")


def test_learner_assignment_statuses(client, auth, world):
    card = factories.make_item("flashcard", topic=world.items[0].topic)
    other = factories.make_item("flashcard", topic=factories.make_topic(title="Detention"))
    factories.make_assignment(
        world.cohort, title="Cards", kind="flashcards", topics=(world.items[0].topic,)
    )
    factories.make_assignment(
        world.cohort,
        title="Unmet cards",
        kind="flashcards",
        topics=(other.topic,),
        due_at=utcnow() + timedelta(days=2),
    )
    factories.make_assignment(
        world.cohort, title="Overdue quiz", due_at=utcnow() - timedelta(days=1)
    )
    late = factories.make_assignment(
        world.cohort, title="Late quiz", due_at=utcnow() - timedelta(days=3)
    )
    factories.make_scored_attempt(
        world.learners[0],
        [(world.items[0], 1.0)],
        assignment=late,
        when=utcnow() - timedelta(days=1),
    )
    _retain(world.learners[0], card)  # retention and accuracy 100%: met
    _retain(world.learners[0], other, until=utcnow() - timedelta(hours=1))  # forgotten: not met
    db.session.commit()
    auth.login("learner0@example.org")
    rows = _csv_rows(client.get(f"/reports/learners/{world.learners[0].id}/assignments.csv"))
    status = {row[0]: row[4] for row in rows[1:]}
    assert status == {
        "Cards": "done",
        "Unmet cards": "open",
        "Overdue quiz": "overdue",
        "Late quiz": "done late",
    }
    met, weakest = rows[0].index("Goal met"), rows[0].index("Weakest goal topic mastery %")
    goals = {row[0]: (row[met], row[weakest]) for row in rows[1:]}
    assert goals["Cards"] == ("yes", "100") and goals["Unmet cards"] == ("no", "0")
    assert goals["Late quiz"] == ("", "")
    page = client.get("/reports/me").get_data(as_text=True)
    assert "goal met, 100%" in page and "goal not met, 0%" in page
