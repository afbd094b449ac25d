"""The rapporteur's phone and a co-facilitator's laptop open the same private link in real
Chromium (CSRF on) and edit the same proposal: the second save is not lost nor does it overwrite
the first; the laptop shows both texts and its person chooses."""

import uuid

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from seminar.extensions import db
from seminar.models import Proposal
from seminar.proposals import links, services
from seminar.proposals.services import Draft
from tests.conftest import DESK
from tests.e2e.test_accessibility import AXE, RUN_AXE, WIDER_THAN_WINDOW
from tests.factories import make_edition

AGREED = "Crear mesas barriales de participación."
PHONE = "Crear mesas barriales de participación en cada comuna, con actas públicas."
LAPTOP = "Crear mesas barriales de participación con presupuesto propio."


@pytest.fixture
def laptop(browser):
    """A co-facilitator's laptop: a `desk` with its service worker blocked. With the page's worker
    in control, Playwright's page.route can miss the page's saves (microsoft/playwright#7588), so
    the answer this test means to lose sometimes arrived. The worker's offline copy is tested on its
    own (tests/e2e/test_rapporteur_offline.py)."""
    context = browser.new_context(**DESK, service_workers="block")
    yield context.new_page()
    context.close()


def workshop_with_a_proposal(live_server) -> tuple[str, int, str]:
    with live_server.app.app_context():
        edition = make_edition()
        link = links.link_for(edition, 11)
        client_id = str(uuid.uuid4())
        services.save(edition, 11, client_id, Draft(AGREED, ["local_government"]), version=0)
        db.session.commit()
        url, edition_id = f"{live_server.url}/rapporteur/{link.token}", edition.id
        db.session.remove()
    return url, edition_id, client_id


def stored(live_server, edition_id: int) -> list[tuple[str, int]]:
    with live_server.app.app_context():
        rows = db.session.scalars(select(Proposal).where(Proposal.edition_id == edition_id))
        result = [(p.text, p.version) for p in rows]
        db.session.remove()
    return result


def test_two_devices_editing_one_proposal_keep_both_texts_until_the_person_chooses(
    live_server, phone, laptop
):
    url, edition_id, client_id = workshop_with_a_proposal(live_server)
    phone.context.add_init_script(path=str(AXE))
    phone.goto(url)
    laptop.goto(url)
    on_phone, on_laptop = phone.locator(f"#p-{client_id}"), laptop.locator(f"#p-{client_id}")

    on_phone.locator("textarea").fill(PHONE)
    expect(phone.locator("#sync")).to_have_attribute("data-state", "saved", timeout=10_000)
    assert stored(live_server, edition_id) == [(PHONE, 2)]

    on_laptop.locator("textarea").fill(LAPTOP)  # typed on the text the laptop opened with
    conflict = on_laptop.locator(".conflict")
    expect(conflict).to_contain_text("Otra persona cambió esta propuesta", timeout=10_000)
    expect(conflict).to_contain_text(PHONE)
    expect(on_laptop.locator("textarea")).to_have_value(LAPTOP)
    expect(laptop.locator("#sync")).to_have_attribute("data-state", "conflict")
    assert stored(live_server, edition_id) == [(PHONE, 2)], "the phone's text is not overwritten"
    # Nothing is sent while the choice waits, however long.
    laptop.wait_for_timeout(1500)
    assert stored(live_server, edition_id) == [(PHONE, 2)]

    conflict.get_by_role("button", name="Conservar la mía").click()
    expect(laptop.locator("#sync")).to_have_attribute("data-state", "saved", timeout=10_000)
    expect(conflict).to_have_count(0)
    assert stored(live_server, edition_id) == [(LAPTOP, 3)]

    # The phone, still on the version it saved, now meets the laptop's text the same way.
    on_phone.locator("textarea").fill(PHONE + " Y un informe anual.")
    expect(on_phone.locator(".conflict")).to_contain_text(LAPTOP, timeout=10_000)
    assert phone.evaluate(RUN_AXE) == [], "the choice reads and works for everyone at 360 px"
    assert phone.evaluate(WIDER_THAN_WINDOW) <= 0
    on_phone.locator(".conflict").get_by_role("button", name="Usar la otra").click()
    expect(on_phone.locator("textarea")).to_have_value(LAPTOP)
    expect(phone.locator("#sync")).to_have_attribute("data-state", "saved")
    assert stored(live_server, edition_id) == [(LAPTOP, 3)]


