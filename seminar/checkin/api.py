"""The check-in API (docs/interfaces.md): bearer tokens per device, or a session + CSRF."""

import gzip
import hashlib
import json
from datetime import datetime

from flask import Blueprint, Response, abort, current_app, g, jsonify, request
from flask_babel import force_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import text

from seminar import database, users
from seminar.checkin import roster, services
from seminar.clock import now
from seminar.editions import services as editions
from seminar.extensions import csrf, db
from seminar.models import Edition
from seminar.web import edition_or_404

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
ROLES = ("admin", "checkin")
MAX_BATCH = 500


class BadScan(ValueError):
    pass


@bp.before_request
def authenticate():
    """Bearer token (no CSRF: no cookie is involved), else a session that passes CSRF."""
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        g.api_user = users.user_for_token(header[7:].strip())
    elif current_user.is_authenticated and current_user.role in ROLES:
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            csrf.protect()
        g.api_user = current_user
    else:
        g.api_user = None
    if g.api_user is None or g.api_user.role not in ROLES:
        return jsonify(error="unauthorized", message="a valid bearer token is needed"), 401
    return None


def _scan_args(data) -> dict:
    if not isinstance(data, dict):
        raise BadScan("the body must be a JSON object")
    code, station = data.get("code"), data.get("station", "")
    if not isinstance(code, str) or not code.strip():
        raise BadScan("'code' is required")
    if not isinstance(station, str):
        raise BadScan("'station' must be text")
    client_id, scanned_at = data.get("client_id"), data.get("scanned_at")
    if client_id is not None and not isinstance(client_id, str):
        raise BadScan("'client_id' must be text")
    if scanned_at is not None:
        try:
            scanned_at = datetime.fromisoformat(scanned_at)
        except (TypeError, ValueError) as exc:
            raise BadScan("'scanned_at' must be an ISO 8601 time") from exc
        if scanned_at.tzinfo is None:
            raise BadScan("'scanned_at' needs a time zone (e.g. 2017-10-05T10:02:00-03:00)")
    offline_answer, workshop = data.get("offline_answer"), data.get("workshop")
    if offline_answer is not None and offline_answer not in services.ANSWERS:
        raise BadScan(f"'offline_answer' must be one of {', '.join(services.ANSWERS)}")
    if workshop is not None and (not isinstance(workshop, int) or isinstance(workshop, bool)):
        raise BadScan("'workshop' must be a workshop id (a number)")
    return {
        "code": code,
        "station": station,
        "client_id": client_id,
        "scanned_at": scanned_at,
        "offline_answer": offline_answer,
        "workshop_id": workshop,
    }


def _edition(data) -> Edition | None:
    slug = data.get("edition") if isinstance(data, dict) else None
    if not slug:
        return None
    try:
        return editions.get(str(slug))
    except editions.EditionError as exc:
        with force_locale("en"):  # the API's messages are part of its contract: always English
            raise BadScan(str(exc)) from exc


def _scan_transaction() -> None:
    """With CHECKIN_ASYNC_COMMIT, this transaction's commit does not wait for the WAL flush."""
    if current_app.config["CHECKIN_ASYNC_COMMIT"] and database.is_postgres():
        db.session.execute(text("SET LOCAL synchronous_commit TO off"))


def _bad(message: str):
    return jsonify(error="bad_request", message=message), 400


@bp.post("/checkin")
def checkin():
    data = request.get_json(silent=True)
    try:
        args, edition = _scan_args(data), _edition(data)
    except BadScan as exc:
        return _bad(str(exc))
    _scan_transaction()
    try:
        answer = services.scan(edition, user=g.api_user, **args)
    except services.CheckInError as exc:
        return _bad(str(exc))
    db.session.commit()
    return jsonify(answer)


@bp.post("/checkin/batch")
def checkin_batch():
    """A chunk of a station's offline queue: {"scans": [...]} answered in order, one result per
    scan; a scan the server cannot take answers "error" (with its client_id) and changes nothing."""
    data = request.get_json(silent=True)
    scans = data.get("scans") if isinstance(data, dict) else None
    if not isinstance(scans, list) or len(scans) > MAX_BATCH:
        return _bad(f"'scans' must be a list of at most {MAX_BATCH} scans")
    results = []
    _scan_transaction()
    for item in scans:
        try:
            args, edition = _scan_args(item), _edition(item)
            answer = services.scan(edition, user=g.api_user, **args)  # raises before any write
        except (BadScan, services.CheckInError) as exc:
            client_id = item.get("client_id") if isinstance(item, dict) else None
            client_id = client_id if isinstance(client_id, str) else None
            error = {"status": "error", "message": str(exc), "participant": None}
            results.append({**error, "client_id": client_id})
            continue
        results.append({**answer, "client_id": args["client_id"]})
    db.session.commit()
    return jsonify(results=results)


@bp.after_request
def server_time(response):
    """Every answer carries the server's clock (ms since 1970) so a station can measure its own."""
    response.headers["X-Server-Time"] = str(round(now().timestamp() * 1000))
    return response


@bp.get("/station")
def station():
    """Who the station is logged in as, and a CSRF token for this session (a page served from
    the station's cache may hold the token of an earlier session)."""
    return jsonify(user=g.api_user.email, role=g.api_user.role, csrf_token=generate_csrf())


@bp.post("/editions/<slug>/checkin/<int:checkin_id>/undo")
def undo(slug, checkin_id):
    try:
        services.undo(checkin_id, edition_or_404(slug), g.api_user)
    except services.CheckInError:
        abort(404)
    db.session.commit()
    return jsonify(undone=checkin_id)


@bp.get("/editions/<slug>/codes")
def codes(slug):
    """The station's copy of the edition, gzip-compressed when the station accepts it. Its
    ETag names the content (all but `generated_at`): a station that sends it back in
    If-None-Match gets 304 and no body while nothing changed."""
    data = roster.offline_cache(edition_or_404(slug))
    generated_at = data.pop("generated_at")
    content = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
    etag = hashlib.sha256(content).hexdigest()[:32]
    if request.if_none_match.contains_weak(etag):
        response = Response(status=304)
    else:
        stamp = json.dumps({"generated_at": generated_at})[:-1].encode()
        response = Response(stamp + b"," + content[1:], mimetype="application/json")
        if request.accept_encodings["gzip"] > 0:
            response.set_data(gzip.compress(response.get_data(), compresslevel=6))
            response.headers["Content-Encoding"] = "gzip"
    response.set_etag(etag, weak=True)  # the same content, gzipped or not
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.add("Accept-Encoding")
    return response


@bp.get("/editions/<slug>/search")
def search(slug):
    edition = edition_or_404(slug)
    return jsonify(results=roster.search(edition, request.args.get("q", "")))
