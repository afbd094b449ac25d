"""The organisers' certificates page over HTTP: deciding a holder's name correction."""

import pytest
from sqlalchemy import func, select

from seminar.certificates import codes
from seminar.extensions import db
from seminar.models import Certificate, NameCorrection, OutboxMessage
from tests.factories import make_edition
from tests.test_certificate_documents import issued


@pytest.fixture
def client(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def ask_correction(client, certificate) -> NameCorrection:
    token = certificate.participant.manage_token
    response = client.post(
        f"/manage/{token}/certificates/{codes.grouped(certificate.code)}/correction",
        data={"first_name": "João", "last_name": "Gonçalves", "note": "acentos"},
    )
    assert response.status_code == 302
    return db.session.scalars(select(NameCorrection)).one()


def decide(client, certificate, correction, decision):
    edition = certificate.edition
    url = f"/admin/e/{edition.slug}/certificates/corrections/{correction.id}/{decision}"
    return client.post(url)


def test_organiser_rejects_a_correction_and_the_certificate_stays_as_it_was(client, login):
    certificate = issued(make_edition(), first_name="Joao", last_name="Goncalves")
    correction = ask_correction(client, certificate)
    emails_before = db.session.scalar(select(func.count()).select_from(OutboxMessage))
    login()
    response = decide(client, certificate, correction, "reject")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Correction rejected." in page
    db.session.expire_all()
    assert correction.status == "rejected" and correction.decided_at is not None
    assert db.session.scalars(select(Certificate.holder_name)).all() == ["Joao Goncalves"]
    assert certificate.status == "valid"
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == emails_before


def test_a_decided_correction_cannot_be_decided_again(client, login):
    certificate = issued(make_edition(), first_name="Joao", last_name="Goncalves")
    correction = ask_correction(client, certificate)
    login()
    decide(client, certificate, correction, "reject")
    response = decide(client, certificate, correction, "approve")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "decided already" in page
    db.session.expire_all()
    assert correction.status == "rejected"
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 1


def test_another_editions_correction_is_not_found_here(client, login):
    certificate = issued(make_edition(), first_name="Joao", last_name="Goncalves")
    correction = ask_correction(client, certificate)
    other = make_edition()
    login()
    url = f"/admin/e/{other.slug}/certificates/corrections/{correction.id}/reject"
    assert client.post(url).status_code == 404
    db.session.expire_all()
    assert correction.status == "pending"


def test_a_refusal_reads_in_spanish_on_a_spanish_page(client, login):
    certificate = issued(make_edition(), first_name="Joao", last_name="Goncalves")
    correction = ask_correction(client, certificate)
    login()
    decide(client, certificate, correction, "reject")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    response = decide(client, certificate, correction, "approve")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "esta corrección ya fue decidida" in page
    assert "decided already" not in page
