"""A check-in day with no network, in real Chromium on a 360-px phone: 1,500 badges scanned offline
through the keyboard wedge, reloads and a closed tab, the sync in chunks, revoked badges, a clock
an hour off, a lost session, a refused scan and a workshop's door."""

import time
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect
from sqlalchemy import delete, func, select

from seminar.checkin import services
from seminar.extensions import db
from seminar.models import (
    Assignment,
    Attendance,
    CheckIn,
    Participant,
    Preference,
    Workshop,
    WorkshopAttendance,
)
from seminar.registration.seats import confirm, take_seats
from tests.browser import log_in
from tests.e2e.test_checkin_station import PASSWORD, open_station, wait_synced, wedge
from tests.factories import make_edition, make_participant, make_user

SCANS = 1500


def many_participants(edition, count: int) -> list[str]:
    """`count` confirmed participants in one commit; their badge codes."""
    people = []
    for n in range(count):
        person = Participant(
            edition=edition, first_name="Ana", last_name=f"Pérez {n}", email=f"p{n}@example.org",
            country="CL", city="Puerto Montt", institution="Municipalidad", position="",
            actor_type="local_government", language="es", role="participant",
        )  # fmt: skip
        person.refresh_search_text()
        person.preferences = [Preference(rank=1, ods=11)]
        confirm(person)
        people.append(person)
    db.session.add_all(people)
    assert take_seats(edition.id, count)
    db.session.commit()
    return [p.badge_code for p in people]


def scan_fast(page, codes: list[str]) -> None:
    """A scanner's keystrokes and Enter for each code, one badge after the other, without
    waiting for the station to answer; then wait until every scan is queued."""
    page.focus("#code")
    for code in codes:
        page.keyboard.type(code)
        page.keyboard.press("Enter")


def expect_pending(page, count: int, timeout: int = 60_000) -> None:
    expect(page.locator("#pending")).to_have_text(str(count), timeout=timeout)


def reload_offline(page) -> None:
    page.reload()
    page.wait_for_selector("#station[data-ready='1']")
    expect(page.locator("#net")).to_have_class("net offline")


def watch_pending(page) -> None:
    page.evaluate(
        """() => {
          const pending = document.getElementById('pending');
          window.pendingSeen = [];
          new MutationObserver(() => window.pendingSeen.push(Number(pending.textContent)))
            .observe(pending, { childList: true, characterData: true, subtree: true });
        }"""
    )


def test_1500_offline_scans_survive_two_reloads_and_land_once_in_chunks(live_server, phone):
    with live_server.app.app_context():
        edition = make_edition(capacity=SCANS + 10)
        codes = many_participants(edition, SCANS)
        make_user("checkin", "door@example.org", PASSWORD)
    page = phone
    open_station(page, live_server, "Puerta 1")
    expect(page.locator("#cached")).to_have_text(str(SCANS))
    page.context.set_offline(True)
    page.wait_for_selector("#net.offline")

    started = time.perf_counter()
    scan_fast(page, codes[:500])
    expect_pending(page, 500)
    reload_offline(page)
    expect_pending(page, 500)
    scan_fast(page, codes[500:1000])
    expect_pending(page, 1000)
    reload_offline(page)
    expect_pending(page, 1000)
    scan_fast(page, codes[1000:])
    expect_pending(page, SCANS)
    assert wedge(page, codes[0]) == "already_checked_in"  # the station remembers, offline
    expect_pending(page, SCANS + 1)
    typed = time.perf_counter() - started
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    watch_pending(page)
    started = time.perf_counter()
    page.context.set_offline(False)
    expect_pending(page, 0, timeout=240_000)
    synced = time.perf_counter() - started
    print(f"\n{SCANS + 1} scans typed offline in {typed:.1f} s; synced in {synced:.1f} s")
    seen = page.evaluate("window.pendingSeen")
    falling = [n for n in seen if 0 < n < SCANS + 1]
    assert len(set(falling)) >= 5, seen  # the count falls chunk by chunk
    assert falling == sorted(falling, reverse=True), seen

    with live_server.app.app_context():
        logged = db.session.execute(
            select(CheckIn.code, CheckIn.result, CheckIn.offline_answer).order_by(CheckIn.id)
        ).all()
        assert len(logged) == SCANS + 1
        assert sorted(code for code, _, _ in logged) == sorted([*codes, codes[0]])
        assert [code for code, _, _ in logged[:3]] == codes[:3]  # oldest first
        assert {answer for _, _, answer in logged} == {"ok", "already_checked_in"}
        assert sum(result == "already_checked_in" for _, result, _ in logged) == 1
        assert db.session.scalar(select(func.count()).select_from(Attendance)) == SCANS
        assert db.session.scalar(select(func.count(func.distinct(CheckIn.client_id)))) == SCANS + 1


