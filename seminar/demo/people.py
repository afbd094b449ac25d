"""Realistic participants for the demo: the network's cities, its actor types, Spanish and
Portuguese names. Seeded, so every load makes the same people."""

import random

from seminar.models.participant import fold

FIRST = {
    "es": [
        "María José",
        "Juan Pablo",
        "Camila",
        "Sebastián",
        "Valentina",
        "Matías",
        "Fernanda",
        "Andrés",
        "Josefina",
        "Ignacio",
        "Catalina",
        "Tomás",
        "Francisca",
        "Rodrigo",
        "Ximena",
        "Martín",
        "Lucía",
        "Diego",
        "Carolina",
        "Nicolás",
        "Paula",
        "Gonzalo",
        "Daniela",
        "Héctor",
        "Sofía",
        "Álvaro",
        "Inés",
        "Ramón",
        "Begoña",
        "Joaquín",
        "Marcela",
        "Ñuño",
        "María de los Ángeles",
        "José Luis",
        "Ana Laura",
        "Ricardo",
        "Gabriela",
        "Patricio",
    ],
    "pt": [
        "João",
        "Maria Conceição",
        "Luíza",
        "Gonçalo",
        "Ana Beatriz",
        "Thiago",
        "Fernanda",
        "Márcio",
        "Letícia",
        "Rafael",
        "Júlia",
        "André",
        "Camila",
        "Vinícius",
        "Patrícia",
    ],
}
LAST = {
    "es": [
        "González",
        "Muñoz",
        "Rojas",
        "Díaz",
        "Pérez",
        "Soto",
        "Contreras",
        "Silva",
        "Martínez",
        "Sepúlveda",
        "Morales",
        "Rodríguez",
        "López",
        "Fuentes",
        "Hernández",
        "Torres",
        "Araya",
        "Flores",
        "Espinoza",
        "Valenzuela",
        "Castillo",
        "Núñez",
        "Peña",
        "O'Higgins",
        "Fernández-Rodríguez",
        "Ibáñez",
        "Quispe",
        "Mamani",
        "Cárdenas",
        "Ojeda",
    ],
    "pt": [
        "Silva",
        "Santos",
        "Oliveira",
        "Souza",
        "Conceição",
        "Gonçalves",
        "Araújo",
        "Lima",
        "Ribeiro",
        "Carvalho",
        "Almeida",
        "Pereira",
        "Brandão",
        "Magalhães",
    ],
}
# (city, country, weight): host region weighs most.
CITIES = [
    ("Puerto Montt", "CL", 10),
    ("Puerto Varas", "CL", 3),
    ("Osorno", "CL", 3),
    ("Valdivia", "CL", 3),
    ("Santiago", "CL", 5),
    ("Valparaíso", "CL", 3),
    ("Concepción", "CL", 3),
    ("Montevideo", "UY", 5),
    ("Canelones", "UY", 2),
    ("Buenos Aires", "AR", 4),
    ("Rosario", "AR", 3),
    ("Córdoba", "AR", 2),
    ("Santa Fe", "AR", 2),
    ("General Alvear", "AR", 1),
    ("Porto Alegre", "BR", 4),
    ("São Paulo", "BR", 2),
    ("Belo Horizonte", "BR", 2),
    ("Curitiba", "BR", 1),
    ("Asunción", "PY", 2),
    ("La Paz", "BO", 2),
    ("Lima", "PE", 2),
    ("Cusco", "PE", 1),
    ("Arequipa", "PE", 1),
    ("Quito", "EC", 1),
    ("Cuenca", "EC", 1),
    ("Bogotá", "CO", 1),
    ("Medellín", "CO", 1),
    ("Ciudad de Panamá", "PA", 1),
    ("Guadalajara", "MX", 1),
    ("Puebla", "MX", 1),
]
ACTORS = [  # (actor_type, weight)
    ("local_government", 34),
    ("regional_government", 10),
    ("national_government", 10),
    ("multilateral", 5),
    ("civil_society", 15),
    ("academia", 12),
    ("private_sector", 6),
    ("citizen", 8),
]
NATIONAL = {
    "CL": [
        "Ministerio de Vivienda y Urbanismo",
        "Consejo Nacional de Desarrollo Urbano",
        "Ministerio de Desarrollo Social",
    ],
    "UY": ["Ministerio de Vivienda, Ordenamiento Territorial y Medio Ambiente"],
    "AR": ["Ministerio del Interior, Obras Públicas y Vivienda"],
    "BR": ["Ministério das Cidades"],
}
MULTILATERAL = ["PNUD", "SEGIB", "CEPAL", "ONU-Hábitat", "BID", "CAF"]
POPULAR_ODS = [11, 6, 13, 1, 5, 4, 3, 10, 8, 16, 17, 7, 12, 9, 2, 15, 14]
POSITIONS = [
    "Director/a de Relaciones Internacionales",
    "Encargado/a de Cooperación",
    "Concejal/a",
    "Profesional de Planificación",
    "Coordinador/a de Programas",
    "Investigador/a",
    "Presidente/a",
    "Asesor/a",
    "Secretario/a de Desarrollo Social",
]


