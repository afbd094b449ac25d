"""Holes found by the security read (issue 12), each guarded by the test that would catch it."""

from sqlalchemy import select

from seminar.extensions import db
from seminar.invitations import services as invitations
from seminar.models import Invitation, Participant
from tests.factories import make_edition, make_participant

FORM = {
    "first_name": "Ana", "last_name": "Pérez", "email": "ana@example.org", "country": "CL",
    "city": "Osorno", "institution": "Municipalidad", "position": "", "language": "es",
    "actor_type": "local_government", "consent": "y", "rank_1": "11", "rank_2": "6",
    "rank_3": "13",
}  # fmt: skip


def invitee(edition, address: str, role: str) -> Invitation:
    invitations.save_invitee(
        edition,
        {**FORM, "email": address, "role": role, "organisation_level": "local", "greeting": ""},
    )
    db.session.commit()
    return invitations.by_email(edition, address)


# Self-granted roles: the public form registers participants only.


def test_public_form_offers_no_role_and_registers_a_participant_whatever_is_posted(client):
    edition = make_edition()
    assert 'name="role"' not in client.get(f"/e/{edition.slug}/register").get_data(as_text=True)
    for n, role in enumerate(("speaker", "organiser")):
        response = client.post(
            f"/e/{edition.slug}/register", data={**FORM, "email": f"a{n}@x.org", "role": role}
        )
        assert response.status_code == 302
    roles = db.session.scalars(select(Participant.role)).all()
    assert roles == ["participant", "participant"]


def test_manage_page_cannot_change_the_role(client):
    person = make_participant(make_edition())
    page = client.get(f"/manage/{person.manage_token}").get_data(as_text=True)
    assert 'name="role"' not in page
    data = {**FORM, "email": person.email, "role": "speaker"}
    assert client.post(f"/manage/{person.manage_token}", data=data).status_code == 302
    db.session.expire_all()
    assert person.role == "participant" and person.first_name == "Ana"


def test_a_speakers_personal_invitation_registers_a_speaker_but_their_address_alone_does_not(
    client,
):
    edition = make_edition()
    speaker = invitee(edition, "sp@x.org", "speaker")
    invitee(edition, "sp2@x.org", "speaker")
    url = f"/e/{edition.slug}/register?invite={speaker.token}"
    assert client.post(url, data={**FORM, "email": "sp@x.org"}).status_code == 302
    other = client.post(f"/e/{edition.slug}/register", data={**FORM, "email": "sp2@x.org"})
    assert other.status_code == 302
    people = {p.email: p.role for p in db.session.scalars(select(Participant))}
    assert people == {"sp@x.org": "speaker", "sp2@x.org": "participant"}


def test_organisers_still_set_roles_from_the_participant_page(client):
    from tests.factories import make_user

    person = make_participant(make_edition())
    admin = make_user("admin")
    client.post("/login", data={"email": admin.email, "password": "a-long-password"})
    url = f"/admin/e/{person.edition.slug}/participants/{person.id}"
    page = client.get(url).get_data(as_text=True)
    assert 'name="role"' in page
    data = {**FORM, "email": person.email, "role": "speaker"}
    assert client.post(url, data=data).status_code == 302
    db.session.expire_all()
    assert person.role == "speaker"
