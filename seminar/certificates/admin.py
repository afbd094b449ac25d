"""Organisers' certificates page: rule, wording, signatures, preview, batch, ZIP, corrections."""

from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from seminar import jobs
from seminar.attendance import services as online
from seminar.certificates import batches, eligibility, files, services, signatures
from seminar.certificates.forms import (
    OverrideForm,
    RevokeForm,
    SettingsForm,
    SignatureForm,
)
from seminar.extensions import db
from seminar.forms import ButtonForm
from seminar.models import Certificate, CertificateSignature, NameCorrection
from seminar.models.certificate import CERTIFICATE_STATUSES
from seminar.registration import services as registration
from seminar.web import attachment, edition_or_404, organiser_blueprint, owned_or_404

bp = organiser_blueprint("certificates_admin", __name__, "/admin/e/<slug>/certificates")


def _page(edition, **forms):
    settings = services.settings_for(edition)
    tally = services.tally(edition)
    query = request.args.get("q", "")[:200]
    status = request.args.get("status", "")
    status = status if status in CERTIFICATE_STATUSES else ""
    corrections = db.session.scalars(
        select(NameCorrection).where(
            NameCorrection.edition_id == edition.id, NameCorrection.status == "pending"
        )
    ).all()
    settings_form = forms.get("settings_form") or SettingsForm(
        data={
            "rule": settings.rule,
            "min_days": settings.min_days,
            "hours": settings.hours,
            "min_minutes": settings.min_minutes,
            "min_share": round(settings.min_share * 100) if settings.min_share else None,
            **{f"wording_{k}": v for k, v in (settings.wording or {}).items()},
        }
    )
    return render_template(
        "certificates/admin.html",
        edition=edition,
        settings=settings,
        tally=[(why, tally[why]) for why in eligibility.REASONS if tally[why]],
        eligible=tally["rule"] + tally["included"],
        required_minutes=online.required_minutes(edition, settings),
        issued=services.issued_counts(edition),
        certificates=services.issued(edition, query, status, request.args.get("page", 1, type=int)),
        query=query,
        status=status,
        corrections=corrections,
        batch=batches.current(edition),
        failure_words=jobs.failure_words,
        signatures=signatures.for_edition(edition.id),
        settings_form=settings_form,
        override_form=forms.get("override_form") or OverrideForm(),
        signature_form=forms.get("signature_form") or SignatureForm(),
        revoke_form=RevokeForm(),
        action_form=ButtonForm(),
        error=forms.get("error"),
    ), (422 if forms else 200)


@bp.get("")
def page(slug):
    page, _status = _page(edition_or_404(slug))
    db.session.commit()  # the settings row, created with the defaults on first visit
    return page


def _done(slug, message):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(".page", slug=slug))


@bp.post("/settings")
def save_settings(slug):
    edition = edition_or_404(slug)
    form = SettingsForm()
    if form.validate_on_submit():
        services.save_settings(
            edition,
            rule=form.rule.data,
            min_days=form.min_days.data,
            hours=form.hours.data,
            wording=form.wording(),
            min_minutes=form.min_minutes.data,
            min_share=form.min_share.data / 100 if form.min_share.data else None,
        )
        return _done(slug, _("Certificate settings saved."))
    return _page(edition, settings_form=form)


@bp.post("/overrides")
def override(slug):
    edition = edition_or_404(slug)
    form = OverrideForm()
    if form.validate_on_submit():
        person = registration.find_by_email(edition, form.email.data)
        if person is None:
            form.email.errors.append(_("Nobody with this email is registered."))
        else:
            try:
                services.set_override(
                    person,
                    decision=form.decision.data or None,
                    reason=form.reason.data or "",
                    kind=form.kind.data or None,
                    session_title=form.session_title.data or "",
                )
            except services.CertificateError as exc:
                form.reason.errors.append(str(exc))
            else:
                return _done(slug, _("Saved for %(name)s.", name=person.full_name))
    return _page(edition, override_form=form)


