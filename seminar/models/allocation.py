"""One run of the ODS workshop allocation of an edition: its seed, progress, figures and state."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from seminar.clock import now
from seminar.extensions import db
from seminar.models.types import UTCDateTime

RUN_STATUSES = ("loading", "solving", "saving", "done", "failed")


class AllocationRun(db.Model):
    __tablename__ = "allocation_runs"
    __table_args__ = (
        CheckConstraint(f"status IN {RUN_STATUSES}", name="status_known"),
        Index("ix_allocation_runs_edition", "edition_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"))
    seed: Mapped[int] = mapped_column(default=0)
    full: Mapped[bool] = mapped_column(default=False)  # notified people may move too
    status: Mapped[str] = mapped_column(String(12), default="loading")
    message: Mapped[str] = mapped_column(default="")  # why it failed
    # {"optimal": {...}, "fcfs": {...}, "rsd": {...}}: see seminar.workshops.services.summary
    figures: Mapped[dict] = mapped_column(JSON, default=dict)
    solver_status: Mapped[str] = mapped_column(String(12), default="")
    runtime: Mapped[float | None]
    gap: Mapped[float | None]
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A locked allocation is final: no re-run and no manual move until it is unlocked.
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    edition = relationship("Edition")

    @property
    def running(self) -> bool:
        return self.status not in ("done", "failed")
