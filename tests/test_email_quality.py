"""Every email renders in es, pt and en: HTML and text, no missing placeholder, the edition's name
in the subject, links absolute (PUBLIC_URL), and in the recipient's language."""

import re
from datetime import date, time, timedelta

import pytest
from jinja2 import StrictUndefined
from sqlalchemy import select

from seminar import email
from seminar.announcements import services as announcements
from seminar.certificates import services as certificates
from seminar.clock import frozen_at
from seminar.extensions import db
from seminar.invitations import invitees
from seminar.invitations import services as invitations
from seminar.models import OutboxMessage
from seminar.programme import services as programme
from seminar.proposals import links as rapporteur_links
from seminar.registration.seats import notify
from seminar.travel import services as travel
from seminar.workshops import publishing
from seminar.workshops import services as allocations
from tests.factories import make_attendance, make_edition, make_participant

LANGUAGES = ("es", "pt", "en")
# An online item's meeting link: the one link in an email that is not on PUBLIC_URL.
JOIN_URL = "https://meet.example.org/apertura"
PUBLIC_URL = "http://seminario.test"
REGISTRATION = (
    "registration_confirmed", "registration_pending", "registration_waitlisted",
    "registration_promoted", "registration_updated", "registration_cancelled", "manage_link",
)  # fmt: skip
SPEAKERS = ("speaker_invitation", "speaker_confirmed", "session_changed", "speaker_reminder")
COVERED = {
    *REGISTRATION, *SPEAKERS, "invitation", "certificate_issued", "allocation_published",
    "online_reminder", "announcement", "rapporteur_link", "travel_booked",
}  # fmt: skip
# A word that each language's version has and the others have not.
MARKERS = {
    "es": re.compile(r"\b(Hola|Estimadas|inscripción|sesión)\b"),
    "pt": re.compile(r"\b(Olá|Prezadas|inscrição|sessão)\b"),
    "en": re.compile(r"\b(Hello|Dear|registration|session)\b"),
}


def queue_every_email(edition, language: str) -> None:
    """Each email template, queued through the code that sends it in real life."""
    online = programme.add_session(
        edition, programme.local_start(edition, date(2017, 10, 5), time(11)),
        kind="plenary", title="Apertura en línea", duration_minutes=30,
        join_url=JOIN_URL,
    )  # fmt: skip
    person = make_participant(edition, language=language)
    for template in REGISTRATION:
        notify(person, template)
    invitees.save_invitee(
        edition,
        {
            "first_name": "Ana", "last_name": "Pérez", "email": f"ana.{language}@sre.org",
            "country": "MX", "actor_type": "national_government", "language": language,
            "role": "participant", "organisation_level": "national", "greeting": "",
        },
    )  # fmt: skip
    invitations.send(edition)
    invitations.remind(edition, force=True)
    session = programme.add_session(
        edition, programme.local_start(edition, date(2017, 10, 5), time(15)),
        kind="panel", title="Panel 1", room="Sala Chiloé", duration_minutes=35,
    )  # fmt: skip
    speaker = programme.add_speaker(
        session, name="Ricardo Sondermann", email=f"ricardo.{language}@poa.org", language=language
    )
    for template in SPEAKERS:
        programme.notify(speaker, template)
    with frozen_at(online.starts_at - timedelta(days=1)):
        assert programme.remind_registrants(edition) == 1
    allocations.run_now(edition)
    publishing.publish(edition)
    make_attendance(person, date(2017, 10, 4))
    trip = travel.TravelData(
        arrival_on=date(2017, 10, 3), departure_on=date(2017, 10, 8), needs_hotel=True
    )
    assert travel.mark(travel.save_for_participant(person, trip), "booked", "Hotel Don Luis, 4471")
    certificates.issue(edition, {person.id})
    message = announcements.save(
        edition, "confirmed", None,
        {
            "es": ("Cambio de sala", "Hola, {first_name}: la sesión pasa a la Sala Tepual."),
            "pt": ("Mudança de sala", "Olá, {first_name}: a sessão passa para a Sala Tepual."),
            "en": ("Room change", "Hello {first_name}: the session moves to Sala Tepual."),
        },
    )  # fmt: skip
    assert announcements.send(message) == 1
    rapporteur_links.send_link(
        rapporteur_links.link_for(edition, 11), f"relatora.{language}@poa.org", language
    )
    db.session.commit()


def template_names() -> set[str]:
    from pathlib import Path

    folder = Path(__file__).parent.parent / "templates" / "email"
    return {p.stem for p in folder.glob("*.txt") if not p.stem.startswith(("_", "base"))}


@pytest.fixture
def strict(app):
    """An undefined name in an email template is an error, not a blank."""
    app.jinja_env.undefined = StrictUndefined
    yield app


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_email_renders_completely_in_each_language(strict, language):
    edition = make_edition()
    programme.set_second_timezone(edition, "America/Mexico_City")
    queue_every_email(edition, language)
    messages = db.session.scalars(select(OutboxMessage)).all()
    assert {m.template for m in messages} == COVERED
    for message in messages:
        built = email._build(message)
        where = f"{message.template} [{language}]"
        assert edition.name in built.subject, where
        assert built.body.strip() and built.html.strip(), where
        assert f'lang="{language}"' in built.html, where
        for text in (built.subject, built.body, built.html):
            assert not re.search(r"\{[a-z_]+\}|%\([a-z_]+\)s|\bNone\b", text), where
        assert MARKERS[language].search(built.body), where
        for other, marker in MARKERS.items():
            if other != language and other != "en":
                assert not marker.search(built.body), f"{where} has {other} words"
        links = re.findall(r'href="([^"]+)"', built.html) + re.findall(r"https?://\S+", built.body)
        for link in links:
            assert link.startswith(PUBLIC_URL + "/") or link == JOIN_URL, f"{where}: {link}"
        if not message.transactional:
            assert "/unsubscribe/" in built.body and "/unsubscribe/" in built.html, where


def test_every_email_template_is_covered_by_the_quality_check(app):
    assert template_names() <= COVERED, "add these to queue_every_email: " + ", ".join(
        sorted(template_names() - COVERED)
    )
