"""What the booker reads: an edition's requests filtered, the totals per day and per night, and
the exports."""

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from seminar.extensions import db
from seminar.models import Edition, ProgrammeSession, Speaker, TravelRequest
from seminar.models.participant import fold

EXPORT_COLUMNS = (
    "kind", "name", "email", "institution", "city", "delegation", "traveller_status",
    "arrival_date", "arrival_time", "arrival_means", "arrival_detail",
    "departure_date", "departure_time", "departure_means", "departure_detail",
    "needs_hotel", "check_in", "check_out", "nights", "room_with", "notes",
    "status", "booking_note",
)  # fmt: skip
# A traveller who will not come: their request is listed (a booking may need cancelling) but
# not counted in the totals.
GONE = ("cancelled", "declined")


@dataclass
class Filters:
    hotel: str = ""  # "yes", "no" or "" (any)
    status: str = ""
    arrival: date | None = None
    kind: str = ""  # "participant", "speaker" or ""
    delegation: str = ""


@dataclass
class Traveller:
    """A request with who it is for, whether a participant's or a speaker's."""

    request: TravelRequest
    kind: str
    name: str
    email: str
    institution: str
    city: str
    status: str  # the person's: confirmed, waitlisted, cancelled…, or accepted, declined…

    @property
    def gone(self) -> bool:
        return self.status in GONE


def _traveller(request: TravelRequest) -> Traveller:
    if request.participant is not None:
        p = request.participant
        return Traveller(
            request, "participant", p.full_name, p.email, p.institution, p.city, p.status
        )
    s = request.speaker
    return Traveller(request, "speaker", s.name, s.email, s.affiliation, "", s.status)


def travellers(edition: Edition) -> list[Traveller]:
    """Every request of the edition, by day of arrival then name."""
    requests = db.session.scalars(
        select(TravelRequest)
        .where(TravelRequest.edition_id == edition.id)
        .options(joinedload(TravelRequest.participant), joinedload(TravelRequest.speaker))
    ).all()
    people = [_traveller(r) for r in requests]
    return sorted(people, key=lambda t: (t.request.arrival_on, fold(t.name), t.request.id))


def delegations(people: list[Traveller]) -> list[str]:
    """The delegations named, each once however it was written."""
    shown: dict[str, str] = {}
    for t in people:
        if t.request.delegation:
            shown.setdefault(fold(t.request.delegation), t.request.delegation)
    return sorted(shown.values(), key=fold)


def filtered(people: list[Traveller], filters: Filters) -> list[Traveller]:
    def keep(t: Traveller) -> bool:
        r = t.request
        return (
            (not filters.hotel or r.needs_hotel == (filters.hotel == "yes"))
            and (not filters.status or r.status == filters.status)
            and (filters.arrival is None or r.arrival_on == filters.arrival)
            and (not filters.kind or t.kind == filters.kind)
            and (not filters.delegation or fold(r.delegation) == fold(filters.delegation))
        )

    return [t for t in people if keep(t)]


@dataclass
class Totals:
    arrivals: list[tuple[date, int]]
    departures: list[tuple[date, int]]
    nights: list[tuple[date, int]]  # rooms needed each night (the night beginning that day)
    hotel_nights: int
    to_book: int  # requests still waiting for the booker


def totals(people: list[Traveller]) -> Totals:
    """Counts of the people still coming whose request is not marked not needed."""
    counted = [t.request for t in people if not t.gone and t.request.status != "not_needed"]
    arrivals = Counter(r.arrival_on for r in counted)
    departures = Counter(r.departure_on for r in counted)
    nights: Counter[date] = Counter()
    for r in counted:
        for n in range(r.nights):
            nights[r.check_in_on + timedelta(days=n)] += 1
    return Totals(
        arrivals=sorted(arrivals.items()),
        departures=sorted(departures.items()),
        nights=sorted(nights.items()),
        hotel_nights=sum(nights.values()),
        to_book=sum(1 for r in counted if r.status == "requested" and r.needs_hotel),
    )


def _time(value) -> str:
    return value.strftime("%H:%M") if value else ""


def export_rows(people: list[Traveller]) -> Iterator[dict]:
    for t in people:
        r = t.request
        yield {
            "kind": t.kind,
            "name": t.name,
            "email": t.email,
            "institution": t.institution,
            "city": t.city,
            "delegation": r.delegation,
            "traveller_status": t.status,
            "arrival_date": r.arrival_on.isoformat(),
            "arrival_time": _time(r.arrival_time),
            "arrival_means": r.arrival_means,
            "arrival_detail": r.arrival_detail,
            "departure_date": r.departure_on.isoformat(),
            "departure_time": _time(r.departure_time),
            "departure_means": r.departure_means,
            "departure_detail": r.departure_detail,
            "needs_hotel": "yes" if r.needs_hotel else "no",
            "check_in": r.check_in_on.isoformat() if r.check_in_on else "",
            "check_out": r.check_out_on.isoformat() if r.check_out_on else "",
            "nights": r.nights,
            "room_with": r.room_with,
            "notes": r.notes,
            "status": r.status,
            "booking_note": r.booking_note,
        }


def speakers_without_request(edition: Edition) -> list[Speaker]:
    """Speakers who wrote travel needs in words but gave no dates yet (answers before the
    travel form existed): the booker reads their words."""
    return list(
        db.session.scalars(
            select(Speaker)
            .join(ProgrammeSession)
            .outerjoin(TravelRequest, TravelRequest.speaker_id == Speaker.id)
            .where(
                ProgrammeSession.edition_id == edition.id,
                Speaker.travel_needs != "",
                Speaker.status != "declined",
                TravelRequest.id.is_(None),
            )
            .order_by(Speaker.name)
        )
    )
