"""The allocation in the app: `flask allocate`, stored assignments, moves, publishing, the page."""

import csv
import io
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from seminar.clock import set_now
from seminar.editions import services as editions
from seminar.extensions import db
from seminar.models import AllocationRun, Assignment, OutboxMessage, Participant, Workshop
from seminar.workshops import moves, services
from tests.conftest import BACKENDS, make_app
from tests.factories import make_edition, make_participant

FIGURE_WORDS = ("1st choice", "top 3", "any ranked", "unranked", "worst rank", "runtime",
                "quota violations", "optimal", "first come", "random serial")  # fmt: skip
RANKINGS = [(11, 6, 13), (11, 13, 5), (6, 11, 1), (13, 11, 6), (5, 6, 11), (1, 2, 3)]


def crowd(edition, n=24, **fields):
    """n confirmed people whose rankings crowd a few ODS, of mixed actor types and countries."""
    actors = ("local_government", "academia", "civil_society")
    countries = ("CL", "AR", "BR", "UY")
    return [
        make_participant(
            edition,
            ranking=RANKINGS[i % len(RANKINGS)],
            actor_type=actors[i % 3],
            country=countries[i % 4],
            **fields,
        )
        for i in range(n)
    ]


def assignment_map(edition) -> dict[tuple[int, int], int]:
    rows = db.session.scalars(
        select(Assignment).join(Participant).where(Participant.edition_id == edition.id)
    )
    return {(a.participant_id, a.round_id): a.workshop_id for a in rows}


def allocate(runner, edition, *extra):
    result = runner.invoke(args=["allocate", "--edition", edition.slug, *extra])
    db.session.expire_all()
    return result


def test_allocate_prints_figures_and_stores_assignments_within_capacity(runner):
    edition = make_edition(rounds=2, seats=5)
    people = crowd(edition)
    result = allocate(runner, edition, "--seed", "7")
    assert result.exit_code == 0, result.output
    for words in FIGURE_WORDS:
        assert words in result.output
    stored = assignment_map(edition)
    assert len(stored) == 2 * len(people)
    capacity = {w.id: w.capacity for w in db.session.scalars(select(Workshop))}
    assert all(n <= capacity[wid] for wid, n in Counter(stored.values()).items())
    run = db.session.scalars(select(AllocationRun)).one()
    assert run.status == "done" and run.figures["fcfs"]["placed"] == 2 * len(people)


def test_same_seed_gives_the_same_assignment(runner):
    edition = make_edition(rounds=2, seats=5)
    crowd(edition)
    allocate(runner, edition, "--seed", "3", "--full")
    first = assignment_map(edition)
    allocate(runner, edition, "--seed", "3", "--full")
    assert assignment_map(edition) == first


def test_rerun_keeps_notified_people_and_places_newcomers(runner):
    edition = make_edition(rounds=2, seats=5)
    crowd(edition, 12)
    allocate(runner, edition, "--publish")
    before = assignment_map(edition)
    newcomers = crowd(edition, 6)
    result = allocate(runner, edition, "--seed", "99")
    assert result.exit_code == 0, result.output
    after = assignment_map(edition)
    assert {k: after[k] for k in before} == before
    assert all((p.id, r.id) in after for p in newcomers for r in edition.rounds)


def test_pins_are_never_moved(runner):
    edition = make_edition(rounds=1, seats=5)
    people = crowd(edition, 10)
    last_choice = db.session.scalars(
        select(Workshop).where(Workshop.edition_id == edition.id, Workshop.ods == 17)
    ).one()
    moves.move(edition, people[0], last_choice.id)
    db.session.commit()
    allocate(runner, edition, "--full", "--seed", "5")
    assert assignment_map(edition)[people[0].id, last_choice.round_id] == last_choice.id


def test_speakers_are_pinned_to_the_workshop_of_their_first_preference(runner):
    edition = make_edition(rounds=2, seats=5)
    crowd(edition, 20)
    speaker = make_participant(edition, role="speaker", ranking=(11, 6, 13))
    allocate(runner, edition)
    mine = db.session.scalars(select(Assignment).where(Assignment.participant_id == speaker.id))
    first_round = edition.rounds[0]
    pinned = {(a.round_id, a.workshop.ods, a.pinned) for a in mine}
    assert (first_round.id, 11, True) in pinned


def _workshop(edition, round_index, ods):
    return db.session.scalars(
        select(Workshop).where(
            Workshop.round_id == edition.rounds[round_index].id, Workshop.ods == ods
        )
    ).one()


def test_manual_move_refuses_a_full_workshop(app):
    edition = make_edition(rounds=1, seats=2)
    a, b, c = crowd(edition, 3)
    target = _workshop(edition, 0, 17)
    moves.move(edition, a, target.id)
    moves.move(edition, b, target.id)
    db.session.commit()
    with pytest.raises(services.AllocationError, match="full"):
        moves.move(edition, c, target.id)


