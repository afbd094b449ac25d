"""«Gobiernos locales en acción», the network's virtual seminar of 11 June 2021, as its seed gives
it: organised by Mercociudades and Mexico's Secretaría de Relaciones Exteriores, 13:00–14:30 in
Uruguay (11:00–12:30 in Mexico), registration before 9 June 2021, two panels; and the
attendance its Zoom report gives (the seed has none: made up, like the registrants)."""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from seminar import csvfile
from seminar.attendance import services as attendance
from seminar.clock import frozen_at
from seminar.demo.people import people
from seminar.editions import services as editions
from seminar.models import Edition
from seminar.participants import services as participants
from seminar.programme.demo import UY, load_virtual

SLUG = "gobiernos-locales-en-accion"
FULL_TITLE = (
    "Gobiernos locales en acción: Alianzas estratégicas para el desarrollo local sostenible de "
    "la región"
)
DESCRIPTION = (
    "Experiencias y buenas prácticas de cooperación entre ciudades de México y de la región del "
    "Cono sur. Organizan Mercociudades y la Dirección General de Coordinación Política de la "
    "Secretaría de Relaciones Exteriores de México, que el 11 de noviembre firmaron un convenio "
    "para explorar nuevas fórmulas de colaboración entre ciudades. Dos paneles: las experiencias "
    "de las ciudades en Turismo, Reactivación económica post Covid-19, Violencia basada en género, "
    "Movilidad y Desarrollo Urbano Sustentable y Cambio climático; y las herramientas y "
    "oportunidades de los programas de Mercociudades y de la Cancillería Mexicana. "
    "Formato: diálogo entre los participantes moderado por un facilitador. Duración máxima "
    "1:30 hs."
)
REGISTRANTS = 60


def create() -> Edition:
    with frozen_at(datetime(2021, 5, 20, 15, tzinfo=ZoneInfo(UY))):
        edition = editions.create(
            SLUG,
            "Gobiernos locales en acción",
            "Montevideo",
            date(2021, 6, 11),
            date(2021, 6, 11),
            UY,
            event_type="Seminario virtual",
            full_title=FULL_TITLE,
            format="virtual",
            ods_to_rank=0,
            venue="",
            description=DESCRIPTION,
            capacity=500,
            status="open",
            # «antes del próximo 9 de junio de 2021»
            registration_closes_at=datetime.combine(date(2021, 6, 9), time(0), ZoneInfo(UY)),
        )
        rows = people(REGISTRANTS, seed=2021, domain="gobiernoslocales.mercociudades.example")
        for row in rows:
            row["preferences"] = ""
        participants.import_participants(
            edition, csvfile.read(participants.to_csv(rows, csvfile.COLUMNS).encode())
        )
        load_virtual(edition)
    with frozen_at(datetime(2021, 6, 11, 18, 45, tzinfo=ZoneInfo(UY))):
        attendance.import_report(edition, zoom_report(rows).encode("utf-8"))
    return edition


def zoom_report(rows: list[dict]) -> str:
    """The meeting's participants as Zoom exports them (times in Uruguay): most registrants,
    some of whom dropped and rejoined, the host's account and guests who never registered."""
    rng = random.Random(2021)
    start = datetime.combine(date(2021, 6, 11), time(13), ZoneInfo(UY))
    lines = [
        "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants,",
        f"812 3456 7890,{FULL_TITLE.split(':')[0]},06/11/2021 12:50:02 PM,"
        "06/11/2021 02:41:37 PM,stp@mercociudades.example,112,64,",
        "",
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,"
        "Recording Consent,In Waiting Room",
    ]

    def line(name: str, address: str, joined: datetime, left: datetime) -> str:
        stamp = "%m/%d/%Y %I:%M:%S %p"
        minutes = max(1, round((left - joined).total_seconds() / 60))
        return (
            f"{name},{address},{joined.strftime(stamp)},{left.strftime(stamp)},{minutes},"
            f"{'No' if address.startswith('stp@') else 'Yes'},Y,N"
        )

    lines.append(line("Secretaría Técnica Permanente", "stp@mercociudades.example",
                      start - timedelta(minutes=10), start + timedelta(minutes=101)))  # fmt: skip
    for row in rows:
        if rng.random() > 0.78:
            continue  # registered, never came
        name = f"{row['first_name']} {row['last_name']}"
        joined = start + timedelta(seconds=rng.randint(-300, 1500))
        left = start + timedelta(seconds=rng.randint(3000, 5400))
        if rng.random() < 0.2:  # the connection dropped: two rows, the second a rejoin
            drop = joined + (left - joined) / 2
            back = drop + timedelta(seconds=rng.randint(-60, 600))
            lines.append(line(name, row["email"], joined, drop))
            lines.append(line(f"{name} (Teléfono)", row["email"], back, left))
        else:
            lines.append(line(name, row["email"], joined, left))
    for guest in ("Invitado 1", "iPhone de Carlos", "Sala de reuniones Intendencia"):
        lines.append(line(guest, "", start + timedelta(minutes=rng.randint(0, 20)),
                          start + timedelta(minutes=rng.randint(40, 90))))  # fmt: skip
    return "\n".join(lines) + "\n"
