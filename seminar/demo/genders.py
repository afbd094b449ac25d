"""Self-described genders for the demo people, as a form would collect them: many leave it
empty, the rest write it their own way ('Mujer', 'mujer', 'Femenino', 'Homem', 'no binarie')."""

import random

from sqlalchemy import select

from seminar.extensions import db
from seminar.models import Edition, Participant

WOMEN = {
    "María José", "Camila", "Valentina", "Fernanda", "Josefina", "Catalina", "Francisca",
    "Ximena", "Lucía", "Carolina", "Paula", "Daniela", "Sofía", "Inés", "Begoña", "Marcela",
    "María de los Ángeles", "Ana Laura", "Gabriela", "Maria Conceição", "Luíza", "Ana Beatriz",
    "Letícia", "Júlia", "Patrícia",
}  # fmt: skip
# (written as, weight) per language of the form; the same word in other capitals or accents too.
WRITTEN = {
    ("woman", "es"): [("Mujer", 6), ("mujer", 4), ("MUJER", 1), ("Femenino", 3), ("femenina", 1)],
    ("woman", "pt"): [("Mulher", 6), ("mulher", 3), ("Feminino", 3)],
    ("man", "es"): [("Hombre", 6), ("hombre", 4), ("Masculino", 3), ("varón", 1)],
    ("man", "pt"): [("Homem", 6), ("homem", 3), ("Masculino", 3)],
    ("other", "es"): [("No binario", 3), ("no binarie", 1), ("Género fluido", 1)],
    ("other", "pt"): [("Não binário", 3), ("não-binárie", 1)],
}
SAID = 0.62  # the share who fill in the optional field


def describe(edition: Edition, seed: int) -> int:
    """Give some of the edition's people a gender as they would write it; returns how many."""
    rng = random.Random(seed)
    people = db.session.scalars(
        select(Participant).where(Participant.edition_id == edition.id).order_by(Participant.id)
    ).all()
    said = 0
    for person in people:
        if rng.random() >= SAID:
            continue
        kind = "woman" if person.first_name in WOMEN else "man"
        if rng.random() < 0.025:
            kind = "other"
        choices = WRITTEN[(kind, "pt" if person.language == "pt" else "es")]
        person.gender = rng.choices([w for w, _ in choices], [n for _, n in choices])[0]
        said += 1
    db.session.flush()
    return said
