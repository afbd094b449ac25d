"""The organiser's message: group, and a subject and text per language."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from seminar.forms import LANGUAGE_LABELS

AUDIENCE_LABELS = {
    "confirmed": _l("Everyone confirmed"),
    "workshop": _l("One workshop's people"),
    "waitlist": _l("The waiting list"),
    "speakers": _l("Speakers"),
}


class AnnouncementForm(FlaskForm):
    audience = SelectField(_l("Send to"), choices=list(AUDIENCE_LABELS.items()))
    workshop = SelectField(_l("Workshop"), choices=[], coerce=int, validate_choice=False)
    subject_es = StringField(_l("Subject") + " (es)", [Optional(), Length(max=300)])
    body_es = TextAreaField(_l("Text") + " (es)", [Optional()], render_kw={"rows": 8})
    subject_pt = StringField(_l("Subject") + " (pt)", [Optional(), Length(max=300)])
    body_pt = TextAreaField(_l("Text") + " (pt)", [Optional()], render_kw={"rows": 8})
    subject_en = StringField(_l("Subject") + " (en)", [Optional(), Length(max=300)])
    body_en = TextAreaField(_l("Text") + " (en)", [Optional()], render_kw={"rows": 8})

    def texts(self) -> dict[str, tuple[str, str]]:
        return {
            language: (self[f"subject_{language}"].data or "", self[f"body_{language}"].data or "")
            for language in LANGUAGE_LABELS
        }


class TestForm(FlaskForm):
    language = SelectField(_l("Language"), choices=list(LANGUAGE_LABELS.items()))
