"""A rapporteur's private link to their workshop's proposals: made for each ODS, found by its
token, rotated when lost, emailed to whoever will record the proposals."""

from sqlalchemy import select

from seminar import audit, email, ods
from seminar.clock import now
from seminar.content import localized
from seminar.extensions import db
from seminar.models import Edition, ProgrammeSession, Speaker
from seminar.models.participant import new_token
from seminar.models.proposal import RapporteurLink
from seminar.urls import external


def links(edition: Edition) -> dict[int, RapporteurLink]:
    """The rapporteur link of each of the 17 ODS, made the first time they are asked for."""
    found = {
        link.ods: link
        for link in db.session.scalars(
            select(RapporteurLink).where(RapporteurLink.edition_id == edition.id)
        )
    }
    for number in ods.goals():
        if number not in found:
            found[number] = RapporteurLink(edition_id=edition.id, ods=number)
            db.session.add(found[number])
    db.session.flush()
    return dict(sorted(found.items()))


def link_for(edition: Edition, number: int) -> RapporteurLink:
    return links(edition)[number]


def by_token(token: str) -> RapporteurLink | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalars(select(RapporteurLink).where(RapporteurLink.token == token)).first()


def rapporteur_url(link: RapporteurLink) -> str:
    return external("proposals.rapporteur", token=link.token)


def rotate(link: RapporteurLink) -> None:
    """A new link: the old one stops working at once (a lost phone, a changed rapporteur)."""
    link.token = new_token()
    link.rotated_at = now()
    db.session.flush()
    audit.record("proposals.rotate_link", f"ODS {link.ods}", link.edition_id)


def facilitators(edition: Edition) -> list[Speaker]:
    """People of the programme with an address, this edition's ODS workshops' first."""
    return list(
        db.session.scalars(
            select(Speaker)
            .join(ProgrammeSession, Speaker.session_id == ProgrammeSession.id)
            .where(ProgrammeSession.edition_id == edition.id, Speaker.email != "")
            .order_by(ProgrammeSession.ods.is_(None), ProgrammeSession.ods, Speaker.name)
        )
    )


def send_link(link: RapporteurLink, address: str, language: str, name: str = "") -> None:
    """Email the link to whoever will record this workshop's proposals, in their language."""
    edition = link.edition
    goal = ods.goal(link.ods)
    email.queue(
        "rapporteur_link",
        address,
        language,
        {
            "name": name,
            "edition_name": localized(edition, "name", language),
            "ods": link.ods,
            "ods_name": goal.name(language),
            "colour": goal.colour,
            "rapporteur_url": rapporteur_url(link),
        },
        edition_id=edition.id,
    )
    link.sent_to, link.sent_at = address, now()
    db.session.flush()
    audit.record("proposals.send_link", address, edition.id, ods=link.ods)
