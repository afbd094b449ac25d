"""A message organisers write to a group of an edition's people, and who it was queued to."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from seminar.clock import now
from seminar.extensions import db
from seminar.models.types import UTCDateTime

AUDIENCES = ("confirmed", "workshop", "waitlist", "speakers")


class Announcement(db.Model):
    __tablename__ = "announcements"
    __table_args__ = (CheckConstraint(f"audience IN {AUDIENCES}", name="audience_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"))
    audience: Mapped[str] = mapped_column(String(12))
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshops.id", ondelete="SET NULL"))
    # {language: {"subject": ..., "body": ...}}; a language left empty is absent.
    texts: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    edition = relationship("Edition")
    workshop = relationship("Workshop")


class AnnouncementDelivery(db.Model):
    """One person's copy: the unique key is what makes a second send skip them."""

    __tablename__ = "announcement_deliveries"
    __table_args__ = (UniqueConstraint("announcement_id", "email_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    announcement_id: Mapped[int] = mapped_column(ForeignKey("announcements.id", ondelete="CASCADE"))
    email_key: Mapped[str] = mapped_column(String(254))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id", ondelete="SET NULL"))
