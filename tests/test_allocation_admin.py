"""The allocation page's buttons over HTTP: move a person, lock, unlock, publish. A refused action
says why and changes nothing."""

import pytest
from sqlalchemy import func, select

from seminar.extensions import db
from seminar.models import AllocationRun, Assignment, OutboxMessage
from tests.factories import make_edition
from tests.test_allocation_app import allocate, assignment_map, crowd


@pytest.fixture
def client(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def allocated(runner):
    edition = make_edition(rounds=2, seats=5)
    people = crowd(edition, 8)
    assert allocate(runner, edition, "--seed", "1").exit_code == 0
    return edition, people


def flashed(client, response) -> str:
    assert response.status_code == 302
    return client.get(response.headers["Location"].split("#")[0]).get_data(as_text=True)


def ods_of(person, round_):
    assignment = db.session.scalars(
        select(Assignment).filter_by(participant_id=person.id, round_id=round_.id)
    ).one()
    return assignment.workshop.ods, assignment.pinned


def move(client, edition, person, round_, ods):
    data = {"participant_id": str(person.id), "round_id": str(round_.id), "ods": str(ods)}
    return client.post(f"/admin/e/{edition.slug}/allocation/move", data=data)


def test_organiser_moves_a_person_and_the_move_is_pinned(client, login, allocated):
    edition, (person, *_) = allocated
    first = edition.rounds[0]
    login()
    page = flashed(client, move(client, edition, person, first, 17))
    assert "Moved; the person is now pinned there." in page
    assert ods_of(person, first) == (17, True)


def test_a_move_to_an_ods_held_in_the_other_round_is_refused(client, login, allocated):
    edition, (person, *_) = allocated
    held, _pinned = ods_of(person, edition.rounds[1])
    before = assignment_map(edition)
    login()
    page = flashed(client, move(client, edition, person, edition.rounds[0], held))
    assert "another round" in page
    db.session.expire_all()
    assert assignment_map(edition) == before


def test_locking_stops_reruns_and_moves_until_unlocked(client, login, allocated):
    edition, (person, *_) = allocated
    base = f"/admin/e/{edition.slug}/allocation"
    login()
    assert "Locked." in flashed(client, client.post(f"{base}/lock"))
    assert "locked" in flashed(client, client.post(f"{base}/run", data={"seed": "2"}))
    assert db.session.scalar(select(func.count()).select_from(AllocationRun)) == 1
    before = assignment_map(edition)
    assert "locked" in flashed(client, move(client, edition, person, edition.rounds[0], 17))
    db.session.expire_all()
    assert assignment_map(edition) == before
    assert "Unlocked." in flashed(client, client.post(f"{base}/unlock"))
    flashed(client, move(client, edition, person, edition.rounds[0], 17))
    assert ods_of(person, edition.rounds[0]) == (17, True)


def test_publish_queues_one_email_a_person_once(client, login, allocated):
    edition, people = allocated
    base = f"/admin/e/{edition.slug}/allocation"
    login()
    assert "Published: 8 email(s) queued." in flashed(client, client.post(f"{base}/publish"))
    assert "Published: 0 email(s) queued." in flashed(client, client.post(f"{base}/publish"))
    recipients = db.session.scalars(
        select(OutboxMessage.participant_id).filter_by(template="allocation_published")
    ).all()
    assert sorted(recipients) == sorted(p.id for p in people)


def test_lock_and_publish_before_any_run_are_refused(client, login):
    edition = make_edition(rounds=1, seats=5)
    crowd(edition, 3)
    base = f"/admin/e/{edition.slug}/allocation"
    login()
    assert "run the allocation first" in flashed(client, client.post(f"{base}/lock"))
    assert "run the allocation first" in flashed(client, client.post(f"{base}/publish"))
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_a_refused_action_says_why_in_spanish_on_a_spanish_page(client, login):
    edition = make_edition(rounds=1, seats=5)
    crowd(edition, 3)
    login()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    page = flashed(client, client.post(f"/admin/e/{edition.slug}/allocation/lock"))
    assert "ejecute primero la asignación" in page and "run the allocation first" not in page
