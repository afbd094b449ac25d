"""1,000 certificates through the real service path: issue from attendance, then render every
PDF (the artwork laid out once per language, each certificate drawn over it as its own PDF).
For comparison, 30 certificates rendered one call each (as an email attachment is).

    .venv/bin/python -m tests.benchmarks.bench_certificates [COUNT]
"""

import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import select

from seminar import create_app
from seminar.certificates import files, services
from seminar.extensions import db
from seminar.models import Attendance, Certificate, Participant
from tests.factories import make_edition

NAMES = [
    ("María José", "Ñúñez-D'Ávila"),
    ("João", "Gonçalves"),
    ("Françoise", "Lévesque Ibáñez"),
    ("Ana", "Pérez"),
]


def cpu_seconds() -> float:
    """CPU time of this process and of the rendering processes it waited for."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def populate(edition, count: int) -> None:
    people = []
    for n in range(count):
        first, last = NAMES[n % len(NAMES)]
        person = Participant(
            edition=edition, first_name=first, last_name=f"{last} {n}", email=f"p{n}@example.org",
            country="CL", city="", institution="", actor_type="local_government",
            language=("es", "pt", "en")[n % 3],
            role="speaker" if n % 50 == 0 else "participant", status="confirmed",
        )  # fmt: skip
        person.refresh_search_text()
        people.append(person)
    db.session.add_all(people)
    db.session.flush()
    db.session.add_all(
        Attendance(
            edition_id=edition.id,
            participant_id=p.id,
            day=date(2017, 10, 4),
            checked_in_at=edition.starts_at(),
        )  # fmt: skip
        for p in people
    )
    db.session.commit()


def main(count: int = 1000, single: int = 30) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
                "PUBLIC_URL": "https://seminario.mercociudades.org",
            }
        )
        with app.app_context():
            upgrade()
            edition = make_edition("bench", capacity=count + 10)
            populate(edition, count)
            print(f"cores: {os.cpu_count()}")

            started = time.perf_counter()
            report = services.issue(edition)
            db.session.commit()
            issued_s = time.perf_counter() - started
            print(f"issue: {report.summary()} in {issued_s:.2f} s")

            started, cpu = time.perf_counter(), cpu_seconds()
            rendered = files.render_missing(edition, commit=db.session.commit)
            batch_s, cpu = time.perf_counter() - started, cpu_seconds() - cpu
            print(
                f"batch: {rendered} certificates rendered and stored in {batch_s:.2f} s "
                f"({rendered / batch_s:.1f}/s, {cpu:.1f} CPU-s across processes); "
                f"issue + render {issued_s + batch_s:.2f} s"
            )
            print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

            sample = db.session.scalars(select(Certificate).limit(single)).all()
            started = time.perf_counter()
            for certificate in sample:
                files.render([certificate])
            single_s = time.perf_counter() - started
            print(
                f"one document per certificate: {single} in {single_s:.2f} s "
                f"({single / single_s:.1f}/s, {count / (single / single_s):.0f} s for {count})"
            )
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
