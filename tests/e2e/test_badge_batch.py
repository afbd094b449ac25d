"""An organiser prepares a batch of badges and downloads it, in real Chromium (CSP, CSRF on)."""

from pathlib import Path

from seminar.extensions import db
from tests.factories import make_edition, make_participant, make_user
from tests.readback import qr_codes


def test_organiser_prepares_and_downloads_a_batch(live_server, browser):
    with live_server.app.app_context():
        edition = make_edition()
        speaker = make_participant(edition, role="speaker", first_name="Ñusta")
        make_participant(edition)
        admin = make_user("admin")
        slug, email, code = edition.slug, admin.email, speaker.badge_code
        db.session.remove()

    page = browser.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(f"{live_server.url}/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill("a-long-password")
    page.locator("button[type=submit]").click()
    page.goto(f"{live_server.url}/admin/e/{slug}/badges")
    page.locator("#role").select_option("speaker")
    page.locator("#badge-batch button[type=submit]").click()
    link = page.locator("#badge-progress .download")
    link.wait_for(state="visible", timeout=30_000)
    with page.expect_download() as download:
        link.click()
    pdf = Path(download.value.path()).read_bytes()
    page.close()
    assert qr_codes(pdf) == [[code]]
    assert errors == []
