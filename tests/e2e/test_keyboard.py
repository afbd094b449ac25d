"""Keyboard alone, in Chromium: registration with the ODS ranking, login, the check-in station and
the allocation page's moves. Every stop of the Tab key shows where the focus is."""

import json

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from seminar.checkin import services as checkin
from seminar.extensions import db
from seminar.models import Assignment, Attendance, Participant, Workshop
from seminar.workshops import services as allocations
from tests.factories import make_edition, make_participant, make_user

PASSWORD = "a-long-password"
# A 2 px or thicker outline, or a ring drawn with box-shadow: the browser's thin default is not
# enough on the ODS colours.
FOCUS_SHOWN = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "nothing has the focus";
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
  const ring = outline || s.boxShadow !== "none";
  return ring ? "" : "no visible focus on " + el.outerHTML.slice(0, 120);
}"""


def tab_to(page, selector: str, backwards: bool = False, limit: int = 80) -> None:
    """Press Tab (or Shift+Tab) until `selector` has the focus; each stop must show the focus.

    Past the last control the focus leaves the page once (to the browser), then comes round.
    """
    if focused(page, selector):
        return
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if focused(page, "body"):
            continue
        problem = page.evaluate(FOCUS_SHOWN)
        assert not problem, problem
        if focused(page, selector):
            return
    pytest.fail(f"{selector} never got the focus in {limit} presses of Tab")


def focused(page, selector: str) -> bool:
    return page.evaluate("s => document.activeElement.matches(s)", selector)


def said(page) -> str:
    return page.inner_text(".rank-status")


def log_in(page, base: str, address: str) -> None:
    page.goto(f"{base}/login?lang=es")
    tab_to(page, "#email")
    page.keyboard.type(address)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login" not in url)


def test_registration_and_ranking_with_the_keyboard_alone(live_server, desk):
    with live_server.app.app_context():
        slug = make_edition().slug
    page = desk
    page.goto(f"{live_server.url}/e/{slug}/register?lang=es")
    for selector, text in (("#first_name", "Ana"), ("#last_name", "Pereira"),
                           ("#email", "ana@example.org")):  # fmt: skip
        tab_to(page, selector)
        page.keyboard.type(text)
    tab_to(page, "#country")
    page.keyboard.type("Uruguay")
    tab_to(page, "#city")
    page.keyboard.type("Montevideo")
    tab_to(page, "#institution")
    page.keyboard.type("Intendencia de Montevideo")
    tab_to(page, "#actor_type")
    page.keyboard.type("Gobierno local")

    for ods in (6, 11, 13):
        tab_to(page, f".goal[data-ods='{ods}']")
        page.keyboard.press("Enter" if ods != 11 else "Space")
    assert page.get_attribute(".goal[data-ods='13']", "aria-pressed") == "true"
    assert said(page).startswith("13. Acción por el clima: agregado en la posición 3 de 3")

    tab_to(page, ".rank-list li:nth-child(3) .up", backwards=True)
    page.keyboard.press("Enter")
    assert focused(page, ".rank-list li:nth-child(2) .up"), "the focus follows the moved item"
    assert said(page).startswith("13. Acción por el clima: ahora en la posición 2 de 3")
    page.keyboard.press("Enter")
    assert focused(page, ".rank-list li:nth-child(1) .up")
    assert said(page).startswith("13. Acción por el clima: ahora en la posición 1 de 3")
    assert page.get_attribute(".rank-list li:nth-child(1) .up", "aria-disabled") == "true"

    tab_to(page, ".rank-list li:nth-child(2) .remove")  # 6, now second
    page.keyboard.press("Enter")
    assert focused(page, ".rank-list li:nth-child(2) .remove"), "the focus moves to the next one"
    assert said(page).startswith("6. Agua limpia y saneamiento: quitado. Quedan 2")
    for ods in (1, 5):
        tab_to(page, f".goal[data-ods='{ods}']")
        page.keyboard.press("Enter")
    tab_to(page, "#consent")
    page.keyboard.press("Space")
    tab_to(page, "#register-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector(".confirmation")

    with live_server.app.app_context():
        person = db.session.scalars(select(Participant)).one()
        assert (person.country, person.actor_type) == ("UY", "local_government")
        assert person.ranking == [13, 11, 1, 5]


def test_form_errors_are_tied_to_their_fields(live_server, desk):
    with live_server.app.app_context():
        slug = make_edition().slug
    page = desk
    page.goto(f"{live_server.url}/e/{slug}/register?lang=es")
    tab_to(page, "#register-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector(".error.summary")
    for name in ("first_name", "email", "country", "actor_type"):
        assert page.get_attribute(f"#{name}", "aria-invalid") == "true"
        described = page.get_attribute(f"#{name}", "aria-describedby").split()
        assert page.inner_text(f"#{described[-1]}").strip(), f"{name} is tied to its error"
    assert page.get_attribute("#ranking", "aria-describedby") == "ranking-hint ranking-error"
    assert "Elija al menos 3 talleres" in page.inner_text("#ranking-error")
    assert page.get_attribute("#position", "aria-invalid") is None


def test_login_with_the_keyboard_alone(live_server, desk):
    with live_server.app.app_context():
        address = make_user("admin", "keys@example.org", PASSWORD).email
    log_in(desk, live_server.url, address)
    assert "/admin/" in desk.url


def test_checkin_station_with_the_keyboard_alone_announces_each_result(live_server, desk):
    with live_server.app.app_context():
        edition = make_edition()
        first = make_participant(edition, first_name="Rosa", last_name="Quispe")
        second = make_participant(edition, first_name="Tomás", last_name="Ibarra")
        revoked = make_participant(edition, first_name="Iván", last_name="Soto")
        old_code = revoked.badge_code
        checkin.revoke_badge(revoked)
        db.session.commit()
        make_user("checkin", "door@example.org", PASSWORD)
        code, slug = first.badge_code, edition.slug
        first_id, second_id = first.id, second.id
    page = desk
    log_in(page, live_server.url, "door@example.org")
    page.goto(f"{live_server.url}/checkin/{slug}/?lang=es")
    page.wait_for_selector("#station[data-cached='1']")
    labels = json.loads(page.get_attribute("#station", "data-labels"))
    announce = page.locator("#announce")

    def scan(text: str) -> None:
        tab_to(page, "#code")
        page.keyboard.type(text)
        page.keyboard.press("Enter")

    scan(code)
    expect(announce).to_contain_text(f"{labels['ok']}. Rosa Quispe")
    scan(code)
    expect(announce).to_contain_text(f"{labels['already_checked_in']}. Rosa Quispe")
    scan("not-a-badge")
    expect(announce).to_have_text(labels["invalid"])
    scan(old_code)
    expect(announce).to_contain_text(labels["revoked"])

    tab_to(page, "#undo", backwards=True)
    page.keyboard.press("Enter")
    expect(announce).to_have_text(labels["undone"])

    tab_to(page, "#q")
    page.keyboard.type("Tomás")
    page.wait_for_selector("#found li button")
    tab_to(page, "#found li button")
    page.keyboard.press("Enter")
    expect(announce).to_contain_text(f"{labels['ok']}. Tomás Ibarra")
    with live_server.app.app_context():
        present = db.session.scalars(select(Attendance.participant_id)).all()
        assert sorted(present) == sorted([first_id, second_id])


def test_allocation_move_with_the_keyboard_alone(live_server, desk):
    with live_server.app.app_context():
        edition = make_edition(rounds=1, seats=5)
        people = [make_participant(edition, ranking=(11, 6, 13)) for _ in range(3)]
        allocations.run_now(edition, seed=1)
        db.session.commit()
        make_user("admin", "alloc@example.org", PASSWORD)
        slug, person_id = edition.slug, people[0].id
        last = people[0].last_name
    page = desk
    log_in(page, live_server.url, "alloc@example.org")
    page.goto(f"{live_server.url}/admin/e/{slug}/allocation/?lang=es")
    tab_to(page, "#q")
    page.keyboard.type(last)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, f"#p{person_id} .move summary")
    page.keyboard.press("Enter")
    tab_to(page, f"#p{person_id} input[name=ods]")
    page.keyboard.type("17")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".flash-success")).to_be_visible()
    with live_server.app.app_context():
        moved = db.session.scalars(
            select(Assignment).where(Assignment.participant_id == person_id)
        ).one()
        workshop = db.session.get(Workshop, moved.workshop_id)
        assert (workshop.ods, moved.pinned) == (17, True)
