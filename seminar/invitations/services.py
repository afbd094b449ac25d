"""The invitation campaign: letters, sending, reminders, and what the campaign page counts."""

from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from seminar import audit, email, wording
from seminar.clock import now
from seminar.content import localized
from seminar.extensions import db
from seminar.invitations import letters
from seminar.models import (
    Campaign,
    Edition,
    Invitation,
    Letter,
    OutboxMessage,
    Participant,
    UnsubscribeLink,
    Unsubscription,
)
from seminar.urls import external

# Invitees who have not answered (reminders go to these, once).
UNANSWERED = ("invited", "opened")


class InvitationError(ValueError):
    pass


def letter(edition: Edition, kind: str, language: str) -> tuple[str, str]:
    """(subject, body) of a letter: the organiser's, else the default."""
    saved = db.session.scalars(
        select(Letter).where(
            Letter.edition_id == edition.id, Letter.kind == kind, Letter.language == language
        )
    ).first()
    if saved is not None:
        return saved.subject, saved.body
    return letters.default(kind, language)


def save_letter(edition: Edition, kind: str, language: str, subject: str, body: str) -> None:
    letters.check(subject)
    letters.check(body)
    saved = db.session.scalars(
        select(Letter).where(
            Letter.edition_id == edition.id, Letter.kind == kind, Letter.language == language
        )
    ).first() or Letter(edition_id=edition.id, kind=kind, language=language)
    saved.subject, saved.body = subject.strip(), body.strip()
    db.session.add(saved)
    db.session.flush()
    audit.record("invitations.letter", f"{kind}/{language}", edition.id)


def programme_url(edition: Edition) -> str:
    return external("programme.public", slug=edition.slug)


def unsubscribe_url(edition_id: int, address: str) -> str:
    """A link whose token is opaque: it stands for the address without showing it."""
    key = address.strip().lower()
    link = db.session.scalars(
        select(UnsubscribeLink).where(
            UnsubscribeLink.edition_id == edition_id, UnsubscribeLink.email_key == key
        )
    ).first()
    if link is None:
        link = UnsubscribeLink(edition_id=edition_id, email_key=key)
        db.session.add(link)
        db.session.flush()
    return external("invitations.unsubscribe", token=link.token)


def kind_of_event(language: str) -> str:
    with force_locale(language):
        return _("seminar")


def values_for(invitation: Invitation) -> dict[str, str]:
    """What each placeholder stands for, for one invitee, in their language."""
    edition = invitation.edition
    first = {"first_name": invitation.first_name}
    greeting = invitation.greeting or letters.DEFAULT_GREETING[invitation.language]
    return {
        "greeting": letters.fill(greeting, {k: "" for k in letters.PLACEHOLDERS} | first),
        "first_name": invitation.first_name,
        "last_name": invitation.last_name,
        "full_name": invitation.full_name,
        "institution": invitation.institution,
        "position": invitation.position,
        "city": invitation.city,
        "edition_name": localized(edition, "name", invitation.language),
        "edition_title": localized(edition, "title", invitation.language),
        "event_type": localized(edition, "event_type", invitation.language)
        or kind_of_event(invitation.language),
        "edition_city": edition.city,
        "edition_dates": wording.edition_dates(edition, invitation.language),
        "deadline": wording.deadline(edition, invitation.language),
        "register_url": external("invitations.follow", token=invitation.token),
        "decline_url": external("invitations.decline", token=invitation.token),
        "programme_url": programme_url(edition),
    }


def compose(invitation: Invitation, kind: str) -> dict:
    """The outbox context of one letter to one invitee; raises LetterError on a bad placeholder."""
    subject, body = letter(invitation.edition, kind, invitation.language)
    values = values_for(invitation)
    subject = letters.fill(subject, values)
    if values["edition_name"] not in subject:
        subject = f"{subject} · {values['edition_name']}"
    return {
        "subject": subject,
        "body": letters.fill(body, values),
        "first_name": invitation.first_name,
        "edition_name": values["edition_name"],
        "register_url": values["register_url"],
        "decline_url": values["decline_url"],
        "unsubscribe_url": unsubscribe_url(invitation.edition_id, invitation.email)
        if invitation.id
        else external("invitations.unsubscribe", token="preview"),  # noqa: S106  (a sample)
    }


def preview(invitation: Invitation, kind: str) -> email.Rendered:
    """The letter as `invitation` would receive it; nothing is queued (raises LetterError)."""
    message = OutboxMessage(
        template="invitation", recipient=invitation.email, language=invitation.language,
        context=compose(invitation, kind), transactional=False,
    )  # fmt: skip
    return email.render(message)


def sample_invitee(edition: Edition, language: str, address: str) -> Invitation:
    """Someone to try a letter on: the first invitee in that language, or (unsaved) the
    organiser at `address`."""
    found = db.session.scalars(
        select(Invitation)
        .where(Invitation.edition_id == edition.id, Invitation.language == language)
        .limit(1)
    ).first()
    return found or Invitation(
        edition=edition,
        first_name=address.split("@")[0],
        last_name="",
        email=address,
        language=language,
        token="preview",  # noqa: S106  (not a secret: a preview link)
        greeting="",
    )


def send_test(edition: Edition, kind: str, language: str, address: str) -> OutboxMessage:
    """Queue the letter, as a sample invitee would get it, to the organiser at `address`, its
    subject marked [TEST] (raises LetterError)."""
    context = compose(sample_invitee(edition, language, address), kind)
    context["subject"] = "[TEST] " + context["subject"]
    return email.queue(
        "invitation", address, language, context, edition_id=edition.id, transactional=False
    )


