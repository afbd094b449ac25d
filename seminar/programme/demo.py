"""The demo programmes, each from what its seed says and nothing more.

- Puerto Montt 2017: the invitation letter names no speaker, so its sessions name nobody: the
  17 ODS workshops, the talk on the role of each level of government and the proposals.
- «Gobiernos locales en acción» (11 June 2021): the seed's agenda exactly: opening, two panels
  with their facilitators and speakers, closing; 13:00 in Uruguay, 11:00 in Mexico.
"""

import io
import zlib
from datetime import date, time

from PIL import Image, ImageDraw

from seminar.models import Edition
from seminar.programme import services

# (kind, title, description, room, day, start, minutes, [(role, name, affiliation, email)])
PUERTO_MONTT_2017 = [
    ("plenary", "Apertura del Seminario Taller Internacional",
     "Las ciudades de América del Sur invitan a los otros niveles de gobierno del Estado, "
     "regional, central y multilateral, a conocer las experiencias que están desarrollando.",
     "Salón Reloncaví", date(2017, 10, 4), time(18, 0), 60, []),
    ("plenary", "El rol de cada uno: la nueva gobernanza multinivel y multiactor",
     "Hablemos sobre el rol de cada uno, de cómo articularnos y de cuál es la nueva gobernanza "
     "multinivel y multiactor que se requiere.",
     "Salón Reloncaví", date(2017, 10, 5), time(15, 0), 90, []),
    ("plenary", "Propuestas de los talleres",
     "Los 17 talleres presentan sus propuestas sobre las formas de trabajo que competen a cada "
     "nivel de gobierno para implementar la Agenda 2030.",
     "Salón Reloncaví", date(2017, 10, 7), time(10, 0), 120, []),
]  # fmt: skip

UY, MX = "America/Montevideo", "America/Mexico_City"
VIRTUAL_DAY = date(2021, 6, 11)
VIRTUAL = [
    ("plenary", "Inauguración", "", "", VIRTUAL_DAY, time(13, 0), 15, [
        ("speaker", "Ana Laura Pérez", "Directora de Coordinación de Gestión y Análisis para "
         "América Latina y el Caribe de la SRE.", "ana.perez@sre.demo"),
        ("speaker", "Lic. Mag. Marcela Petrantonio", "Secretaria Ejecutiva de Mercociudades.",
         "marcela.petrantonio@mercociudades.demo"),
        ("speaker", "Lic. Ximena Escobedo", "Directora General de Coordinación Política.",
         "ximena.escobedo@sre.demo"),
    ]),
    ("panel", "Panel 1: Alianzas estratégicas para el desarrollo local sostenible de la región.",
     "Objetivo: Compartir experiencias y lecciones aprendidas en la articulación de una "
     "estrategia de internacionalización en los temáticas arriba indicadas. "
     "Sesión de preguntas y respuestas.", "", VIRTUAL_DAY, time(13, 15), 35, [
        ("facilitator", "Dr. Manuel Martínez Justo", "Director de la FES Acatlán de la "
         "Universidad Nacional Autónoma de México.", "manuel.martinez@unam.demo"),
        ("speaker", "María Dolores Hernández Montoya", "Directora de Relaciones Internacionales, "
         "Ciudades Hermanas y Atención al Migrante de Guadalajara.",
         "maria.hernandez@guadalajara.demo"),
        ("speaker", "Ricardo Herrera", "Director de Vinculación Internacional e Institucional de "
         "Puebla.", "ricardo.herrera@puebla.demo"),
        ("speaker", "Ericka Hernández", "Jefa de Asuntos Internacionales y Ciudades Hermanas de "
         "Toluca.", "ericka.hernandez@toluca.demo"),
        ("speaker", "Carina Lucero", "Coordinadora General de Planificación, Relaciones "
         "Internacionales e Inversiones de la Municipalidad de General Alvear, Argentina",
         "carina.lucero@generalalvear.demo"),
        ("speaker", "Sofía Arce", "Directora General de Relaciones Internacionales de la Alcaldía "
         "de Cuenca, Ecuador.", "sofia.arce@cuenca.demo"),
        ("speaker", "Ricardo Sondermann", "Secretario de Relaciones Internacionales de la "
         "Prefeitura de Porto Alegre, Brasil.", "ricardo.sondermann@portoalegre.demo"),
    ]),
    ("panel", "Panel 2: Oportunidades para desarrollar la cooperación internacional en clave "
     "local.", "Objetivo. Dar a conocer herramientas y apoyos institucionales con los que cuenta "
     "México y Mercociudades para promover la acción internacional local y la cooperación "
     "descentralizada. Sesión de preguntas y respuestas.", "", VIRTUAL_DAY, time(13, 50), 30, [
        ("facilitator", "Jorge Rodríguez", "Coordinador de la Secretaría Técnica Permanente de "
         "Mercociudades", "jorge.rodriguez@mercociudades.demo"),
        ("speaker", "Lic. Carlos Castillo Pérez", "Director General de Cooperación y Relaciones "
         "Económicas Bilaterales, de la Secretaría de Relaciones Exteriores de México.",
         "carlos.castillo@sre.demo"),
        ("speaker", "Lic. Monserrat Iglesias Servin", "Directora de Coordinación Política de la "
         "SRE", "monserrat.iglesias@sre.demo"),
        ("speaker", "Lic. Mariela Couto", "Programa de Cooperación Sur Sur de Mercociudades",
         "mariela.couto@mercociudades.demo"),
        ("speaker", "Lic. María del Huerto Romero", "Dirección General de Relaciones "
         "Internacionales de la Municipalidad de Rosario, Argentina.",
         "maria.romero@rosario.demo"),
    ]),
    ("plenary", "Cierre", "", "", VIRTUAL_DAY, time(14, 20), 10, [
        ("speaker", "Fabiana Goyeneche", "Directora de Relaciones Internacionales y Cooperación "
         "de la Intendencia de Montevideo, Vicepresidencia de Relaciones Institucionales",
         "fabiana.goyeneche@montevideo.demo"),
    ]),
]  # fmt: skip
# The seed gives no meeting link; this one shows where an online item's link goes.
VIRTUAL_JOIN_URL = "https://zoom.us/j/81234567890?pwd=GobiernosLocalesEnAccion"


def _portrait(name: str) -> bytes:
    """A plain generated portrait (a coloured disc) standing in for a speaker's photo."""
    hue = zlib.crc32(name.encode()) % 360
    image = Image.new("RGB", (160, 160), "#f4f1ea")
    ImageDraw.Draw(image).ellipse((20, 20, 140, 140), fill=f"hsl({hue}, 55%, 45%)")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _load(edition: Edition, sessions: list, join_url: str = "") -> int:
    for kind, title, description, room, day, start, minutes, people in sessions:
        session = services.add_session(
            edition, services.local_start(edition, day, start), kind=kind, title=title,
            description=description, room=room, duration_minutes=minutes, join_url=join_url,
        )  # fmt: skip
        for role, name, affiliation, address in people:
            speaker = services.add_speaker(
                session, role=role, name=name, affiliation=affiliation, language="es",
                email=address, status="accepted",
            )  # fmt: skip
            services.set_photo(speaker, _portrait(name))
    return len(sessions)


def load_puerto_montt_2017(edition: Edition) -> int:
    return _load(edition, PUERTO_MONTT_2017)


def load_virtual(edition: Edition) -> int:
    services.set_second_timezone(edition, MX)
    return _load(edition, VIRTUAL, VIRTUAL_JOIN_URL)
