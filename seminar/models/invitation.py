"""Invitees of an edition (not participants until they register), their letters and opt-outs."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from seminar.clock import now
from seminar.extensions import db
from seminar.models.participant import PersonColumns, new_token
from seminar.models.types import UTCDateTime

ORGANISATION_LEVELS = ("local", "regional", "national", "multilateral", "other")
# new: imported, not yet sent; opened: followed the personal link.
INVITATION_STATUSES = ("new", "invited", "opened", "registered", "declined")
LETTER_KINDS = ("invitation", "reminder")


class Invitation(PersonColumns, db.Model):
    __tablename__ = "invitations"
    __table_args__ = (
        UniqueConstraint("edition_id", "email_key"),
        CheckConstraint(f"status IN {INVITATION_STATUSES}", name="status_known"),
        CheckConstraint(f"organisation_level IN {ORGANISATION_LEVELS}", name="level_known"),
        Index("ix_invitations_edition_segment", "edition_id", "segment"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"))
    organisation_level: Mapped[str] = mapped_column(String(16), default="other")
    greeting: Mapped[str] = mapped_column(String(300), default="")
    segment: Mapped[str] = mapped_column(String(120), default="")
    tags: Mapped[str] = mapped_column(String(300), default="")
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    status: Mapped[str] = mapped_column(String(12), default="new")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id", ondelete="SET NULL"))
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL")
    )

    edition = relationship("Edition")
    message = relationship("OutboxMessage")

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]


class Letter(db.Model):
    """The organiser's text of the invitation (or reminder) in one language, with {placeholders}."""

    __tablename__ = "invitation_letters"
    __table_args__ = (
        UniqueConstraint("edition_id", "kind", "language"),
        CheckConstraint(f"kind IN {LETTER_KINDS}", name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(12))
    language: Mapped[str] = mapped_column(String(2))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now, onupdate=now)


class Campaign(db.Model):
    """An edition's invitation settings: when reminders go out."""

    __tablename__ = "invitation_campaigns"

    edition_id: Mapped[int] = mapped_column(
        ForeignKey("editions.id", ondelete="CASCADE"), primary_key=True
    )
    remind_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Unsubscription(db.Model):
    """An address that wants no more non-transactional email about an edition."""

    __tablename__ = "unsubscriptions"
    __table_args__ = (UniqueConstraint("edition_id", "email_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"))
    email_key: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
