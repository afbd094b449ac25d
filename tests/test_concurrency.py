"""200 people register at once for the last 50 places: no overbooking, no errors."""

import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from seminar.extensions import db
from seminar.models import Edition, Participant
from tests.conftest import BACKENDS, LiveServer, make_app
from tests.factories import make_edition, make_participant

FORM = {
    "first_name": "Conceição",
    "last_name": "Núñez",
    "country": "BR",
    "city": "Porto Alegre",
    "institution": "Prefeitura",
    "actor_type": "local_government",
    "language": "pt",
    "role": "participant",
    "consent": "y",
    "rank_1": "11",
    "rank_2": "6",
    "rank_3": "13",
}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post(url: str, data: dict) -> int:
    opener = urllib.request.build_opener(NoRedirect)
    body = urllib.parse.urlencode(data).encode()
    try:
        with opener.open(urllib.request.Request(url, body), timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_200_concurrent_registrations_for_50_places_never_overbook_or_fail(database_url):
    app = make_app(database_url, WTF_CSRF_ENABLED=False)
    with app.app_context():
        edition = make_edition(capacity=60)
        for _ in range(10):
            make_participant(edition)
        slug, edition_id = edition.slug, edition.id
        db.session.remove()
    server = LiveServer(app)
    server.start()
    try:
        url = f"{server.url}/e/{slug}/register"
        with ThreadPoolExecutor(max_workers=40) as pool:
            codes = list(
                pool.map(lambda i: post(url, {**FORM, "email": f"p{i}@example.org"}), range(200))
            )
    finally:
        server.stop()
    assert codes == [302] * 200
    with app.app_context():
        statuses = dict(
            db.session.execute(
                select(Participant.status, func.count()).group_by(Participant.status)
            ).all()
        )
        assert statuses == {"confirmed": 60, "waitlisted": 150}
        assert db.session.get(Edition, edition_id).seats_taken == 60
        db.session.remove()
        db.engine.dispose()
