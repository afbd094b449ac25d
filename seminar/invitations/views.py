"""The campaign page for organisers; the invitee's personal link, decline and unsubscribe."""

import re

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape

from seminar.extensions import db, limiter
from seminar.forms import ButtonForm
from seminar.invitations import answers, services
from seminar.models import Edition, Invitation
from seminar.web import public_post_limit

bp = Blueprint("invitations", __name__)
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_LINK = re.compile(r"(https?://[^\s<]+)")


@bp.app_template_filter("letter_html")
def letter_html(text: str) -> Markup:
    """The organiser's plain letter as HTML paragraphs: **bold** and links made live."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.strip()):
        html = str(escape(block))
        html = _BOLD.sub(r"<strong>\1</strong>", html)
        html = _LINK.sub(r'<a href="\1" style="color:#00689d">\1</a>', html)
        paragraphs.append("<p>" + html.replace("\n", "<br>") + "</p>")
    return Markup("\n".join(paragraphs))  # noqa: S704  (built from escaped text)


@bp.app_template_filter("letter_text")
def letter_text(text: str) -> str:
    return _BOLD.sub(r"\1", text)


def _invitation_or_404(token: str) -> Invitation:
    invitation = answers.by_token(token)
    if invitation is None:
        abort(404)
    return invitation


@bp.get("/i/<token>")
def follow(token):
    invitation = _invitation_or_404(token)
    answers.follow(invitation)
    db.session.commit()
    return redirect(
        url_for(
            "registration.register",
            slug=invitation.edition.slug,
            invite=token,
            lang=invitation.language,
        )
    )


@bp.route("/i/<token>/decline", methods=["GET", "POST"])
@limiter.limit(public_post_limit, methods=["POST"])
def decline(token):
    invitation = _invitation_or_404(token)
    form = ButtonForm()
    done = False
    if form.validate_on_submit():
        try:
            answers.decline(invitation)
        except services.InvitationError:
            flash(_("You are already registered: cancel through your private link."), "info")
        else:
            db.session.commit()
            done = True
    return render_template(
        "invitations/decline.html", invitation=invitation, edition=invitation.edition,
        form=form, done=done or invitation.status == "declined",
    )  # fmt: skip


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@limiter.limit(public_post_limit, methods=["POST"])
def unsubscribe(token):
    found = answers.read_unsubscribe_token(token)
    edition = db.session.get(Edition, found[0]) if found else None
    if edition is None:
        abort(404)
    form = ButtonForm()
    if form.validate_on_submit():
        answers.unsubscribe(edition.id, found[1])
        db.session.commit()
    return render_template(
        "invitations/unsubscribe.html", edition=edition, form=form,
        done=answers.is_unsubscribed(edition.id, found[1]),
    )  # fmt: skip
