"""The allocation of an edition: plain data from the database, the engine, and the result back.

Who is fixed before the engine runs:

* pins: every Assignment with ``pinned`` set (organisers' moves and earlier speaker pins), and
  each speaker in the workshop of their FIRST preference, in the first round (by position) that
  offers that ODS, unless they already hold a pin in that round or that ODS elsewhere;
* kept: every assignment already notified (``notified_at`` set) stays where it is, unless the
  organiser asks for a full re-run.

Everything else (unpinned, un-notified assignments) is replaced by the new result. Each room
holds back ``ceil(reserve_share × capacity)`` seats for latecomers and manual moves, which the
engine gives up before anyone gets a worse choice (see ``seminar.workshops.model``). The same
data and seed give the same assignment.
"""

import json
import math
from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from seminar import audit, jobs
from seminar.clock import now
from seminar.extensions import db
from seminar.models import AllocationRun, Assignment, Edition, Participant, Round, Workshop
from seminar.workshops import allocation, baselines, rules
from seminar.workshops.model import Person, Pin, Result, Settings
from seminar.workshops.model import Workshop as Seat


class AllocationError(Exception):
    """A reason, in one line, why the allocation cannot run or a change cannot be made; `code`
    names it among FAILURES when a run in the background may meet it."""

    def __init__(self, reason, code: str = ""):
        super().__init__(reason)
        self.code = code


# Why a run failed: the run row keeps the code, the page shows the text in its reader's language.
FAILURES = {
    "no_workshops": _l("edition %(edition)s has no workshops"),
    "no_participants": _l("edition %(edition)s has no confirmed participants"),
    "interrupted": _l("interrupted: start it again to finish"),
    "unexpected": _l("an unexpected error stopped it; the server's log says which"),
}


# Why the engine refused its input (seminar.workshops.rules.InputError codes): people and
# workshops named as the organiser knows them, not by id.
REFUSALS = {
    "duplicate_ids": _l("two people or two workshops have the same id"),
    "ranks_twice": _l("%(person)s ranks an ODS twice"),
    "unknown_fixed": _l("%(person)s is fixed to a workshop that is not in this allocation"),
    "two_in_round": _l("%(person)s is fixed to two workshops in round %(round)s"),
    "ods_twice": _l("%(person)s is fixed to ODS %(ods)s in two rounds"),
    "pins_over_capacity": _l(
        "the workshop of ODS %(ods)s in round %(round)s has more people pinned to it "
        "(%(pinned)s) than seats (%(capacity)s)"
    ),
}


def engine_reason(exc: rules.InputError) -> str:
    """How a run keeps the engine's refusal: its code and parameters (ids, no names)."""
    return json.dumps({"refusal": exc.code, **exc.params}, separators=(",", ":"))


def _named(params: dict, edition: Edition) -> dict:
    """The refusal's ids as the page names them: a person by name, a workshop by ODS and round."""
    named = dict(params)
    if "person" in params:
        person = db.session.get(Participant, params["person"])
        named["person"] = (
            person.full_name
            if person and person.edition_id == edition.id
            else f"#{params['person']}"
        )
    workshop = db.session.get(Workshop, params["workshop"]) if "workshop" in params else None
    if workshop is not None and workshop.edition_id == edition.id:
        named["ods"], named["round"] = workshop.ods, workshop.round.label
    elif "round" in params:
        found = db.session.get(Round, params["round"])
        named["round"] = (
            found.label if found and found.edition_id == edition.id else params["round"]
        )
    return named


def failure(reason: str, edition: Edition) -> str:
    """A failed run's stored reason as its reader reads it: a FAILURES code or an engine refusal
    translated, anything else (an older run's English) as it is."""
    text = FAILURES.get(reason)
    if text is not None:
        return str(text) % {"edition": edition.slug}
    if reason.startswith("{"):
        params = json.loads(reason)
        words = REFUSALS.get(params.pop("refusal", ""))
        if words is not None:
            return str(words) % defaultdict(str, _named(params, edition))
    return reason


def refusal(code: str, edition: Edition) -> AllocationError:
    """An AllocationError of FAILURES (or a stored engine refusal), its text read in the language
    of whoever shows it."""
    return AllocationError(LazyString(failure, code, edition), code)


@dataclass
class Problem:
    people: list[Person]
    workshops: list[Seat]
    pins: list[Pin] = field(default_factory=list)
    keep: list[tuple[int, int]] = field(default_factory=list)
    settings: Settings = Settings()


