"""The traveller's form (participants and speakers alike) and the booker's mark."""

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import Length, Optional

from seminar.models.travel import TRAVEL_MEANS, TRAVEL_STATUSES
from seminar.travel.services import TravelData

MEANS_LABELS = {
    "flight": _l("Flight"),
    "bus": _l("Bus"),
    "car": _l("Car"),
    "other": _l("Other"),
}
STATUS_LABELS = {
    "requested": _l("Requested"),
    "booked": _l("Booked"),
    "not_needed": _l("Not needed"),
}
ERRORS = {
    "required": _l("Give this date."),
    "outside_window": _l("Choose a date within a week of the seminar (%(first)s – %(last)s)."),
    "arrives_after_end": _l("This is after the seminar's last day."),
    "leaves_before_start": _l("This is before the seminar's first day."),
    "departs_before_arrival": _l("The departure must come after the arrival."),
    "no_nights": _l("Check-out must be at least one night after check-in."),
    "unknown_means": _l("Choose one of the options."),
}


def _means():
    return [(m, MEANS_LABELS[m]) for m in TRAVEL_MEANS]


class TravelForm(FlaskForm):
    arrival_on = DateField(_l("Arrival day"), [Optional()])
    arrival_time = TimeField(_l("Arrival time (local)"), [Optional()])
    arrival_means = SelectField(_l("Arriving by"), choices=_means())
    arrival_detail = StringField(
        _l("Flight number, bus company or details"), [Optional(), Length(max=120)]
    )
    departure_on = DateField(_l("Departure day"), [Optional()])
    departure_time = TimeField(_l("Departure time (local)"), [Optional()])
    departure_means = SelectField(_l("Leaving by"), choices=_means())
    departure_detail = StringField(
        _l("Flight number, bus company or details"), [Optional(), Length(max=120)]
    )
    needs_hotel = BooleanField(_l("I need a hotel room"))
    check_in_on = DateField(_l("Hotel check-in"), [Optional()])
    check_out_on = DateField(_l("Hotel check-out"), [Optional()])
    delegation = StringField(_l("Delegation"), [Optional(), Length(max=200)])
    room_with = StringField(_l("Sharing a room with"), [Optional(), Length(max=200)])
    notes = TextAreaField(
        _l("Anything else the booker should know"), [Optional(), Length(max=2000)]
    )

    def travel_data(self) -> TravelData:
        return TravelData(**{name: self[name].data for name in vars(TravelData())})

    def show_errors(self, errors: dict[str, str], window: tuple) -> None:
        """The service's error codes, each next to its field."""
        first, last = window
        for name, code in errors.items():
            message = ERRORS[code]
            if code == "outside_window":
                message = message % {"first": format_date(first), "last": format_date(last)}
            self[name].errors = [*self[name].errors, message]


class MarkForm(FlaskForm):
    status = SelectField(_l("Booking"), choices=[(s, STATUS_LABELS[s]) for s in TRAVEL_STATUSES])
    booking_note = TextAreaField(
        _l("Booking note (hotel, confirmation number, pick-up)"), [Optional(), Length(max=2000)]
    )
