"""The rules of a travel request: who may ask, what a valid one is, saving it, and the booker's
mark (booked with a note, or not needed)."""

from dataclasses import dataclass, fields
from datetime import date, time, timedelta

from sqlalchemy import select

from seminar import audit, email
from seminar.clock import now
from seminar.content import localized
from seminar.extensions import db
from seminar.models import Edition, Participant, Speaker, TravelRequest
from seminar.models.travel import TRAVEL_MEANS, TRAVEL_STATUSES
from seminar.urls import external

# Travel dates may fall this many days around the edition's first and last day.
WINDOW_DAYS = 7


class TravelError(ValueError):
    """Errors of a request, by field: {"departure_on": "departs_before_arrival", …}."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(", ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass
class TravelData:
    """What a traveller states, as plain data (the form's, the demo's or a test's)."""

    arrival_on: date | None = None
    arrival_time: time | None = None
    arrival_means: str = "flight"
    arrival_detail: str = ""
    departure_on: date | None = None
    departure_time: time | None = None
    departure_means: str = "flight"
    departure_detail: str = ""
    needs_hotel: bool = False
    check_in_on: date | None = None
    check_out_on: date | None = None
    delegation: str = ""
    room_with: str = ""
    notes: str = ""

    @classmethod
    def of(cls, request: TravelRequest | None) -> "TravelData":
        if request is None:
            return cls()
        return cls(**{f.name: getattr(request, f.name) for f in fields(cls)})

    def cleaned(self) -> "TravelData":
        """Texts trimmed with inner runs of spaces collapsed; hotel nights default to the stay."""
        data = TravelData(**vars(self))
        for name in ("arrival_detail", "departure_detail", "delegation", "room_with"):
            setattr(data, name, " ".join((getattr(data, name) or "").split()))
        data.notes = (data.notes or "").strip()
        if data.needs_hotel:
            data.check_in_on = data.check_in_on or data.arrival_on
            data.check_out_on = data.check_out_on or data.departure_on
        else:
            data.check_in_on = data.check_out_on = None
        return data


def offered(edition: Edition) -> bool:
    """Travel is asked of in-person and hybrid editions only."""
    return edition.format != "virtual"


def window(edition: Edition) -> tuple[date, date]:
    margin = timedelta(days=WINDOW_DAYS)
    return edition.starts_on - margin, edition.ends_on + margin


def can_change(edition: Edition) -> bool:
    """A traveller may change their request until the edition's last day, or for as long as
    the organisers keep the edition open (the demo's, years after its dates)."""
    return offered(edition) and (
        edition.status == "open" or edition.local_date(now()) <= edition.ends_on
    )


def check(edition: Edition, data: TravelData) -> dict[str, str]:
    """Each field's error code, none when the request holds together."""
    errors: dict[str, str] = {}
    first, last = window(edition)
    for name in ("arrival_on", "departure_on"):
        day = getattr(data, name)
        if day is None:
            errors[name] = "required"
        elif not first <= day <= last:
            errors[name] = "outside_window"
    for name in ("arrival_means", "departure_means"):
        if getattr(data, name) not in TRAVEL_MEANS:
            errors[name] = "unknown_means"
    arrival, departure = data.arrival_on, data.departure_on
    if "arrival_on" not in errors and arrival > edition.ends_on:
        errors["arrival_on"] = "arrives_after_end"
    if "departure_on" not in errors and departure < edition.starts_on:
        errors["departure_on"] = "leaves_before_start"
    if not errors.keys() & {"arrival_on", "departure_on"} and (
        departure < arrival
        or (
            departure == arrival
            and data.arrival_time
            and data.departure_time
            and data.departure_time <= data.arrival_time
        )
    ):
        errors["departure_on"] = "departs_before_arrival"
    # The hotel's nights default to the stay: judged only once the stay itself holds.
    if data.needs_hotel and not errors.keys() & {"arrival_on", "departure_on"}:
        for name in ("check_in_on", "check_out_on"):
            day = getattr(data, name)
            if day is not None and not first <= day <= last:
                errors[name] = "outside_window"
        if (
            not errors.keys() & {"check_in_on", "check_out_on"}
            and data.check_in_on
            and data.check_out_on
            and data.check_out_on <= data.check_in_on
        ):
            errors["check_out_on"] = "no_nights"
    return errors


def of_participant(person: Participant) -> TravelRequest | None:
    return db.session.scalars(
        select(TravelRequest).where(TravelRequest.participant_id == person.id)
    ).first()


def of_speaker(speaker: Speaker) -> TravelRequest | None:
    return db.session.scalars(
        select(TravelRequest).where(TravelRequest.speaker_id == speaker.id)
    ).first()


def save_for_participant(person: Participant, data: TravelData) -> TravelRequest:
    request = of_participant(person) or TravelRequest(participant=person)
    return _save(person.edition, request, data)


def save_for_speaker(speaker: Speaker, data: TravelData) -> TravelRequest:
    request = of_speaker(speaker) or TravelRequest(speaker=speaker)
    return _save(speaker.session.edition, request, data)


def _save(edition: Edition, request: TravelRequest, data: TravelData) -> TravelRequest:
    """Check and write; a booked request that changes goes back to the booker as requested."""
    data = data.cleaned()
    errors = check(edition, data)
    if errors:
        raise TravelError(errors)
    changed = request.id is None or TravelData.of(request) != data
    for name, value in vars(data).items():
        setattr(request, name, value)
    request.edition_id = edition.id
    if changed:
        request.updated_at = now()
        if request.status == "booked":
            request.status = "requested"
    db.session.add(request)
    db.session.flush()
    return request


def mark(request: TravelRequest, status: str, booking_note: str, notify: bool = True) -> bool:
    """The booker's word on a request: booked (with hotel and confirmation), not needed, or
    back to requested. A request newly booked is emailed to its traveller (unless `notify` is
    off, as for the demo); says whether it was."""
    if status not in TRAVEL_STATUSES:
        raise TravelError({"status": "unknown_status"})
    newly_booked = status == "booked" and request.status != "booked"
    request.status = status
    request.booking_note = (booking_note or "").strip()
    request.booked_at = now() if status == "booked" else None
    db.session.flush()
    audit.record("travel.mark", f"travel request {request.id}", request.edition_id, status=status)
    return newly_booked and notify and _tell_booked(request)


def _tell_booked(request: TravelRequest) -> bool:
    """The booking, queued through the outbox in the traveller's language."""
    if request.participant is not None:
        person = request.participant
        address, language, first_name = person.email, person.language, person.first_name
        link = external("travel.participant", token=person.manage_token)
        edition = person.edition
    else:
        speaker = request.speaker
        address, language, first_name = speaker.email, speaker.language, speaker.name.split()[0]
        link = external("travel.speaker", token=speaker.token)
        edition = speaker.session.edition
    if not address:
        return False
    email.queue(
        "travel_booked",
        address,
        language,
        {
            "first_name": first_name,
            "edition_name": localized(edition, "name", language),
            "booking_note": request.booking_note,
            "arrival_on": request.arrival_on.isoformat(),
            "departure_on": request.departure_on.isoformat(),
            "check_in_on": request.check_in_on.isoformat() if request.check_in_on else "",
            "check_out_on": request.check_out_on.isoformat() if request.check_out_on else "",
            "nights": request.nights,
            "travel_url": link,
        },
        edition_id=edition.id,
        participant_id=request.participant_id,
    )
    return True
