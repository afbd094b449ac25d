"""Form errors and hints are tied to their fields for screen readers; no error before an attempt."""

import re

from sqlalchemy import func, select

from seminar.extensions import db
from seminar.models import Participant
from tests.factories import make_edition


def described_by(page: str, field_id: str) -> list[str]:
    tag = re.search(rf'<(?:input|select|textarea)[^>]*\bid="{field_id}"[^>]*>', page).group(0)
    found = re.search(r'aria-describedby="([^"]*)"', tag)
    return found.group(1).split() if found else []


def test_registration_errors_are_tied_to_their_fields_and_marked_invalid(client):
    edition = make_edition()
    empty = {f"rank_{n}": "" for n in range(1, 18)}
    page = client.post(f"/e/{edition.slug}/register?lang=es", data=empty).get_data(as_text=True)
    for field_id in ("first_name", "email", "country", "actor_type", "consent"):
        assert described_by(page, field_id) == [f"{field_id}-error"]
        assert re.search(rf'<div id="{field_id}-error"><p class="error">[^<]+</p>', page)
    tag = re.search(r'<input[^>]*id="first_name"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in tag
    assert 'aria-describedby="ranking-hint ranking-error"' in page
    assert described_by(page, "rank_1") == ["ranking-error"]
    assert described_by(page, "position") == []


def test_a_hint_is_tied_to_its_field(client):
    page = client.get("/certificates/verify?lang=en").get_data(as_text=True)
    assert described_by(page, "code") == ["code-hint"]
    assert 'id="code-hint"' in page


def test_switching_language_on_the_verification_form_shows_no_error(client):
    response = client.get("/certificates/verify?lang=pt")
    assert response.status_code == 200
    assert "aria-invalid" not in response.get_data(as_text=True)
    assert client.get("/certificates/verify?code=nope").status_code == 422


def test_a_registration_with_no_workshop_ranked_is_refused_on_the_ranking(client):
    edition = make_edition()
    data = {"first_name": "Ana", "last_name": "Pereira", "email": "ana@example.org",
            "country": "UY", "city": "Montevideo", "institution": "Intendencia",
            "actor_type": "local_government", "language": "es", "consent": "y",
            **{f"rank_{n}": "" for n in range(1, 18)}}  # fmt: skip
    response = client.post(f"/e/{edition.slug}/register?lang=es", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert re.search(r'<div id="ranking-error"><p class="error">Elija al menos 3', page)
    assert db.session.scalar(select(func.count(Participant.id))) == 0
