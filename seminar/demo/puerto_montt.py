"""The two Puerto Montt editions: 2017 as its invitation letter tells it, and «Puerto Montt II»
(2–5 October 2018, in the vice-presidency's annual plan) as a finished edition: registrations,
allocation published, check-ins on its days, certificates issued."""

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select, update

from seminar import csvfile
from seminar.certificates import services as certificates
from seminar.checkin import services as checkin
from seminar.clock import frozen_at
from seminar.demo import genders, needs, travel
from seminar.demo.people import people
from seminar.editions import services as editions
from seminar.extensions import db
from seminar.invitations.demo import load_invitees
from seminar.models import Edition, OutboxMessage, Participant
from seminar.participants import services as participants
from seminar.programme.demo import load_puerto_montt_2017
from seminar.workshops import publishing
from seminar.workshops import services as allocations

FULL_TITLE_2017 = (
    "Ciudades de América Latina por el Desarrollo Sostenible, mejores experiencias para un nuevo "
    "paradigma de gobernanza"
)
DESCRIPTION_2017 = (
    "Seminario Taller Internacional de la Vicepresidencia de Desarrollo Social de Mercociudades. "
    "Las ciudades de América del Sur invitan a los otros niveles de gobierno del Estado, regional, "
    "central y multilateral, a conocer sus experiencias; trabajaremos en talleres cada uno de los "
    "17 Objetivos de Desarrollo Sostenible y generaremos propuestas sobre las formas de trabajo "
    "que nos compete a cada uno. Son convocantes, entre otros, la Presidencia de Chile y sus "
    "Consejos para la implementación de la Agenda 2030 y la Nueva Agenda Urbana, los Gobiernos "
    "Regionales, la red de Ministerios de Vivienda de América Latina y organismos multilaterales "
    "como el PNUD y la SEGIB. La Ciudadanía Puerto Monttina también está siendo involucrada: "
    "«nadie puede quedar fuera». "
    "Fechas: las de la carta de invitación, del 4 al 7 de octubre de 2017; el Plan Anual de "
    "trabajo 2017-2018 de la Vicepresidencia lo da como realizado «del 3 al 6 de octubre de 2017»."
)
DESCRIPTION_2018 = (
    "Segunda versión del Seminario Taller «Ciudades de América Latina por el Desarrollo "
    "Sostenible», anunciada en el Plan Anual de trabajo 2017-2018 de la Vicepresidencia de "
    "Desarrollo Social de Mercociudades: «2- 5 de Octubre de 2018 Seminario - Taller “Ciudades de "
    "América Latina por el Desarrollo Sostenible Puerto Montt II”». Una edición terminada: "
    "inscripciones, talleres asignados, acreditación de cada día y certificados emitidos "
    "(personas de demostración)."
)
ROOM_NAMES = [
    "Salón Reloncaví", "Salón Tenglo", "Sala Chiloé", "Sala Calbuco", "Sala Osorno",
    "Sala Llanquihue", "Sala Maullín", "Sala Cochamó", "Sala Hualaihué", "Sala Frutillar",
    "Sala Puerto Varas", "Sala Angelmó", "Sala Pelluco", "Sala Chinquihue", "Sala Alerce",
    "Sala Mirasol", "Sala Costanera",
]  # fmt: skip
ROOM_CAPACITIES = [80, 70, 60, 55, 50, 45, 40, 40, 35, 30, 60, 50, 45, 40, 35, 30, 65]


def _csv_rows(rows: list[dict]) -> list[csvfile.Row]:
    return csvfile.read(participants.to_csv(rows, csvfile.COLUMNS).encode())


def _workshops(edition: Edition, rounds: list[tuple[str, date]]) -> None:
    """17 ODS workshops in 17 rooms in each round, 9:30–12:30 at the venue."""
    rows = [
        {"round": label, "ods": str(ods), "room": room, "capacity": str(capacity)}
        for label, _day in rounds
        for ods, (room, capacity) in enumerate(zip(ROOM_NAMES, ROOM_CAPACITIES, strict=True), 1)
    ]
    editions.import_workshops(edition, rows)
    for (_label, day), round_ in zip(rounds, edition.rounds, strict=True):
        round_.starts_at = datetime.combine(day, time(9, 30), edition.tz)
        round_.ends_at = datetime.combine(day, time(12, 30), edition.tz)


