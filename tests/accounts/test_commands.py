"""``quizapp users create``: the first admin on a fresh install, with the same password rules as the
site."""

from __future__ import annotations

import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import User

ARGS = ["users", "create", "--email", "Chief@Example.org", "--name", "Chief", "--role", "admin"]


def test_creates_an_admin(runner):
    result = runner.invoke(args=[*ARGS, "--password", "a long unusual passphrase 7"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User))
    assert (user.email, user.role) == ("chief@example.org", "admin")


def test_refuses_a_short_or_common_password_and_a_taken_email(runner):
    for password in ("short", "password1234"):
        result = runner.invoke(args=[*ARGS, "--password", password])
        assert result.exit_code != 0 and "Error" in result.output
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0
    assert runner.invoke(args=[*ARGS, "--password", "a long unusual passphrase 7"]).exit_code == 0
    again = runner.invoke(args=[*ARGS, "--password", "a long unusual passphrase 7"])
    assert again.exit_code != 0 and "already exists" in again.output
