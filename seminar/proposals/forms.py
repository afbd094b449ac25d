"""The proposal form (the rapporteur's page without JavaScript, and the organisers' review), the
words for what a rule refuses, and the form that emails a rapporteur their link."""

import uuid

from flask import flash
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from seminar.extensions import db
from seminar.forms import ACTOR_LABELS, LANGUAGE_LABELS, check_email
from seminar.models import Edition
from seminar.models.proposal import ADDRESSEES, TEXT_MAX, Proposal
from seminar.proposals import services
from seminar.proposals.services import CITIES_MAX, CITY_MAX, Draft, parse_cities

ADDRESSEE_LABELS = {code: ACTOR_LABELS[code] for code in ADDRESSEES}
ERRORS = {
    ("text", "required"): _l("Write the proposal."),
    ("text", "too_long"): _l("A proposal has at most %(n)s characters.", n=TEXT_MAX),
    ("text", "published"): _l(
        "The organisers have published this proposal: ask them to change it."
    ),
    ("text", "conflict"): _l(
        "Someone else changed this proposal while you were writing. Their version is shown here;"
        " yours is still in the field. Choose which to keep."
    ),
    ("text", "gone"): _l(
        "This proposal was deleted on another device: what you typed was not saved and is still"
        " here."
    ),
    ("addressed_to", "unknown"): _l("Choose from the list."),
    ("addressed_to", "required"): _l("Say to whom the proposal is addressed."),
    ("cities", "invalid"): _l("A city's name has at most %(n)s characters.", n=CITY_MAX),
    ("cities", "too_many"): _l("At most %(n)s cities.", n=CITIES_MAX),
    ("client_id", "invalid"): _l("This proposal could not be identified: reload the page."),
    ("client_id", "other_workshop"): _l("This proposal belongs to another workshop."),
}


def error_text(field: str, code: str) -> str:
    return str(ERRORS.get((field, code), code))


class ProposalForm(FlaskForm):
    client_id = HiddenField()
    # The version the text was typed on; empty saves over whatever is there.
    version = HiddenField()
    text = TextAreaField(_l("Text"), render_kw={"rows": 5, "maxlength": TEXT_MAX})
    addressed_to = SelectMultipleField(
        _l("Addressed to"),
        choices=list(ADDRESSEE_LABELS.items()),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validate_choice=False,
    )
    cities = StringField(_l("Contributing cities"), [Optional(), Length(max=5000)])
    conflict = False

    def draft(self) -> Draft:
        return Draft(
            self.text.data or "", list(self.addressed_to.data or []), parse_cities(self.cities.data)
        )

    def typed_on(self) -> int | None:
        value = (self.version.data or "").strip()
        return int(value) if value.isdigit() else None

    def show_errors(self, errors: dict[str, str]) -> None:
        """A service's refusal, next to the field it is about. On someone else's newer version the
        page shows theirs beside what was typed; on a deleted one, sending again makes it anew."""
        self.conflict = errors.get("text") == "conflict"
        if errors.get("text") == "gone":
            self.version.data = "0"
        for name, code in errors.items():
            target = self.text if name == "client_id" else self[name]
            target.errors = [*target.errors, error_text(name, code)]


class SendLinkForm(FlaskForm):
    speaker = SelectField(_l("A facilitator or speaker"), coerce=int, validate_choice=False)
    email = EmailField(_l("…or any address"), [Optional(), Length(max=254), check_email])
    name = StringField(_l("Name (for the greeting)"), [Optional(), Length(max=200)])
    language = SelectField(_l("Language"), choices=list(LANGUAGE_LABELS.items()))


def cards(
    proposals: list[Proposal], posted: ProposalForm | None = None
) -> tuple[list[tuple[Proposal, ProposalForm]], ProposalForm]:
    """Each proposal with its form (as stored, or as just posted with its errors), and the form
    for the next proposal (the one just posted if it was a new one)."""
    result = []
    for proposal in proposals:
        if posted is not None and posted.client_id.data == proposal.client_id:
            result.append((proposal, posted))
            posted = None
            continue
        form = ProposalForm(
            formdata=None,
            client_id=proposal.client_id,
            version=str(proposal.version),
            text=proposal.text,
            addressed_to=proposal.addressed_to,
            cities=", ".join(proposal.cities),
        )
        result.append((proposal, form))
    return result, posted or blank()


def blank(client_id: str | None = None) -> ProposalForm:
    return ProposalForm(formdata=None, client_id=client_id or str(uuid.uuid4()), version="0")


def save_posted(form: ProposalForm, edition: Edition, number: int, by_organiser=False) -> bool:
    """Save what the form posted and commit; False, with each refusal next to its field and
    nothing saved, when a rule says no."""
    if not form.validate_on_submit():
        return False
    try:
        services.save(
            edition,
            number,
            form.client_id.data,
            form.draft(),
            version=form.typed_on(),
            by_organiser=by_organiser,
        )
    except services.ProposalError as exc:
        db.session.rollback()
        form.show_errors(exc.errors)
        return False
    db.session.commit()
    flash(_("Proposal saved."), "success")
    return True
