"""A programme item's times in the edition's zone and its second zone, and the online items
with their join links, as emails give them. Shared by the programme and registration emails."""

from zoneinfo import ZoneInfo

from babel.dates import format_datetime, format_time
from sqlalchemy import select

from seminar.content import localized
from seminar.extensions import db
from seminar.models import Edition, ProgrammeSession


def zone_label(name: str) -> str:
    """'America/Mexico_City' -> 'Mexico City'."""
    return name.rsplit("/", 1)[-1].replace("_", " ")


def times(session: ProgrammeSession, language: str) -> dict[str, str]:
    """Start and end in the edition's zone and in its second zone, for emails."""
    edition = session.edition
    values = {
        "session_date": format_datetime(
            session.starts_at, "EEEE d MMMM y", tzinfo=edition.tz, locale=language
        ),
        "session_time": _span(session, edition.timezone, language),
    }
    if edition.second_timezone:
        values["session_time_second"] = _span(session, edition.second_timezone, language)
    return values


def _span(session: ProgrammeSession, zone: str, language: str) -> str:
    tz = ZoneInfo(zone)
    start = format_time(session.starts_at, "HH:mm", tzinfo=tz, locale=language)
    end = format_time(session.ends_at, "HH:mm", tzinfo=tz, locale=language)
    return f"{start}–{end} ({zone_label(zone)})"


def online_items(items: list[ProgrammeSession], language: str) -> list[dict]:
    """The items with a join link: for registrants' emails, never public pages."""
    return [
        {
            "session_title": localized(s, "title", language),
            "join_url": s.join_url,
            **times(s, language),
        }
        for s in items
        if s.join_url
    ]


def online_sessions(edition: Edition, language: str) -> list[dict]:
    items = db.session.scalars(
        select(ProgrammeSession)
        .where(ProgrammeSession.edition_id == edition.id, ProgrammeSession.join_url != "")
        .order_by(ProgrammeSession.starts_at, ProgrammeSession.id)
    )
    return online_items(list(items), language)
