from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from seminar.checkin import services
from seminar.clock import set_now
from seminar.extensions import db
from seminar.models import Assignment, Attendance, CheckIn
from tests.factories import edited, make_edition, make_participant

# 5 Oct 2017, 10:00 in Puerto Montt (UTC-3).
DAY_2 = datetime(2017, 10, 5, 13, 0, tzinfo=UTC)


def scan(edition, person_or_code, station="Puerta 1", **kwargs):
    code = getattr(person_or_code, "badge_code", person_or_code)
    answer = services.scan(edition, code, station, **kwargs)
    db.session.commit()
    return answer


def attendance_rows(person):
    return db.session.scalars(
        select(Attendance).where(Attendance.participant_id == person.id)
    ).all()


def test_first_scan_of_the_day_is_ok_with_name_role_workshop_and_room(app):
    set_now(DAY_2)
    edition = make_edition()
    person = make_participant(edition, first_name="Ana", last_name="Pérez", role="speaker")
    workshop = edition.rounds[0].workshops[10]
    db.session.add(Assignment(participant=person, round_id=workshop.round_id, workshop=workshop))
    db.session.commit()
    answer = scan(edition, person)
    assert answer["status"] == "ok"
    assert answer["participant"]["name"] == "Ana Pérez"
    assert answer["participant"]["role"] == "speaker"
    assert answer["participant"]["workshops"][0]["ods"] == 11
    assert answer["participant"]["workshops"][0]["room"] == "Sala 11"
    (row,) = attendance_rows(person)
    assert row.day.isoformat() == "2017-10-05" and row.station == "Puerta 1"


def test_second_scan_the_same_day_is_already_checked_in_with_first_time_and_station(app):
    set_now(DAY_2)
    edition = make_edition()
    person = make_participant(edition)
    scan(edition, person, station="Puerta 1")
    set_now(DAY_2 + timedelta(hours=2))
    answer = scan(edition, person, station="Puerta 2")
    assert answer["status"] == "already_checked_in"
    assert answer["participant"]["first_checkin"]["station"] == "Puerta 1"
    assert answer["participant"]["first_checkin"]["at"] == DAY_2.isoformat()
    assert len(attendance_rows(person)) == 1
    assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 2


def test_unknown_or_edited_code_is_invalid_and_logged(app):
    edition = make_edition()
    person = make_participant(edition)
    assert scan(edition, "no-such-code")["status"] == "invalid"
    assert scan(edition, edited(person.badge_code))["status"] == "invalid"
    assert scan(edition, "")["status"] == "invalid"
    logged = db.session.scalars(select(CheckIn.result)).all()
    assert logged == ["invalid"] * 3


def test_badge_of_another_edition_is_invalid_here(app):
    edition, other = make_edition(), make_edition()
    person = make_participant(other)
    assert scan(edition, person)["status"] == "invalid"
    assert attendance_rows(person) == []


def test_replaced_badge_answers_revoked_and_the_new_one_ok(app):
    edition = make_edition()
    person = make_participant(edition)
    old = person.badge_code
    new = services.revoke_badge(person, "lost")
    db.session.commit()
    assert new != old
    assert scan(edition, old)["status"] == "revoked"
    assert scan(None, old)["status"] == "revoked"
    assert scan(edition, new)["status"] == "ok"


def test_cancelled_participant_badge_answers_revoked(app):
    edition = make_edition()
    person = make_participant(edition)
    person.status = "cancelled"
    db.session.commit()
    assert scan(edition, person)["status"] == "revoked"
    assert attendance_rows(person) == []


def test_same_client_id_sent_twice_counts_once_and_answers_the_same(app):
    edition = make_edition()
    person = make_participant(edition)
    first = scan(edition, person, client_id="station-1-0001")
    again = scan(edition, person, client_id="station-1-0001")
    assert first["status"] == again["status"] == "ok"
    assert first["checkin_id"] == again["checkin_id"]
    assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 1
    assert len(attendance_rows(person)) == 1


def test_days_are_counted_in_the_editions_time_zone(app):
    edition = make_edition()
    person = make_participant(edition)
    # 23:30 on 4 Oct in Puerto Montt is already 5 Oct in UTC: still the same local day.
    set_now(datetime(2017, 10, 5, 2, 30, tzinfo=UTC))
    assert scan(edition, person)["status"] == "ok"
    set_now(datetime(2017, 10, 4, 12, 0, tzinfo=UTC))
    assert scan(edition, person)["status"] == "already_checked_in"
    set_now(datetime(2017, 10, 5, 12, 0, tzinfo=UTC))
    assert scan(edition, person)["status"] == "ok"
    assert sorted(a.day.isoformat() for a in attendance_rows(person)) == [
        "2017-10-04",
        "2017-10-05",
    ]


def test_a_day_outside_the_edition_is_recorded_as_rehearsal(app):
    edition = make_edition()
    person = make_participant(edition)
    set_now(datetime(2017, 10, 3, 15, 0, tzinfo=UTC))
    assert scan(edition, person)["status"] == "ok"
    (row,) = attendance_rows(person)
    assert row.day.isoformat() == "2017-10-03" and row.day < edition.starts_on


def test_offline_scan_synced_later_with_earlier_time_becomes_the_first(app):
    set_now(DAY_2)
    edition = make_edition()
    person = make_participant(edition)
    scan(edition, person, station="Puerta 1")
    earlier = DAY_2 - timedelta(minutes=20)
    answer = scan(edition, person, station="Puerta 2", client_id="p2-1", scanned_at=earlier)
    assert answer["status"] == "ok"
    (row,) = attendance_rows(person)
    assert (row.station, row.checked_in_at) == ("Puerta 2", earlier)
    assert row.first_checkin_id == answer["checkin_id"]
    stations = db.session.scalars(select(CheckIn.station).order_by(CheckIn.id)).all()
    assert stations == ["Puerta 1", "Puerta 2"]


def test_offline_scan_synced_later_with_later_time_is_already(app):
    set_now(DAY_2)
    edition = make_edition()
    person = make_participant(edition)
    scan(edition, person, station="Puerta 1")
    later = DAY_2 + timedelta(minutes=20)
    answer = scan(edition, person, station="Puerta 2", client_id="p2-1", scanned_at=later)
    assert answer["status"] == "already_checked_in"
    assert answer["participant"]["first_checkin"]["station"] == "Puerta 1"
    (row,) = attendance_rows(person)
    assert row.station == "Puerta 1"


def test_undo_of_the_first_scan_removes_the_attendance(app):
    edition = make_edition()
    person = make_participant(edition)
    answer = scan(edition, person)
    services.undo(answer["checkin_id"], edition)
    db.session.commit()
    assert attendance_rows(person) == []
    assert db.session.get(CheckIn, answer["checkin_id"]).undone_at is not None
    assert scan(edition, person)["status"] == "ok"


def test_undo_of_a_repeat_scan_keeps_the_attendance(app):
    edition = make_edition()
    person = make_participant(edition)
    scan(edition, person)
    repeat = scan(edition, person)
    services.undo(repeat["checkin_id"], edition)
    db.session.commit()
    assert len(attendance_rows(person)) == 1
