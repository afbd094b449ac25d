"""What the web side of every feature shares: finding what a URL names or answering 404, role
guards, organiser blueprints, downloads, the public rate limit.

Features import these from here, never from another feature's views; services never abort.
"""

from functools import wraps
from typing import TypeVar

from flask import Blueprint, Response, abort, current_app, stream_with_context
from flask_login import current_user, login_required
from sqlalchemy import select

from seminar import exports
from seminar.extensions import db, login_manager
from seminar.models import Edition

T = TypeVar("T")


def or_404(found: T | None) -> T:
    if found is None:
        abort(404)
    return found


def edition_or_404(slug: str) -> Edition:
    """The edition an organiser page names, whatever its status."""
    return or_404(db.session.scalars(select(Edition).where(Edition.slug == slug)).first())


def public_edition_or_404(slug: str) -> Edition:
    """The edition a public page names; a draft is not there yet."""
    edition = edition_or_404(slug)
    if edition.status == "draft":
        abort(404)
    return edition


def owned_or_404(model: type[T], row_id: int, edition: Edition) -> T:
    """The row `row_id` of `model` if it belongs to `edition`; 404 otherwise (another edition's
    id in this edition's URL shows nothing)."""
    row = db.session.get(model, row_id)
    if row is None or row.edition_id != edition.id:
        abort(404)
    return row


def role_required(*roles: str):
    """One organiser page: logged in, and with one of these roles."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


admin_required = role_required("admin")


def organiser_blueprint(name: str, import_name: str, url_prefix: str, roles=("admin",)):
    """A feature's organiser pages: one url_prefix and one role check before every request."""
    bp = Blueprint(name, import_name, url_prefix=url_prefix)

    @bp.before_request
    def check_role():
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if current_user.role not in roles:
            abort(403)
        return None

    return bp


TABLE_TYPES = {"csv": "text/csv", "xlsx": exports.XLSX_TYPE}


def attachment(body, filename: str, mimetype: str) -> Response:
    """A file (bytes, text or chunks) the browser saves under `filename`."""
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def pdf_download(data: bytes, filename: str) -> Response:
    """A PDF the browser saves under `filename`."""
    return attachment(data, filename, "application/pdf")


def table_download(rows, columns: tuple[str, ...], stem: str, fmt: str, sheet: str) -> Response:
    """Rows (dicts) as `stem.csv` or `stem.xlsx` (one sheet named `sheet`), streamed: the first
    bytes leave before the last row is read; any other format is not there (404)."""
    if fmt == "csv":
        body = exports.csv_lines(rows, columns)
    elif fmt == "xlsx":
        body = exports.xlsx_chunks(rows, columns, sheet)
    else:
        abort(404)
    return attachment(stream_with_context(body), f"{stem}.{fmt}", TABLE_TYPES[fmt])


def public_post_limit() -> str:
    """The rate limit on public forms (RATELIMIT_PUBLIC_POST), for `limiter.limit`."""
    return current_app.config["RATELIMIT_PUBLIC_POST"]
