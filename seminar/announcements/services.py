"""Word to a chosen group of an edition: write once in es/pt/en, queue each person's copy once."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from seminar import audit, email, wording
from seminar.clock import now
from seminar.extensions import db
from seminar.invitations import letters
from seminar.models import (
    Announcement,
    AnnouncementDelivery,
    Assignment,
    Edition,
    OutboxMessage,
    Participant,
    ProgrammeSession,
    Speaker,
    Workshop,
)
from seminar.models.announcement import AUDIENCES
from seminar.models.participant import LANGUAGES
from seminar.urls import external

PLACEHOLDERS = (
    "first_name", "last_name", "full_name", "edition_name", "edition_city", "edition_dates",
    "programme_url", "manage_url",
)  # fmt: skip


class AnnouncementError(ValueError):
    pass


@dataclass
class Recipient:
    email: str
    language: str
    first_name: str
    last_name: str
    manage_url: str

    @property
    def key(self) -> str:
        return self.email.strip().lower()


def save(
    edition: Edition,
    audience: str,
    workshop_id: int | None,
    texts: dict[str, tuple[str, str]],
    announcement: Announcement | None = None,
) -> Announcement:
    """Create or change an unsent message; raises AnnouncementError and changes nothing."""
    if announcement is not None and announcement.sent_at is not None:
        raise AnnouncementError(_l("this message was already sent; write a new one"))
    if audience not in AUDIENCES:
        raise AnnouncementError(_l("unknown group '%(audience)s'", audience=audience))
    workshop = None
    if audience == "workshop":
        workshop = db.session.get(Workshop, workshop_id) if workshop_id else None
        if workshop is None or workshop.edition_id != edition.id:
            raise AnnouncementError(_l("choose one of this edition's workshops"))
    kept = {}
    for language in LANGUAGES:
        subject, body = (part.strip() for part in texts.get(language, ("", "")))
        if not subject and not body:
            continue
        if not subject or not body:
            raise AnnouncementError(
                _l("the '%(language)s' version needs both a subject and a text", language=language)
            )
        try:
            letters.check(subject, PLACEHOLDERS)
            letters.check(body, PLACEHOLDERS)
        except letters.LetterError as exc:
            raise AnnouncementError(
                _l("the '%(language)s' version: %(problem)s", language=language, problem=exc)
            ) from exc
        kept[language] = {"subject": subject, "body": body}
    if "es" not in kept:
        raise AnnouncementError(_l("the Spanish version is required"))
    if announcement is None:
        announcement = Announcement(edition_id=edition.id)
        db.session.add(announcement)
    announcement.audience = audience
    announcement.workshop = workshop
    announcement.texts = kept
    db.session.flush()
    return announcement


def _participants(edition: Edition, audience: str, workshop_id: int | None) -> list[Participant]:
    query = select(Participant).where(
        Participant.edition_id == edition.id, Participant.erased_at.is_(None)
    )
    if audience == "waitlist":
        query = query.where(Participant.status == "waitlisted")
    else:
        query = query.where(Participant.status == "confirmed")
    if audience == "workshop":
        query = query.where(
            Participant.id.in_(
                select(Assignment.participant_id).where(Assignment.workshop_id == workshop_id)
            )
        )
    elif audience == "speakers":
        query = query.where(Participant.role == "speaker")
    return list(db.session.scalars(query.order_by(Participant.id)))


def recipients(announcement: Announcement) -> list[Recipient]:
    """Who the message is for now, each address once."""
    edition = announcement.edition
    found = [
        Recipient(
            p.email,
            p.language,
            p.first_name,
            p.last_name,
            external("registration.manage", token=p.manage_token),
        )
        for p in _participants(edition, announcement.audience, announcement.workshop_id)
    ]
    if announcement.audience == "speakers":
        speakers = db.session.scalars(
            select(Speaker)
            .join(ProgrammeSession)
            .where(
                ProgrammeSession.edition_id == edition.id,
                Speaker.email != "",
                Speaker.status != "declined",
            )
            .order_by(Speaker.id)
        )
        for speaker in speakers:
            first, _sep, last = speaker.name.partition(" ")
            url = external("programme.speaker", token=speaker.token)
            found.append(Recipient(speaker.email, speaker.language, first, last, url))
    unique: dict[str, Recipient] = {}
    for recipient in found:
        unique.setdefault(recipient.key, recipient)
    return list(unique.values())


def _values(edition: Edition, recipient: Recipient) -> dict[str, str]:
    return {
        "first_name": recipient.first_name,
        "last_name": recipient.last_name,
        "full_name": f"{recipient.first_name} {recipient.last_name}".strip(),
        "edition_name": edition.name,
        "edition_city": edition.city,
        "edition_dates": wording.edition_dates(edition, recipient.language),
        "programme_url": external("programme.public", slug=edition.slug),
        "manage_url": recipient.manage_url,
    }


def compose(announcement: Announcement, recipient: Recipient) -> dict:
    """The outbox context of one person's copy, in their language."""
    text = announcement.texts[recipient.language]
    values = _values(announcement.edition, recipient)
    subject = letters.fill(text["subject"], values, PLACEHOLDERS)
    if announcement.edition.name not in subject:
        subject = f"{subject} · {announcement.edition.name}"
    return {
        "subject": subject,
        "body": letters.fill(text["body"], values, PLACEHOLDERS),
        "manage_url": recipient.manage_url,
        "edition_name": announcement.edition.name,
    }


