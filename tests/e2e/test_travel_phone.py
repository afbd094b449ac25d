"""A participant gives their travel on a 360-px phone, in real Chromium with CSRF on: an
impossible departure is refused next to its field with what was typed kept, then saved; the
organiser sees it on their phone too."""

from datetime import date, time

from sqlalchemy import select

from seminar.extensions import db
from seminar.models import TravelRequest
from tests.e2e.test_accessibility import log_in
from tests.factories import make_edition, make_participant, make_user

WIDER_THAN_WINDOW = "document.documentElement.scrollWidth - window.innerWidth"


def test_participant_gives_travel_and_hotel_from_a_phone(live_server, phone, tmp_path):
    with live_server.app.app_context():
        edition = make_edition()
        person = make_participant(edition, first_name="Ana Beatriz", city="Porto Alegre")
        user = make_user()
        token, slug, user_email = person.manage_token, edition.slug, user.email
        db.session.remove()
    base = live_server.url
    phone.goto(f"{base}/manage/{token}")
    phone.click("#travel-link")
    phone.wait_for_selector("#travel-form")
    assert "Viaje y alojamiento" in phone.inner_text("h1")
    phone.fill("#arrival_on", "2017-10-03")
    phone.fill("#arrival_time", "22:10")
    phone.select_option("#arrival_means", "flight")
    phone.fill("#arrival_detail", "LA 285 SCL–PMC")
    phone.fill("#departure_on", "2017-10-02")
    phone.select_option("#departure_means", "bus")
    phone.fill("#departure_detail", "Cruz del Sur a Osorno")
    phone.check("#needs_hotel")
    phone.fill("#delegation", "Prefeitura de Porto Alegre")
    phone.click("#travel-submit")
    phone.wait_for_selector("#departure_on-error")
    assert "antes del primer día" in phone.inner_text("#departure_on-error")
    assert phone.input_value("#arrival_detail") == "LA 285 SCL–PMC"
    assert phone.input_value("#delegation") == "Prefeitura de Porto Alegre"
    assert phone.is_checked("#needs_hotel")
    assert phone.locator("#check_out_on-error").count() == 0  # its default waits for the stay
    assert phone.evaluate(WIDER_THAN_WINDOW) <= 0
    phone.screenshot(path=str(tmp_path / "travel-error-360.png"), full_page=True)
    print("screenshot:", tmp_path / "travel-error-360.png")
    phone.fill("#departure_on", "2017-10-07")
    phone.fill("#departure_time", "19:40")
    phone.click("#travel-submit")
    phone.wait_for_selector("#travel-status")
    assert phone.url.endswith(f"/manage/{token}")
    assert "LA 285 SCL–PMC" in phone.inner_text("#travel")
    assert phone.evaluate(WIDER_THAN_WINDOW) <= 0
    with live_server.app.app_context():
        request = db.session.scalars(select(TravelRequest)).one()
        assert (request.arrival_on, request.arrival_time) == (date(2017, 10, 3), time(22, 10))
        assert (request.check_in_on, request.check_out_on, request.nights) == (
            date(2017, 10, 3), date(2017, 10, 7), 4
        )  # fmt: skip
        request_id = request.id
        db.session.remove()

    log_in(phone, base, user_email, "a-long-password", "es")
    phone.goto(f"{base}/admin/e/{slug}/travel/")
    assert phone.evaluate(WIDER_THAN_WINDOW) <= 0
    card = f"#request-{request_id}"
    phone.select_option(f"{card} select", "booked")
    phone.fill(f"{card} textarea", "Hotel Manquehue, reserva 5521")
    phone.click(f"{card} button")
    phone.wait_for_selector(f"{card}.is-booked")
    assert phone.evaluate(WIDER_THAN_WINDOW) <= 0
    phone.goto(f"{base}/manage/{token}")
    assert "Hotel Manquehue, reserva 5521" in phone.inner_text("#travel-booking")
