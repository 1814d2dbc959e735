"""Trainer and learner cohort pages: create, show, QR, roster, co-trainers, archive, leave."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC

import sqlalchemy as sa

from quizapp.cohorts import services
from quizapp.extensions import db
from quizapp.models import Cohort, Membership
from tests import factories


def test_trainer_creates_cohort_and_gets_a_join_code(client, auth, world):
    auth.login("trainer@example.org")
    assert client.get("/cohorts/new").status_code == 200
    response = client.post(
        "/cohorts/new", data={"name": "  Caseworkers  ", "description": "Week 1"}
    )
    assert response.status_code == 302
    cohort = db.session.scalar(sa.select(Cohort).where(Cohort.name == "Caseworkers"))
    assert response.headers["Location"].endswith(f"/cohorts/{cohort.id}")
    assert len(cohort.join_code) == 8 and cohort.join_code.isalpha()
    assert cohort.owner_id == world.trainer.id and cohort.description == "Week 1"
    page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert f"{cohort.join_code[:4]}-{cohort.join_code[4:]}" in page
    assert f"http://localhost/join/{cohort.join_code}" in page
    assert (
        f'src="/cohorts/{cohort.id}/qr.svg"' in page
        and 'alt="QR code that opens the join link' in page
    )


def test_create_cohort_requires_a_name(client, auth, world):
    auth.login("trainer@example.org")
    response = client.post("/cohorts/new", data={"name": ""})
    assert response.status_code == 200
    assert "This field is required." in response.get_data(as_text=True)


def test_code_collision_draws_another_code(app, world, monkeypatch):
    codes = iter(["ABCDEFGH", "ABCDEFGH", "HGFEDCBA"])  # the first two collide with world.cohort
    monkeypatch.setattr(services, "generate_code", lambda: next(codes))
    cohort = services.create_cohort(world.trainer, name="New")
    db.session.commit()
    assert cohort.join_code == "HGFEDCBA"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Cohort)) == 3


def test_learner_cannot_create_a_cohort(client, auth, world):
    auth.login("learner@example.org")
    assert client.get("/cohorts/new").status_code == 403
    assert client.post("/cohorts/new", data={"name": "x"}).status_code == 403


def test_qr_endpoint_returns_valid_svg_of_the_join_link(client, auth, world):
    auth.login("trainer@example.org")
    response = client.get(f"/cohorts/{world.cohort.id}/qr.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    root = ET.fromstring(response.data)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg" and root.get("viewBox")
    assert root.find(f"{ns}title").text == "Join Inspectors"
    assert root.find(f"{ns}desc").text == "QR code for http://localhost/join/ABCDEFGH"
    assert root.findall(f".//{ns}path")


def test_trainer_sees_roster_and_removes_a_learner(client, auth, world):
    factories.make_attempt(world.learner, score=1, max_score=1)
    db.session.commit()
    auth.login("trainer@example.org")
    page = client.get(f"/cohorts/{world.cohort.id}").get_data(as_text=True)
    assert "Lea Learner" in page and "learner2@example.org" in page and "Learners (2)" in page
    assert "Olga Outsider" not in page
    response = client.post(f"/cohorts/{world.cohort.id}/learners/{world.learner.id}/remove")
    assert response.status_code == 302
    assert services.roster(world.cohort.id)[0].name == "Leo Learner"
    assert len(services.roster(world.cohort.id)) == 1
    # Removing someone who is not a learner here is a 404, not a silent success.
    assert (
        client.post(f"/cohorts/{world.cohort.id}/learners/{world.outsider.id}/remove").status_code
        == 404
    )


def test_roster_last_active_is_the_latest_activity(app, world):
    from datetime import datetime

    attempt = factories.make_attempt(world.learner, score=1, max_score=1)
    attempt.started_at = datetime(2030, 1, 2, tzinfo=UTC)
    world.learner.last_seen_at = datetime(2030, 1, 1, tzinfo=UTC)
    db.session.commit()
    rows = {row.email: row for row in services.roster(world.cohort.id)}
    assert rows["learner@example.org"].last_active == datetime(2030, 1, 2, tzinfo=UTC)
    assert rows["learner2@example.org"].last_active is None


def test_co_trainer_is_added_by_email_and_can_manage(client, auth, world):
    auth.login("trainer@example.org")
    response = client.post(
        f"/cohorts/{world.cohort.id}/co-trainers",
        data={"email": " OTHER@example.org "},
        follow_redirects=True,
    )
    assert "Otto Other can now run this cohort with you." in response.get_data(as_text=True)
    membership = db.session.scalar(
        sa.select(Membership).where(
            Membership.user_id == world.other_trainer.id, Membership.cohort_id == world.cohort.id
        )
    )
    assert membership.role == "trainer"
    auth.logout()
    auth.login("other@example.org")
    assert client.get(f"/cohorts/{world.cohort.id}").status_code == 200
    assert client.get(f"/cohorts/{world.cohort.id}/qr.svg").status_code == 200
    assert (
        client.post(f"/cohorts/{world.cohort.id}/learners/{world.learner.id}/remove").status_code
        == 302
    )
    assert "Inspectors" in client.get("/cohorts").get_data(as_text=True)


def _flash_text(response) -> str:
    """The page's flashed messages, the only part that depends on the email sent."""
    return " ".join(
        re.findall(r'<p class="flash[^"]*">(.*?)</p>', response.get_data(as_text=True), re.S)
    )