def test_a_proposal_deleted_on_one_device_is_not_recreated_by_the_others_save(
    live_server, phone, laptop
):
    url, edition_id, client_id = workshop_with_a_proposal(live_server)
    phone.goto(url)
    laptop.goto(url)
    phone.once("dialog", lambda dialog: dialog.accept())
    phone.locator(f"#p-{client_id} .delete-form button").click()
    expect(phone.locator("#sync")).to_have_attribute("data-state", "saved", timeout=10_000)
    assert stored(live_server, edition_id) == []

    on_laptop = laptop.locator(f"#p-{client_id}")
    on_laptop.locator("textarea").fill(LAPTOP)
    expect(on_laptop.locator(".conflict")).to_contain_text("se borró", timeout=10_000)
    expect(on_laptop.locator("textarea")).to_have_value(LAPTOP)
    expect(laptop.locator("#sync")).to_have_attribute("data-state", "saved")
    assert stored(live_server, edition_id) == []
    assert client_id not in laptop.evaluate("() => JSON.stringify(Object.values(localStorage))")

    on_laptop.get_by_role("button", name="Guardarla como propuesta nueva").click()
    expect(laptop.locator("#sync")).to_have_attribute("data-state", "saved", timeout=10_000)
    assert [text for text, _ in stored(live_server, edition_id)] == [LAPTOP]


def test_a_save_queued_offline_meets_the_other_devices_text_when_the_network_returns(
    live_server, phone, laptop
):
    url, edition_id, client_id = workshop_with_a_proposal(live_server)
    phone.goto(url)
    laptop.goto(url)
    laptop.context.set_offline(True)
    on_laptop = laptop.locator(f"#p-{client_id}")
    on_laptop.locator("textarea").fill(LAPTOP)
    expect(laptop.locator("#sync")).to_have_attribute("data-state", "offline", timeout=10_000)

    phone.locator(f"#p-{client_id} textarea").fill(PHONE)
    expect(phone.locator("#sync")).to_have_attribute("data-state", "saved", timeout=10_000)

    laptop.context.set_offline(False)
    expect(on_laptop.locator(".conflict")).to_contain_text(PHONE, timeout=15_000)
    expect(on_laptop.locator("textarea")).to_have_value(LAPTOP)
    assert stored(live_server, edition_id) == [(PHONE, 2)]
    queued = laptop.evaluate("() => JSON.stringify(Object.values(localStorage))")
    assert LAPTOP in queued, "the laptop's text stays on the device while the choice waits"


def test_a_save_whose_answer_was_lost_is_not_taken_for_someone_elses(live_server, laptop):
    url, edition_id, client_id = workshop_with_a_proposal(live_server)
    laptop.goto(url)
    lost = []

    def answer_lost(route):
        """The server gets the save and keeps it; its answer never reaches the browser."""
        route.fetch()
        lost.append(route.request.url)
        route.abort("connectionreset")

    laptop.route(f"**/proposals/{client_id}", answer_lost)
    on_laptop = laptop.locator(f"#p-{client_id}")
    on_laptop.locator("textarea").fill(LAPTOP)
    expect(on_laptop.locator(".save-state")).to_have_attribute("data-state", "pending")
    for _ in range(50):
        if lost:
            break
        laptop.wait_for_timeout(200)
    assert lost and stored(live_server, edition_id) == [(LAPTOP, 2)]
    laptop.unroute(f"**/proposals/{client_id}")

    on_laptop.locator("textarea").fill(LAPTOP + " Y un informe anual.")
    expect(laptop.locator("#sync")).to_have_attribute("data-state", "saved", timeout=15_000)
    expect(on_laptop.locator(".conflict")).to_have_count(0)
    assert stored(live_server, edition_id) == [(LAPTOP + " Y un informe anual.", 3)]
