"""Many stations scanning the same badge at once: exactly one 'ok', one attendance row."""

import threading

import pytest
from sqlalchemy import func, select

from seminar.checkin import services
from seminar.extensions import db
from seminar.models import Attendance, CheckIn
from tests.conftest import make_app
from tests.factories import make_edition, make_participant

THREADS = 8
SCANS_EACH = 5


@pytest.mark.parametrize("resend", [False, True], ids=["distinct-scans", "same-client-id"])
def test_simultaneous_scans_of_one_badge_give_one_ok_and_one_attendance(app, database_url, resend):
    edition = make_edition()
    code, edition_id = make_participant(edition).badge_code, edition.id
    db.session.commit()
    answers, errors = [], []
    start = threading.Barrier(THREADS)

    # Apps are built here, not in the threads: a thread that failed before the barrier would
    # leave the others waiting forever.
    workers = [make_app(database_url) for _ in range(THREADS)]

    def station(n: int) -> None:
        with workers[n].app_context():
            try:
                start.wait(timeout=60)
                for i in range(SCANS_EACH):
                    client_id = "same-scan" if resend else f"station-{n}-{i}"
                    answer = services.scan(None, code, f"P{n}", client_id=client_id)
                    db.session.commit()
                    answers.append(answer["status"])
            except Exception as exc:  # noqa: BLE001  (reported below, not swallowed)
                errors.append(exc)
            finally:
                db.session.remove()
                db.engine.dispose()

    threads = [threading.Thread(target=station, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    attendance = db.session.scalar(
        select(func.count()).select_from(Attendance).where(Attendance.edition_id == edition_id)
    )
    assert attendance == 1
    logged = db.session.scalar(select(func.count()).select_from(CheckIn))
    if resend:
        assert set(answers) == {"ok"} and logged == 1
    else:
        assert answers.count("ok") == 1
        assert answers.count("already_checked_in") == THREADS * SCANS_EACH - 1
        assert logged == THREADS * SCANS_EACH
