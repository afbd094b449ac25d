"""The proposals an ODS workshop makes (the relatoría), and the private link its rapporteur uses."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from seminar.clock import now
from seminar.extensions import db
from seminar.models.participant import ACTOR_TYPES, new_token
from seminar.models.types import UTCDateTime

# Whom a proposal asks to act: the actor types of registration, without "citizen".
ADDRESSEES = tuple(actor for actor in ACTOR_TYPES if actor != "citizen")
TEXT_MAX = 2000


class Proposal(db.Model):
    """One proposal of one ODS workshop of an edition, covering all the rounds it met in."""

    __tablename__ = "proposals"
    __table_args__ = (
        # The rapporteur's browser names each proposal: a retried save updates, never duplicates.
        UniqueConstraint("edition_id", "client_id"),
        CheckConstraint("ods BETWEEN 1 AND 17", name="ods_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"))
    ods: Mapped[int]
    client_id: Mapped[str] = mapped_column(String(36))
    text: Mapped[str] = mapped_column(default="")
    # Codes of ADDRESSEES, in the order of that tuple.
    addressed_to: Mapped[list] = mapped_column(JSON, default=list)
    # The participants' cities that contributed, as written ("Rosario", "Montevideo").
    cities: Mapped[list] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(default=0)
    # Bumped by every save of its content: a save names the version it was typed on.
    version: Mapped[int] = mapped_column(default=1)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now, onupdate=now)

    edition = relationship("Edition")


class RemovedProposal(db.Model):
    """A proposal deleted on one device, remembered by the id its browser gave it: a save of it
    still queued on another device, or retried after a lost answer, is refused (410), never
    written back as if it were new."""

    __tablename__ = "removed_proposals"
    __table_args__ = (UniqueConstraint("edition_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"))
    client_id: Mapped[str] = mapped_column(String(36))
    removed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class RapporteurLink(db.Model):
    """The private page of one ODS workshop's rapporteur: the token is the credential."""

    __tablename__ = "rapporteur_links"
    __table_args__ = (
        UniqueConstraint("edition_id", "ods"),
        CheckConstraint("ods BETWEEN 1 AND 17", name="ods_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"))
    ods: Mapped[int]
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    # Whom the link was last emailed to (a facilitator, or any address).
    sent_to: Mapped[str] = mapped_column(String(254), default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rotated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    edition = relationship("Edition")
