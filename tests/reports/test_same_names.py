"""Two learners with the same display name are told apart in trainer views (issue 9): the email
goes beside the name, through the one helper ``person_label``."""

from __future__ import annotations

from quizapp.core.people import person_label
from quizapp.extensions import db
from quizapp.models import LiveParticipant, Membership
from tests import factories
from tests.reports.conftest import add_live_session


def _twins(world):
    twins = [factories.make_user(f"sam{n}@example.org", name="Sam Lee") for n in (1, 2)]
    for twin in twins:
        db.session.add(Membership(cohort_id=world.cohort.id, user_id=twin.id, role="learner"))
    db.session.commit()
    return twins


def test_the_helper():
    assert person_label("Sam Lee", "sam1@example.org") == "Sam Lee (sam1@example.org)"
    assert person_label("guest7", None) == "guest7"


def test_cohort_report_roster_and_learner_report_show_the_email(client, auth, world):
    twins = _twins(world)
    auth.login("trainer@example.org")
    report = client.get(f"/reports/cohorts/{world.cohort.id}").get_data(as_text=True)
    roster = client.get(f"/cohorts/{world.cohort.id}").get_data(as_text=True)
    for twin in twins:
        label = person_label(twin.display_name, twin.email)
        assert label in report
        assert f'Remove<span class="visually-hidden"> {label}</span>' in roster
        page = client.get(f"/reports/learners/{twin.id}").get_data(as_text=True)
        assert f"Learning report: {label}" in page


def test_live_report_shows_the_email_of_signed_in_participants(client, auth, world):
    twins = _twins(world)
    session = add_live_session(world.trainer, world.cohort, world.items[:1], [])
    db.session.add(LiveParticipant(session_id=session.id, nickname="guest0", token="tg"))
    for n, twin in enumerate(twins):
        db.session.add(
            LiveParticipant(
                session_id=session.id, nickname=f"Sam Lee {n}", token=f"t{n}", user_id=twin.id
            )
        )
    db.session.commit()
    auth.login("trainer@example.org")
    page = client.get(f"/live/{session.id}/report").get_data(as_text=True)
    for n, twin in enumerate(twins):
        assert person_label(f"Sam Lee {n}", twin.email) in page
    assert "guest0" in page  # a guest keeps their nickname alone
