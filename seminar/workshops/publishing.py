"""Publishing the allocation: one email per person whose workshops are new or changed."""

from babel.dates import format_datetime, format_time
from flask_babel import lazy_gettext as _l

from seminar import audit, email, ods
from seminar.clock import now
from seminar.content import localized
from seminar.extensions import db
from seminar.models import Edition, Participant
from seminar.urls import external
from seminar.workshops.services import AllocationError, confirmed, latest_run


def publish(edition: Edition) -> int:
    """Email each person whose workshops are new or changed since the last email; mark them."""
    run = latest_run(edition)
    if run is None or run.status != "done":
        raise AllocationError(_l("run the allocation first"))
    sent = 0
    moment = now()
    for person in confirmed(edition):
        if not person.assignments or all(a.notified_at for a in person.assignments):
            continue
        _queue_email(edition, person)
        for a in person.assignments:
            a.notified_at = moment
        sent += 1
    run.published_at = moment
    db.session.flush()
    audit.record("allocation.publish", edition.slug, edition.id, emails=sent)
    return sent


def _queue_email(edition: Edition, person: Participant) -> None:
    language = person.language
    items = []
    for a in sorted(person.assignments, key=lambda a: (a.workshop.round.position, a.round_id)):
        w, r = a.workshop, a.workshop.round
        when = ""
        if r.starts_at:
            day = format_datetime(r.starts_at, "EEEE d MMMM", tzinfo=edition.tz, locale=language)
            start = format_time(r.starts_at, "HH:mm", tzinfo=edition.tz, locale=language)
            end = format_time(r.ends_at, "HH:mm", tzinfo=edition.tz, locale=language)
            zone = edition.timezone.rsplit("/", 1)[-1].replace("_", " ")
            when = f"{day}, {start}–{end} ({zone})" if r.ends_at else f"{day}, {start} ({zone})"
        items.append(
            {
                "round": localized(r, "label", language),
                "ods": w.ods,
                "ods_name": ods.goal(w.ods).name(language),
                "colour": ods.goal(w.ods).colour,
                "room": localized(w.room, "name", language),
                "when": when,
            }
        )
    email.queue(
        "allocation_published",
        person.email,
        language,
        {
            "first_name": person.first_name,
            "edition_name": localized(edition, "name", language),
            "timezone": edition.timezone,
            "workshops": items,
            "manage_url": external("registration.manage", token=person.manage_token),
        },
        edition_id=edition.id,
        participant_id=person.id,
    )