def test_co_trainer_must_exist_and_be_a_trainer(client, auth, world):
    auth.login("trainer@example.org")
    url = f"/cohorts/{world.cohort.id}/co-trainers"
    no_account = client.post(url, data={"email": "nobody@example.org"}, follow_redirects=True)
    learner = client.post(url, data={"email": "learner@example.org"}, follow_redirects=True)
    # One answer whether the email has no account or a learner's: nothing to probe accounts with.
    for response in (no_account, learner):
        assert "No trainer account has that email address." in response.get_data(as_text=True)
    assert _flash_text(no_account) == _flash_text(learner)  # and no display name in it
    text = client.post(url, data={"email": "trainer@example.org"}, follow_redirects=True).get_data(
        as_text=True
    )
    assert "owns this cohort already" in text
    text = client.post(url, data={"email": "not an email"}, follow_redirects=True).get_data(
        as_text=True
    )
    assert "Enter the email address of a trainer" in text
    assert services.co_trainers(world.cohort.id) == []


def test_co_trainer_can_be_removed(client, auth, world):
    services.add_co_trainer(world.cohort, "other@example.org")
    db.session.commit()
    auth.login("trainer@example.org")
    assert (
        client.post(
            f"/cohorts/{world.cohort.id}/co-trainers/{world.other_trainer.id}/remove"
        ).status_code
        == 302
    )
    assert services.co_trainers(world.cohort.id) == []
    auth.logout()
    auth.login("other@example.org")
    assert client.get(f"/cohorts/{world.cohort.id}").status_code == 404


def test_archive_hides_from_learners_keeps_data_and_restores(client, auth, world):
    auth.login("trainer@example.org")
    client.post(f"/cohorts/{world.cohort.id}/archive")
    db.session.refresh(world.cohort)
    assert world.cohort.archived
    page = client.get(f"/cohorts/{world.cohort.id}").get_data(as_text=True)
    assert "This cohort is archived" in page and "Lea Learner" in page
    auth.logout()
    auth.login("learner@example.org")
    assert "Inspectors" not in client.get("/cohorts").get_data(as_text=True)
    assert client.get(f"/cohorts/{world.cohort.id}").status_code == 404
    auth.logout()
    auth.login("trainer@example.org")
    client.post(f"/cohorts/{world.cohort.id}/restore")
    db.session.refresh(world.cohort)
    assert not world.cohort.archived


def test_learner_index_and_cohort_page(client, auth, world):
    topic = factories.make_topic(title="Trafficking")
    factories.make_assignment(world.cohort, topics=(topic,), title="Week one quiz")
    db.session.commit()
    auth.login("learner@example.org")
    page = client.get("/cohorts").get_data(as_text=True)
    assert "Inspectors" in page and "Week one quiz" in page and "To do" in page
    assert "Cohorts you run" not in page and "Other group" not in page
    page = client.get(f"/cohorts/{world.cohort.id}").get_data(as_text=True)
    assert "Week one quiz" in page and "Learners (" not in page


def test_learner_leaves_a_cohort(client, auth, world):
    auth.login("learner@example.org")
    assert client.post(f"/cohorts/{world.cohort.id}/leave").status_code == 302
    assert client.get(f"/cohorts/{world.cohort.id}").status_code == 404


def test_trainer_index_lists_only_their_cohorts_with_counts(client, auth, world):
    auth.login("trainer@example.org")
    page = client.get("/cohorts").get_data(as_text=True)
    assert "Inspectors" in page and "Other group" not in page
    assert services.managed_cohorts(world.trainer) == [(world.cohort, 2)]


def test_admin_sees_every_cohort(client, auth, world):
    auth.login("admin@example.org")
    page = client.get("/cohorts").get_data(as_text=True)
    assert "Inspectors" in page and "Other group" in page
    assert client.get(f"/cohorts/{world.other_cohort.id}").status_code == 200
