"""iCalendar (.ics) of one session and of an edition's whole programme."""

from icalendar import Calendar, Event, vText

from seminar.clock import now
from seminar.content import localized
from seminar.models import Edition, ProgrammeSession
from seminar.urls import external


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Mercociudades//Seminario//ES")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def _event(session: ProgrammeSession, language: str | None) -> Event:
    edition = session.edition
    event = Event()
    event.add("uid", f"{session.uid}@seminario")
    event.add("sequence", session.sequence)
    event.add("dtstamp", now())
    event.add("dtstart", session.starts_at.astimezone(edition.tz))
    event.add("dtend", session.ends_at.astimezone(edition.tz))
    title, description, room = (
        localized(session, f, language) for f in ("title", "description", "room")
    )
    event.add("summary", title)
    names = ", ".join(s.name for s in session.speakers if s.status != "declined")
    event.add("description", "\n\n".join(p for p in (description, names) if p))
    event["location"] = vText(", ".join(p for p in (room, edition.city) if p))
    event.add("url", external("programme.public", slug=edition.slug) + f"#session-{session.id}")
    return event


def session_ics(session: ProgrammeSession, language: str | None = None) -> bytes:
    calendar = _calendar(localized(session.edition, "name", language))
    calendar.add_component(_event(session, language))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def edition_ics(
    edition: Edition, sessions: list[ProgrammeSession], language: str | None = None
) -> bytes:
    calendar = _calendar(localized(edition, "name", language))
    for session in sessions:
        calendar.add_component(_event(session, language))
    calendar.add_missing_timezones()
    return calendar.to_ical()
