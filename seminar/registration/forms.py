"""The registration form; the ODS ranking is 17 numbered selects that the script enhances."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from seminar import countries, ods
from seminar.forms import (
    ACTOR_LABELS,
    LANGUAGE_LABELS,
    ROLE_LABELS,
    check_email,
    email_field,
    first_name_field,
    last_name_field,
)
from seminar.models.participant import GENDER_MAX
from seminar.registration.services import MIN_RANKED

RANKS = range(1, 18)


class PersonFields(FlaskForm):
    first_name = first_name_field()
    last_name = last_name_field()
    email = email_field()
    country = SelectField(_l("Country"), [DataRequired()])
    city = StringField(_l("City"), [DataRequired(), Length(max=120)])
    institution = StringField(_l("Institution"), [DataRequired(), Length(max=200)])
    position = StringField(_l("Position"), [Optional(), Length(max=200)])
    actor_type = SelectField(
        _l("Type of actor"), [DataRequired()], choices=[("", "—")] + list(ACTOR_LABELS.items())
    )
    language = SelectField(_l("Language for emails"), choices=list(LANGUAGE_LABELS.items()))
    accessibility = TextAreaField(_l("Accessibility needs"), [Optional(), Length(max=1000)])
    dietary = TextAreaField(_l("Dietary needs"), [Optional(), Length(max=1000)])

    def __init__(self, *args, language: str = "es", ods_to_rank: int = MIN_RANKED, **kwargs):
        super().__init__(*args, **kwargs)
        # The edition's number of ODS to rank; 0: an event without workshops asks for none,
        # and its form has no ranking fields to check.
        self.ods_to_rank = ods_to_rank
        if not ods_to_rank:
            for rank in RANKS:
                getattr(self, f"rank_{rank}").validate_choice = False
        self.country.choices = [("", "—")] + list(countries.names(language).items())
        goal_choices = [("", "—")] + [
            (str(n), f"{n}. {g.name(language)}") for n, g in ods.goals().items()
        ]
        for rank in RANKS:
            getattr(self, f"rank_{rank}").choices = goal_choices

    def ranking(self) -> list[int]:
        if not self.ods_to_rank:
            return []
        return [int(v) for r in RANKS if (v := getattr(self, f"rank_{r}").data)]

    def set_ranking(self, ranking: list[int]) -> None:
        for rank in RANKS:
            value = ranking[rank - 1] if rank <= len(ranking) else ""
            getattr(self, f"rank_{rank}").data = str(value)

    def validate_rank_1(self, field):
        if not self.ods_to_rank:
            return
        chosen = [getattr(self, f"rank_{r}").data for r in RANKS]
        picked = [v for v in chosen if v]
        if len(picked) < self.ods_to_rank:
            raise ValidationError(
                _l("Choose at least %(n)s workshops, in order.", n=self.ods_to_rank)
            )
        if len(set(picked)) != len(picked):
            raise ValidationError(_l("Each workshop can appear only once in your ranking."))

    def person_data(self) -> dict:
        return {
            key: getattr(self, key).data
            for key in (
                "first_name",
                "last_name",
                "email",
                "country",
                "city",
                "institution",
                "position",
                "actor_type",
                "language",
                "accessibility",
                "dietary",
            )
        }


for _rank in RANKS:
    setattr(PersonFields, f"rank_{_rank}", SelectField(str(_rank), [Optional()], choices=[]))


class ConsentChoices:
    """Separate, explicit choices; the needs are kept only with their own consent."""

    consent_sensitive = BooleanField(
        _l("I agree to the use of my accessibility and dietary needs.")
    )
    consent_photos = BooleanField(_l("I agree to appear in photographs."))
    consent_future_invitations = BooleanField(_l("Invite me to later editions."))

    def validate_consent_sensitive(self, field):
        needs = (self.accessibility.data or "").strip() or (self.dietary.data or "").strip()
        if needs and not field.data:
            raise ValidationError(_l("Tick this consent to keep your needs, or leave them empty."))

    def consent_answers(self) -> dict[str, bool]:
        return {
            "sensitive": bool(self.consent_sensitive.data),
            "photos": bool(self.consent_photos.data),
            "future_invitations": bool(self.consent_future_invitations.data),
        }


class GenderChoice:
    """Optional and self-described: free text, never required, counted only in aggregate."""

    gender = StringField(
        _l("Gender (optional)"),
        [Optional(), Length(max=GENDER_MAX)],
        render_kw={"list": "gender-suggestions", "autocomplete": "off"},
    )

    def person_data(self) -> dict:
        return {**super().person_data(), "gender": (self.gender.data or "").strip()}


class RankingAsked:
    """The public forms check the ranking even when it is left empty: without Optional on the
    first choice, its validator (at least MIN_RANKED) runs and the error sits on the ranking."""

    rank_1 = SelectField("1", choices=[])


class RegistrationForm(RankingAsked, GenderChoice, ConsentChoices, PersonFields):
    consent = BooleanField(
        _l("I agree to the processing of my data as described above."),
        [DataRequired(_l("Your consent is needed to register."))],
    )


class ManageForm(RankingAsked, GenderChoice, ConsentChoices, PersonFields):
    """The same fields, but the email is the identity and stays as registered."""


class OrganiserEditForm(PersonFields):
    """An organiser's edit: the person's fields and their role, which only organisers set."""

    role = SelectField(_l("Role"), choices=list(ROLE_LABELS.items()))

    def person_data(self) -> dict:
        return {**super().person_data(), "role": self.role.data}


class ResendForm(FlaskForm):
    email = EmailField(_l("Email"), [DataRequired(), check_email])
