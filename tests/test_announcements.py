"""Word to everyone registered: one message, a chosen group, each person once in their language,
through the outbox (and so through SMTP outages)."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from seminar import email
from seminar.clock import now, set_now
from seminar.extensions import db
from seminar.models import (
    Announcement,
    AnnouncementDelivery,
    Assignment,
    OutboxMessage,
    ProgrammeSession,
    Speaker,
    Workshop,
)
from tests.conftest import body_text
from tests.factories import make_edition, make_participant

TEXTS = {
    "subject_es": "Cambio de sala",
    "body_es": "Estimada/o {first_name}: el taller se traslada a la Sala Tepual.",
    "subject_pt": "Mudança de sala",
    "body_pt": "Prezada/o {first_name}: a oficina passa para a Sala Tepual.",
    "subject_en": "Room change",
    "body_en": "Dear {first_name}: the workshop moves to Sala Tepual.",
}


@pytest.fixture
def client(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def workshop(edition, ods: int) -> Workshop:
    return db.session.scalars(select(Workshop).filter_by(edition_id=edition.id, ods=ods)).one()


def assign(person, chosen: Workshop) -> None:
    db.session.add(
        Assignment(participant_id=person.id, round_id=chosen.round_id, workshop_id=chosen.id)
    )
    db.session.commit()


def create(client, edition, audience: str, workshop_id: int = 0, **texts):
    data = {"audience": audience, "workshop": workshop_id, **TEXTS, **texts}
    return client.post(f"/admin/e/{edition.slug}/messages/", data=data)


def queued(edition) -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            select(OutboxMessage).filter_by(edition_id=edition.id, template="announcement")
        )
    )


def test_message_to_one_workshop_reaches_exactly_its_people_in_their_languages(
    app, client, login, smtp
):
    app.config["OUTBOX_BACKOFF"] = 60
    edition = make_edition()
    eleven, six = workshop(edition, 11), workshop(edition, 6)
    people = {
        language: make_participant(edition, language=language, first_name=f"Ana-{language}")
        for language in ("es", "pt", "en")
    }
    for person in people.values():
        assign(person, eleven)
    other = make_participant(edition, first_name="Otro")
    assign(other, six)
    login()
    response = create(client, edition, "workshop", eleven.id)
    assert response.status_code == 302, response.get_data(as_text=True)
    detail = response.headers["Location"]
    page = client.get(detail).get_data(as_text=True)
    assert 'id="recipient-count">3<' in page
    assert "Dear Ana-en: the workshop moves to Sala Tepual." in page  # the preview
    smtp.stop()  # the server is down when the organiser sends
    client.post(detail + "/send")
    assert email.deliver()["retry"] == 3
    assert smtp.messages == []
    client.post(detail + "/send")  # a second click queues no one twice
    assert len(queued(edition)) == 3
    smtp.start()
    set_now(now() + timedelta(seconds=61))
    assert email.deliver()["sent"] == 3
    assert sorted(m["To"] for m in smtp.messages) == sorted(p.email for p in people.values())
    expected = {
        "es": ("Cambio de sala", "Estimada/o Ana-es: el taller se traslada"),
        "pt": ("Mudança de sala", "Prezada/o Ana-pt: a oficina passa"),
        "en": ("Room change", "Dear Ana-en: the workshop moves"),
    }
    for language, person in people.items():
        (received,) = smtp.to(person.email)
        subject, opening = expected[language]
        assert received["Subject"].startswith(subject)
        assert opening in body_text(received)
        assert person.manage_token in body_text(received)
    assert smtp.to(other.email) == []
    counts = client.get(detail).get_data(as_text=True)
    assert 'data-count="sent">3<' in counts and 'data-count="queued">0<' in counts


def test_an_unknown_placeholder_is_named_and_nothing_is_saved(client, login):
    edition = make_edition()
    login()
    response = create(client, edition, "confirmed", body_pt="Olá {nome}")
    assert response.status_code == 422
    assert "{nome}" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Announcement)) == 0


def test_a_recipient_language_without_a_version_stops_the_whole_send(client, login):
    edition = make_edition()
    make_participant(edition, language="es")
    make_participant(edition, language="pt")
    login()
    response = create(client, edition, "confirmed", subject_pt="", body_pt="")
    assert response.status_code == 302
    client.post(response.headers["Location"] + "/send")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "lacks" in page and "pt (1)" in page
    assert queued(edition) == []


def recipients_of(announcement_id: int) -> list[str]:
    return sorted(
        db.session.scalars(
            select(OutboxMessage.recipient)
            .join(AnnouncementDelivery, AnnouncementDelivery.message_id == OutboxMessage.id)
            .where(AnnouncementDelivery.announcement_id == announcement_id)
        )
    )


def test_each_group_holds_only_its_people(client, login):
    edition = make_edition()
    confirmed = make_participant(edition)
    speaker = make_participant(edition, role="speaker")
    waiting = make_participant(edition, status="waitlisted")
    make_participant(edition, status="cancelled")
    session = ProgrammeSession(
        edition_id=edition.id,
        kind="panel",
        title="Panel",
        starts_at=datetime(2017, 10, 4, 12, tzinfo=UTC),
        duration_minutes=60,
    )
    session.speakers = [
        Speaker(name="Paula Sur", email="paula@example.org", language="pt"),
        Speaker(name="Same Person", email=speaker.email.upper()),  # once, not twice
        Speaker(name="No Thanks", email="no@example.org", status="declined"),
    ]
    db.session.add(session)
    db.session.commit()
    login()
    for audience, expected in (
        ("confirmed", [confirmed.email, speaker.email]),
        ("waitlist", [waiting.email]),
        ("speakers", [speaker.email, "paula@example.org"]),
    ):
        response = create(client, edition, audience)
        client.post(response.headers["Location"] + "/send")
        announcement_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
        assert recipients_of(announcement_id) == sorted(expected), audience


def test_test_send_goes_to_the_organiser_only_marked_test(client, login):
    edition = make_edition()
    make_participant(edition, language="pt", first_name="Joana")
    user = login()
    response = create(client, edition, "confirmed")
    client.post(response.headers["Location"] + "/test", data={"language": "pt"})
    (message,) = queued(edition)
    assert message.recipient == user.email
    assert message.context["subject"].startswith("[TEST] Mudança de sala")
    assert "Prezada/o Joana" in message.context["body"]


def test_an_unknown_placeholder_is_named_in_spanish_on_a_spanish_page(client, login):
    edition = make_edition()
    login()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    response = create(client, edition, "confirmed", body_pt="Olá {nome}")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "la versión «pt»: marcador(es) desconocido(s) {nome}; conocidos:" in page
    assert "unknown placeholder" not in page
