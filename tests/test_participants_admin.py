"""An organiser's participant page over HTTP: edit, approve, resend the link; a refusal says why
in the organiser's language and changes nothing."""

import os
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from seminar.extensions import db
from seminar.models import OutboxMessage, Participant
from tests.factories import make_edition, make_participant


@pytest.fixture
def client(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def form_of(person, **changes) -> dict:
    data = {
        key: getattr(person, key) or ""
        for key in (
            "first_name", "last_name", "email", "country", "city", "institution", "position",
            "actor_type", "language", "accessibility", "dietary", "role",
        )
    }  # fmt: skip
    data.update({f"rank_{i}": str(ods) for i, ods in enumerate(person.ranking, 1)})
    return {**data, **changes}


def queued(person) -> list[str]:
    return db.session.scalars(
        select(OutboxMessage.template).where(OutboxMessage.participant_id == person.id)
    ).all()


def test_organiser_edits_a_person_and_sets_their_role(client, login):
    edition = make_edition()
    person = make_participant(edition, ranking=(11, 6, 13))
    login()
    url = f"/admin/e/{edition.slug}/participants/{person.id}"
    assert client.get(url).status_code == 200
    data = form_of(person, institution="Intendencia de Montevideo", role="speaker", rank_1="5")
    assert client.post(url, data=data).status_code == 302
    db.session.expire_all()
    assert (person.institution, person.role) == ("Intendencia de Montevideo", "speaker")
    assert person.ranking == [5, 6, 13]


def test_an_edit_with_a_ranking_too_short_is_refused_and_nothing_changes(client, login):
    edition = make_edition()
    person = make_participant(edition, ranking=(11, 6, 13))
    login()
    url = f"/admin/e/{edition.slug}/participants/{person.id}"
    data = form_of(person, institution="Otra", rank_2="", rank_3="")
    response = client.post(url, data=data)
    assert response.status_code == 422 and 'id="ranking-error"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert person.institution == "Municipalidad de Puerto Montt"
    assert person.ranking == [11, 6, 13]


def test_organiser_approves_a_pending_registration_and_it_is_emailed(client, login):
    edition = make_edition(requires_approval=True)
    person = make_participant(edition, status="pending")
    login()
    response = client.post(f"/admin/e/{edition.slug}/participants/{person.id}/approve")
    assert response.status_code == 302
    db.session.expire_all()
    assert person.status == "confirmed" and person.badge_code
    assert "registration_confirmed" in queued(person)


def test_approving_someone_already_confirmed_says_so_and_sends_nothing(client, login):
    edition = make_edition()
    person = make_participant(edition)
    login()
    response = client.post(f"/admin/e/{edition.slug}/participants/{person.id}/approve")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "not waiting for approval" in page
    assert queued(person) == []


def test_organiser_resends_the_private_link(client, login):
    edition = make_edition()
    person = make_participant(edition)
    login()
    client.post(f"/admin/e/{edition.slug}/participants/{person.id}/resend")
    assert queued(person) == ["manage_link"]


def test_another_editions_participant_is_not_found_here(client, login):
    edition, other = make_edition(), make_edition()
    person = make_participant(other)
    login()
    assert client.get(f"/admin/e/{edition.slug}/participants/{person.id}").status_code == 404
    response = client.post(f"/admin/e/{edition.slug}/participants/{person.id}/cancel")
    assert response.status_code == 404
    db.session.expire_all()
    assert person.status == "confirmed"


def preview_import(client, edition, rows) -> str:
    """Upload a participants CSV for preview; returns the token the apply form carries."""
    import io

    from tests.test_participants_import import csv_bytes

    data = {"file": (io.BytesIO(csv_bytes(rows)), "people.csv"), "sheet": ""}
    page = client.post(f"/admin/e/{edition.slug}/participants/import", data=data)
    assert page.status_code == 200
    return page.get_data(as_text=True).split('name="upload" type="hidden" value="')[1][:32]


def test_an_applied_import_leaves_no_copy_of_the_file_behind(app, client, login):
    from seminar.demo.people import people

    edition = make_edition()
    login()
    upload = preview_import(client, edition, people(2))
    uploads = Path(app.instance_path) / "uploads"
    assert (uploads / f"{upload}.upload").exists()
    apply = f"/admin/e/{edition.slug}/participants/import/apply"
    client.post(apply, data={"upload": upload, "sheet": ""})
    assert not (uploads / f"{upload}.upload").exists()
    again = client.post(apply, data={"upload": upload, "sheet": ""})
    assert "That import has expired" in client.get(again.headers["Location"]).get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 2


def test_an_upload_left_for_a_day_is_gone_and_cannot_be_applied(app, client, login):
    from seminar.demo.people import people

    edition = make_edition()
    login()
    upload = preview_import(client, edition, people(2))
    staged = Path(app.instance_path) / "uploads" / f"{upload}.upload"
    a_day_ago = time.time() - 24 * 3600 - 60
    os.utime(staged, (a_day_ago, a_day_ago))
    preview_import(client, edition, people(1))  # the next upload sweeps the old one away
    assert not staged.exists()
    client.post(
        f"/admin/e/{edition.slug}/participants/import/apply", data={"upload": upload, "sheet": ""}
    )
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 0
