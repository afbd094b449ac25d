"""A speaker accepts through the link in the email, in real Chromium against a live server."""

import re

import pytest
from PIL import Image

from seminar import email
from seminar.extensions import db
from seminar.programme import services
from tests.conftest import SmtpServer, body_text
from tests.factories import make_edition
from tests.test_programme import make_panel


@pytest.fixture
def live_smtp(live_server):
    """A real SMTP server that the live server's outbox delivers to."""
    server = SmtpServer()
    server.start()
    live_server.app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_TIMEOUT=5)
    yield server
    server.stop()


def test_speaker_accepts_through_the_link_in_the_email(live_server, live_smtp, browser, tmp_path):
    with live_server.app.app_context():
        edition = make_edition()
        make_panel(edition)
        services.invite_speakers(edition)
        db.session.commit()
        email.deliver()
        db.session.remove()
    invitation = live_smtp.to("manuel@unam.org")[0]
    link = re.search(r"http://127\.0\.0\.1:\d+/speaker/[\w-]+", body_text(invitation))[0]
    photo = tmp_path / "manuel.png"
    Image.new("RGB", (120, 120), "#e5243b").save(photo)

    page = browser.new_page()
    page.goto(link)
    assert "Panel 1: Alianzas estratégicas" in page.content()
    page.get_by_label(re.compile("acepto|I accept", re.I)).check()
    page.locator("#bio").fill("Director de la FES Acatlán de la UNAM.")
    page.locator("#photo").set_input_files(str(photo))
    page.locator("#travel_needs").fill("Vuelo MEX–PMC")
    page.locator("#speaker-submit").click()
    page.wait_for_selector("#speaker-status.status-accepted")
    page.close()

    with live_server.app.app_context():
        email.deliver()
        speaker = services.by_token(link.rsplit("/", 1)[1])
        assert speaker.status == "accepted" and speaker.photo_type == "image/jpeg"  # re-encoded
        assert speaker.travel_needs == "Vuelo MEX–PMC"
        db.session.remove()
    confirmed = [m for m in live_smtp.to("manuel@unam.org") if m is not invitation]
    assert len(confirmed) == 1
    assert "Panel 1: Alianzas estratégicas" in body_text(confirmed[0])


def test_public_programme_fits_a_phone(live_server, phone):
    with live_server.app.app_context():
        edition = make_edition()
        make_panel(edition)
        slug = edition.slug
        db.session.remove()
    phone.goto(f"{live_server.url}/e/{slug}/programme")
    assert phone.locator(".session").count() == 1
    assert "13:00–13:35" in phone.locator(".second-zone").inner_text()
    overflow = phone.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow
