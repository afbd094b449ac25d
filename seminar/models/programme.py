"""The programme of an edition: plenaries, panels and workshops, with their speakers."""

from datetime import datetime, timedelta

from sqlalchemy import JSON, CheckConstraint, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from seminar.clock import now
from seminar.extensions import db
from seminar.models.participant import new_token
from seminar.models.types import UTCDateTime

SESSION_KINDS = ("plenary", "panel", "workshop")
SPEAKER_ROLES = ("facilitator", "speaker")
SPEAKER_STATUSES = ("new", "invited", "accepted", "declined")


class ProgrammeSession(db.Model):
    __tablename__ = "programme_sessions"
    __table_args__ = (
        CheckConstraint(f"kind IN {SESSION_KINDS}", name="kind_known"),
        CheckConstraint("duration_minutes > 0", name="duration_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(12))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(default="")
    room: Mapped[str] = mapped_column(String(120), default="")
    # An online item's meeting link: sent to registrants only, never on a public page.
    join_url: Mapped[str] = mapped_column(String(500), default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_minutes: Mapped[int]
    # An ODS workshop session: shown on the day of those assigned to that ODS.
    ods: Mapped[int | None]
    uid: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    sequence: Mapped[int] = mapped_column(default=0)
    translations: Mapped[dict] = mapped_column(JSON, default=dict)

    edition = relationship("Edition")
    speakers: Mapped[list["Speaker"]] = relationship(
        back_populates="session",
        order_by="(Speaker.role, Speaker.position, Speaker.id)",
        cascade="all, delete-orphan",
    )

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class Speaker(db.Model):
    """A facilitator or speaker of one session, invited through a personal link."""

    __tablename__ = "speakers"
    __table_args__ = (
        CheckConstraint(f"role IN {SPEAKER_ROLES}", name="role_known"),
        CheckConstraint(f"status IN {SPEAKER_STATUSES}", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("programme_sessions.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(12), default="speaker")
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), default="")
    affiliation: Mapped[str] = mapped_column(String(400), default="")
    language: Mapped[str] = mapped_column(String(2), default="es")
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    status: Mapped[str] = mapped_column(String(12), default="new")
    bio: Mapped[str] = mapped_column(default="")
    travel_needs: Mapped[str] = mapped_column(default="")
    photo: Mapped[bytes | None] = mapped_column(LargeBinary)
    photo_type: Mapped[str] = mapped_column(String(40), default="")
    # The photo's public address: unlike `token`, it opens nothing; a new photo gets a new one.
    photo_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    session: Mapped[ProgrammeSession] = relationship(back_populates="speakers")
