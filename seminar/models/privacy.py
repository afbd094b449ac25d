"""Consent texts per edition and language, what each person agreed to, and opaque opt-out links."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from seminar.clock import now
from seminar.extensions import db
from seminar.models.participant import new_token
from seminar.models.types import UTCDateTime

# registration: processing of the registration itself (required); the others are separate choices.
CONSENT_KINDS = ("registration", "sensitive", "photos", "future_invitations")


class ConsentText(db.Model):
    """The organisers' wording of one consent in one language for one edition."""

    __tablename__ = "consent_texts"
    __table_args__ = (
        UniqueConstraint("edition_id", "kind", "language"),
        CheckConstraint(f"kind IN {CONSENT_KINDS}", name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(24))
    language: Mapped[str] = mapped_column(String(2))
    text: Mapped[str]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now, onupdate=now)


class ConsentRecord(db.Model):
    """One answer to one consent, with the exact text shown: what a person agreed to, and when."""

    __tablename__ = "consent_records"
    __table_args__ = (CheckConstraint(f"kind IN {CONSENT_KINDS}", name="kind_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(24))
    granted: Mapped[bool]
    language: Mapped[str] = mapped_column(String(2))
    text: Mapped[str]
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    participant = relationship("Participant")


class UnsubscribeLink(db.Model):
    """An opaque token standing for (edition, address) in an unsubscribe link."""

    __tablename__ = "unsubscribe_links"
    __table_args__ = (UniqueConstraint("edition_id", "email_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"))
    email_key: Mapped[str] = mapped_column(String(254))
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
