"""Certificates of attendance, the edition's rules for issuing them, and name corrections."""

from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from seminar.clock import now
from seminar.extensions import db
from seminar.models.types import UTCDateTime

CERTIFICATE_STATUSES = ("valid", "superseded", "revoked")
CERTIFICATE_KINDS = ("participant", "speaker", "facilitator")
ELIGIBILITY_RULES = ("days", "workshops", "doors")
DECISIONS = ("include", "exclude")
CORRECTION_STATUSES = ("pending", "approved", "rejected")
BATCH_STATUSES = ("running", "done", "failed")


class Certificate(db.Model):
    """One issued version; its code never changes meaning, only its status does."""

    __tablename__ = "certificates"
    __table_args__ = (
        UniqueConstraint("participant_id", "version"),
        CheckConstraint(f"status IN {CERTIFICATE_STATUSES}", name="status_known"),
        CheckConstraint(f"kind IN {CERTIFICATE_KINDS}", name="kind_known"),
        CheckConstraint("hours >= 0", name="hours_not_negative"),
        # At most one valid certificate per person: issuing twice cannot duplicate it.
        Index(
            "uq_certificates_one_valid",
            "participant_id",
            unique=True,
            sqlite_where=text("status = 'valid'"),
            postgresql_where=text("status = 'valid'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("editions.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(default=1)
    # Normalised: upper-case base32 without dashes; shown grouped (see certificates.codes).
    code: Mapped[str] = mapped_column(String(40), unique=True)
    status: Mapped[str] = mapped_column(String(12), default="valid")
    reason: Mapped[str] = mapped_column(default="")
    kind: Mapped[str] = mapped_column(String(16), default="participant")
    session_title: Mapped[str] = mapped_column(String(300), default="")
    holder_name: Mapped[str] = mapped_column(String(250))
    language: Mapped[str] = mapped_column(String(2), default="es")
    hours: Mapped[int] = mapped_column(default=0)
    # Snapshots at issue time: ISO dates attended, and [{"ods", "round", "day"}] workshops.
    days: Mapped[list] = mapped_column(JSON, default=list)
    workshops: Mapped[list] = mapped_column(JSON, default=list)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    superseded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("certificates.id", ondelete="SET NULL")
    )
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    edition = relationship("Edition")
    participant = relationship("Participant")
    file: Mapped["CertificateFile | None"] = relationship(
        back_populates="certificate", cascade="all, delete-orphan", uselist=False
    )


class CertificateFile(db.Model):
    """The PDF as issued, rendered once (in a batch) and served from here after."""

    __tablename__ = "certificate_files"

    certificate_id: Mapped[int] = mapped_column(
        ForeignKey("certificates.id", ondelete="CASCADE"), primary_key=True
    )
    pdf: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    rendered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    certificate: Mapped[Certificate] = relationship(back_populates="file")


class CertificateSettings(db.Model):
    """An edition's rule of who is eligible, the wording and the hours on its certificates."""

    __tablename__ = "certificate_settings"
    __table_args__ = (
        CheckConstraint(f"rule IN {ELIGIBILITY_RULES}", name="rule_known"),
        CheckConstraint("min_days >= 1", name="min_days_positive"),
        CheckConstraint("hours >= 0", name="hours_not_negative"),
        CheckConstraint("min_minutes >= 1", name="min_minutes_positive"),
        CheckConstraint(
            "min_share IS NULL OR (min_share > 0 AND min_share <= 1)", name="min_share_range"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("editions.id", ondelete="CASCADE"), unique=True
    )
    rule: Mapped[str] = mapped_column(String(12), default="days")
    min_days: Mapped[int] = mapped_column(default=1)
    hours: Mapped[int] = mapped_column(default=0)
    # Online attendance (virtual and hybrid editions): minutes in all, or a share of the programme.
    min_minutes: Mapped[int] = mapped_column(default=30)
    min_share: Mapped[float | None]
    # {"es": "...", "pt": "...", "en": "..."}: the statement under the name; empty = the default.
    wording: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now, onupdate=now)


class CertificateOverride(db.Model):
    """An organiser's decision about one person: include or exclude, and how to name their role."""

    __tablename__ = "certificate_overrides"
    __table_args__ = (
        CheckConstraint(f"decision IN {DECISIONS}", name="decision_known"),
        CheckConstraint(f"kind IS NULL OR kind IN {CERTIFICATE_KINDS}", name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), unique=True
    )
    decision: Mapped[str | None] = mapped_column(String(8))
    reason: Mapped[str] = mapped_column(default="")
    kind: Mapped[str | None] = mapped_column(String(16))
    session_title: Mapped[str] = mapped_column(String(300), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now, onupdate=now)

    participant = relationship("Participant")


class CertificateSignature(db.Model):
    """A signature image (re-encoded PNG) with the signer's name and title, in print order."""

    __tablename__ = "certificate_signatures"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("editions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=1)
    signer_name: Mapped[str] = mapped_column(String(200))
    signer_title: Mapped[str] = mapped_column(String(200), default="")
    image: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class NameCorrection(db.Model):
    """A holder asks for their name to be written differently; an organiser decides."""

    __tablename__ = "certificate_corrections"
    __table_args__ = (
        CheckConstraint(f"status IN {CORRECTION_STATUSES}", name="status_known"),
        # One open request per certificate.
        Index(
            "uq_certificate_corrections_one_pending",
            "certificate_id",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"))
    certificate_id: Mapped[int] = mapped_column(
        ForeignKey("certificates.id", ondelete="CASCADE"), index=True
    )
    first_name: Mapped[str] = mapped_column(String(120))
    last_name: Mapped[str] = mapped_column(String(120))
    note: Mapped[str] = mapped_column(default="")
    status: Mapped[str] = mapped_column(String(12), default="pending")
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    new_certificate_id: Mapped[int | None] = mapped_column(
        ForeignKey("certificates.id", ondelete="SET NULL")
    )

    certificate: Mapped[Certificate] = relationship(foreign_keys=[certificate_id])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class CertificateBatch(db.Model):
    """Progress of a batch run from the admin page, polled by the page while it runs."""

    __tablename__ = "certificate_batches"
    __table_args__ = (CheckConstraint(f"status IN {BATCH_STATUSES}", name="status_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("editions.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(12), default="running")
    total: Mapped[int] = mapped_column(default=0)
    done: Mapped[int] = mapped_column(default=0)
    issued: Mapped[int] = mapped_column(default=0)
    message: Mapped[str] = mapped_column(default="")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
