"""The station app (phone-first PWA), the walk-in desk, the live dashboard and device tokens."""

from datetime import date
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from seminar import users
from seminar.checkin import dashboard as board
from seminar.checkin.forms import TokenForm, WalkInForm
from seminar.extensions import db
from seminar.models import ApiToken, Edition, User
from seminar.registration import services as registration
from seminar.web import admin_required, edition_or_404, role_required

bp = Blueprint("checkin", __name__)
station_required = role_required("admin", "checkin")
# The app shell a station keeps for working offline (the page itself is cached as visited).
SHELL = (
    "css/app.css",
    "css/checkin.css",
    "js/checkin-queue.js",
    "js/checkin-tools.js",
    "js/checkin.js",
    "vendor/jsqr/jsQR.js",
    "icon.svg",
)


def current_edition() -> Edition | None:
    """The edition a station works on when none is named: the most recent open one."""
    for status in ("open", "closed"):
        edition = db.session.scalars(
            select(Edition).where(Edition.status == status).order_by(Edition.starts_on.desc())
        ).first()
        if edition:
            return edition
    return None


@bp.get("/checkin/", defaults={"slug": None})
@bp.get("/checkin/<slug>/")
@station_required
def app(slug):
    if slug is None:
        edition = current_edition()
        if edition is None:
            abort(404)
        return redirect(url_for(".app", slug=edition.slug))
    edition = edition_or_404(slug)
    session.permanent = True  # a station keeps its login through a phone restart
    return render_template(
        "checkin/app.html", edition=edition, walk_in=WalkInForm(str(get_locale()))
    )


@bp.get("/checkin/sw.js")
def service_worker():
    """Served from /checkin/ so that its scope covers every station page."""
    static = Path(current_app.static_folder)
    version = max(int((static / name).stat().st_mtime) for name in SHELL)
    shell = [url_for("static", filename=name) for name in SHELL]
    body = render_template("checkin/sw.js", shell=shell, version=version)
    response = current_app.response_class(body, mimetype="application/javascript")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/checkin/"
    return response


@bp.get("/checkin/<slug>/manifest.webmanifest")
def manifest(slug):
    edition = edition_or_404(slug)
    return current_app.response_class(
        render_template("checkin/manifest.json", edition=edition),
        mimetype="application/manifest+json",
    )


@bp.post("/checkin/<slug>/walk-in")
@station_required
def walk_in(slug):
    edition = edition_or_404(slug)
    form = WalkInForm(str(get_locale()))
    if not form.validate_on_submit():
        return jsonify(errors=form.errors), 422
    try:
        person = {**form.data, "language": str(get_locale())}  # emails in the desk's language
        outcome = registration.register(edition, person, [], source="desk")
    except registration.RegistrationError as exc:
        if exc.code == "duplicate" and exc.participant is not None:
            return jsonify(errors={"email": [_("This email is registered already.")]}), 422
        return jsonify(errors={"email": [exc.code]}), 422
    db.session.commit()
    person = outcome.participant
    badge_url = (
        url_for("badges.one", slug=slug, participant_id=person.id) if person.badge_code else None
    )
    return jsonify(
        status=outcome.status,
        code=person.badge_code,
        name=person.full_name,
        id=person.id,
        badge_url=badge_url,
    )


@bp.get("/admin/e/<slug>/checkin")
@admin_required
def dashboard(slug):
    edition = edition_or_404(slug)
    return render_template("checkin/dashboard.html", edition=edition, **_board(edition))


@bp.get("/admin/e/<slug>/checkin/live")
@admin_required
def dashboard_live(slug):
    edition = edition_or_404(slug)
    data = _board(edition)
    return jsonify(
        present=data["present"],
        missing=data["missing_count"],
        html=render_template("checkin/_board.html", edition=edition, **data),
    )


def _board(edition: Edition) -> dict:
    try:
        day = date.fromisoformat(request.args["day"]) if "day" in request.args else None
    except ValueError:
        day = None
    return board.summary(edition, day or board.default_day(edition))


@bp.get("/admin/tokens")
@admin_required
def tokens():
    form = TokenForm()
    form.user_id.choices = _station_users()
    rows = db.session.scalars(
        select(ApiToken).join(User).order_by(User.email, ApiToken.created_at.desc())
    ).all()
    return render_template("checkin/tokens.html", tokens=rows, form=form)


def _station_users() -> list[tuple[int, str]]:
    people = db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.email))
    return [(u.id, f"{u.email} ({u.role})") for u in people]


@bp.post("/admin/tokens")
@admin_required
def token_issue():
    form = TokenForm()
    form.user_id.choices = _station_users()
    if not form.validate_on_submit():
        flash(_("Choose a user and name the device."), "error")
        return redirect(url_for(".tokens"))
    token = users.issue_token(db.session.get(User, form.user_id.data), form.label.data)
    db.session.commit()
    return render_template("checkin/token_issued.html", token=token, label=form.label.data)


@bp.post("/admin/tokens/<int:token_id>/revoke")
@admin_required
def token_revoke(token_id):
    users.revoke_token(token_id)
    db.session.commit()
    flash(_("The token is revoked: that device can no longer check people in."), "success")
    return redirect(url_for(".tokens"))
