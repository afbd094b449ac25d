"""The demo's programme, shaped like the virtual seminar «Gobiernos locales en acción»: an opening,
two panels with a facilitator and speakers, workshops, a closing; times also in Mexico City."""

import io
import zlib
from datetime import date, time

from PIL import Image, ImageDraw

from seminar.models import Edition
from seminar.programme import services

SECOND_TIMEZONE = "America/Mexico_City"
# (kind, title, description, room, day, start, minutes, ods, [(role, name, affiliation, lang)])
SESSIONS = [
    ("plenary", "Inauguración", "Bienvenida de la ciudad anfitriona y de Mercociudades.",
     "Salón Reloncaví", date(2017, 10, 4), time(18, 0), 15, None, [
        ("speaker", "Marcela Petrantonio", "Secretaria Ejecutiva de Mercociudades", "es"),
        ("speaker", "Claudia Barrientos Oyarzo", "Municipalidad de Puerto Montt", "es"),
     ]),
    ("panel", "Panel 1: Alianzas estratégicas para el desarrollo local sostenible de la región",
     "Compartir experiencias y lecciones aprendidas en la articulación de una estrategia de "
     "internacionalización.", "Salón Reloncaví", date(2017, 10, 5), time(15, 0), 35, None, [
        ("facilitator", "Manuel Martínez Justo", "Director de la FES Acatlán, UNAM", "es"),
        ("speaker", "María Dolores Hernández Montoya",
         "Relaciones Internacionales y Ciudades Hermanas de Guadalajara", "es"),
        ("speaker", "Ricardo Herrera", "Vinculación Internacional e Institucional de Puebla", "es"),
        ("speaker", "Carina Lucero", "Municipalidad de General Alvear, Argentina", "es"),
        ("speaker", "Sofía Arce", "Relaciones Internacionales, Alcaldía de Cuenca, Ecuador", "es"),
        ("speaker", "Ricardo Sondermann", "Relações Internacionais, Prefeitura de Porto Alegre",
         "pt"),
     ]),
    ("workshop", "Taller ODS 11: Ciudades y comunidades sostenibles", "", "Sala Puerto Varas",
     date(2017, 10, 5), time(9, 30), 180, 11, [
        ("facilitator", "Claudia Barrientos Oyarzo", "Municipalidad de Puerto Montt", "es"),
     ]),
    ("panel", "Panel 2: Oportunidades para desarrollar la cooperación internacional en clave local",
     "Herramientas y apoyos institucionales para la acción internacional local y la cooperación "
     "descentralizada.", "Salón Reloncaví", date(2017, 10, 6), time(15, 0), 30, None, [
        ("facilitator", "Jorge Rodríguez", "Secretaría Técnica Permanente de Mercociudades", "es"),
        ("speaker", "Carlos Castillo Pérez", "Secretaría de Relaciones Exteriores de México", "es"),
        ("speaker", "Mariela Couto", "Programa de Cooperación Sur Sur de Mercociudades", "es"),
        ("speaker", "María del Huerto Romero", "Relaciones Internacionales, Rosario", "es"),
     ]),
    ("plenary", "Cierre", "Propuestas de los talleres y próximos pasos.", "Salón Reloncaví",
     date(2017, 10, 7), time(11, 0), 10, None, [
        ("speaker", "Fabiana Goyeneche", "Relaciones Internacionales, Intendencia de Montevideo",
         "es"),
     ]),
]  # fmt: skip


def _address(name: str) -> str:
    first, last = name.split()[0], name.split()[-1]
    return f"{first}.{last}@speakers.demo".lower()


def _portrait(name: str) -> bytes:
    """A plain generated portrait (a coloured disc) standing in for a speaker's photo."""
    hue = zlib.crc32(name.encode()) % 360
    image = Image.new("RGB", (160, 160), "#f4f1ea")
    ImageDraw.Draw(image).ellipse((20, 20, 140, 140), fill=f"hsl({hue}, 55%, 45%)")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def load_programme(edition: Edition) -> int:
    """Add the demo sessions and speakers to a newly created edition; returns how many sessions."""
    services.set_second_timezone(edition, SECOND_TIMEZONE)
    for kind, title, description, room, day, start, minutes, ods, people in SESSIONS:
        session = services.add_session(
            edition, services.local_start(edition, day, start), kind=kind, title=title,
            description=description, room=room, duration_minutes=minutes, ods=ods,
        )  # fmt: skip
        for n, (role, name, affiliation, language) in enumerate(people):
            speaker = services.add_speaker(
                session, role=role, name=name, affiliation=affiliation, language=language,
                email=_address(name), status="accepted" if n % 3 != 2 else "invited",
            )  # fmt: skip
            if speaker.status == "accepted":
                services.set_photo(speaker, _portrait(name))
    return len(SESSIONS)