def test_a_closed_tab_reopens_offline_with_its_queue(live_server, phone):
    with live_server.app.app_context():
        codes = [make_participant(make_edition()).badge_code]
        make_user("checkin", "door@example.org", PASSWORD)
    open_station(phone, live_server, "Puerta 1")
    url = phone.url
    phone.context.set_offline(True)
    assert wedge(phone, codes[0]) == "ok"
    context = phone.context
    phone.close()

    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("#station[data-ready='1']")
    expect_pending(page, 1)
    assert page.input_value("#station-name") == "Puerta 1"
    context.set_offline(False)
    wait_synced(page)
    with live_server.app.app_context():
        assert db.session.scalars(select(CheckIn.station)).all() == ["Puerta 1"]


def test_a_badge_revoked_while_offline_is_flagged_after_sync(live_server, phone, browser):
    with live_server.app.app_context():
        edition = make_edition()
        slug = edition.slug
        lost, kept = make_participant(edition), make_participant(edition)
        old_codes = lost.badge_code, kept.badge_code
        lost_name, ids = lost.full_name, (lost.id, kept.id)
        make_user("checkin", "door@example.org", PASSWORD)
        make_user("admin", "admin@example.org", PASSWORD)
    open_station(phone, live_server, "Puerta 1")
    phone.context.set_offline(True)
    assert wedge(phone, old_codes[1]) == "ok"  # scanned, then its badge is replaced
    with live_server.app.app_context():
        services.revoke_badge(db.session.get(Participant, ids[0]), "lost")
        services.revoke_badge(db.session.get(Participant, ids[1]), "lost later")
        db.session.commit()
    assert wedge(phone, old_codes[0]) == "ok"  # the station's copy predates the revocation

    phone.context.set_offline(False)
    wait_synced(phone)
    expect(phone.locator("#flagged")).to_be_visible()
    expect(phone.locator("#flagged-list li")).to_have_count(1)
    assert lost_name in phone.inner_text("#flagged-list")
    assert "Credencial revocada" in phone.inner_text("#flagged-list")
    assert wedge(phone, old_codes[0]) == "revoked"  # the fresh copy, online
    phone.context.set_offline(True)
    assert wedge(phone, old_codes[0]) == "revoked"  # and offline: the codes were refreshed
    phone.context.set_offline(False)
    wait_synced(phone)

    with live_server.app.app_context():
        first = db.session.execute(
            select(CheckIn.result, CheckIn.offline_answer)
            .where(CheckIn.code == old_codes[0])
            .order_by(CheckIn.scanned_at)
        ).first()
        assert tuple(first) == ("revoked", "ok")
        attended = db.session.scalars(select(Attendance.participant_id)).all()
        assert attended == [ids[1]]  # scanned before its badge was replaced: it counts

    admin = browser.new_context(viewport={"width": 1280, "height": 900}, locale="es-CL")
    board = admin.new_page()
    log_in(board, live_server.url, "admin@example.org", PASSWORD)
    board.goto(f"{live_server.url}/admin/e/{slug}/checkin")
    flagged = board.locator("#flagged-scans")
    expect(flagged).to_contain_text(lost_name)
    expect(flagged).to_contain_text("Puerta 1")
    admin.close()


