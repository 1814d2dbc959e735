"""The admin's user list and role changes, including the last-admin guard."""

from __future__ import annotations

import pytest
from flask import Flask

from quizapp.admin import services
from quizapp.extensions import db
from quizapp.models import User
from tests import factories


@pytest.fixture
def people(app: Flask) -> tuple[User, User, User]:
    """One admin, one trainer, one learner."""
    admin = factories.make_user("admin@example.org", role="admin", name="Ada Admin")
    trainer = factories.make_user("trainer@example.org", role="trainer", name="Tina Trainer")
    learner = factories.make_user("learner@example.org", name="Lea Learner")
    db.session.commit()
    return admin, trainer, learner


def test_admin_lists_users_with_role_forms(client, auth, people):
    auth.login("admin@example.org")
    page = client.get("/admin/users").get_data(as_text=True)
    assert "Ada Admin" in page and "Tina Trainer" in page and "lea" in page.lower()
    assert page.count('class="role-form"') == 3 and "Showing 1–3 of 3 users" in page
    assert "Role of Lea Learner" in page  # each select has its own label


@pytest.mark.parametrize("email", ["trainer@example.org", "learner@example.org"])
def test_only_admins_reach_the_admin_pages(client, auth, people, email):
    auth.login(email)
    assert client.get("/admin/users").status_code == 403
    assert (
        client.post(
            f"/admin/users/{people[2].id}/role", data={f"u{people[2].id}-role": "admin"}
        ).status_code
        == 403
    )
    db.session.refresh(people[2])
    assert people[2].role == "learner"


def test_search_by_name_or_email_and_paginate(client, auth, people):
    for n in range(30):
        factories.make_user(f"person{n:02d}@example.org", name=f"Person {n:02d}")
    factories.make_user("percent@example.org", name="100% Sure")
    db.session.commit()
    auth.login("admin@example.org")
    page = client.get("/admin/users?q=TINA").get_data(as_text=True)
    assert "Tina Trainer" in page and "Lea Learner" not in page
    assert "learner@example.org" in client.get("/admin/users?q=learner@").get_data(as_text=True)
    # LIKE wildcards in the query are taken literally.
    page = client.get("/admin/users?q=%25").get_data(as_text=True)
    assert "100% Sure" in page and "Tina Trainer" not in page
    first = client.get("/admin/users").get_data(as_text=True)
    assert "Page 1 of 2" in first and 'rel="next"' in first
    second = client.get("/admin/users?page=2").get_data(as_text=True)
    assert "Showing 26–34 of 34 users" in second
    assert client.get("/admin/users?page=99").status_code == 200
    assert client.get("/admin/users?page=abc").status_code == 200


def test_admin_promotes_and_demotes(client, auth, people):
    admin, trainer, learner = people
    auth.login("admin@example.org")
    response = client.post(
        f"/admin/users/{learner.id}/role?q=lea", data={f"u{learner.id}-role": "trainer"}
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(
        "/admin/users?q=lea"
    )
    db.session.refresh(learner)
    assert learner.role == "trainer"
    client.post(f"/admin/users/{trainer.id}/role", data={f"u{trainer.id}-role": "admin"})
    client.post(f"/admin/users/{learner.id}/role", data={f"u{learner.id}-role": "learner"})
    db.session.refresh(trainer), db.session.refresh(learner)
    assert (trainer.role, learner.role) == ("admin", "learner")
    # With two admins, one may step down.
    client.post(f"/admin/users/{admin.id}/role", data={f"u{admin.id}-role": "trainer"})
    db.session.refresh(admin)
    assert admin.role == "trainer"
    assert client.get("/admin/users").status_code == 403  # and loses the page at once


def test_last_admin_cannot_demote_themselves(client, auth, people):
    admin = people[0]
    auth.login("admin@example.org")
    text = client.post(
        f"/admin/users/{admin.id}/role",
        data={f"u{admin.id}-role": "learner"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "You cannot demote yourself: the site needs at least one admin." in text
    db.session.refresh(admin)
    assert admin.role == "admin"


def test_bad_role_and_unknown_user(client, auth, people):
    learner = people[2]
    auth.login("admin@example.org")
    text = client.post(
        f"/admin/users/{learner.id}/role",
        data={f"u{learner.id}-role": "owner"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Choose learner, trainer or admin." in text
    assert client.post("/admin/users/9999/role", data={"u9999-role": "admin"}).status_code == 404
    db.session.refresh(learner)
    assert learner.role == "learner"


def test_change_role_service_guards_the_last_admin(app, people):
    admin, trainer, _ = people
    with pytest.raises(services.RoleChangeError):
        services.change_role(trainer, admin.id, "learner")
    with pytest.raises(services.RoleChangeError):
        services.change_role(admin, admin.id, "nonsense")
    assert db.session.get(User, admin.id).role == "admin"


def test_admin_grants_and_withdraws_author(client, auth, people):
    _, _, learner = people
    auth.login("admin@example.org")
    page = client.get("/admin/users").get_data(as_text=True)
    assert "Make author" in page and "(Lea Learner)" in page
    response = client.post(f"/admin/users/{learner.id}/author", data={"grant": "1"})
    assert response.status_code == 302
    db.session.refresh(learner)
    assert learner.is_author and learner.may_author
    client.post(f"/admin/users/{learner.id}/author", data={"grant": "0"})
    db.session.refresh(learner)
    assert not learner.is_author and not learner.may_author
    bad = client.post(f"/admin/users/{learner.id}/author", data={"grant": "yes"})
    assert bad.status_code == 302
    db.session.refresh(learner)
    assert not learner.is_author
    assert client.post("/admin/users/999999/author", data={"grant": "1"}).status_code == 404


@pytest.mark.parametrize("email", ["trainer@example.org", "learner@example.org"])
def test_only_admins_grant_author(client, auth, people, email):
    auth.login(email)
    response = client.post(f"/admin/users/{people[2].id}/author", data={"grant": "1"})
    assert response.status_code == 403
    db.session.refresh(people[2])
    assert not people[2].is_author
