"""Public pages: the edition's landing page, the registration form and the manage page."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from seminar import consents, ods
from seminar.clock import now
from seminar.extensions import db, limiter
from seminar.forms import ButtonForm
from seminar.invitations import answers as invitation_answers
from seminar.models import Edition
from seminar.registration import services
from seminar.registration.forms import ManageForm, RegistrationForm, ResendForm
from seminar.web import or_404, public_edition_or_404, public_post_limit

bp = Blueprint("registration", __name__)


@bp.app_template_global("consent_texts")
def consent_texts(edition) -> dict[str, str]:
    """The edition's consent wording in the page's language."""
    return consents.texts(edition, str(get_locale()))


@bp.get("/")
def index():
    editions = db.session.scalars(
        select(Edition)
        .where(Edition.status.in_(("open", "closed")))
        .order_by(Edition.starts_on.desc())
    ).all()
    if len(editions) == 1:
        return redirect(url_for(".landing", slug=editions[0].slug))
    return render_template("registration/index.html", editions=editions)


@bp.get("/e/<slug>/")
def landing(slug):
    edition = public_edition_or_404(slug)
    return render_template(
        "registration/landing.html",
        edition=edition,
        goals=ods.goals().values(),
        state=edition.registration_state(now()),
    )


@bp.route("/e/<slug>/register", methods=["GET", "POST"])
@limiter.limit(public_post_limit, methods=["POST"])
def register(slug):
    edition = public_edition_or_404(slug)
    language = str(get_locale())
    form = RegistrationForm(language=language, ods_to_rank=edition.ods_to_rank)
    if request.method == "GET":
        form.language.data = language
        form.email.data = request.args.get("email", "")
        for key, value in invitation_answers.prefill(request.args.get("invite")).items():
            form[key].data = value
    state = edition.registration_state(now())
    duplicate = None
    if state == "open" and form.validate_on_submit():
        try:
            outcome = services.register(
                edition, form.person_data(), form.ranking(),
                consent=form.consent_answers(), shown_in=language,
            )  # fmt: skip
        except services.RegistrationError as exc:
            if exc.code == "closed":
                state = "closed"
            else:
                duplicate = exc.participant
        else:
            invitation_answers.link_registration(outcome.participant, request.args.get("invite"))
            db.session.commit()
            return redirect(url_for(".manage", token=outcome.participant.manage_token, new=1))
    return render_template(
        "registration/register.html",
        edition=edition,
        form=form,
        state=state,
        goals=ods.goals(),
        duplicate=duplicate,
        resend=ResendForm(email=form.email.data),
    ), (422 if form.errors or duplicate else 200)


@bp.post("/e/<slug>/resend")
@limiter.limit(public_post_limit)
def resend(slug):
    edition = public_edition_or_404(slug)
    form = ResendForm()
    if form.validate_on_submit():
        person = services.find_by_email(edition, form.email.data)
        if person is not None:
            services.resend_manage_link(person)
            db.session.commit()
    # The same answer whether or not the address is registered: no way to probe who is.
    flash(_("If that address is registered, we have emailed its private link."), "info")
    return redirect(url_for(".landing", slug=slug))


@bp.route("/manage/<token>", methods=["GET", "POST"])
@limiter.limit(public_post_limit, methods=["POST"])
def manage(token):
    person = or_404(services.by_token(token))
    language = str(get_locale())
    form = ManageForm(
        obj=person if request.method == "GET" else None,
        language=language,
        ods_to_rank=person.edition.ods_to_rank,
    )
    if request.method == "GET":
        form.set_ranking(person.ranking)
    form.email.data = person.email
    editable = services.can_change(person)
    if editable and form.validate_on_submit():
        services.update(
            person, form.person_data(), form.ranking(),
            consent=form.consent_answers(), shown_in=language,
        )  # fmt: skip
        db.session.commit()
        flash(_("Your registration has been updated."), "success")
        return redirect(url_for(".manage", token=token))
    return render_template(
        "registration/manage.html",
        person=person,
        edition=person.edition,
        form=form,
        editable=editable,
        goals=ods.goals(),
        cancel_form=ButtonForm(),
        new=request.args.get("new") == "1",
    ), (422 if form.errors else 200)


@bp.post("/manage/<token>/cancel")
@limiter.limit(public_post_limit)
def cancel(token):
    person = or_404(services.by_token(token))
    if ButtonForm().validate_on_submit():
        try:
            services.cancel(person)
        except services.RegistrationError:
            flash(_("Registration can no longer be changed."), "error")
        else:
            db.session.commit()
            flash(_("Your registration has been cancelled."), "success")
    return redirect(url_for(".manage", token=token))