SKEW = """(() => {
  const Real = Date;
  class Skewed extends Real {
    constructor(...args) { if (args.length) super(...args); else super(Real.now() + %d); }
    static now() { return Real.now() + %d; }
  }
  window.Date = Skewed;
})();"""


def test_a_station_with_its_clock_an_hour_ahead_records_the_right_times(live_server, phone):
    hour = 3_600_000
    with live_server.app.app_context():
        edition = make_edition()
        code = make_participant(edition).badge_code
        make_user("checkin", "door@example.org", PASSWORD)
    phone.context.add_init_script(SKEW % (hour, hour))
    open_station(phone, live_server, "Puerta 1")
    assert phone.evaluate("Date.now() - performance.timeOrigin - performance.now()") > hour - 5000
    expect(phone.locator("#clock")).to_be_visible()
    assert "60" in phone.inner_text("#clock")
    phone.context.set_offline(True)
    phone.wait_for_selector("#net.offline")
    reload_offline(phone)
    expect(phone.locator("#clock")).to_be_visible()  # the offset is kept on the device
    scanned = datetime.now(UTC)
    assert wedge(phone, code) == "ok"
    phone.context.set_offline(False)
    wait_synced(phone)
    with live_server.app.app_context():
        recorded = db.session.scalar(select(CheckIn.scanned_at))
        assert abs(recorded - scanned) < timedelta(seconds=30), (recorded, scanned)
        assert db.session.scalar(select(Attendance.checked_in_at)) == recorded


def test_a_station_whose_session_is_gone_asks_to_log_in_and_keeps_its_queue(live_server, phone):
    with live_server.app.app_context():
        edition = make_edition()
        codes = [make_participant(edition).badge_code for _ in range(3)]
        make_user("checkin", "door@example.org", PASSWORD)
    open_station(phone, live_server, "Puerta 1")
    phone.context.set_offline(True)
    for code in codes:
        assert wedge(phone, code) == "ok"
    phone.context.clear_cookies()  # the session expired while the Wi-Fi was down
    phone.context.set_offline(False)
    expect(phone.locator("#login-again")).to_be_visible(timeout=20_000)
    expect_pending(phone, 3)
    phone.click("#login-link")
    phone.fill("#email", "door@example.org")
    phone.fill("#password", PASSWORD)
    phone.click("main form button")
    phone.wait_for_selector("#station[data-cached='1']")
    wait_synced(phone)
    expect(phone.locator("#login-again")).to_be_hidden()
    with live_server.app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attendance)) == 3


def choose_door(page, ods: int) -> int:
    page.click("details.station-name summary") if not page.is_visible("#door") else None
    label = page.locator("#door option", has_text=f"ODS {ods} ").first
    value = label.get_attribute("value")
    page.select_option("#door", value)
    return int(value)


def test_a_refused_scan_is_shown_and_kept_and_the_rest_lands(live_server, phone):
    """A workshop re-imported while a door station was offline: its scans name a workshop that
    is gone; the server refuses them, the station keeps them, everything after them lands."""
    with live_server.app.app_context():
        edition = make_edition(capacity=SCAN_AFTER + 2)
        codes = many_participants(edition, SCAN_AFTER + 2)
        make_user("checkin", "door@example.org", PASSWORD)
    open_station(phone, live_server, "Puerta 1")
    workshop_id = choose_door(phone, 11)
    phone.context.set_offline(True)
    assert wedge(phone, codes[0]) == "ok"
    assert wedge(phone, codes[1]) == "ok"
    phone.select_option("#door", "")
    scan_fast(phone, codes[2:])
    expect_pending(phone, len(codes))
    with live_server.app.app_context():
        db.session.execute(delete(Workshop).where(Workshop.id == workshop_id))
        db.session.commit()
    phone.context.set_offline(False)
    expect(phone.locator("#refused")).to_be_visible(timeout=30_000)
    expect_pending(phone, 0)
    assert phone.inner_text("#refused-count") == "2"
    assert "no such workshop" in phone.inner_text("#refused-why")
    phone.reload()
    phone.wait_for_selector("#station[data-cached='1']")
    assert phone.inner_text("#refused-count") == "2"  # kept on the device
    with live_server.app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attendance)) == SCAN_AFTER


