"""What the server does for stations that worked offline: chunks whose bad scans are answered one
by one, the server's clock on every answer, a fresh CSRF token, what a station said offline,
badges replaced before or after an offline scan, and workshop doors (dashboard, certificates)."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from seminar.certificates import services as certificates
from seminar.checkin import dashboard, services
from seminar.clock import set_now
from seminar.extensions import db
from seminar.models import Assignment, Attendance, CheckIn, WorkshopAttendance
from tests.factories import make_edition, make_participant, make_user
from tests.test_checkin_api import bearer

DAY_2 = datetime(2017, 10, 5, 13, 0, tzinfo=UTC)  # 10:00 in Puerto Montt


def offline_scan(edition, code, client_id, at, **extra):
    return {"code": code, "station": "P1", "client_id": client_id, "edition": edition.slug,
            "scanned_at": at.isoformat(), **extra}  # fmt: skip


def test_a_bad_scan_in_a_chunk_answers_error_with_its_client_id_and_the_rest_lands(client):
    edition = make_edition()
    people = [make_participant(edition) for _ in range(3)]
    scans = [offline_scan(edition, p.badge_code, f"c{n}", DAY_2) for n, p in enumerate(people)]
    scans[1]["workshop"] = 999_999
    scans.insert(2, {"code": "x", "client_id": "c-naive", "scanned_at": "2017-10-05T10:00:00"})
    body = client.post("/api/v1/checkin/batch", json={"scans": scans}, headers=bearer())
    results = body.get_json()["results"]
    assert [(r["status"], r["client_id"]) for r in results] == [
        ("ok", "c0"), ("error", "c1"), ("error", "c-naive"), ("ok", "c2"),
    ]  # fmt: skip
    assert "no such workshop" in results[1]["message"]
    assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 2


def test_a_chunk_over_the_limit_is_refused_whole(client):
    edition = make_edition()
    code = make_participant(edition).badge_code
    scans = [offline_scan(edition, code, f"c{n}", DAY_2) for n in range(501)]
    response = client.post("/api/v1/checkin/batch", json={"scans": scans}, headers=bearer())
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 0


def test_every_api_answer_carries_the_server_clock_even_a_401(client):
    set_now(DAY_2)
    headers = bearer()
    answered = client.get("/api/v1/station", headers=headers)
    assert answered.headers["X-Server-Time"] == str(int(DAY_2.timestamp() * 1000))
    assert answered.get_json()["role"] == "checkin"
    refused = client.get("/api/v1/station")
    assert refused.status_code == 401 and refused.headers["X-Server-Time"]


def test_the_station_endpoint_gives_a_csrf_token_that_the_session_accepts(app, database_url):
    from tests.conftest import make_app

    live = make_app(database_url)  # CSRF on, as in production
    edition = make_edition()
    make_user("checkin", "door@example.org")
    code = make_participant(edition).badge_code
    db.session.commit()
    browser = live.test_client()
    login = browser.get("/login").get_data(as_text=True)
    token = login.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    browser.post("/login", data={"email": "door@example.org", "password": "a-long-password",
                                 "csrf_token": token})  # fmt: skip
    assert browser.post("/api/v1/checkin/batch", json={"scans": []}).status_code == 400
    fresh = browser.get("/api/v1/station").get_json()["csrf_token"]
    scans = [{"code": code, "client_id": "c1", "scanned_at": DAY_2.isoformat()}]
    accepted = browser.post(
        "/api/v1/checkin/batch", json={"scans": scans}, headers={"X-CSRFToken": fresh}
    )
    assert accepted.get_json()["results"][0]["status"] == "ok"
    with live.app_context():
        db.engine.dispose()


def test_the_station_page_keeps_its_login_through_a_restart(client):
    edition = make_edition()
    client.post("/login", data={"email": make_user("checkin").email, "password": "a-long-password"})
    response = client.get(f"/checkin/{edition.slug}/")
    cookie = response.headers["Set-Cookie"]
    assert "session=" in cookie and "Expires=" in cookie


def test_what_the_station_said_offline_is_kept_and_a_bad_value_refused(client):
    edition = make_edition()
    code = make_participant(edition).badge_code
    scans = [offline_scan(edition, code, "c1", DAY_2, offline_answer="ok"),
             offline_scan(edition, code, "c2", DAY_2, offline_answer="welcome")]  # fmt: skip
    results = client.post("/api/v1/checkin/batch", json={"scans": scans}, headers=bearer())
    assert [r["status"] for r in results.get_json()["results"]] == ["ok", "error"]
    assert db.session.scalars(select(CheckIn.offline_answer)).all() == ["ok"]


def test_an_offline_scan_before_the_badge_was_replaced_counts_for_its_holder(app):
    edition = make_edition()
    person = make_participant(edition)
    old = person.badge_code
    set_now(DAY_2 + timedelta(hours=3))
    services.revoke_badge(person, "lost at lunch")
    set_now(DAY_2 + timedelta(hours=8))
    before = services.scan(edition, old, "P1", client_id="a", scanned_at=DAY_2)
    after = services.scan(
        edition, old, "P1", client_id="b", scanned_at=DAY_2 + timedelta(hours=4),
        offline_answer="ok",
    )  # fmt: skip
    db.session.commit()
    assert (before["status"], after["status"]) == ("ok", "revoked")
    assert before["participant"]["name"] == person.full_name
    (attendance,) = db.session.scalars(select(Attendance)).all()
    assert (attendance.participant_id, attendance.checked_in_at) == (person.id, DAY_2)
    assert services.scan(edition, old, "P1")["status"] == "revoked"  # online: revoked now
    (flagged,) = dashboard.let_in_offline(edition)
    assert (flagged.code, flagged.result, flagged.Participant.id) == (old, "revoked", person.id)


def door_of(edition, ods: int):
    return next(w for w in edition.rounds[0].workshops if w.ods == ods)


def assign(person, workshop):
    db.session.add(Assignment(participant=person, round_id=workshop.round_id, workshop=workshop))
    db.session.commit()


def test_a_workshop_door_counts_each_person_once_and_says_who_was_not_assigned(app):
    set_now(DAY_2)
    edition = make_edition()
    workshop = door_of(edition, 11)
    assigned, other = make_participant(edition), make_participant(edition)
    assign(assigned, workshop)
    first = services.scan(edition, assigned.badge_code, "Sala 11", workshop_id=workshop.id)
    again = services.scan(edition, assigned.badge_code, "Sala 11", workshop_id=workshop.id)
    stranger = services.scan(edition, other.badge_code, "Sala 11", workshop_id=workshop.id)
    db.session.commit()
    assert [a["status"] for a in (first, again, stranger)] == ["ok", "already_checked_in", "ok"]
    assert first["participant"]["assigned_here"] is True
    assert stranger["participant"]["assigned_here"] is False
    assert db.session.scalar(select(func.count()).select_from(WorkshopAttendance)) == 2
    assert db.session.scalar(select(func.count()).select_from(Attendance)) == 2  # here today
    # the entrance still answers ok: the day's attendance came from the door
    rows = {w["ods"]: w for w in dashboard.workshops(edition, DAY_2.date())}
    assert (rows[11]["door"], rows[11]["present"], rows[6]["door"]) == (2, 1, 0)


def test_a_workshop_of_another_edition_is_refused(client):
    edition, other = make_edition(), make_edition()
    code = make_participant(edition).badge_code
    workshop_id = door_of(other, 11).id
    response = client.post(
        "/api/v1/checkin",
        json={"code": code, "edition": edition.slug, "workshop": workshop_id},
        headers=bearer(),
    )
    assert response.status_code == 400 and "no such workshop" in response.get_json()["message"]
    assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 0


def test_codes_list_the_workshops_and_who_was_scanned_at_their_doors(client):
    edition = make_edition()
    person = make_participant(edition)
    workshop = door_of(edition, 11)
    services.scan(edition, person.badge_code, "Sala 11", workshop_id=workshop.id)
    db.session.commit()
    data = client.get(f"/api/v1/editions/{edition.slug}/codes", headers=bearer()).get_json()
    assert {"id": workshop.id, "round": "1", "ods": 11, "title": workshop.title,
            "room": "Sala 11"} in data["workshops"]  # fmt: skip
    assert data["workshop_attendance"] == [{"code": person.badge_code, "workshop": workshop.id}]


def test_the_doors_rule_needs_a_scan_at_each_assigned_workshop(app):
    set_now(DAY_2)
    edition = make_edition()
    workshop = door_of(edition, 11)
    came, entrance_only = make_participant(edition), make_participant(edition)
    for person in (came, entrance_only):
        assign(person, workshop)
    services.scan(edition, came.badge_code, "Sala 11", workshop_id=workshop.id)
    services.scan(edition, entrance_only.badge_code, "Entrada")
    db.session.commit()
    certificates.save_settings(edition, rule="workshops", min_days=1, hours=0, wording={})
    eligible = {s.participant.id for s in certificates.standings(edition) if s.eligible}
    assert eligible == {came.id, entrance_only.id}
    certificates.save_settings(edition, rule="doors", min_days=1, hours=0, wording={})
    db.session.commit()
    standings = {s.participant.id: s for s in certificates.standings(edition)}
    assert standings[came.id].eligible and standings[came.id].workshops[0]["ods"] == 11
    assert not standings[entrance_only.id].eligible
    assert standings[entrance_only.id].why == "missed_workshops"


def test_undoing_a_scan_at_a_workshop_door_takes_back_that_workshop_too(app):
    set_now(DAY_2)
    edition = make_edition()
    workshop = door_of(edition, 11)
    person = make_participant(edition)
    answer = services.scan(edition, person.badge_code, "Sala 11", workshop_id=workshop.id)
    services.undo(answer["checkin_id"], edition)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(WorkshopAttendance)) == 0
    again = services.scan(edition, person.badge_code, "Sala 11", workshop_id=workshop.id)
    assert again["status"] == "ok"


def test_a_time_claimed_before_the_edition_cannot_go_before_a_revocation(app):
    edition = make_edition()
    person = make_participant(edition)
    old = person.badge_code
    set_now(DAY_2)
    services.revoke_badge(person, "lost")
    long_before = datetime(2017, 9, 1, 12, tzinfo=UTC)
    answer = services.scan(edition, old, "P1", client_id="x", scanned_at=long_before)
    db.session.commit()
    assert answer["status"] == "revoked"
    assert db.session.scalar(select(func.count()).select_from(Attendance)) == 0


def test_codes_name_each_persons_workshops_by_id_and_describe_each_workshop_once(client):
    edition = make_edition(rounds=2)
    person, other = make_participant(edition), make_participant(edition)
    first = door_of(edition, 11)
    second = next(w for w in edition.rounds[1].workshops if w.ods == 6)
    assign(person, second)
    assign(person, first)
    db.session.commit()
    data = client.get(f"/api/v1/editions/{edition.slug}/codes", headers=bearer()).get_json()
    entries = {entry["code"]: entry for entry in data["participants"]}
    assert entries[person.badge_code]["workshops"] == [first.id, second.id]  # in round order
    assert entries[other.badge_code]["workshops"] == []
    described = {w["id"] for w in data["workshops"]}
    assert {first.id, second.id} <= described and len(described) == len(data["workshops"])


def test_codes_are_gzipped_for_a_station_that_accepts_it(client):
    import gzip
    import json

    edition = make_edition()
    people = [make_participant(edition) for _ in range(30)]
    url = f"/api/v1/editions/{edition.slug}/codes"
    plain = client.get(url, headers=bearer())
    assert "Content-Encoding" not in plain.headers and "Accept-Encoding" in plain.headers["Vary"]
    packed = client.get(url, headers={**bearer(), "Accept-Encoding": "gzip, deflate, br"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert len(packed.data) < len(plain.data) / 2
    data = json.loads(gzip.decompress(packed.data))
    assert sorted(p["code"] for p in data["participants"]) == sorted(p.badge_code for p in people)
    refused = client.get(url, headers={**bearer(), "Accept-Encoding": "gzip;q=0"})
    assert "Content-Encoding" not in refused.headers


def test_codes_answer_304_while_nothing_changed_and_name_check_ins_by_position(client):
    edition = make_edition()
    people = [make_participant(edition) for _ in range(3)]
    url = f"/api/v1/editions/{edition.slug}/codes"
    first = client.get(url, headers=bearer())
    etag = first.headers["ETag"]
    assert first.status_code == 200 and first.get_json()["attendance"] == []
    again = client.get(url, headers={**bearer(), "If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    scan = offline_scan(edition, people[1].badge_code, "c1", DAY_2)
    sent = client.post("/api/v1/checkin/batch", json={"scans": [scan]}, headers=bearer())
    assert sent.get_json()["results"][0]["status"] == "ok"
    changed = client.get(url, headers={**bearer(), "If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    data = changed.get_json()
    (entry,) = data["attendance"]
    assert data["participants"][entry["p"]]["code"] == people[1].badge_code
    assert entry["day"] == "2017-10-05" and entry["station"] == "P1"
    set_now(DAY_2 + timedelta(hours=1))  # a later copy of the same content: still 304
    assert (
        client.get(url, headers={**bearer(), "If-None-Match": changed.headers["ETag"]}).status_code
        == 304
    )
