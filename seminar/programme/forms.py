"""Organiser forms of the programme, and the speaker's answer."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
    URLField,
)
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional

from seminar.forms import LANGUAGE_LABELS
from seminar.models.programme import SESSION_KINDS, SPEAKER_ROLES

KIND_LABELS = {"plenary": _l("Plenary"), "panel": _l("Panel"), "workshop": _l("Workshop")}
ROLE_LABELS = {"facilitator": _l("Facilitator"), "speaker": _l("Speaker")}


class SessionForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=[(k, KIND_LABELS[k]) for k in SESSION_KINDS])
    title = StringField(_l("Title"), [DataRequired(), Length(max=300)])
    description = TextAreaField(_l("Description"), [Optional()])
    room = StringField(_l("Room"), [Optional(), Length(max=120)])
    day = DateField(_l("Day"), [DataRequired()])
    start = TimeField(_l("Starts at (edition's time zone)"), [DataRequired()])
    duration_minutes = IntegerField(
        _l("Duration (minutes)"), [DataRequired(), NumberRange(1, 24 * 60)]
    )
    ods = IntegerField(_l("ODS (workshops)"), [Optional(), NumberRange(1, 17)])
    join_url = URLField(
        _l("Join link of an online item (sent to registrants, never public)"),
        [Optional(), Length(max=500), URL(require_tld=True)],
    )

    def fields_data(self) -> dict:
        return {
            "kind": self.kind.data,
            "title": self.title.data.strip(),
            "description": (self.description.data or "").strip(),
            "room": (self.room.data or "").strip(),
            "duration_minutes": self.duration_minutes.data,
            "ods": self.ods.data,
            "join_url": (self.join_url.data or "").strip(),
        }


class SpeakerForm(FlaskForm):
    role = SelectField(_l("Role"), choices=[(r, ROLE_LABELS[r]) for r in SPEAKER_ROLES])
    name = StringField(_l("Name"), [DataRequired(), Length(max=200)])
    email = EmailField(_l("Email"), [Optional(), Length(max=254)])
    affiliation = StringField(_l("Position and institution"), [Optional(), Length(max=400)])
    language = SelectField(_l("Language"), choices=list(LANGUAGE_LABELS.items()))


class TimezoneForm(FlaskForm):
    second_timezone = StringField(_l("Second time zone"), [Optional(), Length(max=64)])


class AnswerForm(FlaskForm):
    answer = RadioField(
        _l("Your answer"),
        [DataRequired()],
        choices=[("accept", _l("I accept")), ("decline", _l("I cannot take part"))],
    )
    bio = TextAreaField(_l("Short biography"), [Optional(), Length(max=2000)])
    photo = FileField(_l("Photo (JPEG, PNG or WebP, up to 2 MB)"))
    travel_needs = TextAreaField(
        _l("Other travel needs (visa, assistance…)"), [Optional(), Length(max=2000)]
    )
