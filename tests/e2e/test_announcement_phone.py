"""An organiser writes and sends a message to one workshop's people on a 360-px phone, in real
Chromium with CSRF on; each person's copy arrives through SMTP in their language."""

from sqlalchemy import select

from seminar import email
from seminar.extensions import db
from seminar.models import Assignment, Workshop
from tests.browser import log_in
from tests.conftest import body_text
from tests.e2e.test_speaker_accepts import live_smtp  # noqa: F401  (fixture)
from tests.factories import make_edition, make_participant, make_user

WIDER_THAN_WINDOW = "document.documentElement.scrollWidth - window.innerWidth"


def test_organiser_sends_a_workshop_message_from_a_phone(live_server, live_smtp, phone):  # noqa: F811
    with live_server.app.app_context():
        edition = make_edition()
        eleven = db.session.scalars(select(Workshop).filter_by(edition_id=edition.id, ods=11)).one()
        ana = make_participant(edition, language="pt", first_name="Ana")
        make_participant(edition, first_name="Otro")
        db.session.add(
            Assignment(participant_id=ana.id, round_id=eleven.round_id, workshop_id=eleven.id)
        )
        db.session.commit()
        user = make_user()
        slug, workshop_id, ana_email, user_email = edition.slug, eleven.id, ana.email, user.email
        db.session.remove()
    base = live_server.url
    log_in(phone, base, user_email)
    phone.goto(f"{base}/admin/e/{slug}/messages/")
    assert phone.evaluate(WIDER_THAN_WINDOW) <= 0
    phone.select_option("#audience", "workshop")
    phone.select_option("#workshop", str(workshop_id))
    phone.fill("#subject_es", "Cambio de sala")
    phone.fill("#body_es", "Estimada/o {first_name}: nueva sala.")
    phone.fill("#subject_pt", "Mudança de sala")
    phone.fill("#body_pt", "Prezada/o {first_name}: nova sala.")
    phone.locator("#announcement-form button").click()
    phone.wait_for_selector("#recipient-count")
    assert phone.inner_text("#recipient-count") == "1"
    assert "Prezada/o Ana: nova sala." in phone.inner_text("#preview-pt")
    assert phone.evaluate(WIDER_THAN_WINDOW) <= 0
    phone.click("#send")
    phone.wait_for_selector("[data-count='queued']")
    with live_server.app.app_context():
        assert email.deliver()["sent"] == 1
        db.session.remove()
    (received,) = live_smtp.messages
    assert received["To"] == ana_email
    assert received["Subject"].startswith("Mudança de sala")
    assert "Prezada/o Ana: nova sala." in body_text(received)
