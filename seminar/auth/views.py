"""Organiser login (no self sign-up); the role guards are in seminar/web.py."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired

from seminar import users
from seminar.extensions import db, limiter, login_manager
from seminar.forms import ButtonForm
from seminar.models import User

bp = Blueprint("auth", __name__)
login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please log in to see this page.")


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id))


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), [DataRequired()])
    password = PasswordField(_l("Password"), [DataRequired()])


def safe_next(target: str | None) -> str | None:
    """A path on this site, or None: browsers read '//x', '///x' and '/\\x' as another host."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(ch) < 32 for ch in target) or urlsplit(target).netloc:
        return None
    return target


def _login_address_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN"]


def _login_account_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN_ACCOUNT"]


def _login_account() -> str:
    return "account:" + request.form.get("email", "").strip().lower()


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_address_limit, methods=["POST"])
# Only failed attempts count against an account: guessing is slowed from any number of addresses.
@limiter.limit(
    _login_account_limit,
    key_func=_login_account,
    methods=["POST"],
    deduct_when=lambda response: response.status_code != 302,
)
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = users.by_email(form.email.data)
        if user and user.active and user.check_password(form.password.data):
            login_user(user)
            return redirect(safe_next(request.args.get("next")) or url_for("admin.home"))
        form.password.errors.append(_("Wrong email or password."))
    return render_template("auth/login.html", form=form), (422 if form.errors else 200)


@bp.post("/logout")
def logout():
    if ButtonForm().validate_on_submit():
        logout_user()
        flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))
