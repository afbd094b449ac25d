"""Error pages for people and JSON errors for the API."""

from dataclasses import dataclass, field

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import get_locale
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from seminar.extensions import db

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


@dataclass
class Resend:
    """What a browser form posted, for the 503 page to send again to the same address."""

    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    dropped_password: bool = False
    had_file: bool = False


def _same_site_path() -> str:
    # Only a path on this site: a leading "//" or "/\" would make the browser post elsewhere.
    path = request.full_path if request.query_string else request.path
    return request.script_root + "/" + path.lstrip("/\\")


def resend_of_this_post() -> Resend | None:
    """The posted fields (each value of a repeated one, in order; no password, no file),
    or None when this is not a browser form post."""
    if request.method != "POST" or request.mimetype not in FORM_TYPES or _wants_json():
        return None
    resend = Resend(action=_same_site_path())
    for name, values in request.form.lists():
        if "password" in name.lower():
            resend.dropped_password = True
            continue
        resend.fields += [(name, value) for value in values]
    resend.had_file = any(upload.filename for upload in request.files.values())
    return resend


def render_without_database(template: str, **context) -> str:
    """Render with only the context given: the app's context processors are skipped, as
    Flask-Login's asks the database who is signed in, and base.html is not extended."""
    page = current_app.jinja_env.get_template(template)
    return page.render(current_language=str(get_locale()), **context)


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if _wants_json():
            return jsonify(error=exc.name, message=exc.description), exc.code
        try:
            return render_template("error.html", error=exc), exc.code
        except OperationalError as down:
            # base.html asks who is signed in: with the database down, say that instead.
            return database_unavailable(down)

    @app.errorhandler(OperationalError)
    def database_unavailable(exc: OperationalError):
        """The database is briefly down: say so, change nothing, offer to send it again."""
        db.session.rollback()
        # The driver's words only: the statement's parameters may hold what a person typed.
        app.logger.error("database unavailable: %s", exc.orig or type(exc).__name__)
        if _wants_json():
            return jsonify(error="unavailable", message="database unavailable, try again"), 503
        page = render_without_database("unavailable.html", resend=resend_of_this_post())
        return page, 503, {"Retry-After": "30", "Cache-Control": "no-store"}

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        if _wants_json():
            return jsonify(error="csrf", message=exc.description), 400
        return render_template("error.html", error=exc, csrf=True), 400