def _institution(rng: random.Random, actor: str, city: str, country: str) -> str:
    if actor == "local_government":
        return f"Prefeitura de {city}" if country == "BR" else f"Municipalidad de {city}"
    if actor == "regional_government":
        return {"CL": "Gobierno Regional de Los Lagos", "BR": "Governo do Estado"}.get(
            country, f"Gobierno Provincial de {city}"
        )
    if actor == "national_government":
        return rng.choice(NATIONAL.get(country, ["Cancillería"]))
    if actor == "multilateral":
        return rng.choice(MULTILATERAL)
    if actor == "academia":
        return {"CL": "Universidad de Los Lagos", "BR": "Universidade Federal"}.get(
            country, f"Universidad Nacional de {city}"
        )
    if actor == "civil_society":
        return f"Fundación Ciudad Sostenible {city}"
    if actor == "private_sector":
        return f"Cámara de Comercio de {city}"
    return f"Junta de Vecinos de {city}"


def _ranking(rng: random.Random) -> list[int]:
    weights = [1 / (i + 1) ** 0.9 for i in range(17)]
    picked: list[int] = []
    for _ in range(rng.randint(3, 8)):
        choice = rng.choices(POPULAR_ODS, weights)[0]
        if choice not in picked:
            picked.append(choice)
    while len(picked) < 3:
        extra = rng.choice(POPULAR_ODS)
        if extra not in picked:
            picked.append(extra)
    return picked


def people(count: int, seed: int = 2017, domain: str = "demo.mercociudades.example") -> list[dict]:
    """`count` participant rows in the CSV's columns."""
    rng = random.Random(seed)
    rows, seen = [], set()
    while len(rows) < count:
        city, country, _ = rng.choices(CITIES, [c[2] for c in CITIES])[0]
        lang = "pt" if country == "BR" else "es"
        actor = rng.choices([a for a, _ in ACTORS], [w for _, w in ACTORS])[0]
        first, last = rng.choice(FIRST[lang]), f"{rng.choice(LAST[lang])} {rng.choice(LAST[lang])}"
        if actor == "multilateral" and rng.random() < 0.4:
            lang = "en"
        local = "".join(ch for ch in fold(f"{first}.{last}") if ch.isalnum() or ch == ".")
        address = f"{local}{len(rows)}@{domain}"
        if address in seen:
            continue
        seen.add(address)
        rows.append(
            {
                "first_name": first,
                "last_name": last,
                "email": address,
                "country": country,
                "city": city,
                "institution": _institution(rng, actor, city, country),
                "position": rng.choice(POSITIONS),
                "actor_type": actor,
                "language": lang,
                "role": "participant",
                "preferences": ";".join(map(str, _ranking(rng))),
            }
        )
    return rows
