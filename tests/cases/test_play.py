"""Playing a case: branching, each decision stored once, resume, summary, isolation, mastery and
item analysis."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from quizapp.enums import CourseVisibility
from quizapp.extensions import db
from quizapp.models import CaseDecision, CaseRun, Course, User
from quizapp.progress.mastery import mastery_matrix
from quizapp.reports.case_analysis import case_analysis
from quizapp.reports.item_analysis import ItemScope
from tests import factories
from tests.cases.conftest import make_case


def _start(client, case) -> int:
    response = client.post(f"/cases/{case.id}")
    assert response.status_code == 302
    return int(response.headers["Location"].rsplit("/", 1)[-1])


def _decide(client, run_id: int, step: str, option: str):
    return client.post(f"/cases/runs/{run_id}", data={"step": step, "option": option})


def _decisions(run_id: int) -> list[tuple[str, str]]:
    rows = db.session.execute(
        sa.select(CaseDecision.step_key, CaseDecision.option)
        .where(CaseDecision.run_id == run_id)
        .order_by(CaseDecision.position)
    )
    return [tuple(r) for r in rows]


def test_a_case_is_listed_played_along_its_branch_and_summarised(case, client, auth):
    auth.login()
    assert "Toy case" in client.get("/cases").text
    run_id = _start(client, case)
    first = client.get(f"/cases/runs/{run_id}").text
    assert "question a?" in first and 'name="option"' in first

    _decide(client, run_id, "a", "wrong a")
    page = client.get(f"/cases/runs/{run_id}").text
    assert 'aria-live="polite"' in page and "after wrong a" in page and "why wrong a" in page
    assert "The best choice was: right a" in page and "question b?" in page  # the branch

    for step, option in (("b", "right b"), ("c", "wrong c"), ("d", "right d")):
        assert _decide(client, run_id, step, option).status_code == 302
    summary = client.get(f"/cases/runs/{run_id}").text
    assert "2 of 4" in summary and "Something happens." not in summary.split("Your path")[0]
    assert "TIP Protocol, art. 3" in summary  # each decision's source
    run = db.session.get(CaseRun, run_id)
    assert run is not None and run.finished_at is not None and run.score == 0.5


def test_each_decision_is_stored_once_whatever_the_browser_resends(case, client, auth):
    auth.login()
    run_id = _start(client, case)
    _decide(client, run_id, "a", "right a")
    again = _decide(client, run_id, "a", "wrong a")  # resent form, or Back and another choice
    assert again.status_code == 302
    assert "already decided that step" in client.get(again.headers["Location"]).text
    skipped = _decide(client, run_id, "d", "right d")  # not yet reached
    assert "not the one waiting" in client.get(skipped.headers["Location"]).text
    assert _decisions(run_id) == [("a", "right a")]

    refused = _decide(client, run_id, "c", "made up")
    assert refused.status_code == 422 and "Choose one of the options." in refused.text
    missing = client.post(f"/cases/runs/{run_id}", data={"step": "c"})
    assert missing.status_code == 422 and "Choose one of the options." in missing.text
    assert _decisions(run_id) == [("a", "right a")]


def test_start_resumes_the_unfinished_run_and_a_finished_case_starts_anew(case, client, auth):
    auth.login()
    run_id = _start(client, case)
    assert _start(client, case) == run_id  # a second click on Start resumes
    for step, option in (("a", "right a"), ("c", "right c"), ("d", "right d")):
        _decide(client, run_id, step, option)
    finished = _decide(client, run_id, "d", "wrong d")
    assert "This case is over" in client.get(finished.headers["Location"]).text
    second = _start(client, case)
    assert second != run_id
    numbers = db.session.scalars(sa.select(CaseRun.number).order_by(CaseRun.number)).all()
    assert numbers == [1, 2]
    listing = client.get("/cases").text
    assert "best 100%" in listing and f"/cases/runs/{second}" in listing


def test_runs_and_private_cases_are_isolated(case, client, auth):
    auth.login()
    run_id = _start(client, case)
    private = Course(slug="private", title="Private", visibility=CourseVisibility.PRIVATE)
    db.session.add(private)
    db.session.flush()
    hidden = make_case("Hidden case", topic=factories.make_topic(course=private))
    factories.make_user("other@example.org")
    db.session.commit()
    assert client.get(f"/cases/{hidden.id}").status_code == 404
    assert client.post(f"/cases/{hidden.id}").status_code == 404
    assert "Hidden case" not in client.get("/cases").text

    auth.logout()
    auth.login("other@example.org")
    assert client.get(f"/cases/runs/{run_id}").status_code == 404
    assert _decide(client, run_id, "a", "right a").status_code == 404
    assert _decisions(run_id) == []


def test_finished_cases_count_in_mastery_and_item_analysis(case, client, auth):
    auth.login()
    run_id = _start(client, case)
    for step, option in (("a", "wrong a"), ("b", "right b"), ("c", "wrong c"), ("d", "right d")):
        _decide(client, run_id, step, option)
    run = db.session.get(CaseRun, run_id)
    assert run is not None
    learner = run.user_id
    cell = mastery_matrix([learner], [case.topic_id], datetime.now(UTC))[(learner, case.topic_id)]
    assert cell.accuracy == 0.5 and cell.answers == 1

    trainer = factories.make_user("trainer@example.org", role="trainer")
    learner_user = db.session.get(User, learner)
    assert learner_user is not None
    cohort = factories.make_cohort(trainer, learners=(learner_user,))
    db.session.commit()
    rows = case_analysis(ItemScope(trainer, cohort))
    assert [(r.item_id, r.runs, r.facility) for r in rows] == [(case.id, 1, 0.5)]
    first_step = {o.text: o.count for o in rows[0].steps[0].options}
    assert first_step == {"right a": 0, "wrong a": 1}
    other = factories.make_cohort(trainer, "Other")
    db.session.commit()
    assert case_analysis(ItemScope(trainer, other)) == []  # learners outside the cohort


def test_the_pack_cases_sync_into_the_builtin_course_and_play(app, client, auth):
    from pathlib import Path

    from quizapp.content.bank import build_bank
    from quizapp.content.services import sync_bank

    sync_bank(build_bank(Path(__file__).resolve().parents[2]))
    factories.make_user("learner@example.org")
    db.session.commit()
    auth.login()
    listing = client.get("/cases").text
    for title in ("The passport in the drawer", "Paid to be moved", "Rescue at sea"):
        assert title in listing


def test_case_plays_and_reports_are_in_the_data_export_and_deleted_with_the_account(
    case, client, auth
):
    from quizapp.accounts.personal_data import delete_account, export_data
    from quizapp.models import ProblemReport

    auth.login()
    run_id = _start(client, case)
    _decide(client, run_id, "a", "wrong a")
    client.post(f"/items/{case.id}/report", data={"reason": "unclear", "comment": "Step a?"})
    run = db.session.get(CaseRun, run_id)
    assert run is not None
    user = db.session.get(User, run.user_id)
    assert user is not None
    data = export_data(user)
    assert [(d["case"], d["step_key"], d["option"]) for d in data["case_decisions"]] == [
        (case.key, "a", "wrong a")
    ]
    assert [(p["item_key"], p["comment"]) for p in data["problem_reports"]] == [
        (case.key, "Step a?")
    ]
    delete_account(user, password=factories.PASSWORD)
    db.session.commit()
    for model in (CaseRun, CaseDecision, ProblemReport):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(model)) == 0
