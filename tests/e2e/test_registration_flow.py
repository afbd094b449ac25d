"""A person registers on a 360-px phone, gets the email, changes the ranking and cancels."""

import re

import pytest
from sqlalchemy import select

from seminar import email
from seminar.extensions import db
from seminar.models import Participant
from tests.browser import fill_registration
from tests.conftest import SmtpServer, body_text
from tests.factories import make_edition, make_participant

NAME, SURNAME = "María de los Ángeles", "Núñez-D'Ávila Gonçalves"


@pytest.fixture
def mailed_server(live_server):
    smtp = SmtpServer()
    smtp.start()
    live_server.app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port)
    yield live_server, smtp
    smtp.stop()


def deliver(app) -> None:
    with app.app_context():
        email.deliver()


def manage_link(message) -> str:
    return re.search(r"(http://\S+/manage/\S+)", body_text(message)).group(1)


def test_phone_registration_email_change_ranking_and_cancel(mailed_server, phone):
    server, smtp = mailed_server
    with server.app.app_context():
        slug = make_edition(capacity=1).slug
    page = phone
    page.goto(f"{server.url}/e/{slug}/register?lang=es")
    assert page.locator(".rank-selects").is_hidden(), "the tap widget replaces the selects"
    fill_registration(
        page, "angeles@example.org", first_name=NAME, last_name=SURNAME, country="CL",
        city="Concepción", institution="Municipalidad de Concepción", ranking=(11, 6, 13, 1, 5),
    )  # fmt: skip
    page.click(".rank-list li:nth-child(2) button[aria-label='Subir']")  # 6 before 11
    page.click("button[type=submit]")
    page.wait_for_selector(".confirmation")
    assert page.locator("#person-name").inner_text() == f"{NAME} {SURNAME}"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    with server.app.app_context():
        person = db.session.scalars(select(Participant)).one()
        assert (person.first_name, person.last_name) == (NAME, SURNAME)
        assert person.ranking == [6, 11, 13, 1, 5]
    deliver(server.app)
    (message,) = smtp.to("angeles@example.org")
    assert "Inscripción confirmada" in message["Subject"]

    page.goto(manage_link(message))
    page.click("summary:has-text('Modificar mi inscripción')")
    page.click("#manage-form .rank-list li:nth-child(5) button[aria-label='Quitar']")
    page.click("#manage-form .goal[data-ods='17']")
    page.click("#manage-form button[type=submit]")
    page.wait_for_selector(".flash-success")
    chips = page.locator("#current-ranking .ods-chip b").all_inner_texts()
    assert chips == ["6", "11", "13", "1", "17"]

    page.click("#cancel-button")
    page.click("#cancel-confirm")
    page.wait_for_selector(".flash-success")
    assert page.locator("#person-status").inner_text() == "Cancelada"


def test_waiting_list_person_is_promoted_and_emailed_when_a_place_frees(mailed_server, phone):
    server, smtp = mailed_server
    with server.app.app_context():
        edition = make_edition(capacity=1)
        holder = make_participant(edition, email="holder@example.org")
        slug, holder_token = edition.slug, holder.manage_token
    page = phone
    page.goto(f"{server.url}/e/{slug}/register?lang=pt")
    fill_registration(
        page, "joao@example.org", first_name="João", last_name="Conceição", country="BR",
        city="Porto Alegre", institution="Prefeitura de Porto Alegre", language="pt",
        ranking=(10, 11, 5),
    )  # fmt: skip
    page.click("button[type=submit]")
    page.wait_for_selector(".confirmation")
    assert "lista de espera" in page.locator(".confirmation h1").inner_text()

    page.goto(f"{server.url}/manage/{holder_token}?lang=es")
    page.click("#cancel-button")
    page.click("#cancel-confirm")
    page.wait_for_selector(".flash-success")
    deliver(server.app)
    subjects = [m["Subject"] for m in smtp.to("joao@example.org")]
    assert any(s.startswith("Você está na lista de espera") for s in subjects)
    assert any(s.startswith("Você tem uma vaga") for s in subjects)
    with server.app.app_context():
        joao = db.session.scalars(select(Participant).filter_by(email="joao@example.org")).one()
        assert joao.status == "confirmed"
