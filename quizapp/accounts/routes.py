"""Register, log in, log out, account settings."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from urllib.parse import urlsplit

from quizapp.accounts import services
from quizapp.accounts.forms import EmptyForm, LoginForm, RegisterForm
from quizapp.core.access import public
from quizapp.extensions import db, login_manager
from quizapp.models.accounts import User

bp = Blueprint("accounts", __name__)

login_manager.login_view = "accounts.login"
login_manager.login_message = "Please log in to see that page."
login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Flask-Login's hook: the user for a session id."""
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


def safe_next(target: str | None) -> str:
    """Only follow a ``next`` that stays on this site."""
    if target and not urlsplit(target).netloc and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("progress.dashboard")


@bp.route("/register", methods=["GET", "POST"])
@public
def register():  # type: ignore[no-untyped-def]
    """Create a learner account and sign in."""
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(
                email=form.email.data, display_name=form.display_name.data, password=form.password.data
            )
        except services.AccountError as error:
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            login_user(user)
            flash("Welcome to quizapp.", "success")
            return redirect(url_for("progress.dashboard"))
    return render_template("accounts/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@public
def login():  # type: ignore[no-untyped-def]
    """Sign in with email and password."""
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append("That email and password do not match an account.")
        else:
            login_user(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next")))
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
@public
def logout():  # type: ignore[no-untyped-def]
    """Sign out (POST with CSRF, so a link elsewhere cannot sign you out)."""
    if EmptyForm().validate_on_submit():
        logout_user()
        flash("You are logged out.", "success")
    return redirect(url_for("core.index"))


@bp.get("/account")
@login_required
def settings():  # type: ignore[no-untyped-def]
    """Account settings."""
    return render_template("accounts/settings.html")
