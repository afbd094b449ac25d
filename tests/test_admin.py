import io

import pytest
from sqlalchemy import func, select

from config import DEV_SECRET_KEY
from seminar import create_app
from seminar.extensions import db
from seminar.models import AuditEntry, Participant
from tests.factories import make_edition, make_participant, make_user
from tests.test_participants_import import csv_bytes


def test_organiser_pages_need_a_login(client):
    edition = make_edition()
    for url in (
        "/admin/",
        f"/admin/e/{edition.slug}/",
        f"/admin/e/{edition.slug}/participants/",
        "/admin/outbox",
        "/admin/audit",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


def test_wrong_password_is_refused_next_to_the_field(client):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": "wrong-password"})
    assert response.status_code == 422
    assert 'id="password-error"' in response.get_data(as_text=True)


def test_checkin_role_cannot_open_admin_pages(client, login):
    edition = make_edition()
    login("checkin")
    assert client.get(f"/admin/e/{edition.slug}/participants/").status_code == 403


def test_organiser_tabs_mark_the_page_you_are_on(client, login):
    edition = make_edition()
    login()
    current = 'aria-current="page"'
    participants = client.get(f"/admin/e/{edition.slug}/participants/").get_data(as_text=True)
    assert f'href="/admin/e/{edition.slug}/participants/" {current}' in participants
    assert participants.count(current) == 1
    home = client.get(f"/admin/e/{edition.slug}/").get_data(as_text=True)
    assert f'href="/admin/e/{edition.slug}/" {current}' in home
    assert home.count(current) == 1


def test_search_is_accent_insensitive(client, login):
    edition = make_edition()
    make_participant(edition, city="Concepción", first_name="Inés")
    make_participant(edition, city="Valdivia", first_name="Pedro")
    login()
    page = client.get(f"/admin/e/{edition.slug}/participants/?q=concepcion").get_data(as_text=True)
    assert "Inés" in page and "Pedro" not in page
    page = client.get(f"/admin/e/{edition.slug}/participants/?q=INES").get_data(as_text=True)
    assert "Inés" in page


def test_import_shows_a_preview_and_changes_nothing_until_applied(client, login):
    from seminar.demo.people import people

    edition = make_edition(capacity=100)
    login()
    data = {"file": (io.BytesIO(csv_bytes(people(12))), "people.csv")}
    preview = client.post(
        f"/admin/e/{edition.slug}/participants/import",
        data=data,
        content_type="multipart/form-data",
    )
    assert preview.status_code == 200
    assert "<b>12</b>" in preview.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 0
    upload = preview.get_data(as_text=True).split('name="upload" type="hidden" value="')[1][:32]
    client.post(f"/admin/e/{edition.slug}/participants/import/apply", data={"upload": upload})
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 12
    assert db.session.scalars(select(AuditEntry.action)).all().count("participants.import") == 1


def test_import_preview_lists_bad_lines_and_writes_nothing(client, login):
    from seminar.demo.people import people

    edition = make_edition()
    rows = people(3)
    rows[1]["actor_type"] = "wizard"
    login()
    response = client.post(
        f"/admin/e/{edition.slug}/participants/import",
        data={"file": (io.BytesIO(csv_bytes(rows)), "p.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "línea 3, columna actor_type: tipo de actor desconocido «wizard»" in page
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 0


def test_organiser_cancel_frees_the_seat_and_is_audited(client, login):
    edition = make_edition()
    person = make_participant(edition)
    admin = make_user()
    login(admin)
    client.post(f"/admin/e/{edition.slug}/participants/{person.id}/cancel")
    db.session.refresh(person)
    db.session.refresh(edition)
    assert person.status == "cancelled" and edition.seats_taken == 0
    entry = db.session.scalars(select(AuditEntry).filter_by(action="participant.cancel")).one()
    assert entry.actor == admin.email


def test_xlsx_export_opens_in_openpyxl(client, login):
    from openpyxl import load_workbook

    edition = make_edition()
    make_participant(edition, first_name="Conceição")
    login()
    response = client.get(f"/admin/e/{edition.slug}/participants/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.values)
    assert rows[0][0] == "first_name" and rows[1][0] == "Conceição"


def test_outbox_page_shows_the_rendered_email(client, login):
    from seminar.registration.seats import notify

    person = make_participant(make_edition(), first_name="<script>alert(1)</script>")
    notify(person, "registration_confirmed")
    db.session.commit()
    login()
    page = client.get("/admin/outbox/1").get_data(as_text=True)
    assert "Inscripción confirmada" in page
    assert "<script>alert(1)</script>" not in page


def test_healthz_reports_the_database_and_migration(client):
    body = client.get("/healthz").get_json()
    assert body == {
        "status": "ok",
        "database": "ok",
        "migration": body["migration"],
        "translations": "ok",
    }
    assert body["migration"].startswith("0")


def test_security_headers_are_set(client):
    headers = client.get("/login").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_forms_without_a_csrf_token_are_refused(database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True})
    with app.app_context():
        edition = make_edition()
        response = app.test_client().post(f"/e/{edition.slug}/register", data={"first_name": "x"})
        assert response.status_code == 400
        assert db.session.scalar(select(func.count()).select_from(Participant)) == 0
        db.session.remove()
        db.engine.dispose()


def test_public_posts_are_rate_limited(database_url):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_PUBLIC_POST": "3/minute",
        }
    )
    with app.app_context():
        edition = make_edition()
        client = app.test_client()
        codes = [client.post(f"/e/{edition.slug}/register", data={}).status_code for _ in range(4)]
        assert codes == [422, 422, 422, 429]
        db.session.remove()
        db.engine.dispose()


def test_production_refuses_the_development_secret_key():
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"ENV_NAME": "production", "SECRET_KEY": DEV_SECRET_KEY})


def test_passwords_are_stored_hashed():
    from seminar.models import User

    user = User(email="a@example.org", role="admin")
    user.set_password("a-long-password")
    assert "a-long-password" not in user.password_hash and user.check_password("a-long-password")


def test_database_down_answers_503_and_keeps_nothing_half_done(tmp_path):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/dir/db.sqlite3",
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
        }
    )
    client = app.test_client()
    page = client.post("/e/any/register", data={"first_name": "Ana"})
    assert page.status_code == 503 and "Retry-After" in page.headers
    api = client.post("/api/v1/checkin", json={"code": "x"}, headers={"Authorization": "Bearer x"})
    assert api.status_code == 503 and api.get_json()["error"] == "unavailable"
