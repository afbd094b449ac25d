"""Who is invited: the invitees' table (CSV or XLSX) read all or nothing, one invitee typed by
an organiser, and saving them (created, updated or unchanged) by address."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from seminar import audit, csvfile, spreadsheets
from seminar.extensions import db
from seminar.models import Edition, Invitation
from seminar.models.invitation import ORGANISATION_LEVELS

EXTRA_COLUMNS = ("organisation_level", "greeting", "segment", "tags")
PERSON_FIELDS = (
    "first_name", "last_name", "email", "country", "city", "institution", "position",
    "actor_type", "language", "role",
)  # fmt: skip
LEVEL_OF_ACTOR = {
    "local_government": "local",
    "regional_government": "regional",
    "national_government": "national",
    "multilateral": "multilateral",
}


def invitee_rows(table: spreadsheets.Table) -> list[csvfile.Row]:
    """The participants table (CSV or XLSX) plus organisation_level, greeting, segment and tags;
    all or nothing."""
    rows = csvfile.rows_of(table, extra_columns=EXTRA_COLUMNS)
    errors = []
    for row in rows:
        level = row.values["organisation_level"].lower()
        level = level or LEVEL_OF_ACTOR.get(row.values["actor_type"], "other")
        if level not in ORGANISATION_LEVELS:
            unknown = _l(
                "unknown level '%(level)s' (%(levels)s)",
                level=level,
                levels=", ".join(ORGANISATION_LEVELS),
            )
            errors.append(spreadsheets.at(row.line, "organisation_level", unknown))
        row.values["organisation_level"] = level
        if len(row.values["greeting"]) > 300:
            errors.append(spreadsheets.at(row.line, "greeting", spreadsheets.longer_than(300)))
    if errors:
        raise csvfile.CsvError(errors)
    return rows


def by_email(edition: Edition, address: str) -> Invitation | None:
    return db.session.scalars(
        select(Invitation).where(
            Invitation.edition_id == edition.id, Invitation.email_key == address.strip().lower()
        )
    ).first()


def add_invitee(edition: Edition, data: dict) -> list[tuple[str, str]]:
    """One invitee typed by an organiser, checked like a CSV row; returns the problems (column,
    message) and saves nothing when there are any."""
    values, _preferences, problems = csvfile.check_row({**data, "role": "participant"})
    if problems:
        return [(column, str(problem)) for column, problem in problems]
    extra = {k: " ".join((data.get(k) or "").split()) for k in EXTRA_COLUMNS}
    save_invitee(edition, {**values, **extra})
    return []


def save_invitee(edition: Edition, values: dict, segment: str | None = None) -> str:
    """Create or update one invitee; returns 'created', 'updated' or 'unchanged'."""
    invitation = by_email(edition, values["email"])
    outcome = "unchanged"
    if invitation is None:
        invitation = Invitation(edition_id=edition.id, email_key=values["email"].lower())
        db.session.add(invitation)
        outcome = "created"
    wanted = {key: values.get(key, "") or "" for key in (*PERSON_FIELDS, *EXTRA_COLUMNS)}
    if segment is not None:
        wanted["segment"] = segment
    elif not wanted["segment"] and outcome == "unchanged":
        wanted["segment"] = invitation.segment
    wanted["organisation_level"] = wanted["organisation_level"] or "other"
    for key, value in wanted.items():
        if getattr(invitation, key) != value:
            setattr(invitation, key, value)
            outcome = "updated" if outcome == "unchanged" else outcome
    return outcome


def import_invitees(edition: Edition, rows: list[csvfile.Row], segment: str | None = None):
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for row in rows:
        counts[save_invitee(edition, row.values, segment)] += 1
    db.session.flush()
    audit.record("invitations.import", segment or "", edition.id, **counts)
    return counts
