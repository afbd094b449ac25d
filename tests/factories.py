"""Small functions that build what tests need, through the same services the app uses."""

import csv
import itertools
from datetime import UTC, date, datetime
from pathlib import Path

from seminar.editions import services as editions
from seminar.extensions import db
from seminar.models import Participant, Preference
from seminar.registration.seats import confirm, take_seats

_counter = itertools.count(1)


def edited(code: str) -> str:
    """The same code with its last character changed: a badge someone retyped wrong. Always a
    different code (appending a fixed letter would leave it unchanged when the code ends in it)."""
    return code[:-1] + ("B" if code.endswith("A") else "A")


def make_edition(
    slug: str | None = None, capacity: int = 100, rounds: int = 1, seats: int = 40, **extra
):
    """An open edition with `rounds` rounds of 17 workshops of `seats` seats each."""
    extra.setdefault("status", "open")
    extra.setdefault("registration_opens_at", datetime(2000, 1, 1, tzinfo=UTC))
    extra.setdefault("registration_closes_at", datetime(2099, 1, 1, tzinfo=UTC))
    edition = editions.create(
        slug or f"edition-{next(_counter)}",
        "Seminario de prueba",
        "Puerto Montt",
        date(2017, 10, 4),
        date(2017, 10, 7),
        "America/Santiago",
        capacity=capacity,
        **extra,
    )
    rows = [
        {"round": str(r), "ods": str(n), "room": f"Sala {n}", "capacity": str(seats)}
        for r in range(1, rounds + 1)
        for n in range(1, 18)
    ]
    if rounds:
        editions.import_workshops(edition, rows)
    db.session.commit()
    return edition


def make_participant(edition, status: str = "confirmed", ranking=(11, 6, 13), **fields):
    n = next(_counter)
    values = {
        "first_name": "María José",
        "last_name": f"Ñúñez {n}",
        "email": f"person{n}@example.org",
        "country": "CL",
        "city": "Puerto Montt",
        "institution": "Municipalidad de Puerto Montt",
        "position": "",
        "actor_type": "local_government",
        "language": "es",
        "role": "participant",
        **fields,
    }
    person = Participant(edition=edition, **values)
    person.refresh_search_text()
    person.preferences = [Preference(rank=i, ods=o) for i, o in enumerate(ranking, 1)]
    db.session.add(person)
    if status in ("confirmed", "pending"):
        assert take_seats(edition.id), "the edition is full"
    if status == "confirmed":
        confirm(person)
    else:
        person.status = status
    db.session.commit()
    return person


def make_user(role: str = "admin", address: str | None = None, password: str = "a-long-password"):
    from seminar import users

    user, _ = users.create(address or f"{role}{next(_counter)}@example.org", role, password)
    db.session.commit()
    return user


def make_attendance(person, *days: date, station: str = "door"):
    """Attendance rows as the check-in desk records them: one per person per local day."""
    from datetime import time

    from seminar.models import Attendance

    edition = person.edition
    for day in days:
        db.session.add(
            Attendance(
                edition_id=edition.id,
                participant_id=person.id,
                day=day,
                checked_in_at=datetime.combine(day, time(9), edition.tz).astimezone(UTC),
                station=station,
            )
        )
    db.session.commit()


# Plain data for the PDF layer (badges, certificates), and ways to read a rendered PDF back.
with (Path(__file__).parent.parent / "seminar/data/ods.csv").open(encoding="utf-8") as file:
    ODS = {int(row["number"]): row for row in csv.DictReader(file)}

EDITION = {
    "name": "XII Seminario de Mercociudades",
    "city": "Puerto Montt, Chile",
    "dates": "4 al 7 de octubre de 2017",
}


def workshop(ods: int, room: str = "Sala Tepual") -> dict:
    return {"ods": ods, "colour": ODS[ods]["colour"], "name": ODS[ods]["name_es"], "room": room}


def make_badge(index: int = 0, **fields) -> dict:
    return {
        "code": f"B{index:06d}K7Q2ZX",
        "first_name": "Conceição",
        "last_name": "Araújo",
        "institution": "Prefeitura de Porto Alegre",
        "city": "Porto Alegre",
        "country": "Brasil",
        "role": ("participant", "speaker", "organiser", "press")[index % 4],
        "workshops": [workshop(11), workshop(13, "Auditorio")],
        **fields,
    }


def make_certificate(index: int = 0, **fields) -> dict:
    code = f"C{index:06d}VRF"
    return {
        "holder": "María José Ñúñez-D'Ávila",
        "statement": "participó en el XII Seminario de Mercociudades.",
        "workshops": [workshop(11)],
        "hours": "16 horas",
        "verification_code": code,
        "verification_url": f"https://seminario.example.org/certificates/verify/{code}",
        **fields,
    }
