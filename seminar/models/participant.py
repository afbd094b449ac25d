"""A person registered for (or invited to) an edition, with ranked ODS preferences."""

import secrets
import unicodedata
from datetime import datetime
from functools import lru_cache

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from seminar.clock import now
from seminar.extensions import db
from seminar.models.types import UTCDateTime

ACTOR_TYPES = (
    "local_government",
    "regional_government",
    "national_government",
    "multilateral",
    "civil_society",
    "academia",
    "private_sector",
    "citizen",
)
ROLES = ("participant", "speaker", "organiser")
LANGUAGES = ("es", "pt", "en")
# Statuses that hold a seat of the edition's capacity.
SEATED = ("confirmed", "pending")
STATUSES = ("confirmed", "pending", "waitlisted", "cancelled")
GENDER_MAX = 60


def fold(text: str) -> str:
    """Lower-case, accent-free text for searching ('Concepción' -> 'concepcion')."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=8192)
def fold_words(text: str | None) -> str:
    """Written alike is the same key: '  SÃO paulo ', 'Sao Paulo' -> 'sao paulo'."""
    return " ".join(fold(text or "").split())


def new_token(nbytes: int = 24) -> str:
    return secrets.token_urlsafe(nbytes)


class PersonColumns:
    """Who a person is, as the participants CSV has it: shared by participants and invitees."""

    first_name: Mapped[str] = mapped_column(String(120))
    last_name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254))
    # Lower-cased email: one registration per email per edition, case-insensitive.
    email_key: Mapped[str] = mapped_column(String(254))
    country: Mapped[str] = mapped_column(String(2))
    city: Mapped[str] = mapped_column(String(120), default="")
    institution: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[str] = mapped_column(String(200), default="")
    actor_type: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(2), default="es")
    role: Mapped[str] = mapped_column(String(16), default="participant")


class Participant(PersonColumns, db.Model):
    __tablename__ = "participants"
    __table_args__ = (
        UniqueConstraint("edition_id", "email_key"),
        CheckConstraint(f"status IN {STATUSES}", name="status_known"),
        CheckConstraint(f"role IN {ROLES}", name="role_known"),
        CheckConstraint(f"language IN {LANGUAGES}", name="language_known"),
        Index("ix_participants_edition_status", "edition_id", "status"),
        # A page of confirmed people in name order without sorting the whole edition.
        Index(
            "ix_participants_edition_status_name", "edition_id", "status", "last_name", "first_name"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"))
    accessibility: Mapped[str] = mapped_column(default="")
    dietary: Mapped[str] = mapped_column(default="")
    # Self-described, optional, never required: read only as aggregate counts (None: not said).
    gender: Mapped[str | None] = mapped_column(String(GENDER_MAX))
    status: Mapped[str] = mapped_column(String(12), default="confirmed")
    source: Mapped[str] = mapped_column(String(12), default="online")
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Separate choices, each recorded with its text in consent_records.
    consent_sensitive: Mapped[bool] = mapped_column(default=False)
    consent_photos: Mapped[bool] = mapped_column(default=False)
    consent_future_invitations: Mapped[bool] = mapped_column(default=False)
    # Personal data erased (by the person, an organiser or the retention purge); counts remain.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    manage_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    badge_code: Mapped[str | None] = mapped_column(String(40), unique=True)
    badge_printed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    search_text: Mapped[str] = mapped_column(default="")
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now, onupdate=now)

    edition = relationship("Edition")
    preferences: Mapped[list["Preference"]] = relationship(
        back_populates="participant", order_by="Preference.rank", cascade="all, delete-orphan"
    )
    assignments: Mapped[list["Assignment"]] = relationship(
        back_populates="participant", cascade="all, delete-orphan"
    )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def ranking(self) -> list[int]:
        return [p.ods for p in self.preferences]

    def refresh_search_text(self) -> None:
        self.email_key = self.email.strip().lower()
        self.search_text = fold(
            " ".join([self.first_name, self.last_name, self.email, self.institution, self.city])
        )


class Preference(db.Model):
    __tablename__ = "preferences"
    __table_args__ = (
        UniqueConstraint("participant_id", "rank"),
        UniqueConstraint("participant_id", "ods"),
        CheckConstraint("ods BETWEEN 1 AND 17", name="ods_range"),
        CheckConstraint("rank BETWEEN 1 AND 17", name="rank_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    rank: Mapped[int]
    ods: Mapped[int]

    participant: Mapped[Participant] = relationship(back_populates="preferences")


class Assignment(db.Model):
    """A participant's workshop in one round; pinned ones are never moved by the allocation."""

    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("participant_id", "round_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    pinned: Mapped[bool] = mapped_column(default=False)
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    participant: Mapped[Participant] = relationship(back_populates="assignments")
    workshop = relationship("Workshop")