def check_letters(edition: Edition, kind: str, languages) -> None:
    """Every letter that is about to go out must be valid before the first one is queued."""
    for language in sorted(set(languages)):
        subject, body = letter(edition, kind, language)
        try:
            letters.check(subject)
            letters.check(body)
        except letters.LetterError as exc:
            raise InvitationError(
                _l(
                    "the %(kind)s letter in '%(language)s': %(problem)s",
                    kind=kind,
                    language=language,
                    problem=exc,
                )
            ) from exc


def _queue(invitation: Invitation, kind: str) -> OutboxMessage:
    return email.queue(
        "invitation",
        invitation.email,
        invitation.language,
        compose(invitation, kind),
        edition_id=invitation.edition_id,
        transactional=False,
    )


def _unsubscribed_keys(edition: Edition) -> set[str]:
    return set(
        db.session.scalars(
            select(Unsubscription.email_key).where(Unsubscription.edition_id == edition.id)
        )
    )


def send(edition: Edition, segment: str | None = None) -> int:
    """Queue the invitation to every invitee (of the segment) not yet invited nor answered."""
    sync_registered(edition)
    query = select(Invitation).where(
        Invitation.edition_id == edition.id,
        Invitation.invited_at.is_(None),
        Invitation.status.not_in(("registered", "declined")),
    )
    if segment is not None:
        query = query.where(Invitation.segment == segment)
    invitees = db.session.scalars(query.order_by(Invitation.id)).all()
    check_letters(edition, "invitation", (i.language for i in invitees))
    skip = _unsubscribed_keys(edition)
    moment, sent = now(), 0
    for invitation in invitees:
        if invitation.email_key in skip:
            continue
        invitation.message = _queue(invitation, "invitation")
        invitation.invited_at = moment
        if invitation.status == "new":
            invitation.status = "invited"
        sent += 1
    db.session.flush()
    audit.record("invitations.send", segment or "", edition.id, queued=sent)
    return sent


def sync_registered(edition: Edition) -> None:
    """Invitees who registered (through their link or not) count as registered."""
    registered = (
        select(Participant.id)
        .where(
            Participant.edition_id == edition.id,
            Participant.email_key == Invitation.email_key,
            Participant.status != "cancelled",
        )
        .limit(1)
        .scalar_subquery()
    )
    db.session.execute(
        update(Invitation)
        .where(
            Invitation.edition_id == edition.id,
            Invitation.status != "registered",
            registered.is_not(None),
        )
        .values(status="registered", participant_id=registered)
        .execution_options(synchronize_session=False)
    )
    db.session.expire_all()


def campaign(edition: Edition) -> Campaign:
    found = db.session.get(Campaign, edition.id)
    if found is None:
        found = Campaign(edition_id=edition.id)
        db.session.add(found)
    return found


def set_reminder(edition: Edition, moment) -> None:
    campaign(edition).remind_at = moment
    db.session.flush()
    audit.record("invitations.reminder_date", str(moment or ""), edition.id)


def remind(edition: Edition, force: bool = False) -> int:
    """On the organiser's date: remind the unanswered once; never the declined or registered."""
    settings = campaign(edition)
    if not force and (settings.remind_at is None or now() < settings.remind_at):
        return 0
    sync_registered(edition)
    invitees = db.session.scalars(
        select(Invitation)
        .where(
            Invitation.edition_id == edition.id,
            Invitation.status.in_(UNANSWERED),
            Invitation.reminded_at.is_(None),
        )
        .order_by(Invitation.id)
    ).all()
    check_letters(edition, "reminder", (i.language for i in invitees))
    skip, moment, sent = _unsubscribed_keys(edition), now(), 0
    for invitation in invitees:
        if invitation.email_key in skip:
            continue
        _queue(invitation, "reminder")
        invitation.reminded_at = moment
        sent += 1
    db.session.flush()
    audit.record("invitations.remind", "", edition.id, queued=sent)
    return sent


@dataclass
class Counts:
    invitees: int
    statuses: dict[str, int]
    outbox: dict[str, int]
    opened: int
    reminded: int
    unsubscribed: int


def counts(edition: Edition) -> Counts:
    """The campaign page: invitees by answer, invitation emails by delivery state."""
    statuses = dict(
        db.session.execute(
            select(Invitation.status, func.count())
            .where(Invitation.edition_id == edition.id)
            .group_by(Invitation.status)
        ).all()
    )
    delivery = {"queued": 0, "sent": 0, "failed": 0, "bounced": 0}
    rows = db.session.execute(
        select(OutboxMessage.state, OutboxMessage.last_error)
        .join(Invitation, Invitation.message_id == OutboxMessage.id)
        .where(Invitation.edition_id == edition.id)
    ).all()
    for state, error in rows:
        if state in ("queued", "sending"):
            delivery["queued"] += 1
        elif state == "failed":
            delivery["bounced" if error.startswith("SMTP") else "failed"] += 1
        elif state in delivery:
            delivery[state] += 1

    def count(*conditions) -> int:
        return db.session.scalar(
            select(func.count()).where(Invitation.edition_id == edition.id, *conditions)
        )

    return Counts(
        invitees=sum(statuses.values()),
        statuses=statuses,
        outbox=delivery,
        opened=count(Invitation.opened_at.is_not(None)),
        reminded=count(Invitation.reminded_at.is_not(None)),
        unsubscribed=len(_unsubscribed_keys(edition)),
    )


def segments(edition: Edition) -> list[tuple[str, int]]:
    return db.session.execute(
        select(Invitation.segment, func.count())
        .where(Invitation.edition_id == edition.id)
        .group_by(Invitation.segment)
        .order_by(Invitation.segment)
    ).all()
