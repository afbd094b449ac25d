from sqlalchemy import func, select

from seminar import users
from seminar.checkin import services
from seminar.extensions import db
from seminar.models import ApiToken, Attendance, CheckIn
from tests.factories import edited, make_edition, make_participant, make_user


def bearer(role="checkin"):
    token = users.issue_token(make_user(role), "phone 1")
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def test_checkin_without_credentials_is_401_json(client):
    response = client.post("/api/v1/checkin", json={"code": "x", "station": "s"})
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthorized"


def test_checkin_with_a_revoked_token_is_401(client):
    headers = bearer()
    users.revoke_token(db.session.scalars(select(ApiToken.id)).one())
    db.session.commit()
    response = client.post("/api/v1/checkin", json={"code": "x"}, headers=headers)
    assert response.status_code == 401


def test_checkin_with_bad_json_or_no_code_is_400_json(client):
    headers = bearer()
    bad = client.post(
        "/api/v1/checkin", data="{nope", content_type="application/json", headers=headers
    )
    assert bad.status_code == 400 and bad.get_json()["error"] == "bad_request"
    missing = client.post("/api/v1/checkin", json={"station": "s"}, headers=headers)
    assert missing.status_code == 400
    naive = client.post(
        "/api/v1/checkin",
        json={"code": "x", "scanned_at": "2017-10-05T10:00:00"},
        headers=headers,
    )
    assert naive.status_code == 400


def test_the_api_answers_in_english_whatever_the_station_language(client):
    headers = {**bearer(), "Accept-Language": "es"}
    response = client.post(
        "/api/v1/checkin", json={"code": "x", "edition": "nope"}, headers=headers
    )
    assert response.status_code == 400
    assert response.get_json()["message"] == "no edition with slug 'nope'"


def test_each_badge_ok_then_already_then_revoked_and_invalid(client):
    edition = make_edition()
    people = [make_participant(edition) for _ in range(3)]
    headers = bearer()
    for person in people:
        body = client.post(
            "/api/v1/checkin", json={"code": person.badge_code, "station": "P1"}, headers=headers
        ).get_json()
        assert body["status"] == "ok"
        assert body["participant"]["name"] == person.full_name
    for person in people:
        body = client.post(
            "/api/v1/checkin", json={"code": person.badge_code, "station": "P2"}, headers=headers
        ).get_json()
        assert body["status"] == "already_checked_in"
        assert body["participant"]["first_checkin"]["station"] == "P1"
    old = people[0].badge_code
    services.revoke_badge(people[0])
    db.session.commit()
    revoked = client.post("/api/v1/checkin", json={"code": old}, headers=headers).get_json()
    assert (revoked["status"], revoked["participant"]) == ("revoked", None)
    invalid = client.post(
        "/api/v1/checkin", json={"code": edited(old), "station": "P1"}, headers=headers
    )
    assert invalid.status_code == 200 and invalid.get_json()["status"] == "invalid"
    assert db.session.scalar(select(func.count()).select_from(Attendance)) == 3


def test_batch_sync_answers_each_scan_and_counts_resent_ones_once(client):
    edition = make_edition()
    person = make_participant(edition)
    headers = bearer()
    scan = {
        "code": person.badge_code,
        "station": "P3",
        "client_id": "p3-0001",
        "scanned_at": "2017-10-05T10:02:00-03:00",
    }
    body = {"scans": [scan, scan, {"station": "P3"}]}
    results = client.post("/api/v1/checkin/batch", json=body, headers=headers).get_json()
    assert [r["status"] for r in results["results"]] == ["ok", "ok", "error"]
    assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 1


def test_codes_for_the_offline_cache_hold_codes_and_display_names_only(client):
    edition = make_edition()
    person = make_participant(edition)
    data = client.get(f"/api/v1/editions/{edition.slug}/codes", headers=bearer()).get_json()
    (entry,) = data["participants"]
    assert entry["code"] == person.badge_code and entry["name"] == person.full_name
    assert "email" not in entry
    assert data["edition"]["timezone"] == "America/Santiago"


def test_search_ignores_accents_and_finds_confirmed_people_only(client):
    edition = make_edition()
    person = make_participant(edition, first_name="Concepción", last_name="Ñandú")
    make_participant(edition, first_name="Concepción", last_name="Espera", status="waitlisted")
    response = client.get(
        f"/api/v1/editions/{edition.slug}/search?q=concepcion nandu", headers=bearer()
    )
    assert [r["code"] for r in response.get_json()["results"]] == [person.badge_code]


def test_session_post_without_csrf_token_is_refused(app, database_url):
    from tests.conftest import make_app

    live = make_app(database_url)  # CSRF on, as in production
    edition = make_edition()
    make_user("checkin", "door@example.org")
    code, slug = make_participant(edition).badge_code, edition.slug
    db.session.commit()  # end the read transaction: SQLite would make the live app wait
    browser = live.test_client()
    login = browser.get("/login")
    token = login.get_data(as_text=True).split('name="csrf_token" type="hidden" value="')[1]
    browser.post(
        "/login",
        data={"email": "door@example.org", "password": "a-long-password",
              "csrf_token": token.split('"')[0]},
    )  # fmt: skip
    refused = browser.post("/api/v1/checkin", json={"code": code})
    assert refused.status_code == 400
    page = browser.get(f"/checkin/{slug}/").get_data(as_text=True)
    csrf = page.split('data-csrf="')[1].split('"')[0]
    accepted = browser.post("/api/v1/checkin", json={"code": code}, headers={"X-CSRFToken": csrf})
    assert accepted.get_json()["status"] == "ok"
    with live.app_context():
        db.engine.dispose()


def test_undo_of_the_last_scan_frees_the_day_for_a_new_ok(client):
    edition = make_edition()
    person = make_participant(edition)
    headers = bearer()
    first = client.post(
        "/api/v1/checkin", json={"code": person.badge_code}, headers=headers
    ).get_json()
    undone = client.post(
        f"/api/v1/editions/{edition.slug}/checkin/{first['checkin_id']}/undo", headers=headers
    )
    assert undone.status_code == 200
    assert db.session.scalar(select(func.count()).select_from(Attendance)) == 0
    again = client.post("/api/v1/checkin", json={"code": person.badge_code}, headers=headers)
    assert again.get_json()["status"] == "ok"
    missing = f"/api/v1/editions/{edition.slug}/checkin/999999/undo"
    assert client.post(missing, headers=headers).status_code == 404


def test_async_commit_setting_still_records_the_scan(client, app):
    app.config["CHECKIN_ASYNC_COMMIT"] = True
    person = make_participant(make_edition())
    body = client.post(
        "/api/v1/checkin", json={"code": person.badge_code}, headers=bearer()
    ).get_json()
    assert body["status"] == "ok"
    assert db.session.scalar(select(func.count()).select_from(Attendance)) == 1
