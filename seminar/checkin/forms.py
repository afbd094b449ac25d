"""The walk-in form at the desk (the fewest fields that make a registration) and device tokens."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from seminar import countries
from seminar.registration.forms import ACTOR_LABELS, ROLE_LABELS, check_email


class WalkInForm(FlaskForm):
    first_name = StringField(_l("First name"), [DataRequired(), Length(max=120)])
    last_name = StringField(_l("Last name"), [DataRequired(), Length(max=120)])
    email = EmailField(_l("Email"), [DataRequired(), Length(max=254), check_email])
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
