"""The rapporteur's private page (and its JSON saves), the public proposals page and its PDF."""

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf

from seminar import ods
from seminar.extensions import db, limiter
from seminar.models import RapporteurLink
from seminar.proposals import document, forms, links, services
from seminar.web import or_404, pdf_download, public_edition_or_404

bp = Blueprint("proposals", __name__)
# Autosave sends a request a second or so while someone types; a room shares one address.
AUTOSAVE_LIMIT = "600/minute"


@bp.app_template_global("has_published_proposals")
def has_published_proposals(edition) -> bool:
    return services.has_published(edition)


def _token_key() -> str:
    return "rapporteur:" + (request.view_args or {}).get("token", "")


def _link_or_404(token: str) -> RapporteurLink:
    return or_404(links.by_token(token))


def _private(response):
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def _as_json(proposal) -> dict:
    return {
        "id": proposal.client_id,
        "text": proposal.text,
        "addressed_to": proposal.addressed_to,
        "cities": proposal.cities,
        "published": proposal.published_at is not None,
        "missing": services.missing(proposal),
        "saved_at": proposal.updated_at.isoformat(),
        "version": proposal.version,
    }


def _version(body: dict, default: int | None) -> int | None:
    """The version a save or delete was typed on; ValueError unless a whole number."""
    version = body.get("version", default)
    if version is None:
        return None
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise ValueError(version)
    return version


def _refused(exc: services.ProposalError):
    """A rule's refusal as JSON: 409 for someone else's newer version (with it) or a published
    proposal, 410 for one deleted elsewhere, 422 for what was typed."""
    errors = {name: forms.error_text(name, code) for name, code in exc.errors.items()}
    body = {"error": "refused", "errors": errors, "codes": exc.errors}
    status = 409 if exc.errors.get("text") == "published" else 422
    if isinstance(exc, services.ProposalConflict):
        body.update(error="conflict", current=_as_json(exc.current))
        status = 409
    elif isinstance(exc, services.ProposalGone):
        body.update(error="gone")
        status = 410
    db.session.rollback()
    return _private(make_response(jsonify(body), status))


def _page(link: RapporteurLink, posted: forms.ProposalForm | None = None, status: int = 200):
    edition = link.edition
    cards, new = forms.cards(services.proposals(edition, link.ods), posted)
    mine, others = services.city_suggestions(edition, link.ods)
    response = render_template(
        "proposals/rapporteur.html",
        link=link,
        edition=edition,
        goal=ods.goal(link.ods),
        cards=cards,
        new=new,
        blank=forms.blank(client_id="__ID__"),
        workshop_cities=mine,
        other_cities=others,
        labels=forms.ADDRESSEE_LABELS,
        error_texts={f"{k[0]}.{k[1]}": str(v) for k, v in forms.ERRORS.items()},
        addressee_labels={code: str(label) for code, label in forms.ADDRESSEE_LABELS.items()},
    )
    return _private(make_response(response, status))


@bp.get("/rapporteur/sw.js")
def service_worker():
    """Served from /rapporteur/ so that its scope covers every rapporteur's page."""
    response = current_app.send_static_file("js/rapporteur-sw.js")
    response.headers["Cache-Control"] = "no-cache"
    response.mimetype = "application/javascript"
    return response


@bp.get("/rapporteur/<token>")
def rapporteur(token):
    return _page(_link_or_404(token))


@bp.post("/rapporteur/<token>")
@limiter.limit(AUTOSAVE_LIMIT, key_func=_token_key)
def rapporteur_post(token):
    """The page's form, for a browser without JavaScript (or a save pressed by hand)."""
    link = _link_or_404(token)
    form = forms.ProposalForm()
    if forms.save_posted(form, link.edition, link.ods):
        return redirect(url_for(".rapporteur", token=token, _anchor=f"p-{form.client_id.data}"))
    return _page(_link_or_404(token), form, 422)


@bp.post("/rapporteur/<token>/<client_id>/delete")
def rapporteur_delete(token, client_id):
    link = _link_or_404(token)
    try:
        services.remove(link.edition, link.ods, client_id)
    except services.ProposalError:
        db.session.rollback()
        flash(forms.error_text("text", "published"), "error")
    else:
        db.session.commit()
        flash(_("Proposal deleted."), "success")
    return redirect(url_for(".rapporteur", token=token))


@bp.get("/rapporteur/<token>/proposals.json")
def rapporteur_state(token):
    """What the server holds, and a fresh CSRF token for the page's saves."""
    link = _link_or_404(token)
    proposals = services.proposals(link.edition, link.ods)
    return _private(jsonify(csrf_token=generate_csrf(), proposals=[_as_json(p) for p in proposals]))


@bp.put("/rapporteur/<token>/proposals/<client_id>")
@limiter.limit(AUTOSAVE_LIMIT, key_func=_token_key)
def rapporteur_save(token, client_id):
    """Autosave: the proposal as typed. Sending it again (a retry) changes nothing more."""
    link = _link_or_404(token)
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return jsonify(error="invalid", message="a JSON object is expected"), 400
    draft = services.Draft(
        body.get("text", ""), body.get("addressed_to", []), body.get("cities", [])
    )
    try:
        # A save that names no version was typed on none: it may create, never overwrite.
        version = _version(body, 0)
    except ValueError:
        return jsonify(error="invalid", message="version must be a whole number"), 400
    try:
        proposal = services.save(link.edition, link.ods, client_id, draft, version=version)
    except services.ProposalError as exc:
        return _refused(exc)
    db.session.commit()
    return _private(jsonify(_as_json(proposal)))


@bp.delete("/rapporteur/<token>/proposals/<client_id>")
def rapporteur_remove(token, client_id):
    """Delete; with a JSON body naming the version it was asked on, not if changed since."""
    link = _link_or_404(token)
    body = request.get_json(silent=True)
    try:
        version = _version(body if isinstance(body, dict) else {}, None)
    except ValueError:
        return jsonify(error="invalid", message="version must be a whole number"), 400
    try:
        services.remove(link.edition, link.ods, client_id, version=version)
    except services.ProposalError as exc:
        return _refused(exc)
    db.session.commit()
    return "", 204


@bp.get("/e/<slug>/proposals")
def public(slug):
    edition = public_edition_or_404(slug)
    return render_template(
        "proposals/public.html",
        edition=edition,
        workshops=services.plenary(edition),
        labels=forms.ADDRESSEE_LABELS,
    )


@bp.get("/e/<slug>/proposals.pdf")
def public_pdf(slug):
    edition = public_edition_or_404(slug)
    data = document.plenary_pdf(edition, str(get_locale()))
    return pdf_download(data, document.filename(edition))
