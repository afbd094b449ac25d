"""The allocation page's people list: 50 a page, search, filters, each round explained."""

import re

import pytest
from sqlalchemy import select

from seminar.extensions import db
from seminar.models import Assignment, Participant, Workshop
from tests.factories import make_edition, make_participant
from tests.test_allocation_app import allocate, crowd


@pytest.fixture
def client(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def shown(html: str) -> set[int]:
    return {int(n) for n in re.findall(r'<li class="person" id="p(\d+)">', html)}


def page(client, edition, **args) -> str:
    response = client.get(f"/admin/e/{edition.slug}/allocation/", query_string=args)
    assert response.status_code == 200
    return response.text


def seats(edition) -> dict[int, list[tuple[int, int]]]:
    """participant id -> [(round id, ODS)] as stored."""
    out = {}
    for a, ods in db.session.execute(
        select(Assignment, Workshop.ods).join(Workshop, Workshop.id == Assignment.workshop_id)
    ):
        out.setdefault(a.participant_id, []).append((a.round_id, ods))
    return out


def test_people_are_listed_fifty_a_page_with_a_pager(runner, client, login):
    edition = make_edition(rounds=2, seats=8, capacity=200)
    people = crowd(edition, 120)
    assert allocate(runner, edition).exit_code == 0
    login()
    first, last = page(client, edition), page(client, edition, page=3)
    assert len(shown(first)) == 50 and len(shown(last)) == 20
    assert "120 people match · Page 1 of 3" in first and 'rel="next"' in first
    assert 'rel="prev"' in last and 'rel="next"' not in last
    everyone = shown(first) | shown(page(client, edition, page=2)) | shown(last)
    assert everyone == {p.id for p in people}
    assert first.count('class="why"') == 100  # two rounds explained for each person shown


def test_unplaced_and_per_workshop_filters(runner, client, login):
    edition = make_edition(rounds=1, seats=1)
    people = crowd(edition, 20)
    assert allocate(runner, edition).exit_code == 0
    stored = seats(edition)
    login()
    unplaced = shown(page(client, edition, show="unplaced"))
    assert unplaced == {p.id for p in people if p.id not in stored} and len(unplaced) == 3
    workshop = db.session.scalars(select(Workshop).where(Workshop.ods == 11)).one()
    sitting = shown(page(client, edition, workshop=workshop.id))
    assert sitting == {pid for pid, held in stored.items() if (workshop.round_id, 11) in held}
    assert len(sitting) == 1


def test_unranked_and_not_in_top_three_filters(runner, client, login):
    edition = make_edition(rounds=2, seats=3)
    people = crowd(edition, 40)
    assert allocate(runner, edition).exit_code == 0
    stored = seats(edition)
    ranking = {p.id: list(p.ranking) for p in people}
    login()
    unranked = {pid for pid, held in stored.items() if any(o not in ranking[pid] for _r, o in held)}
    assert unranked and shown(page(client, edition, show="unranked")) == unranked
    beyond = {
        pid for pid, held in stored.items() if any(o not in ranking[pid][:3] for _r, o in held)
    }
    assert shown(page(client, edition, show="not_top3")) == beyond


def test_moved_by_hand_is_told_apart_from_a_speakers_pin(runner, client, login):
    edition = make_edition(rounds=2, seats=5)
    people = crowd(edition, 8)
    speaker = make_participant(edition, ranking=(3, 4), role="speaker")
    assert allocate(runner, edition).exit_code == 0
    login()
    moved = people[0]
    data = {"participant_id": moved.id, "round_id": edition.rounds[0].id, "ods": 17}
    data |= {"show": "moved", "page": "1", "q": "Ñúñez"}
    response = client.post(f"/admin/e/{edition.slug}/allocation/move", data=data)
    assert response.status_code == 302
    assert "show=moved" in response.headers["Location"] and "q=" in response.headers["Location"]
    assert shown(page(client, edition, show="moved")) == {moved.id}
    assert shown(page(client, edition, show="pinned")) == {moved.id, speaker.id}


def test_search_finds_by_folded_name_and_explains_only_those(runner, client, login):
    edition = make_edition(rounds=1, seats=5)
    crowd(edition, 10)
    odd = make_participant(edition, first_name="Conceição", last_name="Araújo")
    assert allocate(runner, edition).exit_code == 0
    login()
    html = page(client, edition, q="conceicao araujo")
    assert shown(html) == {odd.id} and "1 people match" in html
    assert html.count('class="why"') == 1


def test_nonsense_filters_show_everyone(runner, client, login):
    edition = make_edition(rounds=1, seats=5)
    crowd(edition, 6)
    assert allocate(runner, edition).exit_code == 0
    login()
    html = page(client, edition, show="<script>", workshop="x", page="-4")
    assert len(shown(html)) == db.session.query(Participant).count() == 6
    assert "<script>" not in html


def test_filters_judge_each_person_by_their_own_ranking_not_anyone_elses(runner, client, login):
    edition = make_edition(rounds=1, seats=5)
    mover = make_participant(edition, ranking=(1, 2, 3))
    other = make_participant(edition, ranking=(4, 5, 6))
    speaker = make_participant(edition, ranking=(7, 8), role="speaker")
    assert allocate(runner, edition).exit_code == 0
    login()
    for person in (mover, speaker):  # onto the other's 1st choice, which neither of them ranked
        data = {"participant_id": person.id, "round_id": edition.rounds[0].id, "ods": 4}
        assert client.post(f"/admin/e/{edition.slug}/allocation/move", data=data).status_code == 302
    assert shown(page(client, edition, show="unranked")) == {mover.id, speaker.id}
    assert shown(page(client, edition, show="not_top3")) == {mover.id, speaker.id}
    assert shown(page(client, edition, show="moved")) == {mover.id, speaker.id}
    assert other.id in shown(page(client, edition))
