"""Time spent in an online session, as a video platform's participant report gives it."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from seminar.clock import now
from seminar.extensions import db
from seminar.models.types import UTCDateTime

PLATFORMS = ("zoom", "meet", "teams")


class OnlineAttendance(db.Model):
    """One stretch from joining to leaving. The same stretch imported twice is one row; a
    person's stretches are merged (overlaps once) when their minutes are counted.
    Matched to a registration by `email_key` when counted, so a late registration still counts."""

    __tablename__ = "online_attendance"
    __table_args__ = (
        UniqueConstraint(
            "edition_id",
            "email_key",
            "name",
            "joined_at",
            "left_at",
            name="uq_online_attendance_stretch",
        ),
        CheckConstraint("left_at >= joined_at", name="left_after_joined"),
        CheckConstraint(f"platform IN {PLATFORMS}", name="platform_known"),
        Index("ix_online_attendance_edition_email", "edition_id", "email_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"))
    # Lower-cased email; empty when the platform gave none (a guest without an account).
    email_key: Mapped[str] = mapped_column(String(254), default="")
    name: Mapped[str] = mapped_column(String(250), default="")
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime)
    left_at: Mapped[datetime] = mapped_column(UTCDateTime)
    platform: Mapped[str] = mapped_column(String(8))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