SCAN_AFTER = 250  # more than a chunk: the refused chunk does not stop the next one


def test_a_workshop_door_records_who_came_and_the_dashboard_shows_it(live_server, phone, browser):
    with live_server.app.app_context():
        edition = make_edition()
        slug = edition.slug
        assigned = make_participant(edition)
        workshop = db.session.scalars(select(Workshop).where(Workshop.ods == 11)).one()
        db.session.add(
            Assignment(
                participant_id=assigned.id, workshop_id=workshop.id, round_id=workshop.round_id
            )
        )
        db.session.commit()
        other = make_participant(edition)
        codes = assigned.badge_code, other.badge_code
        ids = sorted([assigned.id, other.id])
        make_user("checkin", "door@example.org", PASSWORD)
        make_user("admin", "admin@example.org", PASSWORD)
    open_station(phone, live_server, "Sala 11")
    choose_door(phone, 11)
    expect(phone.locator("#door-shown")).to_contain_text("ODS 11")
    assert wedge(phone, codes[0]) == "ok"
    assert wedge(phone, codes[0]) == "already_checked_in"
    assert wedge(phone, codes[1]) == "ok"
    assert "No tiene asignado este taller" in phone.inner_text("#result")
    phone.context.set_offline(True)
    reload_offline(phone)
    expect(phone.locator("#door-shown")).to_contain_text("ODS 11")
    assert wedge(phone, codes[1]) == "already_checked_in"
    phone.click("#undo")  # an offline rescan taken back: the door still knows the first scan
    expect(phone.locator("#result")).to_have_attribute("data-status", "undone")
    assert wedge(phone, codes[1]) == "already_checked_in"
    # A hurried volunteer: undo, and the next badge in the same breath. The undo takes its
    # turn first, so the screen ends on the badge's answer, never on "undone" written over it.
    phone.evaluate(
        """(code) => {
          document.getElementById('undo').click();
          document.getElementById('code').value = code;
          document.getElementById('wedge').requestSubmit();
        }""",
        codes[1],
    )
    expect(phone.locator("#result")).to_have_attribute("data-status", "already_checked_in")
    phone.wait_for_timeout(300)
    assert phone.get_attribute("#result", "data-status") == "already_checked_in"
    phone.context.set_offline(False)
    wait_synced(phone)
    with live_server.app.app_context():
        rows = db.session.scalars(select(WorkshopAttendance.participant_id)).all()
        assert sorted(rows) == ids
        assert db.session.scalar(select(func.count()).select_from(Attendance)) == 2

    admin = browser.new_context(viewport={"width": 1280, "height": 900}, locale="es-CL")
    board = admin.new_page()
    log_in(board, live_server.url, "admin@example.org", PASSWORD)
    board.goto(f"{live_server.url}/admin/e/{slug}/checkin")
    row = board.locator("#workshops tr", has_text="Sala 11")
    expect(row.locator("td.door")).to_have_text("2")
    admin.close()


def test_a_network_that_carries_nothing_does_not_hold_up_the_door(live_server, phone):
    """Wi-Fi "connected" but every request dropped: one scan tries the server, the next ones are
    answered from the station's copy straight away, and the queue goes once requests pass."""
    with live_server.app.app_context():
        edition = make_edition()
        codes = [make_participant(edition).badge_code for _ in range(3)]
        make_user("checkin", "door@example.org", PASSWORD)
    open_station(phone, live_server, "Puerta 1")
    tried = []

    def drop(route):
        tried.append(route.request.url)
        route.abort("internetdisconnected")

    phone.route("**/api/v1/**", drop)
    assert [wedge(phone, code) for code in codes] == ["ok", "ok", "ok"]
    assert sum(url.endswith("/api/v1/checkin") for url in tried) == 1
    expect(phone.locator("#net")).to_have_class("net offline")
    expect_pending(phone, 3)
    phone.unroute("**/api/v1/**")
    expect_pending(phone, 0, timeout=40_000)
    with live_server.app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attendance)) == 3


