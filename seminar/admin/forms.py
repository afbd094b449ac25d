"""Organiser forms for editions, rooms and workshops."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    FloatField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from seminar.models.edition import EDITION_STATUSES


class EditionForm(FlaskForm):
    slug = StringField(
        _l("Short name in links"), [DataRequired(), Length(max=80), Regexp(r"^[a-z0-9-]+$")]
    )
    name = StringField(_l("Name"), [DataRequired(), Length(max=300)])
    event_type = StringField(
        _l("Type of event (e.g. Seminario Taller Internacional)"), [Optional(), Length(max=120)]
    )
    full_title = StringField(
        _l("Full title, as the letters and certificates write it"), [Optional(), Length(max=400)]
    )
    format = SelectField(
        _l("Format"),
        choices=[
            ("in_person", _l("In person")),
            ("virtual", _l("Virtual")),
            ("hybrid", _l("Hybrid")),
        ],
        default="in_person",
    )
    ods_to_rank = IntegerField(
        _l("ODS workshops each registrant must rank (0: none asked)"),
        [Optional(), NumberRange(min=0, max=17)],
        default=3,
    )
    city = StringField(_l("City"), [DataRequired(), Length(max=120)])
    venue = StringField(_l("Venue"), [Optional(), Length(max=300)])
    description = TextAreaField(_l("Description"), [Optional(), Length(max=5000)])
    starts_on = DateField(_l("First day"), [DataRequired()])
    ends_on = DateField(_l("Last day"), [DataRequired()])
    timezone = StringField(_l("Time zone"), [DataRequired()], default="America/Santiago")
    registration_opens_at = DateTimeLocalField(_l("Registration opens (local time)"), [Optional()])
    registration_closes_at = DateTimeLocalField(
        _l("Registration closes (local time)"), [Optional()]
    )
    capacity = IntegerField(_l("Capacity"), [DataRequired(), NumberRange(min=1, max=100000)])
    status = SelectField(_l("Status"), choices=[(s, s) for s in EDITION_STATUSES])
    requires_approval = BooleanField(_l("Registrations need an organiser's approval"))
    reserve_share = FloatField(
        _l("Seats held back per workshop (share)"), [NumberRange(min=0, max=0.5)], default=0.05
    )
    max_actor_share = FloatField(
        _l("Largest share of one actor type per workshop"),
        [NumberRange(min=0.05, max=1)],
        default=0.4,
    )
    max_country_share = FloatField(
        _l("Largest share of one country per workshop"), [NumberRange(min=0.05, max=1)], default=0.3
    )

    def validate_ends_on(self, field):
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The last day comes before the first."))


class WorkshopsImportForm(FlaskForm):
    file = FileField(_l("CSV or Excel (.xlsx) file: round, ods, room, capacity"), [FileRequired()])
    sheet = StringField(
        _l("Sheet (Excel, optional; default the first)"), [Optional(), Length(max=100)]
    )


class RoomForm(FlaskForm):
    name = StringField(_l("Room"), [DataRequired(), Length(max=120)])
    capacity = IntegerField(_l("Capacity"), [DataRequired(), NumberRange(min=1, max=10000)])
