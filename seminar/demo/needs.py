"""A credible handful of demo people who agreed to our keeping sensitive data and wrote a dietary
or accessibility need, as people write them (so the catering page groups some alike)."""

import random

from sqlalchemy import select

from seminar import consents
from seminar.extensions import db
from seminar.models import Edition, Participant

# (dietary, accessibility), as typed on the registration form.
NEEDS = [
    ("Vegetariano", ""),
    ("vegetariano ", ""),
    ("Vegetariano", "Movilidad reducida: asiento cerca de la puerta"),
    ("", "Uso silla de ruedas: necesito acceso sin escaleras"),
    ("Celíaca: sin gluten", ""),
    ("Vegana", ""),
    ("Sin lactosa", ""),
    ("", "Baja visión: documentos en letra grande"),
    ("Alergia a los mariscos", ""),
    ("Sin gluten", ""),
    ("Diabética: sin azúcar", ""),
    ("", "Intérprete de lengua de señas chilena"),
]


def add(edition: Edition, count: int, seed: int) -> None:
    """`count` of the edition's confirmed people (seeded, so every load picks the same) consent
    and state a need; the consent is recorded with the text shown, as the form records it."""
    people = db.session.scalars(
        select(Participant)
        .where(Participant.edition_id == edition.id, Participant.status == "confirmed")
        .order_by(Participant.id)
    ).all()
    chosen = random.Random(seed).sample(list(people), min(count, len(people), len(NEEDS)))
    for person, (dietary, accessibility) in zip(chosen, NEEDS, strict=False):
        answers = {
            "sensitive": True,
            "photos": person.consent_photos,
            "future_invitations": person.consent_future_invitations,
        }
        consents.record(person, answers, person.language, first=False)
        person.dietary, person.accessibility = dietary, accessibility
    db.session.flush()
