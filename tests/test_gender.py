"""The optional, self-described gender: never required, kept as written, erased with the rest,
and not part of the participants CSV contract."""

from sqlalchemy import select

from seminar.extensions import db
from seminar.models import Participant
from seminar.participants.services import EXPORT_COLUMNS
from seminar.privacy import services as privacy
from tests.factories import make_edition, make_participant
from tests.test_registration import FORM, post_registration


def registered() -> Participant:
    db.session.expire_all()
    return db.session.scalars(select(Participant)).one()


def test_registration_form_offers_gender_as_optional_with_its_reason(client):
    edition = make_edition()
    page = client.get(f"/e/{edition.slug}/register").get_data(as_text=True)
    assert 'name="gender"' in page and 'list="gender-suggestions"' in page
    assert "Opcional; sólo para estadísticas agregadas" in page
    assert '<option value="no binario">' in page
    field = page.split('name="gender"')[0].rsplit("<input", 1)[1]
    assert "required" not in field


def test_registration_without_gender_is_accepted_and_stores_none(client):
    edition = make_edition()
    assert post_registration(client, edition).status_code == 302
    assert registered().gender is None


def test_gender_is_kept_as_written_and_changed_on_the_private_page(client):
    edition = make_edition()
    assert post_registration(client, edition, gender="  Mujer   trans ").status_code == 302
    person = registered()
    assert person.gender == "Mujer trans"
    manage = {k: v for k, v in FORM.items() if k != "consent"}
    page = client.get(f"/manage/{person.manage_token}").get_data(as_text=True)
    assert 'value="Mujer trans"' in page
    response = client.post(f"/manage/{person.manage_token}", data={**manage, "gender": ""})
    assert response.status_code == 302
    assert registered().gender is None


def test_a_gender_too_long_is_refused_next_to_the_field_and_nothing_saved(client):
    edition = make_edition()
    response = post_registration(client, edition, gender="x" * 61)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="gender-error"' in page
    assert db.session.scalars(select(Participant)).all() == []


def test_erasing_a_person_wipes_their_gender(app):
    edition = make_edition()
    person = make_participant(edition, gender="No binario")
    privacy.erase(person)
    db.session.commit()
    assert registered().gender is None


def test_the_participants_csv_contract_has_no_gender_column(client, login):
    edition = make_edition()
    make_participant(edition, gender="Femenino")
    login()
    header = client.get(f"/admin/e/{edition.slug}/participants/export.csv").get_data(as_text=True)
    assert "gender" not in EXPORT_COLUMNS
    assert "gender" not in header.splitlines()[0] and "Femenino" not in header


def test_the_persons_data_download_includes_their_gender(client):
    edition = make_edition()
    person = make_participant(edition, gender="Mujer")
    data = client.get(f"/manage/{person.manage_token}/data.json").get_json()
    assert data["registration"]["gender"] == "Mujer"
