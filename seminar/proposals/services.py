"""The relatoría's rules: saving a proposal (idempotent), review, publication."""

import re
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from seminar import audit, ods
from seminar.clock import now
from seminar.extensions import db
from seminar.models import Assignment, Edition, Participant, Workshop
from seminar.models.proposal import ADDRESSEES, TEXT_MAX, Proposal, RemovedProposal
from seminar.text import clean

CLIENT_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
CITY_MAX, CITIES_MAX = 120, 40


class ProposalError(ValueError):
    """A rule said no. `errors` maps a field to a code the page turns into words."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(", ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class ProposalConflict(ProposalError):
    """Someone saved the proposal since the version this save was typed on: `current` is theirs."""

    def __init__(self, current: Proposal):
        super().__init__({"text": "conflict"})
        self.current = current


class ProposalGone(ProposalError):
    """The save was typed on a proposal that has since been deleted (on another device)."""

    def __init__(self):
        super().__init__({"text": "gone"})


# Proposals ---------------------------------------------------------------------------------


@dataclass
class Draft:
    """A proposal as typed: what the rapporteur's page or the organiser's form sends."""

    text: str = ""
    addressed_to: list[str] = field(default_factory=list)
    cities: list[str] = field(default_factory=list)


def parse_cities(value: str) -> list[str]:
    """'Rosario, Montevideo; Canoas' -> ['Rosario', 'Montevideo', 'Canoas']."""
    return [part for part in (p.strip() for p in re.split(r"[,;\n]", value or "")) if part]


def checked(draft: Draft) -> Draft:
    """The draft cleaned, or ProposalError naming each field that is wrong."""
    errors = {}
    text = clean(draft.text if isinstance(draft.text, str) else "").strip()
    if not text:
        errors["text"] = "required"
    elif len(text) > TEXT_MAX:
        errors["text"] = "too_long"
    addressed = draft.addressed_to if isinstance(draft.addressed_to, list) else [None]
    if any(code not in ADDRESSEES for code in addressed):
        errors["addressed_to"] = "unknown"
    cities, seen = [], set()
    for city in draft.cities if isinstance(draft.cities, list) else [None]:
        if not isinstance(city, str) or len(city.strip()) > CITY_MAX:
            errors["cities"] = "invalid"
            break
        city = " ".join(clean(city).split())
        if city and city.casefold() not in seen:
            seen.add(city.casefold())
            cities.append(city)
    if len(cities) > CITIES_MAX:
        errors["cities"] = "too_many"
    if errors:
        raise ProposalError(errors)
    order = [code for code in ADDRESSEES if code in addressed]
    return Draft(text, order, cities)


def proposals(edition: Edition, number: int | None = None, published_only=False) -> list[Proposal]:
    query = select(Proposal).where(Proposal.edition_id == edition.id)
    if number is not None:
        query = query.where(Proposal.ods == number)
    if published_only:
        query = query.where(Proposal.published_at.is_not(None))
    return list(db.session.scalars(query.order_by(Proposal.ods, Proposal.position, Proposal.id)))


def find(edition: Edition, client_id: str) -> Proposal | None:
    return db.session.scalars(
        select(Proposal).where(Proposal.edition_id == edition.id, Proposal.client_id == client_id)
    ).first()


def _next_position(edition: Edition, number: int) -> int:
    last = db.session.scalar(
        select(func.max(Proposal.position)).where(
            Proposal.edition_id == edition.id, Proposal.ods == number
        )
    )
    return (last or 0) + 1


def save(
    edition: Edition,
    number: int,
    client_id: str,
    draft: Draft,
    *,
    version: int | None = None,
    by_organiser: bool = False,
) -> Proposal:
    """Create or update the proposal the client names. `version` is the one the draft was typed
    on (0 for a new proposal): if someone saved since, ProposalConflict and nothing changes; None
    saves over whatever is there. The same save sent twice (a retry after a dropped connection)
    leaves one proposal. A published one is the organisers' to change."""
    client_id = (client_id or "").lower()
    if not CLIENT_ID.match(client_id):
        raise ProposalError({"client_id": "invalid"})
    draft = checked(draft)
    proposal = find(edition, client_id)
    if proposal is None:
        if version or _was_removed(edition, client_id):
            raise ProposalGone()
        proposal = _create(edition, number, client_id, draft)
        if proposal is not None:
            _audit(proposal, by_organiser)
            return proposal
        # The same proposal's other copy (a retry racing the first send) got there first.
        proposal = find(edition, client_id)
    if proposal.ods != number:
        raise ProposalError({"client_id": "other_workshop"})
    if proposal.published_at is not None and not by_organiser:
        raise ProposalError({"text": "published"})
    if not _same(proposal, draft):
        _claim(proposal, version)
        _apply(proposal, draft)
        db.session.flush()
    _audit(proposal, by_organiser)
    return proposal


