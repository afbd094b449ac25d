"""deploy/backup.sh and deploy/restore.sh: an online SQLite backup taken while registrations are
being written holds every registration committed before it started, whole; PostgreSQL goes through
pg_dump and pg_restore and comes back row for row."""

import os
import shutil
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from seminar.extensions import db
from tests.conftest import BACKENDS, _pg_admin, _pg_url, make_app
from tests.factories import make_attendance, make_edition, make_participant
from tests.stack import DEPLOY


def script(name: str, *args: str, database_url: str) -> str:
    result = subprocess.run(
        [str(DEPLOY / name), *args],
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def form(n: int) -> dict:
    return {
        "first_name": "Conceição", "last_name": f"Ñandú {n}", "email": f"w{n}@example.org",
        "country": "BR", "city": "Porto Alegre", "institution": "Prefeitura",
        "actor_type": "local_government", "language": "pt", "consent": "y",
        "rank_1": "11", "rank_2": "6", "rank_3": "13",
    }  # fmt: skip


def test_online_sqlite_backup_while_registering_holds_every_committed_registration(
    sqlite_template, tmp_path
):
    path = tmp_path / "live.sqlite3"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    app = make_app(url, WTF_CSRF_ENABLED=False)
    with app.app_context():
        slug = make_edition(capacity=5000, rounds=0).slug
        db.session.remove()
    committed: list[tuple[float, str]] = []  # (when the answer came, email)
    lock, stop = threading.Lock(), threading.Event()

    def writer(w: int) -> None:
        client = app.test_client()
        n = 0
        while not stop.is_set() and n < 400:
            response = client.post(f"/e/{slug}/register", data=form(w * 1000 + n))
            assert response.status_code == 302
            with lock:
                committed.append((time.monotonic(), f"w{w * 1000 + n}@example.org"))
            n += 1

    writers = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
    for thread in writers:
        thread.start()
    while len(committed) < 20:
        time.sleep(0.05)
    started = time.monotonic()
    backup = Path(script("backup.sh", str(tmp_path / "backups"), database_url=url))
    finished = time.monotonic()
    time.sleep(0.3)
    stop.set()
    for thread in writers:
        thread.join(60)
    before = {email for when, email in committed if when < started}
    after_all = {email for _, email in committed}
    assert len(after_all) > len(before), "registrations went on during the backup"

    restored = tmp_path / "restored.sqlite3"
    script("restore.sh", str(backup), database_url=f"sqlite:///{restored}")
    engine = create_engine(f"sqlite:///{restored}")
    with engine.connect() as conn:
        emails = set(conn.scalars(text("SELECT email FROM participants")))
        ranked = conn.scalar(
            text(
                "SELECT count(*) FROM participants p WHERE (SELECT count(*) FROM preferences f "
                "WHERE f.participant_id = p.id) = 3"
            )  # fmt: skip
        )
        seats = conn.scalar(text("SELECT seats_taken FROM editions"))
        confirmed = conn.scalar(text("SELECT count(*) FROM participants WHERE status='confirmed'"))
        mails = conn.scalar(text("SELECT count(DISTINCT recipient) FROM outbox"))
    engine.dispose()
    assert before <= emails, f"{len(before - emails)} committed registrations missing"
    assert emails <= after_all
    assert ranked == len(emails), "each restored registration has its whole ranking"
    assert seats == confirmed == len(emails) and mails == len(emails)
    print(f"backup took {finished - started:.2f} s; {len(before)} before, {len(emails)} in it")
    restored_app = make_app(f"sqlite:///{restored}")
    assert restored_app.test_client().get("/healthz").get_json()["database"] == "ok"
    with restored_app.app_context():
        db.engine.dispose()


TABLES = ("editions", "participants", "preferences", "attendance", "outbox", "alembic_version")


def dump(url: str) -> dict[str, list]:
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = {t: conn.execute(text(f"SELECT * FROM {t} ORDER BY 1")).all() for t in TABLES}
    engine.dispose()
    return rows


@pytest.mark.parametrize("database_url", BACKENDS[1:], indirect=True)
def test_pg_dump_and_restore_bring_back_every_row(database_url, tmp_path):
    app = make_app(database_url)
    with app.app_context():
        edition = make_edition()
        for n in range(5):
            person = make_participant(edition, first_name=f"María José {n}", last_name="Núñez")
            make_attendance(person, edition.starts_on)
        db.session.remove()
        db.engine.dispose()
    original = dump(database_url)
    assert len(original["participants"]) == 5 and len(original["attendance"]) == 5
    backup = script("backup.sh", str(tmp_path), database_url=database_url)
    assert backup.endswith(".pgdump")

    name = f"seminar_restore_{uuid.uuid4().hex[:8]}"
    with _pg_admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        target = _pg_url(name)
        script("restore.sh", backup, database_url=target)
        assert dump(target) == original
        script("restore.sh", backup, database_url=target)  # over a live schema: replaced whole
        assert dump(target) == original
        restored_app = make_app(target)
        health = restored_app.test_client().get("/healthz").get_json()
        assert health["migration"] == original["alembic_version"][0][0]
        with restored_app.app_context():
            db.engine.dispose()
    finally:
        with _pg_admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
