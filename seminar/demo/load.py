"""`flask demo load`: the Puerto Montt 2017 edition from the invitation letter. Idempotent."""

from datetime import UTC, date, datetime, time

from sqlalchemy import select

from seminar import csvfile, users
from seminar.demo.people import people
from seminar.editions import services as editions
from seminar.extensions import db
from seminar.invitations.demo import load_invitees
from seminar.models import Edition, Round
from seminar.participants import services as participants
from seminar.programme.demo import load_programme
from seminar.workshops import services as allocations

SLUG = "puerto-montt-2017"
ADMIN = ("admin@seminario.demo", "puerto-montt-2017")
CHECKIN = ("checkin@seminario.demo", "puerta-de-la-patagonia")
DESCRIPTION = (
    "Seminario Taller Internacional organizado por la Vicepresidencia de Desarrollo Social de "
    "Mercociudades. Las ciudades de América del Sur invitan a los otros niveles de gobierno del "
    "Estado, regional, central y multilateral, a conocer sus experiencias y a trabajar en talleres "
    "cada uno de los 17 Objetivos de Desarrollo Sostenible. Para cumplir las Agendas Globales y "
    "Locales «nadie puede quedar fuera»."
)
ROOM_NAMES = [
    "Salón Reloncaví",
    "Salón Tenglo",
    "Sala Chiloé",
    "Sala Calbuco",
    "Sala Osorno",
    "Sala Llanquihue",
    "Sala Maullín",
    "Sala Cochamó",
    "Sala Hualaihué",
    "Sala Frutillar",
    "Sala Puerto Varas",
    "Sala Angelmó",
    "Sala Pelluco",
    "Sala Chinquihue",
    "Sala Alerce",
    "Sala Mirasol",
    "Sala Costanera",
]
ROOM_CAPACITIES = [80, 70, 60, 55, 50, 45, 40, 40, 35, 30, 60, 50, 45, 40, 35, 30, 65]
ROUNDS = [
    ("Día 2 · mañana", date(2017, 10, 5), time(9, 30)),
    ("Día 3 · mañana", date(2017, 10, 6), time(9, 30)),
]
PARTICIPANTS = 320
SPEAKERS = [  # name, institution, city, country, actor type, the workshop they lead
    (
        "Marcela",
        "Petrantonio",
        "Secretaría Ejecutiva de Mercociudades",
        "Montevideo",
        "UY",
        "multilateral",
        17,
    ),
    (
        "Claudia",
        "Barrientos Oyarzo",
        "Municipalidad de Puerto Montt",
        "Puerto Montt",
        "CL",
        "local_government",
        11,
    ),
    (
        "Carina",
        "Lucero",
        "Municipalidad de General Alvear",
        "General Alvear",
        "AR",
        "local_government",
        8,
    ),
    (
        "Ricardo",
        "Sondermann",
        "Prefeitura de Porto Alegre",
        "Porto Alegre",
        "BR",
        "local_government",
        10,
    ),
    ("Sofía", "Arce", "Alcaldía de Cuenca", "Cuenca", "EC", "local_government", 6),
]


def _speaker_rows() -> list[dict]:
    rows = []
    for first, last, institution, city, country, actor, ods in SPEAKERS:
        local = f"{first}.{last.split()[0]}".lower()
        rows.append(
            {
                "first_name": first,
                "last_name": last,
                "email": f"{local}@speakers.demo",
                "country": country,
                "city": city,
                "institution": institution,
                "position": "Expositor/a",
                "actor_type": actor,
                "language": "pt" if country == "BR" else "es",
                "role": "speaker",
                "preferences": ";".join(
                    str(n) for n in [ods, *[x for x in (11, 13, 5) if x != ods]]
                ),
            }
        )
    return rows


def _csv_rows(rows: list[dict]) -> list[csvfile.Row]:
    return csvfile.read(participants.to_csv(rows, csvfile.COLUMNS).encode())


def _edition() -> tuple[Edition, bool]:
    edition = db.session.scalars(select(Edition).where(Edition.slug == SLUG)).first()
    if edition:
        return edition, False
    edition = editions.create(
        SLUG,
        "Ciudades de América Latina por el Desarrollo Sostenible",
        "Puerto Montt",
        date(2017, 10, 4),
        date(2017, 10, 7),
        "America/Santiago",
        venue="Puerto Montt, la puerta de la Patagonia de Chile",
        description=DESCRIPTION,
        capacity=400,
        status="open",
        # Kept open so that a newcomer can try registering on the demo.
        registration_opens_at=datetime(2017, 6, 1, 12, tzinfo=UTC),
        registration_closes_at=datetime(2099, 12, 31, 12, tzinfo=UTC),
    )
    rows = []
    for label, _day, _start in ROUNDS:
        for ods, (room, capacity) in enumerate(zip(ROOM_NAMES, ROOM_CAPACITIES, strict=True), 1):
            rows.append({"round": label, "ods": str(ods), "room": room, "capacity": str(capacity)})
    editions.import_workshops(edition, rows)
    for (label, day, start), round_ in zip(ROUNDS, edition.rounds, strict=True):
        assert round_.label == label
        round_.starts_at = datetime.combine(day, start, edition.tz)
        round_.ends_at = datetime.combine(day, time(12, 30), edition.tz)
    participants.import_participants(edition, _csv_rows(people(PARTICIPANTS) + _speaker_rows()))
    load_programme(edition)
    load_invitees(edition)
    allocations.run_now(edition, seed=2017)  # so the allocation page shows a result, unpublished
    return edition, True


def load() -> list[str]:
    edition, created = _edition()
    lines = [f"edition {edition.slug}: " + ("created" if created else "already there, unchanged")]
    for (address, password), role in ((ADMIN, "admin"), (CHECKIN, "checkin")):
        if users.by_email(address) is None:
            users.create(address, role, password)
    db.session.flush()
    rounds = db.session.scalars(select(Round).where(Round.edition_id == edition.id)).all()
    lines.append(f"{edition.seats_taken} registered, {len(rounds)} rounds of 17 workshops")
    lines.append(f"organiser login: {ADMIN[0]} / {ADMIN[1]}")
    lines.append(f"check-in login: {CHECKIN[0]} / {CHECKIN[1]}")
    return lines
