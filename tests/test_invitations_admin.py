"""The invitations page's forms over HTTP: import a CSV, add one invitee, send by segment. Bad
input is answered next to the field and changes nothing."""

import io

import pytest
from sqlalchemy import func, select

from seminar.extensions import db
from seminar.models import Invitation, OutboxMessage
from tests.factories import make_edition
from tests.test_invitations import invitee_csv


@pytest.fixture
def client(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def invitees(edition) -> dict[str, str]:
    rows = db.session.scalars(select(Invitation).filter_by(edition_id=edition.id))
    return {i.email: i.segment for i in rows}


def upload(client, edition, text: str, segment: str = ""):
    data = {"file": (io.BytesIO(text.encode()), "invitees.csv"), "segment": segment, "sheet": ""}
    return client.post(f"/admin/e/{edition.slug}/invitations/import", data=data)


def sent(edition) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .filter_by(edition_id=edition.id, template="invitation")
    )


def test_organiser_imports_invitees_into_a_segment_and_reimport_changes_nothing(client, login):
    edition = make_edition()
    login()
    response = upload(client, edition, invitee_csv(4), "Intendencias")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Imported: 4 new, 0 changed." in page
    assert set(invitees(edition).values()) == {"Intendencias"} and len(invitees(edition)) == 4
    response = upload(client, edition, invitee_csv(4), "Intendencias")
    assert "Imported: 0 new, 0 changed." in client.get(response.headers["Location"]).get_data(
        as_text=True
    )


def test_a_bad_invitees_csv_names_the_line_and_imports_nothing(client, login):
    edition = make_edition()
    login()
    text = invitee_csv(3).replace(",AR,", ",Atlantis,")
    response = upload(client, edition, text)
    assert response.status_code == 422
    assert "line 3, column country: unknown country" in response.get_data(as_text=True)
    assert invitees(edition) == {}
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    spanish = upload(client, edition, text).get_data(as_text=True)
    assert "línea 3, columna country: país desconocido «Atlantis»" in spanish
    assert invitees(edition) == {}


def test_organiser_adds_one_invitee_and_a_bad_country_is_refused(client, login):
    edition = make_edition()
    login()
    url = f"/admin/e/{edition.slug}/invitations/add"
    data = {
        "first_name": "Rosa", "last_name": "Quispe", "email": "rosa@lapaz.bo", "country": "BO",
        "city": "La Paz", "institution": "Gobierno Autónomo Municipal de La Paz", "position": "",
        "actor_type": "local_government", "language": "es", "organisation_level": "local",
        "greeting": "", "segment": "Bolivia", "tags": "",
    }  # fmt: skip
    refused = client.post(url, data={**data, "country": "Bolivia"})
    assert refused.status_code == 422 and 'id="country-error"' in refused.get_data(as_text=True)
    assert invitees(edition) == {}
    assert client.post(url, data=data).status_code == 302
    assert invitees(edition) == {"rosa@lapaz.bo": "Bolivia"}


def test_send_queues_each_invitation_once_and_a_segment_only_its_own(client, login):
    edition = make_edition()
    login()
    upload(client, edition, invitee_csv(3, "norte.org"), "Norte")
    upload(client, edition, invitee_csv(2, "sur.org"), "Sur")
    url = f"/admin/e/{edition.slug}/invitations/send"
    response = client.post(url, data={"segment": "Sur"})
    assert "2 invitations queued." in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    assert sent(edition) == 2
    client.post(url, data={"segment": ""})
    assert sent(edition) == 5
    client.post(url, data={"segment": ""})
    assert sent(edition) == 5
