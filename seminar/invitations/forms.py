"""Organiser forms of the invitations page, and the invitee's decline/unsubscribe buttons."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateTimeLocalField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from seminar.forms import ACTOR_LABELS, LANGUAGE_LABELS, first_name_field, last_name_field
from seminar.models.invitation import ORGANISATION_LEVELS


class ImportForm(FlaskForm):
    file = FileField(_l("CSV or Excel (.xlsx) file"), [FileRequired()])
    sheet = StringField(
        _l("Sheet (Excel, optional; default the first)"), [Optional(), Length(max=100)]
    )
    segment = StringField(_l("Segment"), [Optional(), Length(max=120)])


class InviteeForm(FlaskForm):
    first_name = first_name_field()
    last_name = last_name_field()
    email = StringField(_l("Email"), [DataRequired(), Length(max=254)])
    country = StringField(_l("Country (ISO code)"), [DataRequired(), Length(min=2, max=2)])
    city = StringField(_l("City"), [Optional(), Length(max=120)])
    institution = StringField(_l("Institution"), [Optional(), Length(max=200)])
    position = StringField(_l("Position"), [Optional(), Length(max=200)])
    actor_type = SelectField(_l("Type of actor"), choices=list(ACTOR_LABELS.items()))
    language = SelectField(_l("Language"), choices=list(LANGUAGE_LABELS.items()))
    organisation_level = SelectField(
        _l("Level"), choices=[(level, level) for level in ORGANISATION_LEVELS]
    )
    greeting = StringField(_l("Personal greeting"), [Optional(), Length(max=300)])
    segment = StringField(_l("Segment"), [Optional(), Length(max=120)])
    tags = StringField(_l("Tags"), [Optional(), Length(max=300)])


class SendForm(FlaskForm):
    segment = SelectField(_l("Segment"), choices=[])


class ReminderForm(FlaskForm):
    remind_at = DateTimeLocalField(_l("Send reminders on (local time)"), [Optional()])


class LetterForm(FlaskForm):
    subject = StringField(_l("Subject"), [DataRequired(), Length(max=300)])
    body = TextAreaField(_l("Text"), [DataRequired()], render_kw={"rows": 20})


class TestSendForm(FlaskForm):
    kind = SelectField(choices=[("invitation", "invitation"), ("reminder", "reminder")])
    language = SelectField(choices=list(LANGUAGE_LABELS.items()))