def create_2017() -> Edition:
    edition = editions.create(
        "puerto-montt-2017",
        "Ciudades de América Latina por el Desarrollo Sostenible",
        "Puerto Montt",
        date(2017, 10, 4),
        date(2017, 10, 7),
        "America/Santiago",
        event_type="Seminario Taller Internacional",
        full_title=FULL_TITLE_2017,
        venue="Puerto Montt, la puerta de la Patagonia de Chile",
        description=DESCRIPTION_2017,
        capacity=400,
        status="open",
        # Kept open so that a newcomer can try registering on the demo.
        registration_opens_at=datetime(2017, 6, 1, 12, tzinfo=UTC),
        registration_closes_at=datetime(2099, 12, 31, 3, tzinfo=UTC),
    )
    _workshops(
        edition, [("Día 2 · mañana", date(2017, 10, 5)), ("Día 3 · mañana", date(2017, 10, 6))]
    )
    participants.import_participants(edition, _csv_rows(people(320)))
    needs.add(edition, 12, seed=2017)
    genders.describe(edition, seed=2017)
    load_puerto_montt_2017(edition)
    load_invitees(edition)
    travel.add(edition)
    allocations.run_now(edition, seed=2017)  # so the allocation page shows a result, unpublished
    return edition


def create_2018() -> Edition:
    """Replayed on the clock of 2018, so every record carries the day it would have."""
    with frozen_at(datetime(2018, 8, 20, 15, tzinfo=UTC)):
        edition = editions.create(
            "puerto-montt-2018",
            "Ciudades de América Latina por el Desarrollo Sostenible Puerto Montt II",
            "Puerto Montt",
            date(2018, 10, 2),
            date(2018, 10, 5),
            "America/Santiago",
            event_type="Seminario Taller",
            full_title="Ciudades de América Latina por el Desarrollo Sostenible Puerto Montt II",
            venue="Puerto Montt, Chile",
            description=DESCRIPTION_2018,
            capacity=300,
            status="closed",
            registration_opens_at=datetime(2018, 6, 1, 12, tzinfo=UTC),
            registration_closes_at=datetime(2018, 9, 28, 3, tzinfo=UTC),
        )
        _workshops(
            edition, [("Día 2 · mañana", date(2018, 10, 3)), ("Día 3 · mañana", date(2018, 10, 4))]
        )
        rows = people(240, seed=2018, domain="puertomontt2018.mercociudades.example")
        participants.import_participants(edition, _csv_rows(rows))
        needs.add(edition, 10, seed=2018)
        genders.describe(edition, seed=2018)
    with frozen_at(datetime(2018, 9, 25, 14, tzinfo=UTC)):
        allocations.run_now(edition, seed=2018)
        publishing.publish(edition)
    _check_ins(edition)
    with frozen_at(datetime(2018, 10, 12, 14, tzinfo=UTC)):
        certificates.save_settings(edition, rule="days", min_days=1, hours=24, wording={})
        certificates.issue(edition)
    # Its emails left in 2018: the outbox shows them sent, and no worker sends them again.
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.edition_id == edition.id, OutboxMessage.state == "queued")
        .values(state="sent", sent_at=OutboxMessage.created_at, attempts=1)
    )
    return edition


def _check_ins(edition: Edition) -> None:
    """Most people at the door on most days, scanned between 8:30 and 10:00 at the venue; a few
    registered and never came."""
    rng = random.Random(2018)
    codes = db.session.scalars(
        select(Participant.badge_code)
        .where(Participant.edition_id == edition.id, Participant.status == "confirmed")
        .order_by(Participant.id)
    ).all()
    codes = [code for code in codes if rng.random() >= 0.06]  # registered, never came
    days = [edition.starts_on + timedelta(days=n) for n in range(4)]
    for n, day in enumerate(days):
        opening = datetime.combine(day, time(8, 30), edition.tz)
        with frozen_at(opening + timedelta(hours=2)):
            for code in codes:
                if rng.random() < (0.93, 0.88, 0.84, 0.72)[n]:
                    moment = opening + timedelta(seconds=rng.randint(0, 90 * 60))
                    checkin.scan(edition, code, "Acreditación", scanned_at=moment)
