"""Organisers' edition pages over HTTP: create and edit an edition, rooms, the workshops CSV.
Bad input answers next to the field or in a message, and changes nothing."""

import io
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from seminar.extensions import db
from seminar.models import Edition, Room, Workshop
from tests.factories import make_edition, make_participant

FORM = {
    "slug": "florianopolis-2026",
    "name": "Seminario Florianópolis",
    "city": "Florianópolis",
    "venue": "Centro de Eventos",
    "description": "",
    "starts_on": "2026-05-04",
    "ends_on": "2026-05-06",
    "timezone": "America/Sao_Paulo",
    "registration_opens_at": "2026-03-01T09:00",
    "registration_closes_at": "2026-04-30T18:00",
    "capacity": "250",
    "status": "open",
    "reserve_share": "0.05",
    "max_actor_share": "0.4",
    "max_country_share": "0.3",
}


@pytest.fixture
def client(client):
    """Organisers here read English, so the messages are checked in their msgids' words."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def editions_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Edition))


def test_organiser_creates_an_edition_with_local_registration_times(client, login):
    login()
    response = client.post("/admin/editions/new", data=FORM)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/e/florianopolis-2026/")
    edition = db.session.scalars(select(Edition).filter_by(slug="florianopolis-2026")).one()
    assert (edition.name, edition.city, edition.capacity) == (
        "Seminario Florianópolis",
        "Florianópolis",
        250,
    )
    # 09:00 in Florianópolis (UTC-3) is 12:00 UTC.
    assert edition.registration_opens_at == datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    assert client.get("/admin/e/florianopolis-2026/").status_code == 200


def test_an_edition_that_ends_before_it_starts_is_refused_and_not_created(client, login):
    login()
    response = client.post("/admin/editions/new", data={**FORM, "ends_on": "2026-05-01"})
    assert response.status_code == 422
    assert 'id="ends_on-error"' in response.get_data(as_text=True)
    assert editions_count() == 0


def test_a_taken_slug_or_unknown_time_zone_is_refused_with_its_reason(client, login):
    make_edition(slug="florianopolis-2026")
    login()
    page = client.post("/admin/editions/new", data=FORM)
    assert page.status_code == 422 and "exists already" in page.get_data(as_text=True)
    page = client.post(
        "/admin/editions/new", data={**FORM, "slug": "otra", "timezone": "Mars/Olympus"}
    )
    assert page.status_code == 422 and "Mars/Olympus" in page.get_data(as_text=True)
    assert editions_count() == 1


def test_organiser_edits_an_edition_and_more_capacity_admits_the_waiting_list(client, login):
    edition = make_edition(capacity=1)
    make_participant(edition)
    waiting = make_participant(edition, status="waitlisted")
    login()
    response = client.post(
        f"/admin/e/{edition.slug}/", data={**FORM, "slug": edition.slug, "capacity": "2"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert (edition.name, edition.capacity) == ("Seminario Florianópolis", 2)
    assert waiting.status == "confirmed"


def test_capacity_below_the_seats_taken_is_refused_and_nothing_changes(client, login):
    edition = make_edition(capacity=3)
    make_participant(edition)
    make_participant(edition)
    login()
    response = client.post(
        f"/admin/e/{edition.slug}/", data={**FORM, "slug": edition.slug, "capacity": "1"}
    )
    assert response.status_code == 422
    assert "2 seats already taken" in response.get_data(as_text=True)
    db.session.expire_all()
    assert (edition.name, edition.capacity) == ("Seminario de prueba", 3)


def test_organiser_adds_a_room_and_changes_its_capacity(client, login):
    edition = make_edition(rounds=0)
    login()
    url = f"/admin/e/{edition.slug}/rooms"
    assert client.post(url, data={"name": "Sala Tepual", "capacity": "40"}).status_code == 302
    assert client.post(url, data={"name": "Sala Tepual", "capacity": "55"}).status_code == 302
    rooms = db.session.scalars(select(Room).filter_by(edition_id=edition.id)).all()
    assert [(r.name, r.capacity) for r in rooms] == [("Sala Tepual", 55)]


def test_a_room_without_a_capacity_is_refused_and_not_saved(client, login):
    edition = make_edition(rounds=0)
    login()
    response = client.post(
        f"/admin/e/{edition.slug}/rooms", data={"name": "Sala Tepual", "capacity": "0"}
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Check the room" in page
    assert db.session.scalar(select(func.count()).select_from(Room)) == 0


def upload(client, edition, text: str):
    data = {"file": (io.BytesIO(text.encode()), "workshops.csv"), "sheet": ""}
    return client.post(f"/admin/e/{edition.slug}/workshops/import", data=data)


def test_workshops_csv_upload_creates_them_and_says_how_many(client, login):
    edition = make_edition(rounds=0)
    login()
    response = upload(
        client, edition, "round,ods,room,capacity\n1,11,Sala Tepual,30\n1,6,Sala Reloncaví,25\n"
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 new, 0 changed" in page
    workshops = db.session.scalars(select(Workshop).order_by(Workshop.ods)).all()
    assert [(w.ods, w.capacity) for w in workshops] == [(6, 25), (11, 30)]


def test_a_bad_workshops_csv_names_the_line_and_imports_nothing(client, login):
    edition = make_edition(rounds=0)
    login()
    response = upload(
        client, edition, "round,ods,room,capacity\n1,11,Sala Tepual,30\n1,18,Sala X,25\n"
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "line 3, column ods: unknown ODS &#39;18&#39; (1 to 17)" in page
    assert db.session.scalar(select(func.count()).select_from(Workshop)) == 0


def test_a_bad_workshops_csv_names_the_line_in_the_page_language(client, login):
    edition = make_edition(rounds=0)
    login()
    text = "round,ods,room,capacity\n1,11,Sala Tepual,30\n1,11,Sala X,0\n"
    response = client.post(
        f"/admin/e/{edition.slug}/workshops/import?lang=pt",
        data={"file": (io.BytesIO(text.encode()), "workshops.csv"), "sheet": ""},
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "linha 3, coluna capacity: “0” não é um número inteiro positivo" in page
    assert "linha 3, coluna ods: o ODS “11” já está na rodada “1” na linha 2" in page
    assert db.session.scalar(select(func.count()).select_from(Workshop)) == 0


def test_a_form_posted_without_the_optional_texts_still_creates_the_edition(client, login):
    login()
    form = {k: v for k, v in FORM.items() if k not in ("venue", "description")}
    assert client.post("/admin/editions/new", data=form).status_code == 302
    edition = db.session.scalars(select(Edition).filter_by(slug="florianopolis-2026")).one()
    assert (edition.venue, edition.description) == ("", "")


def test_the_capacity_refusal_reads_in_spanish_on_a_spanish_page(client, login):
    edition = make_edition(capacity=3)
    make_participant(edition)
    make_participant(edition)
    login()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    response = client.post(
        f"/admin/e/{edition.slug}/", data={**FORM, "slug": edition.slug, "capacity": "1"}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "la capacidad no puede ser menor que los 2 lugares ya ocupados" in page
    assert "seats already taken" not in page
    db.session.expire_all()
    assert edition.capacity == 3
