"""A check-in phone keeps no one's name once its user logs out, in real Chromium."""

from tests.e2e.test_checkin_station import PASSWORD, open_station
from tests.factories import make_edition, make_participant, make_user

CACHED = """async (slug) => await new Promise((resolve, reject) => {
  const opening = indexedDB.open("seminario-checkin", 1);
  opening.onsuccess = () => {
    const get = opening.result.transaction("cache").objectStore("cache").get(slug);
    get.onsuccess = () => resolve(get.result ? get.result.participants.length : null);
    get.onerror = () => reject(get.error);
  };
  opening.onerror = () => reject(opening.error);
})"""


def test_logging_out_removes_the_stations_copy_of_the_badges(live_server, phone):
    with live_server.app.app_context():
        edition = make_edition()
        make_participant(edition)
        make_user("checkin", "door@example.org", PASSWORD)
        slug = edition.slug
    open_station(phone, live_server, "Puerta 1")
    assert phone.evaluate(CACHED, slug) == 1
    phone.click("nav.orgnav form button")
    phone.wait_for_url("**/login")
    assert phone.evaluate(CACHED, slug) is None
