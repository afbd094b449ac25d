"""The walk-in form at the desk (the fewest fields that make a registration) and device tokens."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from seminar import countries
from seminar.forms import (
    ACTOR_LABELS,
    ROLE_LABELS,
    email_field,
    first_name_field,
    last_name_field,
)


class WalkInForm(FlaskForm):
    first_name = first_name_field()
    last_name = last_name_field()
    email = email_field()
    country = SelectField(_l("Country"), default="CL")
    institution = StringField(_l("Institution"), [Length(max=200)])
    actor_type = SelectField(_l("Type of actor"), choices=list(ACTOR_LABELS.items()))
    role = SelectField(_l("Role"), choices=list(ROLE_LABELS.items()), default="participant")

    def __init__(self, language: str, **kwargs):
        super().__init__(**kwargs)
        self.country.choices = list(countries.names(language).items())


class TokenForm(FlaskForm):
    user_id = SelectField(_l("Check-in user"), coerce=int)
    label = StringField(_l("Device"), [DataRequired(), Length(max=120)])