@dataclass
class Shortfall:
    """A round whose rooms cannot hold everyone confirmed."""

    round_label: str
    seats: int  # all seats of the round, reserve included
    people: int

    @property
    def missing(self) -> int:
        return self.people - self.seats


@dataclass
class Outcome:
    result: Result
    fcfs: Result
    rsd: Result


def reserve(capacity: int, share: float) -> int:
    """Seats held back from the engine in a room of ``capacity``."""
    return min(capacity, math.ceil(share * capacity - 1e-9))


def rounds(edition: Edition) -> list[Round]:
    return db.session.scalars(
        select(Round)
        .where(Round.edition_id == edition.id)
        .order_by(Round.position, Round.id)
        .options(selectinload(Round.workshops).selectinload(Workshop.room))
    ).all()


def confirmed(edition: Edition) -> list[Participant]:
    return db.session.scalars(
        select(Participant)
        .where(Participant.edition_id == edition.id, Participant.status == "confirmed")
        .order_by(Participant.id)
        .options(selectinload(Participant.preferences), selectinload(Participant.assignments))
    ).all()


def shortfalls(edition: Edition) -> list[Shortfall]:
    """The rounds with fewer seats than confirmed people: so many will have no workshop there."""
    people = db.session.scalar(
        select(func.count())
        .select_from(Participant)
        .where(Participant.edition_id == edition.id, Participant.status == "confirmed")
    )
    out = []
    for r in rounds(edition):
        seats = sum(w.capacity for w in r.workshops)
        if r.workshops and seats < people:
            out.append(Shortfall(r.label, seats, people))
    return out


def latest_run(edition: Edition) -> AllocationRun | None:
    return db.session.scalars(
        select(AllocationRun)
        .where(AllocationRun.edition_id == edition.id)
        .order_by(AllocationRun.id.desc())
        .limit(1)
    ).first()


def is_locked(edition: Edition) -> bool:
    run = latest_run(edition)
    return run is not None and run.locked_at is not None


TIME_LIMIT = 30.0  # seconds the solver may take before it answers with the best found


def settings(edition: Edition, seed: int, time_limit: float = TIME_LIMIT) -> Settings:
    return Settings(
        max_actor_share=edition.max_actor_share,
        max_country_share=edition.max_country_share,
        seed=seed,
        time_limit=time_limit,
    )


def problem(
    edition: Edition, seed: int = 0, full: bool = False, time_limit: float = TIME_LIMIT
) -> Problem:
    """The engine's input for ``edition``; raises AllocationError on what it cannot allocate."""
    slots = rounds(edition)
    workshops = [
        Seat(w.id, r.id, w.ods, w.capacity, reserve(w.capacity, edition.reserve_share))
        for r in slots
        for w in r.workshops
    ]
    if not workshops:
        raise refusal("no_workshops", edition)
    people = confirmed(edition)
    if not people:
        raise refusal("no_participants", edition)
    registered = {p.id: n for n, p in enumerate(sorted(people, key=lambda p: p.registered_at))}
    plain = [
        Person(p.id, tuple(p.ranking), p.actor_type, p.country, registered[p.id]) for p in people
    ]
    ods_of = {w.id: w.ods for w in workshops}
    pins, keep = [], []
    for person in people:
        held = {a.round_id: a.workshop_id for a in person.assignments if a.pinned}
        if person.role == "speaker" and person.ranking:
            first = person.ranking[0]
            lead = next((w for r in slots for w in r.workshops if w.ods == first), None)
            if lead and lead.round_id not in held and first not in map(ods_of.get, held.values()):
                held[lead.round_id] = lead.id
        pins += [Pin(person.id, wid) for wid in held.values()]
        if full:
            continue
        taken = {ods_of[wid] for wid in held.values()}
        for a in person.assignments:
            if a.notified_at and a.round_id not in held and ods_of[a.workshop_id] not in taken:
                keep.append((person.id, a.workshop_id))
    return Problem(plain, workshops, pins, keep, settings(edition, seed, time_limit))


def solve(data: Problem, edition: Edition) -> Outcome:
    """Run the engine and the two baselines on the same data (no database); a refusal of the
    input is worded later, in its reader's language, naming `edition`'s people and rooms."""
    args = (data.people, data.workshops, data.pins, data.keep, data.settings)
    try:
        return Outcome(
            allocation.allocate(*args),
            baselines.fcfs(*args),
            baselines.random_serial_dictatorship(*args),
        )
    except rules.InputError as exc:
        raise refusal(engine_reason(exc), edition) from exc


