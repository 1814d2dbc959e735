"""Register, log in, log out, first-admin setup."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, login_user, logout_user

from quizapp.accounts import personal_data, services, throttle
from quizapp.accounts.forms import (
    ChangePasswordForm,
    DeleteAccountForm,
    LoginForm,
    PreferencesForm,
    RegisterForm,
    SetupForm,
)
from quizapp.accounts.personal_data import DELETION_SUMMARY, EXPORT_SECTIONS
from quizapp.core.access import public
from quizapp.core.forms import EmptyForm
from quizapp.extensions import db, login_manager
from quizapp.models.accounts import Role, User

bp = Blueprint("accounts", __name__)

login_manager.login_view = "accounts.login"
login_manager.login_message = "Please log in to see that page."
login_manager.session_protection = "strong"
REMEMBER_COOKIE = "remember_token"  # Flask-Login's default REMEMBER_COOKIE_NAME


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Flask-Login's hook: the user for a session key ``<id>.<password fingerprint>`` (see
    User.get_id); a key minted before the last password change no longer matches."""
    user_id, _, fingerprint = session_id.partition(".")
    if not user_id.isdigit() or not fingerprint:
        return None
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.password_fingerprint() == fingerprint else None


def safe_next(target: str | None) -> str:
    """Only follow a ``next`` that stays on this site."""
    if (
        target
        and not urlsplit(target).netloc
        and target.startswith("/")
        and not target.startswith("//")
    ):
        return target
    return url_for("progress.dashboard")


def start_session(user: User, *, remember: bool = False) -> None:
    """Sign ``user`` in on a brand-new session (a session id planted before login is worthless)."""
    session.clear()
    login_user(user, remember=remember)


@bp.route("/register", methods=["GET", "POST"])
@public
def register() -> ResponseReturnValue:
    """Create a learner account and sign in."""
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(
                email=form.email.data,
                display_name=form.display_name.data,
                password=form.password.data,
            )
        except services.AccountError as error:
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            start_session(user)
            flash("Welcome to quizapp.", "success")
            return redirect(safe_next(request.args.get("next")))
    return render_template("accounts/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@public
def login() -> ResponseReturnValue:
    """Sign in with email and password; failed attempts are limited per account and per address."""
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        address = request.remote_addr or "unknown"
        block = throttle.check_login_allowed(form.email.data, address)
        user = None if block else services.authenticate(form.email.data, form.password.data)
        if block:
            form.form_errors.append(block.message)
            status = 429
        elif user is None:
            throttle.record_failed_login(form.email.data, address)
            form.password.errors.append("That email and password do not match an account.")
        else:
            throttle.clear_account(form.email.data)
            target = safe_next(request.args.get("next"))
            start_session(user, remember=form.remember.data)
            return redirect(target)
    return render_template("accounts/login.html", form=form), status


@bp.post("/logout")
@public
def logout() -> ResponseReturnValue:
    """Sign out (POST with CSRF, so a link elsewhere cannot sign you out)."""
    if EmptyForm().validate_on_submit():
        session.clear()
        logout_user()  # after clear(): it leaves the note that deletes the remember-me cookie
        flash("You are logged out.", "success")
    return redirect(url_for("core.index"))


@bp.route("/setup", methods=["GET", "POST"])
@public
def setup() -> ResponseReturnValue:
    """Create the first administrator; this page exists only while there is none."""
    if services.admin_exists():
        abort(404)
    form = SetupForm()
    if form.validate_on_submit():
        try:
            user = services.create_first_admin(
                email=form.email.data,
                display_name=form.display_name.data,
                password=form.password.data,
            )
        except services.AccountError as error:
            db.session.rollback()
            flash(str(error), "error")
            return redirect(url_for("accounts.login"))
        db.session.commit()
        start_session(user)
        flash(f"Administrator account created. Welcome, {user.display_name}.", "success")
        return redirect(url_for("progress.dashboard"))
    return render_template("accounts/setup.html", form=form, role=Role.ADMIN.value)


# --- Account settings -----------------------------------------------------------------------------


def _settings_forms(**given: Any) -> dict[str, Any]:
    """The settings page's forms: the one just submitted (``given``) keeps its input and errors; the
    others start afresh (``formdata=None``). Prefixes keep their field ids apart on one page."""
    forms = {
        "password_form": ChangePasswordForm(prefix="pw", formdata=None),
        "preferences_form": PreferencesForm(prefix="pref", formdata=None, obj=current_user),
        "delete_form": DeleteAccountForm(prefix="del", formdata=None),
    }
    forms.update(given)
    return forms


def _render_settings(status: int = 200, **given: Any) -> ResponseReturnValue:
    return render_template(
        "accounts/settings.html",
        summary=DELETION_SUMMARY,
        sections=EXPORT_SECTIONS,
        **_settings_forms(**given),
    ), status


@bp.get("/account")
@login_required
def settings() -> ResponseReturnValue:
    """Account settings: password, preferences, your data."""
    return _render_settings()


@bp.post("/account/password")
@login_required
def change_password() -> ResponseReturnValue:
    """Change the password; every other session ends, this one continues on a fresh session."""
    form = ChangePasswordForm(prefix="pw")
    if form.validate_on_submit():
        try:
            services.change_password(
                current_user, current=form.current.data, new=form.password.data
            )
        except services.AccountError as error:
            form.current.errors.append(str(error))
        else:
            db.session.commit()
            start_session(
                current_user._get_current_object(), remember=REMEMBER_COOKIE in request.cookies
            )
            flash("Your password is changed. You have been signed out everywhere else.", "success")
            return redirect(url_for("accounts.settings"))
    return _render_settings(400, password_form=form)


@bp.post("/account/preferences")
@login_required
def preferences() -> ResponseReturnValue:
    """Save study preferences."""
    form = PreferencesForm(prefix="pref")
    if not form.validate_on_submit():
        return _render_settings(400, preferences_form=form)
    services.update_preferences(
        current_user,
        desired_retention=float(form.desired_retention.data),
        new_cards_per_day=form.new_cards_per_day.data,
        include_background=form.include_background.data,
    )
    db.session.commit()
    flash("Your study preferences are saved.", "success")
    return redirect(url_for("accounts.settings"))


@bp.get("/account/export.json")
@login_required
def export_json() -> ResponseReturnValue:
    """Download everything we hold about you, as JSON."""
    return _download(
        personal_data.export_json(current_user), "quizapp-my-data.json", "application/json"
    )


@bp.get("/account/export/<section>.csv")
@login_required
def export_csv(section: str) -> ResponseReturnValue:
    """Download one part of your data as CSV."""
    if section not in EXPORT_SECTIONS:
        abort(404)
    return _download(
        personal_data.export_csv(current_user, section), f"quizapp-my-{section}.csv", "text/csv"
    )


def _download(text: str, filename: str, mimetype: str) -> Response:
    response = Response(text, mimetype=f"{mimetype}; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/account/delete")
@login_required
def delete_account() -> ResponseReturnValue:
    """Delete the account after the password is re-entered."""
    form = DeleteAccountForm(prefix="del")
    if form.validate_on_submit():
        try:
            personal_data.delete_account(
                current_user._get_current_object(), password=form.password.data
            )
        except services.AccountError as error:
            db.session.rollback()
            form.password.errors.append(str(error))
        else:
            db.session.commit()
            session.clear()
            logout_user()
            flash("Your account and your personal data have been deleted.", "success")
            return redirect(url_for("core.index"))
    return _render_settings(400, delete_form=form)
