"""A check-in station on a 360-px phone: scanner input, offline scans, sync, two stations."""

from playwright.sync_api import expect
from sqlalchemy import select

from seminar.extensions import db
from seminar.models import Attendance, CheckIn, Participant
from tests.browser import log_in
from tests.factories import make_edition, make_participant, make_user

PASSWORD = "a-long-password"


def open_station(page, server, station: str) -> None:
    log_in(page, server.url, "door@example.org", PASSWORD)
    page.wait_for_selector("#station[data-cached='1'][data-offline-ready='1']")
    page.fill("#station-name", station)
    page.press("#station-name", "Tab")


def wedge(page, code: str) -> str:
    """Type the code and Enter, as a USB or Bluetooth scanner does; returns the status shown."""
    page.evaluate("document.getElementById('result').dataset.status = ''")
    page.focus("#code")
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    page.wait_for_selector("#result[data-status]:not([data-status=''])")
    return page.get_attribute("#result", "data-status")


def pending(page) -> str:
    return page.inner_text("#pending")


def wait_synced(page) -> None:
    expect(page.locator("#pending")).to_have_text("0", timeout=20_000)


def attendance_of(app, code: str):
    with app.app_context():
        return db.session.execute(
            select(Attendance.station, Attendance.first_checkin_id)
            .join(Participant, Participant.id == Attendance.participant_id)
            .where(Participant.badge_code == code)
        ).all()


def stations_logged(app, code: str) -> list[str]:
    with app.app_context():
        return db.session.scalars(
            select(CheckIn.station).where(CheckIn.code == code).order_by(CheckIn.scanned_at)
        ).all()


def test_station_scans_online_then_offline_and_syncs_when_back(live_server, phone):
    with live_server.app.app_context():
        edition = make_edition()
        first, second = make_participant(edition), make_participant(edition)
        codes = first.badge_code, second.badge_code
        name = first.full_name
        make_user("checkin", "door@example.org", PASSWORD)
    page = phone
    open_station(page, live_server, "Puerta 1")
    assert "/checkin/" in page.url

    assert wedge(page, codes[0]) == "ok"
    assert page.inner_text("#result .result-name") == name
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert wedge(page, codes[0]) == "already_checked_in"
    assert wedge(page, "not-a-badge") == "invalid"

    page.context.set_offline(True)
    page.wait_for_selector("#net.offline")
    assert wedge(page, codes[1]) == "ok"
    assert pending(page) == "1"
    assert attendance_of(live_server.app, codes[1]) == []

    page.context.set_offline(False)
    wait_synced(page)
    assert [station for station, _ in attendance_of(live_server.app, codes[1])] == ["Puerta 1"]


def test_two_stations_offline_the_earlier_scan_wins_and_both_are_logged(
    live_server, phone, browser
):
    with live_server.app.app_context():
        code = make_participant(make_edition()).badge_code
        make_user("checkin", "door@example.org", PASSWORD)
    other_context = browser.new_context(viewport={"width": 360, "height": 740}, locale="es-CL")
    other = other_context.new_page()
    open_station(phone, live_server, "Puerta 1")
    open_station(other, live_server, "Puerta 2")
    phone.context.set_offline(True)
    other_context.set_offline(True)

    assert wedge(other, code) == "ok"  # Puerta 2 scans first...
    assert wedge(phone, code) == "ok"  # ...Puerta 1 a moment later, neither can tell

    phone.context.set_offline(False)  # Puerta 1 syncs first
    wait_synced(phone)
    assert [s for s, _ in attendance_of(live_server.app, code)] == ["Puerta 1"]
    other_context.set_offline(False)
    wait_synced(other)
    ((station, _),) = attendance_of(live_server.app, code)
    assert station == "Puerta 2"
    assert stations_logged(live_server.app, code) == ["Puerta 2", "Puerta 1"]
    other_context.close()
