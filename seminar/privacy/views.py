"""A participant's own data (download, erase) and the organisers' privacy page."""

import json

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from seminar import consents
from seminar.extensions import db, limiter
from seminar.models.participant import LANGUAGES
from seminar.privacy import services
from seminar.privacy.forms import ConsentTextsForm, EraseForm
from seminar.registration import services as registration
from seminar.web import attachment, edition_or_404, or_404, organiser_blueprint, public_post_limit

bp = Blueprint("privacy", __name__)
admin_bp = organiser_blueprint("privacy_admin", __name__, "/admin/e/<slug>/privacy")


@bp.get("/manage/<token>/data.json")
def download(token):
    person = or_404(registration.by_token(token))
    data = json.dumps(services.personal_data(person), ensure_ascii=False, indent=2)
    response = attachment(data, f"{person.edition.slug}-my-data.json", "application/json")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/manage/<token>/erase", methods=["GET", "POST"])
@limiter.limit(public_post_limit, methods=["POST"])
def erase(token):
    person = or_404(registration.by_token(token))
    form = EraseForm()
    if form.validate_on_submit():
        slug = person.edition.slug
        services.erase(person)
        db.session.commit()
        flash(_("Your personal data has been erased."), "success")
        return redirect(url_for("registration.landing", slug=slug))
    return render_template(
        "privacy/erase.html", person=person, edition=person.edition, form=form
    ), (422 if form.errors else 200)


@admin_bp.route("/", methods=["GET", "POST"])
def texts(slug):
    edition = edition_or_404(slug)
    language = request.args.get("language", "es")
    language = language if language in LANGUAGES else "es"
    form = ConsentTextsForm(
        data=None
        if request.method == "POST"
        else consents.custom(edition, language) | {"retention_years": edition.retention_years}
    )
    if form.validate_on_submit():
        consents.save_texts(edition, language, form.data)
        edition.retention_years = form.retention_years.data
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for(".texts", slug=slug, language=language))
    return render_template(
        "privacy/admin.html", edition=edition, form=form, language=language,
        languages=LANGUAGES, defaults=consents.texts(edition, language),
    ), (422 if form.errors else 200)  # fmt: skip
