"""A person on a 360-px phone registers while the database is briefly down: the 503 page keeps
what they typed, and once the database is back one tap on "Enviar de nuevo" registers them once."""

from sqlalchemy import select

from seminar.extensions import db
from seminar.models import Participant
from tests.browser import fill_registration
from tests.conftest import database_away
from tests.factories import make_edition

NAME, SURNAME = 'María "><script>x</script>', "Núñez-D'Ávila"


def test_phone_registration_sent_during_outage_is_sent_again_once(live_server, phone):
    with live_server.app.app_context():
        slug = make_edition().slug
    page = phone
    page.goto(f"{live_server.url}/e/{slug}/register?lang=es")
    fill_registration(
        page, "angeles@example.org", first_name=NAME, last_name=SURNAME, country="CL",
        city="Concepción", institution="Municipalidad de Concepción", ranking=(11, 6, 13, 1, 5),
    )  # fmt: skip
    with database_away(live_server.app):
        page.click("button[type=submit]")
        page.wait_for_selector("#resend-form")
        assert page.locator("h1").inner_text() == "Servicio no disponible por un momento"
        assert "todavía no se guardó nada" in page.locator("main").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    again = page.locator("#resend-form button")
    assert again.inner_text() == "Enviar de nuevo" and again.is_visible()
    again.click()
    page.wait_for_selector(".confirmation")
    assert page.locator("#person-name").inner_text() == f"{NAME} {SURNAME}"

    with live_server.app.app_context():
        (person,) = db.session.scalars(select(Participant)).all()
        assert (person.first_name, person.last_name) == (NAME, SURNAME)
        assert (person.email, person.city) == ("angeles@example.org", "Concepción")
        assert person.ranking == [11, 6, 13, 1, 5]
