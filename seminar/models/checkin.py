"""Scans at the door (every one kept) and the attendance they prove (one per person per day)."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from seminar.clock import now
from seminar.extensions import db
from seminar.models.types import UTCDateTime


class CheckIn(db.Model):
    """One scan as a station sent it; client_id makes a resent scan count once."""

    __tablename__ = "checkins"
    __table_args__ = (Index("ix_checkins_edition_scanned", "edition_id", "scanned_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"))
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(80))
    station: Mapped[str] = mapped_column(String(120), default="")
    client_id: Mapped[str | None] = mapped_column(String(80), unique=True)
    result: Mapped[str] = mapped_column(String(24))
    scanned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # What the station answered offline before the server saw the scan ('ok' for a badge the
    # server then found revoked: someone was let in who should not have been).
    offline_answer: Mapped[str | None] = mapped_column(String(24))
    # A scan at a workshop's door (a station set to one workshop); None at the entrance.
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshops.id", ondelete="SET NULL"))


class Attendance(db.Model):
    """A participant was at the edition on a day (in the edition's time zone)."""

    __tablename__ = "attendance"
    __table_args__ = (
        UniqueConstraint("participant_id", "day"),
        Index("ix_attendance_edition_day", "edition_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    day: Mapped[date]
    first_checkin_id: Mapped[int | None] = mapped_column(
        ForeignKey("checkins.id", ondelete="SET NULL")
    )
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime)
    station: Mapped[str] = mapped_column(String(120), default="")

    participant = relationship("Participant")


class RevokedBadge(db.Model):
    """A badge code that was replaced: scanning it answers 'revoked', not 'invalid'."""

    __tablename__ = "revoked_badges"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    revoked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    reason: Mapped[str] = mapped_column(String(200), default="")


class WorkshopAttendance(db.Model):
    """A participant was scanned at a workshop's door (once per person and workshop)."""

    __tablename__ = "workshop_attendance"
    __table_args__ = (UniqueConstraint("workshop_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"))
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    first_checkin_id: Mapped[int | None] = mapped_column(
        ForeignKey("checkins.id", ondelete="SET NULL")
    )
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime)
    station: Mapped[str] = mapped_column(String(120), default="")
