from sqlalchemy import select

from seminar import email
from seminar.extensions import db
from seminar.models import OutboxMessage, Participant
from seminar.registration import services
from tests.conftest import body_text
from tests.factories import make_edition, make_participant

FORM = {
    "first_name": "María José",
    "last_name": "Ñúñez D'Ávila-Gonçalves",
    "email": "Maria.Nunez@Example.org",
    "country": "CL",
    "city": "Concepción",
    "institution": "Municipalidad de Concepción",
    "position": "Directora",
    "actor_type": "local_government",
    "language": "es",
    "role": "participant",
    "consent": "y",
    "rank_1": "11",
    "rank_2": "6",
    "rank_3": "13",
    "rank_4": "1",
    "rank_5": "5",
}


def post_registration(client, edition, **changes):
    return client.post(f"/e/{edition.slug}/register", data={**FORM, **changes})


def test_registration_keeps_accented_names_exactly_and_ranks_in_order(client):
    edition = make_edition()
    response = post_registration(client, edition)
    assert response.status_code == 302
    person = db.session.scalars(select(Participant)).one()
    assert person.first_name == "María José"
    assert person.last_name == "Ñúñez D'Ávila-Gonçalves"
    assert person.ranking == [11, 6, 13, 1, 5]
    assert person.status == "confirmed" and person.badge_code
    assert response.headers["Location"].startswith(f"/manage/{person.manage_token}")


def test_confirmation_email_arrives_by_smtp_with_a_working_manage_link(client, smtp):
    edition = make_edition()
    post_registration(client, edition)
    assert email.deliver()["sent"] == 1
    (message,) = smtp.messages
    assert message["To"] == "Maria.Nunez@example.org"
    assert edition.name in message["Subject"]
    person = db.session.scalars(select(Participant)).one()
    link = f"http://seminario.test/manage/{person.manage_token}"
    assert link in body_text(message)
    assert client.get(link.removeprefix("http://seminario.test")).status_code == 200


def test_bad_fields_show_errors_next_to_them_and_keep_what_was_typed(client):
    edition = make_edition()
    response = post_registration(client, edition, email="not-an-email", rank_2="11", consent="")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="email-error"' in page
    assert "Ñúñez D&#39;Ávila-Gonçalves" in page
    assert db.session.scalar(select(db.func.count()).select_from(Participant)) == 0


def test_second_registration_with_same_email_offers_the_link_instead(client):
    edition = make_edition()
    post_registration(client, edition)
    response = post_registration(client, edition, email="MARIA.NUNEZ@example.org")
    assert response.status_code == 422
    assert 'id="duplicate"' in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count()).select_from(Participant)) == 1


def test_full_edition_puts_people_on_the_waiting_list_and_promotes_them_on_cancel(app):
    edition = make_edition(capacity=1)
    first = make_participant(edition)
    outcome = services.register(edition, {**FORM, "email": "late@example.org"}, [1, 2, 3])
    db.session.commit()
    assert outcome.status == "waitlisted"
    services.cancel(first)
    db.session.commit()
    waiting = db.session.get(Participant, outcome.participant.id)
    assert waiting.status == "confirmed"
    db.session.refresh(edition)
    assert edition.seats_taken == 1
    templates = db.session.scalars(
        select(OutboxMessage.template).where(OutboxMessage.recipient == "late@example.org")
    )
    assert list(templates) == ["registration_waitlisted", "registration_promoted"]


def test_registration_closes_at_the_deadline_in_the_editions_time_zone(client):
    from datetime import UTC, datetime

    from seminar.clock import set_now

    # 23:59 in Santiago on 30 Sep 2017 is 02:59 UTC on 1 Oct.
    deadline = datetime(2017, 10, 1, 2, 59, tzinfo=UTC)
    edition = make_edition(registration_closes_at=deadline)
    set_now(datetime(2017, 10, 1, 2, 58, tzinfo=UTC))
    assert post_registration(client, edition).status_code == 302
    set_now(datetime(2017, 10, 1, 3, 0, tzinfo=UTC))
    response = post_registration(client, edition, email="late@example.org")
    assert response.status_code == 200
    assert "La inscripción está cerrada" in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count()).select_from(Participant)) == 1


def test_manage_link_cannot_change_after_the_deadline(client):
    from datetime import UTC, datetime

    from seminar.clock import set_now

    edition = make_edition(registration_closes_at=datetime(2017, 10, 1, tzinfo=UTC))
    person = make_participant(edition)
    set_now(datetime(2017, 10, 2, tzinfo=UTC))
    page = client.get(f"/manage/{person.manage_token}").get_data(as_text=True)
    assert "manage-form" not in page
    client.post(f"/manage/{person.manage_token}/cancel")
    db.session.refresh(person)
    assert person.status == "confirmed"


def test_with_moderation_registrations_wait_for_approval(client):
    edition = make_edition(requires_approval=True)
    post_registration(client, edition)
    person = db.session.scalars(select(Participant)).one()
    assert person.status == "pending" and person.badge_code is None
    services.approve(person)
    db.session.commit()
    assert person.status == "confirmed" and person.badge_code


def test_raising_the_capacity_admits_people_from_the_waiting_list(app):
    edition = make_edition(capacity=1)
    make_participant(edition)
    waiting = make_participant(edition, status="waitlisted")
    services.set_capacity(edition, 2)
    db.session.commit()
    assert waiting.status == "confirmed"


def test_unknown_manage_token_is_404(client):
    assert client.get("/manage/not-a-real-token").status_code == 404


def test_html_in_names_is_escaped_in_pages_and_emails(client):
    from seminar import email as outbox

    edition = make_edition()
    post_registration(client, edition, first_name="<img src=x onerror=alert(1)>")
    person = db.session.scalars(select(Participant)).one()
    page = client.get(f"/manage/{person.manage_token}").get_data(as_text=True)
    assert "<img src=x" not in page and "&lt;img src=x" in page
    message = db.session.scalars(select(OutboxMessage)).one()
    assert "<img src=x" not in outbox.render(message).html