def sample(announcement: Announcement, language: str, address: str) -> Recipient:
    """Someone to try the message on: the first recipient in `language`, or the organiser."""
    for recipient in recipients(announcement):
        if recipient.language == language:
            return recipient
    return Recipient(address, language, address.split("@")[0], "", external("admin.home"))


def preview(announcement: Announcement, language: str, address: str) -> email.Rendered:
    recipient = sample(announcement, language, address)
    message = OutboxMessage(
        template="announcement", recipient=recipient.email, language=language,
        context=compose(announcement, recipient),
    )  # fmt: skip
    return email.render(message)


def send_test(announcement: Announcement, language: str, address: str) -> OutboxMessage:
    """Queue the `language` version, as a sample recipient would get it, to `address`."""
    if language not in announcement.texts:
        raise AnnouncementError(_l("there is no '%(language)s' version", language=language))
    context = compose(announcement, sample(announcement, language, address))
    context["subject"] = "[TEST] " + context["subject"]
    return email.queue(
        "announcement", address, language, context, edition_id=announcement.edition_id
    )


def send(announcement: Announcement) -> int:
    """Queue a copy to everyone in the group not yet sent one; all or nothing."""
    people = recipients(announcement)
    missing = sorted({r.language for r in people} - set(announcement.texts))
    if missing:
        raise AnnouncementError(
            _l(
                "some recipients read a language this message lacks: %(languages)s",
                languages=", ".join(missing),
            )
        )
    done = set(
        db.session.scalars(
            select(AnnouncementDelivery.email_key).where(
                AnnouncementDelivery.announcement_id == announcement.id
            )
        )
    )
    queued = 0
    for recipient in people:
        if recipient.key in done:
            continue
        message = email.queue(
            "announcement",
            recipient.email,
            recipient.language,
            compose(announcement, recipient),
            edition_id=announcement.edition_id,
        )
        db.session.flush()
        db.session.add(
            AnnouncementDelivery(
                announcement_id=announcement.id, email_key=recipient.key, message_id=message.id
            )
        )
        queued += 1
    announcement.sent_at = announcement.sent_at or now()
    db.session.flush()
    audit.record("announcements.send", str(announcement.id), announcement.edition_id, queued=queued)
    return queued


def counts(announcement: Announcement) -> dict[str, int]:
    """How its copies stand in the outbox: queued (incl. being sent), sent, failed."""
    rows = db.session.execute(
        select(OutboxMessage.state, func.count())
        .join(AnnouncementDelivery, AnnouncementDelivery.message_id == OutboxMessage.id)
        .where(AnnouncementDelivery.announcement_id == announcement.id)
        .group_by(OutboxMessage.state)
    )
    states = dict(rows.all())
    return {
        "queued": states.get("queued", 0) + states.get("sending", 0),
        "sent": states.get("sent", 0),
        "failed": states.get("failed", 0),
    }


def listing(edition: Edition) -> list[Announcement]:
    return list(
        db.session.scalars(
            select(Announcement)
            .where(Announcement.edition_id == edition.id)
            .order_by(Announcement.id.desc())
        )
    )
