from datetime import UTC, datetime

from sqlalchemy import select

from seminar import users
from seminar.checkin import services
from seminar.clock import set_now
from seminar.extensions import db
from seminar.models import ApiToken, Assignment, Participant
from tests.factories import make_edition, make_participant, make_user


def test_checkin_user_lands_on_the_station_of_the_open_edition(client, login):
    edition = make_edition()
    login("checkin")
    home = client.get("/admin/")
    assert home.status_code == 302 and home.headers["Location"].endswith("/checkin/")
    station = client.get("/checkin/")
    assert station.headers["Location"].endswith(f"/checkin/{edition.slug}/")
    page = client.get(f"/checkin/{edition.slug}/")
    assert page.status_code == 200 and b'id="code"' in page.data


def test_station_needs_a_login_and_the_dashboard_an_admin(app, client, login):
    edition = make_edition()
    assert app.test_client().get(f"/checkin/{edition.slug}/").status_code == 302
    login("checkin")
    assert client.get(f"/admin/e/{edition.slug}/checkin").status_code == 403


def test_service_worker_scope_covers_the_station_and_caches_the_shell(client):
    response = client.get("/checkin/sw.js")
    assert response.mimetype == "application/javascript"
    assert b"/static/js/checkin.js" in response.data
    assert b"/static/vendor/jsqr/jsQR.js" in response.data
    for script in (b"checkin-queue.js", b"checkin-tools.js"):
        assert b"/static/js/" + script in response.data


def test_walk_in_registered_at_the_desk_gets_a_badge_code_after_registration_closed(client, login):
    edition = make_edition(registration_closes_at=datetime(2017, 9, 1, tzinfo=UTC))
    login("checkin")
    response = client.post(
        f"/checkin/{edition.slug}/walk-in",
        data={"first_name": "Joana", "last_name": "Conceição", "email": "joana@example.org",
              "country": "BR", "institution": "Prefeitura", "actor_type": "local_government",
              "role": "participant"},
    )  # fmt: skip
    body = response.get_json()
    assert response.status_code == 200, body
    person = db.session.scalars(select(Participant)).one()
    assert body["status"] == "confirmed" and body["code"] == person.badge_code
    assert person.source == "desk"
    assert services.scan(edition, body["code"], "desk")["status"] == "ok"
    badge = client.get(body["badge_url"])
    assert badge.status_code == 200 and badge.mimetype == "application/pdf"


def test_walk_in_with_missing_fields_answers_the_errors(client, login):
    edition = make_edition()
    login("checkin")
    response = client.post(f"/checkin/{edition.slug}/walk-in", data={"first_name": "Ana"})
    assert response.status_code == 422
    assert "email" in response.get_json()["errors"]


def test_dashboard_shows_arrivals_workshops_against_seats_and_who_is_missing(client, login):
    set_now(datetime(2017, 10, 5, 13, 0, tzinfo=UTC))
    edition = make_edition(seats=25)
    here = make_participant(edition, first_name="Presente", last_name="Aquí")
    make_participant(edition, first_name="Ausente", last_name="Todavía")
    workshop = edition.rounds[0].workshops[0]
    db.session.add(Assignment(participant=here, round_id=workshop.round_id, workshop=workshop))
    db.session.commit()
    services.scan(edition, here.badge_code, "P1")
    db.session.commit()
    login("admin")
    page = client.get(f"/admin/e/{edition.slug}/checkin").get_data(as_text=True)
    assert "<svg" in page and "<rect" in page
    missing = page.split('id="missing"')[1]
    assert "Ausente Todavía" in missing and "Presente Aquí" not in missing
    row = page.split('id="workshops"')[1].split("<tr>")[2]
    assert "<td>25</td><td>1</td><td>1" in row
    live = client.get(f"/admin/e/{edition.slug}/checkin/live").get_json()
    assert (live["present"], live["missing"]) == (1, 1)


def test_admin_revokes_a_device_token_and_it_stops_working(client, login):
    door = make_user("checkin")
    token = users.issue_token(door, "phone 7")
    db.session.commit()
    login("admin")
    assert "phone 7" in client.get("/admin/tokens").get_data(as_text=True)
    token_id = db.session.scalars(select(ApiToken.id)).one()
    client.post(f"/admin/tokens/{token_id}/revoke")
    client.post("/logout")
    response = client.post(
        "/api/v1/checkin", json={"code": "x"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 401
