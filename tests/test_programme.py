"""The programme: sessions in two time zones, calendars, speakers' answers and their emails."""

import io
import re
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import icalendar
from PIL import Image
from sqlalchemy import select

from seminar import email
from seminar.clock import set_now
from seminar.extensions import db
from seminar.models import Speaker
from seminar.programme import services
from tests.conftest import body_text
from tests.factories import make_edition, make_participant

SANTIAGO, MEXICO = ZoneInfo("America/Santiago"), ZoneInfo("America/Mexico_City")


def make_panel(edition, speakers=2):
    services.set_second_timezone(edition, "America/Mexico_City")
    session = services.add_session(
        edition,
        services.local_start(edition, date(2017, 10, 5), time(15, 0)),
        kind="panel",
        title="Panel 1: Alianzas estratégicas",
        room="Salón Reloncaví",
        duration_minutes=35,
    )
    services.add_speaker(
        session, role="facilitator", name="Manuel Martínez Justo", email="manuel@unam.org"
    )
    for n in range(speakers - 1):
        services.add_speaker(
            session, name=f"Ricardo Sondermann {n}", email=f"ricardo{n}@poa.org", language="pt"
        )
    db.session.commit()
    return session


def png(size=(60, 60)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "#19486a").save(buffer, "PNG")
    return buffer.getvalue()


def test_session_ics_imports_with_the_right_time_in_both_zones(client):
    edition = make_edition()
    session = make_panel(edition)
    response = client.get(f"/e/{edition.slug}/programme/{session.id}.ics")
    assert response.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.data)
    (event,) = calendar.walk("VEVENT")
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start.astimezone(SANTIAGO).replace(tzinfo=None) == datetime(2017, 10, 5, 15, 0)
    assert start.astimezone(MEXICO).replace(tzinfo=None) == datetime(2017, 10, 5, 13, 0)
    assert (end - start).total_seconds() == 35 * 60
    assert str(event["summary"]) == "Panel 1: Alianzas estratégicas"


def test_edition_feed_has_every_session(client):
    edition = make_edition()
    make_panel(edition)
    services.add_session(
        edition,
        services.local_start(edition, date(2017, 10, 4), time(18, 0)),
        kind="plenary",
        title="Inauguración",
        duration_minutes=15,
    )
    db.session.commit()
    calendar = icalendar.Calendar.from_ical(client.get(f"/e/{edition.slug}/programme.ics").data)
    assert sorted(str(e["summary"]) for e in calendar.walk("VEVENT")) == [
        "Inauguración",
        "Panel 1: Alianzas estratégicas",
    ]


def test_public_programme_shows_times_in_both_zones(client):
    edition = make_edition()
    make_panel(edition)
    page = client.get(f"/e/{edition.slug}/programme").get_data(as_text=True)
    assert "15:00–15:35" in page and "Santiago" in page
    assert "13:00–13:35" in page and "Mexico City" in page
    assert "Manuel Martínez Justo" in page


def test_speaker_accepts_with_bio_photo_and_travel_needs_and_is_confirmed(client, smtp):
    edition = make_edition()
    session = make_panel(edition)
    speaker = session.speakers[0]
    response = client.post(
        f"/speaker/{speaker.token}",
        data={
            "answer": "accept",
            "bio": "Director de la FES Acatlán.",
            "travel_needs": "Vuelo desde Ciudad de México",
            "photo": (io.BytesIO(png()), "foto.png"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert speaker.status == "accepted" and speaker.photo_type == "image/jpeg"
    assert speaker.travel_needs == "Vuelo desde Ciudad de México"
    assert client.get(f"/programme/photos/{speaker.photo_id}").mimetype == "image/jpeg"
    email.deliver()
    (message,) = smtp.to("manuel@unam.org")
    assert edition.name in message["Subject"]
    assert "Panel 1: Alianzas estratégicas" in body_text(message)
    assert "13:00–13:35 (Mexico City)" in body_text(message)


def test_a_file_that_is_not_an_image_is_refused_as_photo(client):
    edition = make_edition()
    speaker = make_panel(edition).speakers[0]
    response = client.post(
        f"/speaker/{speaker.token}",
        data={"answer": "accept", "photo": (io.BytesIO(b"%PDF-1.4 not a photo"), "a.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    db.session.expire_all()
    assert speaker.status == "new" and speaker.photo is None


def test_a_huge_photo_is_refused(app):
    edition = make_edition()
    speaker = make_panel(edition).speakers[0]
    try:
        services.answer(speaker, True, photo=png((4500, 10)))
    except services.ProgrammeError as exc:
        assert str(exc) == "photo_too_large"
    else:
        raise AssertionError("a 4500-pixel photo was accepted")


def test_moving_a_session_emails_every_speaker_of_it(app, smtp):
    edition = make_edition()
    session = make_panel(edition)
    moved = services.change_session(
        session,
        services.local_start(edition, date(2017, 10, 5), time(16, 0)),
        room="Sala Chiloé",
    )
    db.session.commit()
    email.deliver()
    assert moved
    for address in ("manuel@unam.org", "ricardo0@poa.org"):
        (message,) = smtp.to(address)
        assert "Sala Chiloé" in body_text(message)
        assert "16:00–16:35" in body_text(message)
    assert session.sequence == 1


def test_a_change_of_title_alone_emails_nobody(app, smtp):
    edition = make_edition()
    session = make_panel(edition)
    assert not services.change_session(session, session.starts_at, title="Panel 1 (nuevo)")
    db.session.commit()
    email.deliver()
    assert smtp.messages == []


def test_speakers_are_reminded_the_day_before_once(app):
    edition = make_edition()
    session = make_panel(edition)
    for speaker in session.speakers:
        services.answer(speaker, True)
    db.session.commit()
    set_now(datetime(2017, 10, 3, 20, tzinfo=UTC))
    assert services.remind_speakers(edition) == 0
    set_now(datetime(2017, 10, 4, 20, tzinfo=UTC))
    assert services.remind_speakers(edition) == 2
    assert services.remind_speakers(edition) == 0


def test_manage_page_shows_the_participants_day(client):
    edition = make_edition()
    make_panel(edition)
    person = make_participant(edition)
    page = client.get(f"/manage/{person.manage_token}").get_data(as_text=True)
    assert 'id="my-day"' in page
    assert "Panel 1: Alianzas estratégicas" in page


def test_invitation_email_links_to_the_speaker_page(client, smtp):
    edition = make_edition()
    make_panel(edition)
    assert services.invite_speakers(edition) == 2
    db.session.commit()
    email.deliver()
    link = re.search(r"http://seminario\.test(/speaker/[\w-]+)", body_text(smtp.messages[0]))[1]
    assert client.get(link).status_code == 200
    assert db.session.scalars(select(Speaker.status).distinct()).all() == ["invited"]