@bp.post("/signatures")
def add_signature(slug):
    edition = edition_or_404(slug)
    form = SignatureForm()
    if form.validate_on_submit():
        try:
            signatures.add(
                edition, form.signer_name.data, form.signer_title.data or "", form.image.data.read()
            )
        except services.CertificateError as exc:
            form.image.errors.append(str(exc))
        else:
            return _done(slug, _("Signature added."))
    return _page(edition, signature_form=form)


@bp.post("/signatures/<int:signature_id>/delete")
def remove_signature(slug, signature_id):
    edition = edition_or_404(slug)
    signature = owned_or_404(CertificateSignature, signature_id, edition)
    if not ButtonForm().validate():
        abort(404)
    signatures.remove(signature)
    return _done(slug, _("Signature removed."))


@bp.get("/signatures/<int:signature_id>.png")
def signature_image(slug, signature_id):
    signature = owned_or_404(CertificateSignature, signature_id, edition_or_404(slug))
    return Response(signature.image, mimetype="image/png")


@bp.get("/preview.pdf")
def preview(slug):
    """A sample certificate (nothing is issued): the first eligible person, or a sample name."""
    edition = edition_or_404(slug)
    language = request.args.get("lang", "es")
    kind = request.args.get("kind", "participant")
    if language not in ("es", "pt", "en") or kind not in ("participant", "speaker", "facilitator"):
        abort(404)
    (pdf,) = files.render([services.sample(edition, language, kind)])
    db.session.rollback()  # the settings row made with the defaults, if this was the first look
    return Response(pdf, mimetype="application/pdf", headers={"Cache-Control": "no-store"})


@bp.post("/batch")
def start_batch(slug):
    edition = edition_or_404(slug)
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        batch = batches.start(edition)
    except services.CertificateError as exc:
        flash(str(exc), "error")
        return redirect(url_for(".page", slug=slug))
    batch_id = batch.id  # read before commit: after it, reading would open a transaction
    db.session.commit()
    batches.launch(batch_id)
    return redirect(url_for(".page", slug=slug))


@bp.get("/batch.json")
def batch_status(slug):
    edition = edition_or_404(slug)
    data = batches.as_json(batches.current(edition))
    db.session.commit()
    return jsonify(data)


@bp.get("/certificates.zip")
def download_zip(slug):
    edition = edition_or_404(slug)
    data = files.zip_all(edition, commit=db.session.commit)
    db.session.commit()
    return attachment(data, f"certificates-{edition.slug}.zip", "application/zip")


@bp.post("/<int:certificate_id>/revoke")
def revoke(slug, certificate_id):
    edition = edition_or_404(slug)
    certificate = owned_or_404(Certificate, certificate_id, edition)
    form = RevokeForm()
    if not form.validate_on_submit():
        flash(_("Say why the certificate is revoked."), "error")
        return redirect(url_for(".page", slug=slug))
    try:
        services.revoke(certificate, form.reason.data)
    except services.CertificateError as exc:
        flash(str(exc), "error")
        return redirect(url_for(".page", slug=slug))
    return _done(slug, _("Certificate revoked."))


@bp.get("/<int:certificate_id>.pdf")
def certificate_pdf(slug, certificate_id):
    certificate = owned_or_404(Certificate, certificate_id, edition_or_404(slug))
    pdf = files.pdf_for(certificate)
    db.session.commit()
    return Response(pdf, mimetype="application/pdf")


@bp.post("/corrections/<int:correction_id>/<any(approve, reject):decision>")
def decide_correction(slug, correction_id, decision):
    edition = edition_or_404(slug)
    correction = owned_or_404(NameCorrection, correction_id, edition)
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        if decision == "approve":
            services.approve_correction(correction)
        else:
            services.reject_correction(correction)
    except services.CertificateError as exc:
        flash(str(exc), "error")
        return redirect(url_for(".page", slug=slug))
    return _done(
        slug,
        _("Correction approved: a new version was issued and emailed.")
        if decision == "approve"
        else _("Correction rejected."),
    )
