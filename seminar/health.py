"""GET /healthz: the database answers and which migration is applied."""

from flask import Blueprint, jsonify
from sqlalchemy import text

from seminar.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    try:
        revision = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception as exc:  # noqa: BLE001  (any database failure means unhealthy)
        db.session.rollback()
        return jsonify(status="error", database=str(exc.__class__.__name__)), 503
    return jsonify(status="ok", database="ok", migration=revision)
