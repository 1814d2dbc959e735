"""Register, log in, log out, first-admin setup."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, login_user, logout_user

from quizapp.accounts import personal_data, services, sessions, throttle
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
from quizapp.core.database import outside_write_lock
from quizapp.core.forms import EmptyForm
from quizapp.extensions import db, limiter, login_manager
from quizapp.models.accounts import Role, User

bp = Blueprint("accounts", __name__)

login_manager.login_view = "accounts.login"
login_manager.login_message = "Please log in to see that page."
login_manager.session_protection = "strong"
REMEMBER_COOKIE = "remember_token"  # Flask-Login's default REMEMBER_COOKIE_NAME
#: The status of the registration form answering "an account with this email already exists".
EMAIL_TAKEN_STATUS = 409


@login_manager.user_loader
def load_user(session_key: str) -> User | None:
    """Flask-Login's hook: the user of a live server-side session (see accounts.sessions); an
    ended session's cookie loads nobody."""
    loaded = sessions.load(session_key)
    if loaded is None:
        return None
    if loaded.needs_touch:
        g.touch_session_id = loaded.record_id
    return loaded.user


@bp.after_app_request
def _note_session_use(response: Response) -> Response:
    """Update the session's "last seen" time, at most every few minutes (after the view's work)."""
    record_id = g.pop("touch_session_id", None)
    if record_id is not None:
        sessions.touch(record_id)
    return response


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
    """Sign ``user`` in on a brand-new session (a session id planted before login is worthless),
    recorded on the server; the caller commits."""
    session.clear()
    sessions.start(
        user,
        user_agent=request.headers.get("User-Agent", ""),
        ip_address=request.remote_addr or "",
    )
    login_user(user, remember=remember)


def end_session() -> None:
    """Sign out here: end the server-side record, then drop the cookies; the caller commits."""
    if current_user.is_authenticated:
        sessions.end_current(current_user)
    session.clear()
    logout_user()  # after clear(): it leaves the note that deletes the remember-me cookie


def _email_was_taken(response: Response) -> bool:
    return response.status_code == EMAIL_TAKEN_STATUS


@bp.route("/register", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["REGISTER_RATE_LIMIT"], methods=["POST"])
@limiter.limit(
    lambda: current_app.config["REGISTER_TAKEN_RATE_LIMIT"],
    methods=["POST"],
    deduct_when=_email_was_taken,
)
def register() -> ResponseReturnValue:
    """Create a learner account and sign in. Limited per address: every attempt generously (a
    classroom may register from one address), "that email is taken" answers tightly (probing)."""
    form = RegisterForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = services.create_user(
                email=form.email.data,
                display_name=form.display_name.data,
                password=form.password.data,
            )
        except services.AccountError as error:
            db.session.rollback()
            form.email.errors.append(str(error))
            status = EMAIL_TAKEN_STATUS if services.is_email_taken(error) else 400
        else:
            start_session(user)
            db.session.commit()
            flash("Welcome to quizapp.", "success")
            return redirect(safe_next(request.args.get("next")))
    elif form.is_submitted():
        status = 400
    return render_template("accounts/register.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
@public
def login() -> ResponseReturnValue:
    """Sign in with email and password; failed attempts are limited per account and per address."""
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        address = request.remote_addr or "unknown"
        # A slot is taken before the password is checked, so parallel guesses cannot all pass.
        block = throttle.reserve_login_attempt(form.email.data, address)
        if block:
            form.form_errors.append(block.message)
            status = 429
        else:
            with outside_write_lock(db.session):  # hashing must not hold SQLite's write lock
                user = services.authenticate(form.email.data, form.password.data)
            if user is None:
                form.password.errors.append("That email and password do not match an account.")
            else:
                throttle.login_succeeded(form.email.data, address)
                target = safe_next(request.args.get("next"))
                start_session(user, remember=form.remember.data)
                db.session.commit()
                return redirect(target)
    return render_template("accounts/login.html", form=form), status


@bp.post("/logout")
@public
def logout() -> ResponseReturnValue:
    """Sign out (POST with CSRF, so a link elsewhere cannot sign you out)."""
    if EmptyForm().validate_on_submit():
        end_session()
        db.session.commit()
        flash("You are logged out.", "success")
    return redirect(url_for("core.index"))


@bp.route("/setup", methods=["GET", "POST"])
@public
def setup() -> ResponseReturnValue:
    """Create the first administrator; this page exists only while there is none."""
    with outside_write_lock(db.session):  # the password is hashed before the write lock is taken
        exists = services.admin_exists()
    if exists:
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
        start_session(user)
        db.session.commit()
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
        signed_in=sessions.list_for(current_user),
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
            user = current_user._get_current_object()
            sessions.end_all(user)
            start_session(user, remember=REMEMBER_COOKIE in request.cookies)
            db.session.commit()
            flash("Your password is changed. You have been signed out everywhere else.", "success")
            return redirect(url_for("accounts.settings"))
    return _render_settings(400, password_form=form)


@bp.post("/account/sessions/<int:session_id>/end")
@login_required
def end_other_session(session_id: int) -> ResponseReturnValue:
    """Sign out one of your other browsers or devices."""
    if EmptyForm().validate_on_submit():
        if session_id == sessions.current_record_id(current_user):
            abort(400, "To sign out of this browser, use Log out.")
        if not sessions.end_one(current_user, session_id):
            abort(404)  # not one of yours, or already over
        db.session.commit()
        flash("That browser or device is signed out.", "success")
    return redirect(url_for("accounts.settings", _anchor="sessions-heading"))


@bp.post("/account/sessions/end-others")
@login_required
def end_other_sessions() -> ResponseReturnValue:
    """Sign out every browser and device but this one."""
    if EmptyForm().validate_on_submit():
        ended = sessions.end_others(current_user)
        db.session.commit()
        flash(
            f"Signed out everywhere else ({ended} other session{'s' if ended != 1 else ''}).",
            "success",
        )
    return redirect(url_for("accounts.settings", _anchor="sessions-heading"))


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
            db.session.commit()  # the account's session records went with it (ON DELETE CASCADE)
            session.clear()
            logout_user()
            flash("Your account and your personal data have been deleted.", "success")
            return redirect(url_for("core.index"))
    return _render_settings(400, delete_form=form)
