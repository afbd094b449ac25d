"""Importing a platform's participant report into an edition, and the minutes it proves.

Stretches are stored as the report gives them, once (a unique key on who and when), and matched
to registrations by email when minutes are counted: importing the same file twice changes
nothing, and a report imported before someone registered still counts for them.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from seminar import audit
from seminar.attendance.reports import PLATFORM_NAMES, ReportError, Stretch, merged_minutes, read
from seminar.clock import now
from seminar.editions.services import check_timezone
from seminar.extensions import db
from seminar.models import (
    CertificateSettings,
    Edition,
    OnlineAttendance,
    Participant,
    ProgrammeSession,
)

__all__ = ["ReportError"]


@dataclass
class Attendee:
    name: str
    email: str
    minutes: int
    participant: Participant | None = None


@dataclass
class ImportReport:
    platform: str
    matched: list[Attendee] = field(default_factory=list)
    unmatched: list[Attendee] = field(default_factory=list)
    new: int = 0
    known: int = 0

    @property
    def platform_name(self) -> str:
        return PLATFORM_NAMES[self.platform]

    @property
    def minutes(self) -> int:
        return sum(a.minutes for a in self.matched)

    def summary(self) -> str:
        return (
            f"{self.platform_name} report: matched {len(self.matched)}, unmatched "
            f"{len(self.unmatched)}, minutes {self.minutes} (matched people, in this report); "
            f"new stretches {self.new}, already imported {self.known}"
        )


def registrations(edition: Edition) -> dict[str, Participant]:
    return {
        p.email_key: p
        for p in db.session.scalars(
            select(Participant).where(
                Participant.edition_id == edition.id, Participant.status != "cancelled"
            )
        )
    }


def _stored_keys(edition: Edition) -> set[tuple]:
    rows = db.session.execute(
        select(
            OnlineAttendance.email_key,
            OnlineAttendance.name,
            OnlineAttendance.joined_at,
            OnlineAttendance.left_at,
        ).where(OnlineAttendance.edition_id == edition.id)
    )
    return {tuple(row) for row in rows}


def _key(stretch: Stretch) -> tuple:
    return (stretch.email, stretch.name[:250], stretch.joined, stretch.left)


def _report(edition: Edition, data: bytes, timezone: str | None) -> tuple[str, list[Stretch]]:
    zone = ZoneInfo(check_timezone(timezone) if timezone else edition.timezone)
    parsed = read(data, zone, (edition.starts_on, edition.ends_on))
    if not parsed.stretches:
        raise ReportError(_l("the report lists nobody"))
    return parsed.platform, parsed.stretches


def preview(edition: Edition, data: bytes, timezone: str | None = None) -> ImportReport:
    """Who the report matches and for how long; writes nothing."""
    platform, stretches = _report(edition, data, timezone)
    stored = _stored_keys(edition)
    report = ImportReport(platform)
    people: dict[str, list[Stretch]] = defaultdict(list)
    for stretch in stretches:
        people[stretch.email or f"name:{stretch.name}"].append(stretch)
        if _key(stretch) in stored:
            report.known += 1
        else:
            report.new += 1
            stored.add(_key(stretch))
    registered = registrations(edition)
    for key, own in people.items():
        minutes = merged_minutes([(s.joined, s.left) for s in own])
        attendee = Attendee(own[0].name, own[0].email, minutes, registered.get(key))
        (report.matched if attendee.participant else report.unmatched).append(attendee)
    report.matched.sort(key=lambda a: a.name.casefold())
    report.unmatched.sort(key=lambda a: a.name.casefold())
    return report


def import_report(edition: Edition, data: bytes, timezone: str | None = None) -> ImportReport:
    """Store the report's new stretches (all or none); the same file twice adds nothing."""
    report = preview(edition, data, timezone)
    platform, stretches = _report(edition, data, timezone)
    stored = _stored_keys(edition)
    moment = now()
    for stretch in stretches:
        if _key(stretch) in stored:
            continue
        stored.add(_key(stretch))
        db.session.add(
            OnlineAttendance(
                edition_id=edition.id,
                email_key=stretch.email,
                name=stretch.name[:250],
                joined_at=stretch.joined,
                left_at=stretch.left,
                platform=platform,
                imported_at=moment,
            )
        )
    db.session.flush()
    audit.record(
        "attendance.import", platform, edition.id, new=report.new, matched=len(report.matched)
    )
    return report


def minutes_by_participant(edition: Edition) -> dict[int, int]:
    """Each registration's minutes online across every report, overlaps counted once."""
    rows = db.session.connection().execute(
        select(Participant.id, OnlineAttendance.joined_at, OnlineAttendance.left_at)
        .join(
            Participant,
            (Participant.email_key == OnlineAttendance.email_key)
            & (Participant.edition_id == OnlineAttendance.edition_id),
        )
        .where(OnlineAttendance.edition_id == edition.id, OnlineAttendance.email_key != "")
    )
    stretches: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    for participant_id, joined, left in rows:
        stretches[participant_id].append((joined, left))
    return {pid: merged_minutes(own) for pid, own in stretches.items()}


def online_days(edition: Edition) -> dict[int, list]:
    """The local days on which each registration was online (what a certificate lists)."""
    rows = db.session.execute(
        select(Participant.id, OnlineAttendance.joined_at)
        .join(
            Participant,
            (Participant.email_key == OnlineAttendance.email_key)
            & (Participant.edition_id == OnlineAttendance.edition_id),
        )
        .where(OnlineAttendance.edition_id == edition.id, OnlineAttendance.email_key != "")
    )
    days: dict[int, set] = defaultdict(set)
    for participant_id, joined in rows:
        days[participant_id].add(edition.local_date(joined))
    return {pid: sorted(found) for pid, found in days.items()}


def programme_minutes(edition: Edition) -> int:
    sessions = db.session.scalars(
        select(ProgrammeSession).where(ProgrammeSession.edition_id == edition.id)
    )
    return merged_minutes(
        [(s.starts_at, s.starts_at + timedelta(minutes=s.duration_minutes)) for s in sessions]
    )


def required_minutes(edition: Edition, settings: CertificateSettings | None = None) -> int:
    """Minutes online that earn a certificate: the edition's share of the programme when set,
    else its minutes (30 until the organisers say otherwise)."""
    if settings is None:
        settings = db.session.scalars(
            select(CertificateSettings).where(CertificateSettings.edition_id == edition.id)
        ).first() or CertificateSettings(min_minutes=30, min_share=None)
    if settings.min_share:
        programme = programme_minutes(edition)
        if programme:
            return max(1, math.ceil(settings.min_share * programme))
    return settings.min_minutes


def unmatched(edition: Edition) -> list[Attendee]:
    """People in the imported reports with no registration: listed, never certified."""
    registered = (
        (Participant.edition_id == OnlineAttendance.edition_id)
        & (Participant.email_key == OnlineAttendance.email_key)
        & (Participant.status != "cancelled")
    )
    people: dict[str, list] = defaultdict(list)
    for email_key, name, joined, left in db.session.connection().execute(
        select(
            OnlineAttendance.email_key,
            OnlineAttendance.name,
            OnlineAttendance.joined_at,
            OnlineAttendance.left_at,
        ).where(OnlineAttendance.edition_id == edition.id, ~exists().where(registered))
    ):
        people[email_key or f"name:{name}"].append((email_key, name, joined, left))
    return sorted(
        (
            Attendee(own[0][1], own[0][0], merged_minutes([(j, left) for _e, _n, j, left in own]))
            for own in people.values()
        ),
        key=lambda a: a.name.casefold(),
    )