def _create(edition: Edition, number: int, client_id: str, draft: Draft) -> Proposal | None:
    proposal = Proposal(
        edition_id=edition.id,
        ods=number,
        client_id=client_id,
        position=_next_position(edition, number),
        version=1,
    )
    _apply(proposal, draft)
    try:
        with db.session.begin_nested():
            db.session.add(proposal)
    except IntegrityError:
        if find(edition, client_id) is None:
            raise
        return None
    return proposal


def _claim(proposal: Proposal, version: int | None) -> None:
    """Take the proposal's next version if it is still at `version` (any, if None): a conditional
    update, so of two saves typed on the same version only the first wins."""
    query = update(Proposal).where(Proposal.id == proposal.id)
    if version is not None:
        query = query.where(Proposal.version == version)
    claimed = db.session.execute(
        query.values(version=Proposal.version + 1),
        execution_options={"synchronize_session": False},
    )
    if claimed.rowcount != 1:
        _refused(proposal)
    db.session.refresh(proposal, ["version"])


def _refused(proposal: Proposal):
    """Why a conditional change found nothing: the proposal changed, or it is gone."""
    edition_id, client_id = proposal.edition_id, proposal.client_id
    db.session.expire(proposal)
    current = db.session.scalars(
        select(Proposal).where(Proposal.edition_id == edition_id, Proposal.client_id == client_id)
    ).first()
    if current is None:
        raise ProposalGone()
    raise ProposalConflict(current)


def _same(proposal: Proposal, draft: Draft) -> bool:
    return (proposal.text, proposal.addressed_to, proposal.cities) == (
        draft.text,
        list(draft.addressed_to),
        list(draft.cities),
    )


def _apply(proposal: Proposal, draft: Draft) -> None:
    proposal.text = draft.text
    proposal.addressed_to = list(draft.addressed_to)
    proposal.cities = list(draft.cities)


def _audit(proposal: Proposal, by_organiser: bool) -> None:
    if by_organiser:
        audit.record(
            "proposals.edit", f"ODS {proposal.ods}", proposal.edition_id, proposal=proposal.id
        )


def remove(
    edition: Edition,
    number: int,
    client_id: str,
    *,
    version: int | None = None,
    by_organiser=False,
) -> bool:
    """Delete a proposal; a published one only by organisers, one changed since `version` (when
    given) not at all: ProposalConflict. Removing it twice is no error."""
    proposal = find(edition, (client_id or "").lower())
    if proposal is None or proposal.ods != number:
        return False
    if proposal.published_at is not None and not by_organiser:
        raise ProposalError({"text": "published"})
    query = delete(Proposal).where(Proposal.id == proposal.id)
    if version is not None:
        query = query.where(Proposal.version == version)
    removed = db.session.execute(query, execution_options={"synchronize_session": False})
    if removed.rowcount != 1:
        try:
            _refused(proposal)
        except ProposalGone:
            return False
    db.session.expunge(proposal)
    db.session.add(RemovedProposal(edition_id=edition.id, client_id=proposal.client_id))
    db.session.flush()
    audit.record("proposals.remove", f"ODS {number}", edition.id)
    return True


