"""Public pages: verifying a certificate (no login), and the holder's download and correction."""

from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from seminar import ods
from seminar.certificates import codes, files, services
from seminar.certificates.forms import KIND_LABELS, CorrectionForm, VerifyForm
from seminar.extensions import db, limiter
from seminar.registration import services as registration
from seminar.web import public_post_limit

bp = Blueprint("certificates", __name__)


def verify_limit() -> str:
    return current_app.config.get("CERTIFICATE_VERIFY_LIMIT", "30/minute")


@bp.app_template_global()
def certificates_of(person) -> list:
    """The holder's certificates, for the include on the registration manage page."""
    return services.for_participant(person)


@bp.app_template_global()
def certificate_kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


@bp.app_template_filter()
def date_from_iso(value: str) -> date:
    return date.fromisoformat(value)


@bp.app_template_filter()
def certificate_code(code: str) -> str:
    return codes.grouped(code)


@bp.get("/certificates/verify")
@limiter.limit(verify_limit)
def verify_form():
    form = VerifyForm(request.args)
    if "code" in request.args and form.validate():  # ?lang=pt alone is no attempt
        code = codes.normalise(form.code.data)
        if code:
            return redirect(url_for(".verify", code=codes.grouped(code)))
        form.code.errors.append(_("This is not a certificate code: it has 25 letters and digits."))
    return render_template("certificates/verify_form.html", form=form), (
        422 if form.errors else 200
    )


@bp.get("/certificates/verify/<code>")
@limiter.limit(verify_limit)
def verify(code):
    normalised = codes.normalise(code)
    certificate = services.by_code(normalised) if normalised else None
    if certificate is None:
        return render_template("certificates/verify_unknown.html", form=VerifyForm(code=code)), 404
    response = Response(
        render_template(
            "certificates/verify.html", certificate=certificate, edition=certificate.edition
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def correction_errors() -> dict[str, str]:
    return {
        "not_valid": _("This certificate is no longer valid and cannot be corrected."),
        "names_required": _("Please write both your first and last name."),
        "same_name": _("Your name is already written this way on the certificate."),
        "pending": _("You have already asked for a correction; the organisers will review it."),
    }


def _holder_certificate(token: str, code: str):
    person = registration.by_token(token)
    normalised = codes.normalise(code)
    certificate = services.by_code(normalised) if person and normalised else None
    if certificate is None or certificate.participant_id != person.id:
        abort(404)
    return person, certificate


@bp.get("/manage/<token>/certificates/<code>.pdf")
def download(token, code):
    _person, certificate = _holder_certificate(token, code)
    pdf = files.pdf_for(certificate)
    db.session.commit()
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{files.filename(certificate)}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/manage/<token>/certificates/<code>/correction", methods=["GET", "POST"])
@limiter.limit(public_post_limit, methods=["POST"])
def correction(token, code):
    person, certificate = _holder_certificate(token, code)
    form = CorrectionForm(
        data={"first_name": person.first_name, "last_name": person.last_name}
        if request.method == "GET"
        else None
    )
    error = None
    if form.validate_on_submit():
        try:
            services.request_correction(
                certificate, form.first_name.data, form.last_name.data, form.note.data or ""
            )
        except services.CertificateError as exc:
            error = correction_errors().get(exc.code, _("This request cannot be made."))
        else:
            db.session.commit()
            flash(_("Thank you: the organisers will review the correction."), "success")
            return redirect(url_for("registration.manage", token=token))
    return render_template(
        "certificates/correction.html",
        person=person,
        certificate=certificate,
        form=form,
        error=error,
        goals=ods.goals(),
    ), (422 if form.errors or error else 200)