def test_a_name_search_works_offline_from_the_station_copy(live_server, phone):
    with live_server.app.app_context():
        edition = make_edition()
        make_participant(edition, first_name="Concepción", last_name="Ñandú")
        make_participant(edition, first_name="Pedro", last_name="Soto")
        make_user("checkin", "door@example.org", PASSWORD)
    open_station(phone, live_server, "Puerta 1")
    phone.context.set_offline(True)
    reload_offline(phone)
    phone.fill("#q", "concepcion nandu")
    expect(phone.locator("#found li")).to_have_count(1)
    expect(phone.locator("#found li")).to_contain_text("Concepción Ñandú")
    phone.click("#found li button")
    expect(phone.locator("#result")).to_have_attribute("data-status", "ok")
    expect_pending(phone, 1)


def test_a_chunk_refused_whole_is_kept_and_sent_again_later(live_server, phone):
    """The server refuses the oldest chunk whole (its body is over the size limit): the next chunk
    still lands, the refused scans stay on the device and go once the station sends them again."""
    with live_server.app.app_context():
        edition = make_edition(capacity=SCAN_AFTER)
        codes = many_participants(edition, SCAN_AFTER)
        make_user("checkin", "door@example.org", PASSWORD)
    open_station(phone, live_server, "Puerta 1")
    phone.context.set_offline(True)
    scan_fast(phone, codes)
    expect_pending(phone, SCAN_AFTER)
    live_server.app.config["MAX_CONTENT_LENGTH"] = 20_000  # 200 scans: ~40 kB; 50 pass
    phone.context.set_offline(False)
    expect(phone.locator("#refused")).to_be_visible(timeout=30_000)
    expect_pending(phone, 0)
    assert phone.inner_text("#refused-count") == "200"
    assert "413" in phone.inner_text("#refused-why")
    with live_server.app.app_context():
        landed = db.session.scalars(select(CheckIn.code).order_by(CheckIn.id)).all()
        assert landed == codes[200:]
    live_server.app.config["MAX_CONTENT_LENGTH"] = None
    phone.click("#retry-refused")
    expect(phone.locator("#refused")).to_be_hidden(timeout=30_000)
    expect_pending(phone, 0)
    with live_server.app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attendance)) == SCAN_AFTER


def test_a_phone_restarted_offline_opens_the_station_with_its_queue_and_login(
    live_server, browser, tmp_path
):
    from tests.conftest import CHROMIUM, CHROMIUM_ARGS

    with live_server.app.app_context():
        code = make_participant(make_edition()).badge_code
        make_user("checkin", "door@example.org", PASSWORD)
    phone = {
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
        "locale": "es-CL",
        "viewport": {"width": 360, "height": 740},
        "is_mobile": True,
        "has_touch": True,
    }
    profile = tmp_path / "phone"
    context = browser.browser_type.launch_persistent_context(profile, **phone)
    page = context.pages[0]
    open_station(page, live_server, "Puerta 1")
    url = page.url
    context.set_offline(True)
    assert wedge(page, code) == "ok"
    context.close()  # the phone restarts, still without network

    context = browser.browser_type.launch_persistent_context(profile, offline=True, **phone)
    page = context.pages[0]
    page.goto(url)
    page.wait_for_selector("#station[data-ready='1']")
    expect_pending(page, 1)
    context.set_offline(False)
    wait_synced(page)
    expect(page.locator("#login-again")).to_be_hidden()
    context.close()
    with live_server.app.app_context():
        assert db.session.scalars(select(Attendance.station)).all() == ["Puerta 1"]