def summary(result: Result) -> dict:
    """JSON-ready figures of one result (mixes keyed by workshop id as text)."""
    figures = result.figures
    out = {
        key: getattr(figures, key)
        for key in (
            "placed", "unplaced", "share_first", "share_top3", "share_any_ranked",
            "share_unranked", "worst_rank",
        )
    }  # fmt: skip
    out["reserve_taken"] = sum(figures.reserve_taken.values())
    out["quota_groups"] = figures.quota_violations.groups
    out["quota_seats"] = figures.quota_violations.excess_seats
    out["status"] = result.status
    out["gap"] = None if math.isnan(result.gap) else result.gap
    out["runtime"] = result.runtime
    out["objective"] = result.objective
    return out


def store(edition: Edition, run: AllocationRun, data: Problem, outcome: Outcome) -> None:
    """Replace the unpinned, un-notified assignments (all unpinned ones on a full re-run)."""
    result = outcome.result
    round_ids = sorted({w.round_id for w in data.workshops})
    current = {
        (a.participant_id, a.round_id): a
        for a in db.session.scalars(select(Assignment).where(Assignment.round_id.in_(round_ids)))
    }
    fixed = {(pid, wid) for pid, wid in data.keep}
    pinned = {(pin.person_id, pin.workshop_id) for pin in data.pins}
    gone = set()
    for key, a in current.items():
        if a.pinned or (a.participant_id, a.workshop_id) in fixed:
            continue
        if result.assignment.get(key) != a.workshop_id:
            db.session.delete(a)
            gone.add(key)
    db.session.flush()
    for (pid, rid), wid in sorted(result.assignment.items()):
        a = current.get((pid, rid))
        if a is not None and (pid, rid) not in gone:
            a.pinned = a.pinned or (pid, wid) in pinned
            continue
        db.session.add(
            Assignment(
                participant_id=pid, round_id=rid, workshop_id=wid, pinned=(pid, wid) in pinned
            )
        )
    run.figures = {
        "optimal": summary(result),
        "fcfs": summary(outcome.fcfs),
        "rsd": summary(outcome.rsd),
        "people": len(data.people),
        "pins": len(data.pins),
        "kept": len(data.keep),
        "reserve": sum(w.reserve for w in data.workshops),
        "time_limit": data.settings.time_limit,
    }
    run.solver_status, run.gap, run.runtime = result.status, summary(result)["gap"], result.runtime
    run.status, run.finished_at = "done", now()
    db.session.flush()
    db.session.expire_all()  # people's assignment lists were loaded before the new rows
    audit.record("allocation.run", edition.slug, edition.id, run=run.id, seed=run.seed)


def start(edition: Edition, seed: int = 0, full: bool = False) -> AllocationRun:
    """A new run row; refused while another runs or the allocation is locked."""
    last = latest_run(edition)
    if last is not None and last.locked_at is not None:
        raise AllocationError(_l("the allocation is locked; unlock it to run again"))
    if last is not None and last.running and not stale(last):
        raise AllocationError(_l("an allocation is already running"))
    run = AllocationRun(edition_id=edition.id, seed=seed, full=full, status="loading")
    db.session.add(run)
    db.session.flush()
    return run


def stale(run: AllocationRun) -> bool:
    """A run still marked running whose stage has not moved for a while died with its process."""
    return run.running and jobs.stale(run.started_at)


def settled(run: AllocationRun) -> AllocationRun:
    """The run as the page should show it: a dead one is marked failed, interrupted."""
    if stale(run):
        fail(run, "interrupted")
    return run


def run_now(
    edition: Edition, seed: int = 0, full: bool = False, time_limit: float = TIME_LIMIT
) -> tuple[AllocationRun, Outcome]:
    """Allocate in this thread: the CLI and the demo."""
    run = start(edition, seed, full)
    data = problem(edition, seed, full, time_limit)
    run.status = "solving"
    outcome = solve(data, edition)
    run.status = "saving"
    store(edition, run, data, outcome)
    return run, outcome


def fail(run: AllocationRun, reason: str) -> None:
    """Mark the run failed; `reason` is a FAILURES code, or the engine's English refusal."""
    run.status, run.message, run.finished_at = "failed", reason[:500], now()
    db.session.flush()


def elapsed(run: AllocationRun) -> float:
    return ((run.finished_at or now()) - run.started_at).total_seconds()
