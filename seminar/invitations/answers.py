"""An invitee's answers: opening their personal link, declining, registering through it, and
opting out of the campaign's mail (always honoured)."""

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, select, update

from seminar.clock import now
from seminar.extensions import db
from seminar.invitations.invitees import PERSON_FIELDS, by_email
from seminar.invitations.services import InvitationError
from seminar.models import Invitation, OutboxMessage, Participant, UnsubscribeLink, Unsubscription


def by_token(token: str) -> Invitation | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalars(select(Invitation).where(Invitation.token == token)).first()


def follow(invitation: Invitation) -> None:
    """The invitee opened their personal link."""
    if invitation.opened_at is None:
        invitation.opened_at = now()
    if invitation.status in ("new", "invited"):
        invitation.status = "opened"
    db.session.flush()


def decline(invitation: Invitation) -> None:
    if invitation.status == "registered":
        raise InvitationError("registered")
    invitation.status = "declined"
    invitation.answered_at = now()
    db.session.flush()


def prefill(token: str | None) -> dict[str, str]:
    """Registration form values from a personal link (empty for an unknown token)."""
    invitation = by_token(token or "")
    if invitation is None:
        return {}
    return {key: getattr(invitation, key) for key in PERSON_FIELDS if key != "role"}


def link_registration(participant: Participant, token: str | None) -> None:
    """A registration made through a personal link answers that invitation; the organisers' role
    for the invitee (speaker, organiser) comes with the link, never with a typed address."""
    personal = by_token(token or "")
    invitation = personal or by_email(participant.edition, participant.email)
    if invitation is None or invitation.edition_id != participant.edition_id:
        return
    if invitation is personal:
        participant.role = invitation.role
    invitation.status = "registered"
    invitation.participant_id = participant.id
    invitation.answered_at = now()
    db.session.flush()


def _legacy_signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="unsubscribe")


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    if token and len(token) <= 64:
        link = db.session.scalars(
            select(UnsubscribeLink).where(UnsubscribeLink.token == token)
        ).first()
        if link is not None:
            return link.edition_id, link.email_key
    # Links in mail sent before tokens were opaque still opt out (an opt-out is always honoured).
    try:
        edition_id, address = _legacy_signer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    return int(edition_id), str(address)


def is_unsubscribed(edition_id: int, address: str) -> bool:
    return bool(
        db.session.scalar(
            select(func.count()).where(
                Unsubscription.edition_id == edition_id,
                Unsubscription.email_key == address.strip().lower(),
            )
        )
    )


def unsubscribe(edition_id: int, address: str) -> None:
    """Honour an opt-out: record it and cancel the non-transactional mail still waiting."""
    key = address.strip().lower()
    if not is_unsubscribed(edition_id, key):
        db.session.add(Unsubscription(edition_id=edition_id, email_key=key))
    db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.edition_id == edition_id,
            func.lower(OutboxMessage.recipient) == key,
            OutboxMessage.transactional.is_(False),
            OutboxMessage.state == "queued",
        )
        .values(state="cancelled")
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
