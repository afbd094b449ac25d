"""An organiser runs the allocation on a phone: progress, then figures and charts, no sideways
scrolling of the page."""

from seminar.extensions import db
from tests.browser import log_in
from tests.factories import make_edition, make_user
from tests.test_allocation_app import crowd


def test_organiser_runs_the_allocation_and_sees_figures_on_a_phone(live_server, phone):
    with live_server.app.app_context():
        edition = make_edition(rounds=2, seats=6)
        crowd(edition, 20)
        user = make_user("admin")
        slug, address = edition.slug, user.email
        db.session.remove()
    log_in(phone, live_server.url, address)
    phone.goto(f"{live_server.url}/admin/e/{slug}/allocation/")
    phone.fill("input[name=seed]", "11")
    phone.locator(".run-form button").click()
    phone.wait_for_selector("#figures", timeout=60_000)
    assert phone.locator(".wcard svg.bar").count() >= 34
    assert phone.locator(".person .why").count() == 40
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_tight_edition_on_a_phone_warns_first_then_shows_the_reserve_taken(live_server, phone):
    with live_server.app.app_context():
        edition = make_edition(rounds=1, seats=2, reserve_share=0.5)  # 34 seats, 17 in reserve
        crowd(edition, 36)
        user = make_user("admin")
        slug, address = edition.slug, user.email
        db.session.remove()
    log_in(phone, live_server.url, address)
    phone.goto(f"{live_server.url}/admin/e/{slug}/allocation/?lang=en")
    warning = phone.locator(".notice.shortfall")
    assert "36 confirmed people but only 34 seats" in warning.inner_text()
    assert "2 will have no workshop" in warning.inner_text()
    phone.locator(".run-form button").click()
    phone.wait_for_selector("#figures", timeout=60_000)
    assert phone.locator(".wcard .reserve-taken").count() == 17
    assert phone.locator(".wcard rect.taken").count() == 17
    assert phone.locator(".optimality").inner_text().startswith("Proven optimal")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
