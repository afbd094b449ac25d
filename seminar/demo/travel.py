"""A handful of 2017 travellers as Puerto Montt would see them: delegations flying into El Tepual
(PMC) through Santiago, Osorno's people on the Cruz del Sur bus each day, a car from Puerto
Varas; some rooms booked, some waiting. The 2017 programme names no speaker (its seed), so the
travellers are participants."""

from datetime import date, time

from sqlalchemy import select

from seminar.extensions import db
from seminar.models import Edition, Participant
from seminar.travel import services
from seminar.travel.services import TravelData

OCT = 10
# (city, actor type, how many, delegation, trip, share rooms in pairs, status, booking note)
PLAN = [
    ("Montevideo", "local_government", 3, "Delegación de Montevideo",
     dict(arrival_on=date(2017, OCT, 3), arrival_time=time(15, 50), arrival_means="flight",
          arrival_detail="LA 8101 MVD–SCL, LA 271 SCL–PMC (El Tepual)",
          departure_on=date(2017, OCT, 8), departure_time=time(10, 30), departure_means="flight",
          departure_detail="LA 272 PMC–SCL, LA 8100 SCL–MVD", needs_hotel=True),
     True, "booked", "Hotel Don Luis, 2 habitaciones (doble + single), reserva 4471-PM"),
    ("Porto Alegre", "local_government", 2, "Prefeitura de Porto Alegre",
     dict(arrival_on=date(2017, OCT, 3), arrival_time=time(22, 10), arrival_means="flight",
          arrival_detail="LA 8065 POA–SCL, LA 285 SCL–PMC", departure_on=date(2017, OCT, 7),
          departure_time=time(19, 40), departure_means="flight", departure_detail="LA 290 PMC–SCL",
          needs_hotel=True, notes="Chegamos tarde: precisamos de traslado do aeroporto."),
     False, "requested", ""),
    ("Osorno", "local_government", 3, "Municipalidad de Osorno",
     dict(arrival_on=date(2017, OCT, 4), arrival_time=time(8, 15), arrival_means="bus",
          arrival_detail="Cruz del Sur desde Osorno (sale 06:30)", departure_on=date(2017, OCT, 7),
          departure_time=time(18, 0), departure_means="bus", departure_detail="Cruz del Sur",
          notes="Vamos y volvemos a Osorno cada día en bus (1 h 45)."),
     False, "not_needed", "Viajan cada día; sin hotel."),
    ("Santiago", "national_government", 2, "Ministerio de Vivienda y Urbanismo",
     dict(arrival_on=date(2017, OCT, 3), arrival_time=time(19, 20), arrival_means="flight",
          arrival_detail="Sky H2 203 SCL–PMC", departure_on=date(2017, OCT, 7),
          departure_time=time(16, 45), departure_means="flight", departure_detail="Sky H2 208",
          needs_hotel=True),
     False, "requested", ""),
    ("Buenos Aires", "multilateral", 1, "",
     dict(arrival_on=date(2017, OCT, 4), arrival_time=time(11, 5), arrival_means="flight",
          arrival_detail="AR 1282 AEP–SCL, LA 255 SCL–PMC", departure_on=date(2017, OCT, 6),
          departure_time=time(17, 30), departure_means="flight", departure_detail="LA 262",
          needs_hotel=True),
     False, "booked", "Hotel Gran Pacífico, reserva GP-20931; traslado desde El Tepual 11:30"),
    ("Puerto Varas", "academia", 1, "",
     dict(arrival_on=date(2017, OCT, 4), arrival_time=time(8, 30), arrival_means="car",
          arrival_detail="Auto propio por la Ruta 5 (25 min)", departure_on=date(2017, OCT, 7),
          departure_time=time(18, 0), departure_means="car",
          notes="Necesito estacionamiento cerca del recinto."),
     False, "requested", ""),
    ("Lima", "multilateral", 1, "",
     dict(arrival_on=date(2017, OCT, 3), arrival_time=time(13, 40), arrival_means="flight",
          arrival_detail="LA 2433 LIM–SCL, LA 271 SCL–PMC", departure_on=date(2017, OCT, 8),
          departure_time=time(7, 10), departure_means="flight", departure_detail="LA 270",
          needs_hotel=True, check_in_on=date(2017, OCT, 3), check_out_on=date(2017, OCT, 8)),
     False, "requested", ""),
]  # fmt: skip


def add(edition: Edition) -> None:
    """The plan's travellers: the first confirmed people (by id) of each city and actor type."""
    for city, actor, count, delegation, trip, pairs, status, note in PLAN:
        people = db.session.scalars(
            select(Participant)
            .where(
                Participant.edition_id == edition.id,
                Participant.city == city,
                Participant.actor_type == actor,
                Participant.status == "confirmed",
            )
            .order_by(Participant.id)
            .limit(count)
        ).all()
        for n, person in enumerate(people):
            mate = people[n ^ 1] if pairs and n ^ 1 < len(people) else None
            data = TravelData(
                **trip, delegation=delegation, room_with=mate.full_name if mate else ""
            )
            request = services.save_for_participant(person, data)
            if status != "requested":
                services.mark(request, status, note, notify=False)
    db.session.flush()
