"""Organisers' changes to an allocation: a person moved by hand (pinned there), lock and unlock."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from seminar import audit
from seminar.clock import now
from seminar.extensions import db
from seminar.models import AllocationRun, Assignment, Edition, Participant, Workshop
from seminar.workshops.services import AllocationError, is_locked, latest_run


def _lock(workshop_id: int) -> Workshop | None:
    """Take the workshop's row lock (PostgreSQL) or the write lock (SQLite) before counting."""
    db.session.execute(
        update(Workshop).where(Workshop.id == workshop_id).values(capacity=Workshop.capacity)
    )
    return db.session.get(Workshop, workshop_id)


def move(edition: Edition, person: Participant, workshop_id: int) -> Assignment:
    """Put ``person`` in a workshop by hand: pinned, never over capacity, never an ODS twice."""
    if is_locked(edition):
        raise AllocationError(_l("the allocation is locked"))
    if person.edition_id != edition.id or person.status != "confirmed":
        raise AllocationError(_l("only confirmed participants of this edition can be moved"))
    workshop = _lock(workshop_id)
    if workshop is None or workshop.edition_id != edition.id:
        raise AllocationError(_l("no such workshop in this edition"))
    mine = db.session.scalars(
        select(Assignment).where(Assignment.participant_id == person.id)
    ).all()
    here = next((a for a in mine if a.round_id == workshop.round_id), None)
    if any(a.workshop.ods == workshop.ods and a.round_id != workshop.round_id for a in mine):
        raise AllocationError(
            _l(
                "%(name)s already has ODS %(ods)s in another round",
                name=person.full_name,
                ods=workshop.ods,
            )
        )
    if here is not None and here.workshop_id == workshop.id:
        here.pinned = True
        db.session.flush()
        return here
    seated = db.session.scalar(
        select(func.count()).select_from(Assignment).where(Assignment.workshop_id == workshop.id)
    )
    if seated >= workshop.capacity:
        raise AllocationError(
            _l(
                "workshop ODS %(ods)s is full (%(capacity)s seats)",
                ods=workshop.ods,
                capacity=workshop.capacity,
            )
        )
    if here is None:
        here = Assignment(round_id=workshop.round_id)
        person.assignments.append(here)
    here.workshop_id, here.pinned, here.notified_at = workshop.id, True, None
    db.session.flush()
    audit.record("allocation.move", person.email, edition.id, workshop=workshop.id)
    return here


def move_to_ods(edition: Edition, participant_id: int, round_id: int, ods: int) -> Assignment:
    """The organiser's form: a person, a round and an ODS."""
    person = db.session.get(Participant, participant_id)
    workshop_id = db.session.scalar(
        select(Workshop.id).where(
            Workshop.edition_id == edition.id, Workshop.round_id == round_id, Workshop.ods == ods
        )
    )
    if person is None or workshop_id is None:
        raise AllocationError(_l("no workshop of ODS %(ods)s in that round", ods=ods))
    return move(edition, person, workshop_id)


def set_lock(edition: Edition, locked: bool) -> AllocationRun:
    run = latest_run(edition)
    if run is None or run.status != "done":
        raise AllocationError(_l("run the allocation first"))
    run.locked_at = now() if locked else None
    db.session.flush()
    audit.record("allocation.lock" if locked else "allocation.unlock", edition.slug, edition.id)
    return run