def test_manual_move_refuses_an_ods_already_held_in_another_round(app):
    edition = make_edition(rounds=2, seats=5)
    (person,) = crowd(edition, 1)
    moves.move(edition, person, _workshop(edition, 0, 4).id)
    db.session.commit()
    with pytest.raises(services.AllocationError, match="another round"):
        moves.move(edition, person, _workshop(edition, 1, 4).id)


@pytest.mark.parametrize("language", ["es", "pt", "en"])
def test_publish_queues_one_email_per_person_in_their_language(runner, language):
    edition = make_edition(rounds=2, seats=5)
    people = crowd(edition, 8, language=language)
    set_now(datetime(2017, 9, 1, 12, tzinfo=UTC))
    allocate(runner, edition, "--publish")
    messages = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.template == "allocation_published")
    ).all()
    assert sorted(m.participant_id for m in messages) == sorted(p.id for p in people)
    from seminar import email

    built = email._build(messages[0])
    word = {"es": "Sala", "pt": "Sala", "en": "Room"}[language]
    assert {"es": "Hola", "pt": "Olá", "en": "Hello"}[language] in built.body
    assert word in built.body and "Sala " in built.body
    assert "09:30" not in built.body or "(Santiago)" in built.body
    assert all(a.notified_at for a in db.session.scalars(select(Assignment)))


def test_publish_shows_the_round_time_in_the_editions_zone(runner):
    edition = make_edition(rounds=1, seats=5)
    crowd(edition, 3)
    edition.rounds[0].starts_at = datetime(2017, 10, 5, 12, 30, tzinfo=UTC)  # 09:30 in Santiago
    edition.rounds[0].ends_at = datetime(2017, 10, 5, 15, 30, tzinfo=UTC)
    db.session.commit()
    allocate(runner, edition, "--publish")
    from seminar import email

    message = db.session.scalars(select(OutboxMessage)).first()
    assert "09:30–12:30 (Santiago)" in email._build(message).body


def test_participants_export_fills_workshops(runner):
    edition = make_edition(rounds=2, seats=5)
    people = crowd(edition, 6)
    allocate(runner, edition)
    result = runner.invoke(args=["participants", "export", "--edition", edition.slug])
    rows = {r["email"]: r for r in csv.DictReader(io.StringIO(result.output))}
    stored = assignment_map(edition)
    ods_of = {w.id: w.ods for w in db.session.scalars(select(Workshop))}
    for person in people:
        expected = ";".join(str(ods_of[stored[person.id, r.id]]) for r in edition.rounds)
        assert rows[person.email]["workshops"] == expected


def test_admin_page_renders_figures_and_a_chart_per_workshop(runner, client, login):
    edition = make_edition(rounds=2, seats=5)
    crowd(edition, 12)
    allocate(runner, edition)
    login()
    page = client.get(f"/admin/e/{edition.slug}/allocation/?lang=en")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'id="figures"' in html and "Random serial dictatorship" in html
    assert html.count('class="wcard"') == 34 and "<svg" in html
    assert "choice" in html  # the reasons, in words


def test_page_runs_the_allocation_in_the_background(client, login):
    edition = make_edition(rounds=1, seats=5)
    crowd(edition, 8)
    login()
    assert (
        client.post(f"/admin/e/{edition.slug}/allocation/run", data={"seed": "1"}).status_code
        == 302
    )
    run_id = db.session.scalars(select(AllocationRun.id)).one()
    url = f"/admin/e/{edition.slug}/allocation/runs/{run_id}.json"
    deadline = time.monotonic() + 60
    while (status := client.get(url).get_json())["running"] and time.monotonic() < deadline:
        db.session.rollback()  # the test's session must not hold SQLite's write lock
        time.sleep(0.2)
    db.session.rollback()
    assert status["status"] == "done", status
    assert len(assignment_map(edition)) == 8


def test_attendance_list_per_workshop(runner, client, login):
    edition = make_edition(rounds=1, seats=5)
    crowd(edition, 6)
    allocate(runner, edition)
    workshop = _workshop(edition, 0, 11)
    login()
    page = client.get(f"/admin/e/{edition.slug}/allocation/workshops/{workshop.id}.csv")
    rows = list(csv.DictReader(io.StringIO(page.get_data(as_text=True))))
    seated = db.session.scalars(select(Assignment).where(Assignment.workshop_id == workshop.id))
    assert len(rows) == len(list(seated)) > 0
    assert set(rows[0]) == {"name", "institution", "country", "actor_type", "role", "signature"}


def test_allocate_refuses_an_unknown_edition(runner):
    result = runner.invoke(args=["allocate", "--edition", "nowhere"])
    assert result.exit_code != 0 and "nowhere" in result.output


def test_allocate_refuses_an_edition_without_workshops(runner):
    edition = make_edition(rounds=0)
    result = allocate(runner, edition)
    assert result.exit_code != 0 and "no workshops" in result.output
    assert db.session.scalars(select(AllocationRun)).first() is None


