"""An edition of the seminar with its rooms, rounds and ODS workshops."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from seminar.clock import now
from seminar.extensions import db
from seminar.models.types import UTCDateTime

EDITION_STATUSES = ("draft", "open", "closed", "archived")
EDITION_FORMATS = ("in_person", "virtual", "hybrid")


class Edition(db.Model):
    __tablename__ = "editions"
    __table_args__ = (
        CheckConstraint("capacity >= 0", name="capacity_not_negative"),
        CheckConstraint("seats_taken >= 0 AND seats_taken <= capacity", name="seats_within"),
        CheckConstraint("ends_on >= starts_on", name="dates_ordered"),
        CheckConstraint(f"format IN {EDITION_FORMATS}", name="format_known"),
        CheckConstraint("ods_to_rank BETWEEN 0 AND 17", name="ods_to_rank_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    # As the convening letter writes it: "Seminario Taller Internacional" and the full title.
    event_type: Mapped[str] = mapped_column(String(120), default="")
    full_title: Mapped[str] = mapped_column(String(400), default="")
    format: Mapped[str] = mapped_column(String(12), default="in_person")
    # How many ODS workshops a registrant must rank; 0: an event without workshops asks none.
    ods_to_rank: Mapped[int] = mapped_column(default=3)
    city: Mapped[str] = mapped_column(String(120))
    country: Mapped[str] = mapped_column(String(2), default="CL")
    venue: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(default="")
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    timezone: Mapped[str] = mapped_column(String(64), default="America/Santiago")
    second_timezone: Mapped[str | None] = mapped_column(String(64))
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    capacity: Mapped[int] = mapped_column(default=300)
    # Seats held by pending and confirmed registrations; changed only by a guarded UPDATE.
    seats_taken: Mapped[int] = mapped_column(default=0)
    languages: Mapped[str] = mapped_column(String(20), default="es,pt,en")
    status: Mapped[str] = mapped_column(String(12), default="draft")
    requires_approval: Mapped[bool] = mapped_column(default=False)
    reserve_share: Mapped[float] = mapped_column(default=0.05)
    max_actor_share: Mapped[float] = mapped_column(default=0.40)
    max_country_share: Mapped[float] = mapped_column(default=0.30)
    # Years after the edition ends before `flask privacy purge` erases its participants.
    retention_years: Mapped[int] = mapped_column(default=5)
    # Organiser-written text in other languages: {"pt": {"description": "…"}} (seminar/content.py).
    translations: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    rooms: Mapped[list["Room"]] = relationship(
        back_populates="edition", order_by="Room.name", cascade="all, delete-orphan"
    )
    rounds: Mapped[list["Round"]] = relationship(
        back_populates="edition", order_by="Round.position", cascade="all, delete-orphan"
    )

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def local(self, value: datetime) -> datetime:
        """A naive wall-clock time at the venue, made aware in the edition's time zone."""
        return value.replace(tzinfo=self.tz) if value.tzinfo is None else value

    @property
    def title(self) -> str:
        return self.full_title or self.name

    @property
    def online(self) -> bool:
        """Attendance may come from a video platform's report (virtual or hybrid)."""
        return self.format in ("virtual", "hybrid")

    @property
    def asks_ranking(self) -> bool:
        return self.ods_to_rank > 0

    @property
    def language_list(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.seats_taken, 0)

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.tz).date()

    def starts_at(self) -> datetime:
        return datetime.combine(self.starts_on, time(0), self.tz)

    def registration_state(self, moment: datetime) -> str:
        """'not_open', 'open' or 'closed' at a given moment, by the edition's dates and status."""
        if self.status in ("draft", "archived"):
            return "not_open"
        if self.status == "closed":
            return "closed"
        if self.registration_opens_at and moment < self.registration_opens_at:
            return "not_open"
        closes = self.registration_closes_at or self.starts_at()
        return "closed" if moment >= closes else "open"


class Room(db.Model):
    __tablename__ = "rooms"
    __table_args__ = (
        UniqueConstraint("edition_id", "name"),
        CheckConstraint("capacity > 0", name="capacity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120))
    capacity: Mapped[int]
    translations: Mapped[dict] = mapped_column(JSON, default=dict)

    edition: Mapped[Edition] = relationship(back_populates="rooms")


class Round(db.Model):
    """A time slot in which every ODS workshop meets once (e.g. 'Day 2 morning')."""

    __tablename__ = "rounds"
    __table_args__ = (UniqueConstraint("edition_id", "label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(default=1)
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    translations: Mapped[dict] = mapped_column(JSON, default=dict)

    edition: Mapped[Edition] = relationship(back_populates="rounds")
    workshops: Mapped[list["Workshop"]] = relationship(
        back_populates="round", order_by="Workshop.ods", cascade="all, delete-orphan"
    )


class Workshop(db.Model):
    """One ODS workshop in one round, held in one room."""

    __tablename__ = "workshops"
    __table_args__ = (
        UniqueConstraint("round_id", "ods"),
        UniqueConstraint("round_id", "room_id"),
        CheckConstraint("ods BETWEEN 1 AND 17", name="ods_range"),
        CheckConstraint("capacity > 0", name="capacity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"))
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id", ondelete="RESTRICT"))
    ods: Mapped[int]
    capacity: Mapped[int]
    title: Mapped[str] = mapped_column(String(300), default="")
    translations: Mapped[dict] = mapped_column(JSON, default=dict)

    round: Mapped[Round] = relationship(back_populates="workshops")
    room: Mapped[Room] = relationship()
