"""Who is eligible for a certificate (the rules are in ``seminar.certificates.services``).

Judged from columns, not loaded objects, so the organisers' page can count 50,000 people:
``verdicts`` is the rule itself; ``standings`` adds each person's Participant for issuing.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from seminar import ods
from seminar.attendance import services as online
from seminar.checkin import doors
from seminar.extensions import db
from seminar.models import (
    Assignment,
    Attendance,
    CertificateOverride,
    CertificateSettings,
    Edition,
    Participant,
    Round,
    Workshop,
)

# Why someone is or is not eligible, in the order the organisers' page lists them.
REASONS = (
    "rule",
    "included",
    "excluded",
    "not_confirmed",
    "not_enough_days",
    "missed_workshops",
    "not_enough_minutes",
)


@dataclass
class Verdict:
    """A person's position for a certificate: what they attended and whether it is enough."""

    participant_id: int
    eligible: bool = False
    why: str = ""
    days: list[date] = field(default_factory=list)
    workshops: list[dict] = field(default_factory=list)
    assigned: int = 0
    minutes: int = 0


@dataclass
class Standing(Verdict):
    participant: Participant | None = None
    kind: str = "participant"
    session_title: str = ""


def _read(query):
    """Core rows, not ORM ones: a fraction of the cost for the 100,000 rows of 50,000 people."""
    return db.session.connection().execute(query)


def _attended_days(edition: Edition) -> dict[int, list[date]]:
    rows = _read(
        select(Attendance.participant_id, Attendance.day)
        .where(
            Attendance.edition_id == edition.id,
            Attendance.day.between(edition.starts_on, edition.ends_on),
        )
        .order_by(Attendance.day)
    )
    days = defaultdict(list)
    for participant_id, day in rows.all():
        days[participant_id].append(day)
    return days


def _assignments(edition: Edition) -> dict[int, list[tuple]]:
    """Each person's (workshop id, ODS, round label, title, the round's local day or None), in
    round order."""
    rounds = _read(
        select(Round.id, Round.label, Round.starts_at)
        .where(Round.edition_id == edition.id)
        .order_by(Round.position, Round.id)
    ).all()
    workshops = {
        wid: (wid, goal, label, title, edition.local_date(at) if at else None)
        for rid, label, at in rounds
        for wid, goal, title in _read(
            select(Workshop.id, Workshop.ods, Workshop.title).where(Workshop.round_id == rid)
        )
    }
    found = defaultdict(list)
    # Round by round, each a scan without a sort (the join and ORDER BY sorted 100,000 rows).
    for rid, _label, _at in rounds:
        for pid, wid in _read(
            select(Assignment.participant_id, Assignment.workshop_id).where(
                Assignment.round_id == rid
            )
        ).all():
            found[pid].append(workshops[wid])
    return found


def verdicts(
    edition: Edition, settings: CertificateSettings, workshops: bool = True
) -> list[Verdict]:
    """Everyone who registered (but did not cancel) or was included by hand, by name.

    `workshops=False` leaves out the workshops a certificate lists where the rule does not look
    at them (the days rule, a virtual edition): a count needs only the verdict."""
    days = _attended_days(edition)
    minutes = online.minutes_by_participant(edition) if edition.online else {}
    online_days = online.online_days(edition) if edition.online else {}
    needed = online.required_minutes(edition, settings)
    judged_by_workshops = settings.rule != "days" and edition.format != "virtual"
    assigned = _assignments(edition) if workshops or judged_by_workshops else {}
    at_doors = doors.attended(edition) if settings.rule == "doors" else set()
    decisions = dict(
        _read(
            select(CertificateOverride.participant_id, CertificateOverride.decision).where(
                CertificateOverride.edition_id == edition.id
            )
        ).all()
    )
    people = _read(
        select(Participant.id, Participant.status)
        .where(Participant.edition_id == edition.id)
        .order_by(Participant.last_name, Participant.first_name, Participant.id)
    ).all()
    # Read once, not once a person: attribute access on mapped objects costs at 50,000.
    rule, min_days = settings.rule, settings.min_days
    is_online, virtual = edition.online, edition.format == "virtual"
    result = []
    for pid, status in people:
        decision = decisions.get(pid)
        if status == "cancelled" and decision != "include":
            continue
        attended = days.get(pid, [])
        seats = assigned.get(pid, ())
        online_too = online_days.get(pid)
        verdict = Verdict(
            pid,
            # The days at the door or online; only the door's count for the days rule.
            days=sorted(set(attended) | set(online_too)) if online_too else attended,
            workshops=[
                {"ods": goal, "round": label, "title": title}
                for wid, goal, label, title, day in seats
                if (
                    (pid, wid) in at_doors
                    if rule == "doors"
                    else (day in attended if day else bool(attended))
                )
            ],
            assigned=len(seats),
            minutes=minutes.get(pid, 0),
        )
        if decision:
            verdict.eligible = decision == "include"
            verdict.why = "included" if verdict.eligible else "excluded"
        elif status != "confirmed":
            verdict.why = "not_confirmed"
        elif is_online and verdict.minutes >= needed:
            verdict.eligible, verdict.why = True, "rule"
        elif virtual:
            verdict.why = "not_enough_minutes"
        elif rule == "days":
            verdict.eligible = len(attended) >= min_days
            verdict.why = "rule" if verdict.eligible else "not_enough_days"
        else:
            verdict.eligible = 0 < verdict.assigned == len(verdict.workshops)
            verdict.why = "rule" if verdict.eligible else "missed_workshops"
        result.append(verdict)
    return result


def tally(edition: Edition, settings: CertificateSettings) -> Counter:
    """How many people stand where, by reason (a key of REASONS)."""
    return Counter(v.why for v in verdicts(edition, settings, workshops=False))


def _default_kind(participant: Participant) -> str:
    return "speaker" if participant.role == "speaker" else "participant"


def _default_session(participant: Participant) -> str:
    """A speaker leads the workshop of their first preference (see docs/interfaces.md)."""
    if participant.role != "speaker" or not participant.ranking:
        return ""
    goal = ods.goal(participant.ranking[0])
    return f"ODS {goal.number} · {goal.name(participant.language)}"


def standings(
    edition: Edition, settings: CertificateSettings, only: set[int] | None = None
) -> list[Standing]:
    """The verdicts (of the people in `only`, when given) with each person's Participant, role
    and session as the certificate will name them."""
    found = [v for v in verdicts(edition, settings) if only is None or v.participant_id in only]
    ids = [v.participant_id for v in found]
    people: dict[int, Participant] = {}
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        people.update(
            (p.id, p)
            for p in db.session.scalars(select(Participant).where(Participant.id.in_(chunk)))
        )
    overrides = {
        o.participant_id: o
        for o in db.session.scalars(
            select(CertificateOverride).where(CertificateOverride.edition_id == edition.id)
        )
    }
    result = []
    for verdict in found:
        person, override = people[verdict.participant_id], overrides.get(verdict.participant_id)
        result.append(
            Standing(
                **vars(verdict),
                participant=person,
                kind=(override and override.kind) or _default_kind(person),
                session_title=(override and override.session_title) or _default_session(person),
            )
        )
    return result