def _was_removed(edition: Edition, client_id: str) -> bool:
    """Whether this browser id named a proposal since deleted (a late save must not revive it)."""
    return (
        db.session.scalar(
            select(RemovedProposal.id).where(
                RemovedProposal.edition_id == edition.id, RemovedProposal.client_id == client_id
            )
        )
        is not None
    )


def missing(proposal: Proposal) -> list[str]:
    """What a proposal still lacks before it can be published."""
    return [] if proposal.addressed_to else ["addressed_to"]


def publish(proposal: Proposal) -> None:
    if missing(proposal):
        raise ProposalError({"addressed_to": "required"})
    if proposal.published_at is None:
        proposal.published_at = now()
        db.session.flush()
        audit.record("proposals.publish", f"ODS {proposal.ods}", proposal.edition_id)


def unpublish(proposal: Proposal) -> None:
    if proposal.published_at is not None:
        proposal.published_at = None
        db.session.flush()
        audit.record("proposals.unpublish", f"ODS {proposal.ods}", proposal.edition_id)


def publish_workshop(edition: Edition, number: int) -> tuple[int, int]:
    """Publish every complete proposal of one workshop: (published now, left incomplete)."""
    done = left = 0
    for proposal in proposals(edition, number):
        if proposal.published_at is not None:
            continue
        if missing(proposal):
            left += 1
        else:
            publish(proposal)
            done += 1
    return done, left


def move(proposal: Proposal, step: int) -> None:
    """Swap a proposal with its neighbour above (-1) or below (+1) in its workshop."""
    siblings = proposals(proposal.edition, proposal.ods)
    for position, item in enumerate(siblings, 1):
        item.position = position
    index = siblings.index(proposal)
    other = index + step
    if 0 <= other < len(siblings):
        siblings[index].position, siblings[other].position = other + 1, index + 1
    db.session.flush()


# What the pages show ----------------------------------------------------------------------


def counts(edition: Edition) -> dict[int, dict[str, int]]:
    """Per ODS: proposals in all and published."""
    result = {n: {"all": 0, "published": 0} for n in ods.goals()}
    rows = db.session.execute(
        select(Proposal.ods, Proposal.published_at.is_not(None), func.count())
        .where(Proposal.edition_id == edition.id)
        .group_by(Proposal.ods, Proposal.published_at.is_not(None))
    )
    for number, published, count in rows:
        result[number]["all"] += count
        if published:
            result[number]["published"] += count
    return result


def has_published(edition: Edition) -> bool:
    return (
        db.session.scalar(
            select(Proposal.id)
            .where(Proposal.edition_id == edition.id, Proposal.published_at.is_not(None))
            .limit(1)
        )
        is not None
    )


def plenary(edition: Edition) -> list[tuple[ods.Goal, list[Proposal]]]:
    """The 17 workshops in ODS order, each with its published proposals (maybe none)."""
    grouped: dict[int, list[Proposal]] = {n: [] for n in ods.goals()}
    for proposal in proposals(edition, published_only=True):
        grouped[proposal.ods].append(proposal)
    return [(ods.goal(n), grouped[n]) for n in sorted(grouped)]


def city_suggestions(edition: Edition, number: int) -> tuple[list[str], list[str]]:
    """The cities of the people assigned to this ODS's workshops (most people first), and the
    other cities of the edition's confirmed people, alphabetical."""
    alive = (
        Participant.edition_id == edition.id,
        Participant.status == "confirmed",
        Participant.erased_at.is_(None),
        Participant.city != "",
    )
    people = func.count(func.distinct(Participant.id))
    workshop = db.session.execute(
        select(Participant.city, people)
        .join(Assignment, Assignment.participant_id == Participant.id)
        .join(Workshop, Workshop.id == Assignment.workshop_id)
        .where(*alive, Workshop.ods == number)
        .group_by(Participant.city)
        .order_by(people.desc(), Participant.city)
    ).all()
    mine = [city for city, _ in workshop]
    others = db.session.scalars(
        select(Participant.city).where(*alive).group_by(Participant.city).order_by(Participant.city)
    ).all()
    return mine, [city for city in others if city not in set(mine)]
