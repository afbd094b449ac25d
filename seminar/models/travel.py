"""Travel and accommodation requests of participants and programme speakers, for the booker."""

from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, ForeignKey, String, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from seminar.clock import now
from seminar.extensions import db
from seminar.models.types import UTCDateTime

TRAVEL_MEANS = ("flight", "bus", "car", "other")
TRAVEL_STATUSES = ("requested", "booked", "not_needed")


class TravelRequest(db.Model):
    """One person's arrival, departure and hotel need for one edition: a participant's or a
    programme speaker's (exactly one of the two)."""

    __tablename__ = "travel_requests"
    __table_args__ = (
        CheckConstraint(
            "(participant_id IS NULL AND speaker_id IS NOT NULL)"
            " OR (participant_id IS NOT NULL AND speaker_id IS NULL)",
            name="one_traveller",
        ),
        CheckConstraint(f"arrival_means IN {TRAVEL_MEANS}", name="arrival_means_known"),
        CheckConstraint(f"departure_means IN {TRAVEL_MEANS}", name="departure_means_known"),
        CheckConstraint(f"status IN {TRAVEL_STATUSES}", name="status_known"),
        CheckConstraint("departure_on >= arrival_on", name="departs_after_arrival"),
        CheckConstraint(
            "NOT needs_hotel OR (check_in_on IS NOT NULL AND check_out_on > check_in_on)",
            name="hotel_nights",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("editions.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), unique=True
    )
    speaker_id: Mapped[int | None] = mapped_column(
        ForeignKey("speakers.id", ondelete="CASCADE"), unique=True
    )
    arrival_on: Mapped[date]
    arrival_time: Mapped[time | None] = mapped_column(Time)
    arrival_means: Mapped[str] = mapped_column(String(8), default="flight")
    # A flight number ("LA 271"), a bus company, or free text.
    arrival_detail: Mapped[str] = mapped_column(String(120), default="")
    departure_on: Mapped[date]
    departure_time: Mapped[time | None] = mapped_column(Time)
    departure_means: Mapped[str] = mapped_column(String(8), default="flight")
    departure_detail: Mapped[str] = mapped_column(String(120), default="")
    needs_hotel: Mapped[bool] = mapped_column(default=False)
    check_in_on: Mapped[date | None]
    check_out_on: Mapped[date | None]
    # People travelling together (same city or institution) name their delegation alike.
    delegation: Mapped[str] = mapped_column(String(200), default="")
    room_with: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(String(2000), default="")
    status: Mapped[str] = mapped_column(String(12), default="requested")
    # The organisers' word: hotel, confirmation number, who picks them up.
    booking_note: Mapped[str] = mapped_column(String(2000), default="")
    booked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    participant = relationship("Participant")
    speaker = relationship("Speaker")

    @property
    def nights(self) -> int:
        if not self.needs_hotel or self.check_in_on is None or self.check_out_on is None:
            return 0
        return (self.check_out_on - self.check_in_on).days