def test_allocate_refuses_an_edition_without_participants(runner):
    edition = make_edition(rounds=1)
    result = allocate(runner, edition)
    assert result.exit_code != 0 and "no confirmed participants" in result.output


def test_manage_page_shows_the_workshops_once_published(runner, client):
    edition = make_edition(rounds=2, seats=5)
    (person, *_) = crowd(edition, 4)
    allocate(runner, edition)
    assert 'id="my-workshops"' not in client.get(f"/manage/{person.manage_token}").text
    allocate(runner, edition, "--publish")
    page = client.get(f"/manage/{person.manage_token}").text
    mine = db.session.scalars(select(Assignment).where(Assignment.participant_id == person.id))
    assert 'id="my-workshops"' in page
    assert all(a.workshop.room.name in page for a in mine)


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_concurrent_manual_moves_never_overbook_a_workshop(database_url):
    app = make_app(database_url, WTF_CSRF_ENABLED=False)
    with app.app_context():
        edition = make_edition(rounds=1, seats=3)
        ids = [p.id for p in crowd(edition, 12)]
        workshop_id = _workshop(edition, 0, 17).id
        slug = edition.slug
        db.session.remove()

    def move(participant_id: int) -> bool:
        with app.app_context():
            try:
                edition = editions.get(slug)
                moves.move(edition, db.session.get(Participant, participant_id), workshop_id)
                db.session.commit()
                return True
            except services.AllocationError:
                db.session.rollback()
                return False
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=6) as pool:
        moved = list(pool.map(move, ids))
    with app.app_context():
        seated = db.session.scalar(
            select(func.count())
            .select_from(Assignment)
            .where(Assignment.workshop_id == workshop_id)
        )
        db.session.remove()
        db.engine.dispose()
    assert sum(moved) == seated == 3


def test_a_shortfall_of_seats_is_warned_and_all_it_can_placed(runner, client, login):
    edition = make_edition(rounds=1, seats=1)
    crowd(edition, 20)
    login()
    page = client.get(f"/admin/e/{edition.slug}/allocation/?lang=en").text
    warning = "20 confirmed people but only 17 seats, reserve included: 3 will have no workshop"
    assert warning in page
    result = allocate(runner, edition)
    assert result.exit_code == 0, result.output
    assert "20 confirmed people but 17 seats: 3 will have no workshop" in result.output
    assert len(assignment_map(edition)) == 17


def test_rooms_that_hold_everyone_raise_no_warning(runner, client, login):
    edition = make_edition(rounds=2, seats=2)
    crowd(edition, 34)
    login()
    assert "will have no workshop" not in client.get(f"/admin/e/{edition.slug}/allocation/").text
    assert "will have no workshop" not in allocate(runner, edition).output


def test_reserve_seats_taken_are_placed_and_shown_on_the_page(runner, client, login):
    edition = make_edition(rounds=1, seats=2, reserve_share=0.5)  # 1 of each room's 2 seats held
    crowd(edition, 30)
    result = allocate(runner, edition)
    assert result.exit_code == 0, result.output
    assert len(assignment_map(edition)) == 30
    run = db.session.scalars(select(AllocationRun)).one()
    assert run.figures["optimal"]["reserve_taken"] == 13
    login()
    page = client.get(f"/admin/e/{edition.slug}/allocation/?lang=en").text
    assert page.count("reserve 1, 1 taken</span>") == 13
    assert "Reserve seats taken" in page and "<td><b>13</b></td>" in page


def test_a_run_that_cannot_prove_optimality_says_so(runner, client, login):
    edition = make_edition(rounds=2, seats=5)
    people = crowd(edition, 24)
    result = allocate(runner, edition, "--time-limit", "0")
    assert result.exit_code == 0, result.output
    assert "NOT proven optimal: the time limit (0 s) ran out" in result.output
    assert len(assignment_map(edition)) == 2 * len(people)
    run = db.session.scalars(select(AllocationRun)).one()
    assert run.solver_status == "feasible"
    login()
    page = client.get(f"/admin/e/{edition.slug}/allocation/?lang=en").text
    assert "Not proven optimal: the time limit (0 s) ran out first" in page
    assert "Proven optimal" not in page
    run.gap = 0.0123  # a run stopped with a lower bound proven says how far it can be
    db.session.commit()
    page = client.get(f"/admin/e/{edition.slug}/allocation/?lang=en").text
    assert "its cost at most 1.23 % above the lowest possible" in page


def test_allocate_refuses_a_negative_time_limit(runner):
    edition = make_edition(rounds=1)
    crowd(edition, 3)
    result = allocate(runner, edition, "--time-limit", "-1")
    assert result.exit_code != 0 and "time-limit" in result.output
    assert db.session.scalars(select(AllocationRun)).first() is None
