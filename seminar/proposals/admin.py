"""The organisers' relatoría pages: the 17 rapporteur links, review, publication, the PDF."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from seminar import ods
from seminar.extensions import db
from seminar.forms import ButtonForm
from seminar.models import Edition
from seminar.proposals import document, forms, links, services
from seminar.web import edition_or_404, organiser_blueprint, pdf_download

bp = organiser_blueprint("proposals_admin", __name__, "/admin/e/<slug>/proposals")


def _goal_number(number: int) -> int:
    if number not in ods.goals():
        abort(404)
    return number


def _send_form(edition: Edition) -> forms.SendLinkForm:
    form = forms.SendLinkForm()
    form.speaker.choices = [(0, "—")] + [
        (
            s.id,
            f"{s.name} · {s.session.title}" + (f" (ODS {s.session.ods})" if s.session.ods else ""),
        )
        for s in links.facilitators(edition)
    ]
    return form


@bp.get("/")
def index(slug):
    edition = edition_or_404(slug)
    by_ods = links.links(edition)
    db.session.commit()
    return render_template(
        "proposals/admin.html",
        edition=edition,
        links=by_ods,
        urls={n: links.rapporteur_url(link) for n, link in by_ods.items()},
        counts=services.counts(edition),
        send_form=_send_form(edition),
        button=ButtonForm(),
    )


@bp.post("/<int:number>/rotate")
def rotate(slug, number):
    edition = edition_or_404(slug)
    if ButtonForm().validate_on_submit():
        links.rotate(links.link_for(edition, _goal_number(number)))
        db.session.commit()
        flash(_("ODS %(n)s has a new link; the old one no longer opens.", n=number), "success")
    return redirect(url_for(".index", slug=slug, _anchor=f"ods-{number}"))


@bp.post("/<int:number>/send")
def send(slug, number):
    edition = edition_or_404(slug)
    link = links.link_for(edition, _goal_number(number))
    form = _send_form(edition)
    if form.validate_on_submit():
        chosen = {s.id: s for s in links.facilitators(edition)}.get(form.speaker.data)
        address = form.email.data or (chosen.email if chosen else "")
        if address:
            name = form.name.data or (chosen.name if chosen and not form.email.data else "")
            links.send_link(link, address, form.language.data, name)
            db.session.commit()
            flash(
                _("Link of ODS %(n)s queued to %(address)s.", n=number, address=address), "success"
            )
            return redirect(url_for(".index", slug=slug, _anchor=f"ods-{number}"))
        flash(_("Choose a facilitator or write an address."), "error")
    else:
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
    return redirect(url_for(".index", slug=slug, _anchor=f"ods-{number}"))


def _workshop(edition: Edition, number: int, posted=None, status: int = 200):
    cards, new = forms.cards(services.proposals(edition, number), posted)
    mine, others = services.city_suggestions(edition, number)
    return render_template(
        "proposals/admin_workshop.html",
        edition=edition,
        goal=ods.goal(number),
        link=links.link_for(edition, number),
        cards=cards,
        new=new,
        workshop_cities=mine,
        other_cities=others,
        labels=forms.ADDRESSEE_LABELS,
        button=ButtonForm(),
    ), status


@bp.get("/<int:number>")
def workshop(slug, number):
    edition = edition_or_404(slug)
    page = _workshop(edition, _goal_number(number))
    db.session.commit()
    return page


@bp.post("/<int:number>")
def save(slug, number):
    edition = edition_or_404(slug)
    _goal_number(number)
    form = forms.ProposalForm()
    if forms.save_posted(form, edition, number, by_organiser=True):
        return redirect(url_for(".workshop", slug=slug, number=number))
    return _workshop(edition_or_404(slug), number, form, 422)


def _act(slug: str, number: int, client_id: str, action):
    edition = edition_or_404(slug)
    proposal = services.find(edition, client_id)
    if proposal is None or proposal.ods != _goal_number(number):
        abort(404)
    if ButtonForm().validate_on_submit():
        try:
            message = action(edition, proposal)
        except services.ProposalError as exc:
            db.session.rollback()
            for name, code in exc.errors.items():
                flash(forms.error_text(name, code), "error")
        else:
            db.session.commit()
            if message:
                flash(message, "success")
    return redirect(url_for(".workshop", slug=slug, number=number, _anchor=f"p-{client_id}"))


def _publish(edition, proposal) -> str:
    services.publish(proposal)
    return _("Proposal published.")


def _unpublish(edition, proposal) -> str:
    services.unpublish(proposal)
    return _("Proposal withdrawn.")


def _up(edition, proposal) -> None:
    services.move(proposal, -1)


def _down(edition, proposal) -> None:
    services.move(proposal, 1)


def _delete(edition, proposal) -> str:
    services.remove(edition, proposal.ods, proposal.client_id, by_organiser=True)
    return _("Proposal deleted.")


ACTIONS = {
    "publish": _publish,
    "unpublish": _unpublish,
    "up": _up,
    "down": _down,
    "delete": _delete,
}


@bp.post("/<int:number>/<client_id>/<action>")
def act(slug, number, client_id, action):
    """One button of the review: publish, withdraw, move up or down, delete."""
    if action not in ACTIONS:
        abort(404)
    return _act(slug, number, client_id, ACTIONS[action])


@bp.post("/<int:number>/publish")
def publish_workshop(slug, number):
    edition = edition_or_404(slug)
    if ButtonForm().validate_on_submit():
        done, left = services.publish_workshop(edition, _goal_number(number))
        db.session.commit()
        flash(_("%(n)s proposals published.", n=done), "success")
        if left:
            flash(_("%(n)s still need to say to whom they are addressed.", n=left), "error")
    return redirect(url_for(".workshop", slug=slug, number=number))


@bp.get("/plenary.pdf")
def plenary_pdf(slug):
    edition = edition_or_404(slug)
    return pdf_download(
        document.plenary_pdf(edition, str(get_locale())), document.filename(edition)
    )
