"""Error pages for people and JSON errors for the API."""

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if _wants_json():
            return jsonify(error=exc.name, message=exc.description), exc.code
        return render_template("error.html", error=exc), exc.code

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        if _wants_json():
            return jsonify(error="csrf", message=exc.description), 400
        return render_template("error.html", error=exc), 400
