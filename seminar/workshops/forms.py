"""Organiser forms of the allocation page."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, SelectField
from wtforms.validators import DataRequired, InputRequired, NumberRange


class RunForm(FlaskForm):
    seed = IntegerField(_l("Seed"), [InputRequired(), NumberRange(0, 2**31 - 1)], default=0)
    full = BooleanField(_l("Full re-run: people already notified may move too"))


class MoveForm(FlaskForm):
    participant_id = HiddenField(validators=[DataRequired()])
    round_id = SelectField(_l("Round"), coerce=int)
    ods = IntegerField(_l("ODS"), [InputRequired(), NumberRange(1, 17)])
