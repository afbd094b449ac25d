"""Form fields and labels that several features' forms share."""

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

ACTOR_LABELS = {
    "local_government": _l("Local government"),
    "regional_government": _l("Regional government"),
    "national_government": _l("National government"),
    "multilateral": _l("Multilateral organisation"),
    "civil_society": _l("Civil society"),
    "academia": _l("Academia"),
    "private_sector": _l("Private sector"),
    "citizen": _l("Citizen"),
}
ROLE_LABELS = {
    "participant": _l("Participant"),
    "speaker": _l("Speaker or facilitator"),
    "organiser": _l("Organiser"),
}
LANGUAGE_LABELS = {"es": "Español", "pt": "Português", "en": "English"}


def check_email(form, field):
    try:
        field.data = validate_email(field.data or "", check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise ValidationError(_l("This email address is not valid.")) from exc


def first_name_field():
    return StringField(_l("First name"), [DataRequired(), Length(max=120)])


def last_name_field():
    return StringField(_l("Last name"), [DataRequired(), Length(max=120)])


def email_field():
    """A required address, checked and normalised."""
    return EmailField(_l("Email"), [DataRequired(), Length(max=254), check_email])


class ButtonForm(FlaskForm):
    """A button that posts: the CSRF token and nothing else."""
