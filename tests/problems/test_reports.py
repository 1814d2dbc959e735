"""Report a problem with an item: stored once per open report, reviewed by the course's authors and
admins, counted in the item analysis, rate-limited per account."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from quizapp.enums import CourseRole, CourseVisibility, ProblemStatus
from quizapp.extensions import db
from quizapp.models import Course, CourseAuthor, ProblemReport
from quizapp.problems.services import open_counts
from tests import factories


@pytest.fixture
def item(app):
    """An item of the built-in course, a learner, an admin and a trainer, committed."""
    found = factories.make_item("single_choice", prompt="Which crime needs a border?")
    factories.make_user("learner@example.org")
    factories.make_user("admin@example.org", role="admin")
    factories.make_user("trainer@example.org", role="trainer")
    db.session.commit()
    return found


def _report(client, item_id: int, reason: str = "wrong_key", comment: str = "B is right."):
    return client.post(
        f"/items/{item_id}/report?next=/quiz",
        data={"reason": reason, "comment": comment},
    )


def _reports() -> list[ProblemReport]:
    return list(db.session.scalars(sa.select(ProblemReport).order_by(ProblemReport.id)))


def test_a_learner_reports_once_per_open_report(item, client, auth):
    auth.login()
    page = client.get(f"/items/{item.id}/report?next=/quiz")
    assert page.status_code == 200 and "Which crime needs a border?" in page.text
    sent = _report(client, item.id)
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/quiz")
    again = _report(client, item.id, "typo", "and a typo")
    assert "already reported this item" in client.get(again.headers["Location"]).text
    assert [(r.reason, r.comment, r.status) for r in _reports()] == [
        ("wrong_key", "B is right.", "open")
    ]
    assert open_counts([item.id]) == {item.id: 1}


def test_bad_reports_get_a_clear_message(item, client, auth):
    auth.login()
    assert "Choose what is wrong." in _report(client, item.id, reason="").text
    refused = _report(client, item.id, reason="nonsense")
    assert refused.status_code == 422 and "Choose what is wrong." in refused.text
    assert _report(client, item.id, comment="x" * 2001).status_code == 422
    assert _report(client, item.id, comment="bad\x00byte").status_code == 422
    offsite = client.post(
        f"/items/{item.id}/report?next=https://evil.example/", data={"reason": "typo"}
    )
    assert "evil.example" not in offsite.headers["Location"]
    assert len(_reports()) == 1  # only the off-site-next one, redirected home


def test_admins_review_builtin_items_and_a_closed_report_frees_the_slot(item, client, auth):
    auth.login()
    _report(client, item.id)
    auth.logout()

    auth.login("trainer@example.org")  # authors nothing: an empty queue, and no closing
    assert "Which crime needs a border?" not in client.get("/problems").text
    report_id = _reports()[0].id
    closing = {"status": "dismissed", "note": "The key is right."}
    assert client.post(f"/problems/{report_id}", data=closing).status_code == 404
    auth.logout()

    auth.login("admin@example.org")
    queue = client.get("/problems").text
    assert "Which crime needs a border?" in queue and "B is right." in queue
    assert client.post(f"/problems/{report_id}", data={"status": "dismissed"}).status_code == 302
    assert _reports()[0].status == ProblemStatus.OPEN  # a note is required
    client.post(f"/problems/{report_id}", data=closing)
    twice = client.post(f"/problems/{report_id}", data=closing)
    assert "already been closed" in client.get(twice.headers["Location"]).text
    closed = _reports()[0]
    assert closed.status == "dismissed" and closed.is_open is None and closed.note
    assert "The key is right." in client.get("/problems?status=dismissed").text
    auth.logout()

    auth.login()
    _report(client, item.id, "unclear")
    assert [r.status for r in _reports()] == ["dismissed", "open"]


def test_authors_review_only_their_courses(item, client, auth):
    author = factories.make_user("author@example.org", role="trainer")
    course = Course(slug="own", title="Own course", visibility=CourseVisibility.PUBLIC)
    db.session.add(course)
    db.session.flush()
    db.session.add(
        CourseAuthor(course_id=course.id, user_id=author.id, role=CourseRole.OWNER.value)
    )
    own = factories.make_item(
        "single_choice", topic=factories.make_topic(course=course), prompt="Own question?"
    )
    db.session.commit()
    auth.login()
    _report(client, item.id)
    _report(client, own.id)
    auth.logout()

    auth.login("author@example.org")
    queue = client.get("/problems").text
    assert "Own question?" in queue and "Which crime needs a border?" not in queue
    builtin_report = next(r for r in _reports() if r.item_id == item.id)
    closing = {"status": "resolved", "note": "Fixed."}
    assert client.post(f"/problems/{builtin_report.id}", data=closing).status_code == 404


def test_a_learner_cannot_report_an_item_they_cannot_see(item, client, auth):
    course = Course(slug="hidden", title="Hidden", visibility=CourseVisibility.PRIVATE)
    db.session.add(course)
    db.session.flush()
    hidden = factories.make_item("single_choice", topic=factories.make_topic(course=course))
    db.session.commit()
    auth.login()
    assert client.get(f"/items/{hidden.id}/report").status_code == 404
    assert _report(client, hidden.id).status_code == 404
    assert _reports() == []


def test_report_links_appear_on_case_steps(item, client, auth):
    from tests.cases.conftest import make_case

    case = make_case()
    db.session.commit()
    auth.login()
    run = client.post(f"/cases/{case.id}").headers["Location"]
    assert f"/items/{case.id}/report?next=" in client.get(run).text


class TestRateLimit:
    @pytest.fixture
    def app_config(self):
        return {"RATELIMIT_ENABLED": True, "PROBLEM_REPORT_RATE_LIMIT": "2 per hour"}

    def test_reports_are_limited_per_account(self, item, client, auth):
        others = [factories.make_item("single_choice") for _ in range(3)]
        db.session.commit()
        auth.login()
        assert _report(client, others[0].id).status_code == 302
        assert _report(client, others[1].id).status_code == 302
        assert _report(client, others[2].id).status_code == 429
        assert len(_reports()) == 2
