"""GET /healthz: the database answers, which migration is applied, and whether pages can be
shown in every language (compiled catalogs present)."""

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from seminar.extensions import db
from seminar.startup import catalog_problems

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    try:
        revision = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception as exc:  # noqa: BLE001  (any database failure means unhealthy)
        db.session.rollback()
        return jsonify(status="error", database=str(exc.__class__.__name__)), 503
    problems = catalog_problems(current_app)
    # Still 200: the site works, in English only; monitoring reads "degraded".
    return jsonify(
        status="degraded" if problems else "ok",
        database="ok",
        migration=revision,
        translations="; ".join(problems) or "ok",
    )
