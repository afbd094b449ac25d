"""Forms of the verification page, the holder's correction request and the organiser's page."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from seminar.forms import first_name_field, last_name_field

KIND_LABELS = {
    "participant": _l("Participant"),
    "speaker": _l("Speaker"),
    "facilitator": _l("Facilitator"),
}


class VerifyForm(FlaskForm):
    """A GET form: nothing changes, so no CSRF token is needed."""

    class Meta:
        csrf = False

    code = StringField(
        _l("Verification code"),
        [DataRequired(), Length(max=80)],
        render_kw={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"},
    )


class CorrectionForm(FlaskForm):
    first_name = first_name_field()
    last_name = last_name_field()
    note = TextAreaField(_l("Anything the organisers should know"), [Length(max=500)])


class RevokeForm(FlaskForm):
    reason = StringField(_l("Reason (shown on the verification page)"), [DataRequired()])


class SettingsForm(FlaskForm):
    rule = SelectField(
        _l("Who is eligible"),
        choices=[
            ("days", _l("Checked in on at least N days")),
            ("workshops", _l("Attended their workshop(s)")),
            ("doors", _l("Attended their workshop(s), scanned at the door")),
        ],
    )
    min_days = IntegerField(_l("N (days)"), [InputRequired(), NumberRange(min=1, max=60)])
    hours = IntegerField(
        _l("Hours shown on the certificate (0: none)"), [InputRequired(), NumberRange(0, 1000)]
    )
    min_minutes = IntegerField(
        _l("Minutes online in all (virtual and hybrid editions)"),
        [Optional(), NumberRange(1, 10000)],
    )
    min_share = IntegerField(
        _l("…or this share of the programme, in percent (empty: the minutes)"),
        [Optional(), NumberRange(1, 100)],
    )
    wording_es = TextAreaField(_l("Statement in Spanish"), [Optional(), Length(max=600)])
    wording_pt = TextAreaField(_l("Statement in Portuguese"), [Optional(), Length(max=600)])
    wording_en = TextAreaField(_l("Statement in English"), [Optional(), Length(max=600)])

    def wording(self) -> dict[str, str]:
        return {lang: self[f"wording_{lang}"].data or "" for lang in ("es", "pt", "en")}


class OverrideForm(FlaskForm):
    email = StringField(_l("Participant's email"), [DataRequired(), Length(max=254)])
    decision = SelectField(
        _l("Decision"),
        choices=[
            ("", _l("By the rule")),
            ("include", _l("Include by hand")),
            ("exclude", _l("Exclude by hand")),
        ],
    )
    reason = StringField(_l("Reason"), [Length(max=300)])
    kind = SelectField(
        _l("Certificate as"),
        choices=[("", _l("From the registration role")), *KIND_LABELS.items()],
    )
    session_title = StringField(_l("Session or workshop they led"), [Length(max=300)])


class SignatureForm(FlaskForm):
    signer_name = StringField(_l("Signer's name"), [DataRequired(), Length(max=200)])
    signer_title = StringField(_l("Signer's title"), [Length(max=200)])
    image = FileField(_l("Signature image (PNG or JPEG, up to 2 MB)"), [FileRequired()])
