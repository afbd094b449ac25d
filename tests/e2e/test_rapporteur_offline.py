"""A rapporteur records a workshop's proposals on a 360-px phone in real Chromium (CSRF on), and
the network drops between two of them: nothing is lost, nothing is saved twice."""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from seminar.extensions import db
from seminar.models import Proposal
from seminar.proposals import links
from tests.factories import make_edition

WIDER_THAN_WINDOW = "document.documentElement.scrollWidth - window.innerWidth"
FIRST = "Crear un fondo regional para vivienda social con participación de los municipios."
SECOND = "Mesa permanente de gobiernos locales y academia para medir la Agenda 2030."


def rapporteur_page(live_server) -> tuple[str, int]:
    with live_server.app.app_context():
        edition = make_edition()
        link = links.link_for(edition, 11)
        db.session.commit()
        url, edition_id = f"{live_server.url}/rapporteur/{link.token}", edition.id
        db.session.remove()
    return url, edition_id


def stored(live_server, edition_id: int) -> list[tuple[str, list[str]]]:
    """What the database holds, read in an app context of its own."""
    with live_server.app.app_context():
        rows = db.session.scalars(
            select(Proposal).where(Proposal.edition_id == edition_id).order_by(Proposal.id)
        ).all()
        result = [(p.text, p.addressed_to) for p in rows]
        db.session.remove()
    return result


def write(page, index: int, text: str, addressee: str) -> None:
    card = page.locator("#proposals .proposal").nth(index)
    card.locator("textarea").fill(text)
    card.locator(f"input[value='{addressee}']").check()


def test_two_proposals_with_the_network_lost_between_them_are_both_saved(live_server, phone):
    url, edition_id = rapporteur_page(live_server)
    phone.goto(url)
    assert phone.evaluate(WIDER_THAN_WINDOW) <= 0
    write(phone, 0, FIRST, "regional_government")
    expect(phone.locator("#sync")).to_have_attribute("data-state", "saved", timeout=10_000)
    assert stored(live_server, edition_id) == [(FIRST, ["regional_government"])]

    phone.context.set_offline(True)
    phone.click("#add-proposal")
    write(phone, 1, SECOND, "academia")
    expect(phone.locator("#sync")).to_have_attribute("data-state", "offline", timeout=10_000)
    expect(phone.locator("#sync")).to_contain_text("Sin conexión")
    second = phone.locator("#proposals .proposal").nth(1).locator(".save-state")
    expect(second).to_have_attribute("data-state", "pending")
    assert len(stored(live_server, edition_id)) == 1
    assert phone.evaluate(WIDER_THAN_WINDOW) <= 0

    phone.context.set_offline(False)
    expect(phone.locator("#sync")).to_have_attribute("data-state", "saved", timeout=15_000)
    expect(second).to_have_attribute("data-state", "saved")
    assert stored(live_server, edition_id) == [
        (FIRST, ["regional_government"]),
        (SECOND, ["academia"]),
    ]


def test_a_proposal_typed_offline_survives_closing_the_tab_and_is_sent_on_return(
    live_server, phone
):
    url, edition_id = rapporteur_page(live_server)
    phone.goto(url)
    write(phone, 0, FIRST, "national_government")
    expect(phone.locator("#sync")).to_have_attribute("data-state", "saved", timeout=10_000)
    phone.context.set_offline(True)
    phone.click("#add-proposal")
    write(phone, 1, SECOND, "civil_society")
    expect(phone.locator("#sync")).to_have_attribute("data-state", "offline", timeout=10_000)
    assert len(stored(live_server, edition_id)) == 1
    kept = phone.evaluate("() => JSON.stringify(Object.values(localStorage))")
    assert SECOND in kept, "the device keeps what the server does not have yet"
    # The rapporteur closes the laptop: the tab goes, the connection is still down. (A retry
    # caught by the closing may still get through; sent again later, it changes nothing.)
    context = phone.context
    phone.close()
    context.set_offline(False)
    again = context.new_page()
    again.goto(url)
    expect(again.locator("#sync")).to_have_attribute("data-state", "saved", timeout=15_000)
    assert stored(live_server, edition_id) == [
        (FIRST, ["national_government"]),
        (SECOND, ["civil_society"]),
    ]
    expect(again.locator("#proposals .proposal textarea").nth(1)).to_have_value(SECOND)
    again.reload()
    assert again.locator("#proposals .proposal textarea").nth(1).input_value() == SECOND


def test_a_reload_with_no_network_opens_the_page_and_keeps_what_was_typed(live_server, phone):
    url, edition_id = rapporteur_page(live_server)
    phone.goto(url)
    write(phone, 0, FIRST, "multilateral")
    expect(phone.locator("#sync")).to_have_attribute("data-state", "saved", timeout=10_000)
    # Unplugged only once the page's service worker keeps a copy of it, as a rapporteur would be
    # told: before that, a reload with no network shows the browser's error page.
    expect(phone.locator("#proposals")).to_have_attribute("data-offline-ready", "1", timeout=15_000)
    expect(phone.locator("#proposals")).to_have_attribute("data-kept", re.compile(r"\d+"))
    phone.context.set_offline(True)
    phone.click("#add-proposal")
    write(phone, 1, SECOND, "private_sector")
    expect(phone.locator("#sync")).to_have_attribute("data-state", "offline", timeout=10_000)
    phone.reload()
    expect(phone.locator("#sync")).to_have_attribute("data-state", "offline", timeout=10_000)
    texts = phone.locator("#proposals .proposal textarea")
    expect(texts.nth(0)).to_have_value(FIRST)
    expect(texts.nth(1)).to_have_value(SECOND)
    assert len(stored(live_server, edition_id)) == 1
    phone.context.set_offline(False)
    expect(phone.locator("#sync")).to_have_attribute("data-state", "saved", timeout=15_000)
    assert stored(live_server, edition_id) == [
        (FIRST, ["multilateral"]),
        (SECOND, ["private_sector"]),
    ]
