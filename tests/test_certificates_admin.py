"""The organisers' certificates page over HTTP: deciding a holder's name correction."""

import re

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


def _holders(page: str) -> list[str]:
    """The holder names in the issued table of the certificates page, in order."""
    table = page.split('id="certificates-table"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr><td>([^<]+)</td>", table)


def test_issued_certificates_are_listed_fifty_a_page_and_found_by_name_or_code(client, login):
    from seminar.certificates import services
    from tests.factories import make_attendance, make_participant
    from tests.test_certificate_documents import DAY1

    edition = make_edition()
    people = [make_participant(edition, last_name=f"Pérez-{n:02d}") for n in range(53)]
    for person in people:
        make_attendance(person, DAY1)
    services.issue(edition)
    db.session.commit()
    login()
    url = f"/admin/e/{edition.slug}/certificates"
    first = client.get(url).get_data(as_text=True)
    assert len(_holders(first)) == 50 and "Page 1 of 2" in first
    assert _holders(first)[0] == "María José Pérez-00"
    second = client.get(url, query_string={"page": 2}).get_data(as_text=True)
    assert _holders(second) == [f"María José Pérez-{n}" for n in (50, 51, 52)]
    by_name = client.get(url, query_string={"q": "perez-07"}).get_data(as_text=True)
    assert _holders(by_name) == ["María José Pérez-07"]
    code = db.session.scalars(
        select(Certificate.code).where(Certificate.participant_id == people[12].id)
    ).one()
    by_code = client.get(url, query_string={"q": codes.grouped(code).lower()})
    assert _holders(by_code.get_data(as_text=True)) == ["María José Pérez-12"]
    revoked = client.get(url, query_string={"status": "revoked"}).get_data(as_text=True)
    assert _holders(revoked) == [] and "0 certificates match" in revoked


def test_the_page_counts_who_stands_where_without_listing_everyone(client, login):
    from seminar.certificates import services
    from tests.factories import make_attendance, make_participant
    from tests.test_certificate_documents import DAY1

    edition = make_edition()
    came = [make_participant(edition) for _ in range(3)]
    for person in came:
        make_attendance(person, DAY1)
    make_participant(edition)  # confirmed, never came
    make_participant(edition, status="pending")
    services.set_override(came[0], decision="exclude", reason="left on the first morning")
    db.session.commit()
    login()
    page = client.get(f"/admin/e/{edition.slug}/certificates").get_data(as_text=True)
    counts = dict(re.findall(r'data-why="(\w+)"><span>[^<]*</span><b class="n">(\d+)</b>', page))
    assert counts == {"rule": "2", "excluded": "1", "not_confirmed": "1", "not_enough_days": "1"}
    assert 'id="eligible-count">2<' in page
