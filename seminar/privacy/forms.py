"""The participant's erase confirmation and the organisers' consent texts."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, TextAreaField
from wtforms.validators import DataRequired, NumberRange, Optional


class EraseForm(FlaskForm):
    confirm = BooleanField(
        _l("I understand: my registration, badge and certificates stop working for good."),
        [DataRequired(_l("Tick the box to confirm."))],
    )


class ConsentTextsForm(FlaskForm):
    """Empty text: the default wording."""

    registration = TextAreaField(_l("Processing of the registration (required)"), [Optional()])
    sensitive = TextAreaField(_l("Accessibility and dietary needs"), [Optional()])
    photos = TextAreaField(_l("Photographs"), [Optional()])
    future_invitations = TextAreaField(_l("Invitations to later editions"), [Optional()])
    retention_years = IntegerField(
        _l("Years the data is kept after the edition"), [DataRequired(), NumberRange(1, 50)]
    )
