"""Error pages for people and JSON errors for the API."""

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from seminar.extensions import db


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if _wants_json():
            return jsonify(error=exc.name, message=exc.description), exc.code
        return render_template("error.html", error=exc), exc.code

    @app.errorhandler(OperationalError)
    def database_unavailable(exc: OperationalError):
        """The database is briefly down: say so, change nothing, let the person send it again."""
        db.session.rollback()
        app.logger.error("database unavailable: %s", exc)
        if _wants_json():
            return jsonify(error="unavailable", message="database unavailable, try again"), 503
        return render_template("unavailable.html"), 503, {"Retry-After": "30"}

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        if _wants_json():
            return jsonify(error="csrf", message=exc.description), 400
        return render_template("error.html", error=exc, csrf=True), 400
