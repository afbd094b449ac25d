"""The programme's rules: sessions, speakers' answers and the emails that keep them informed."""

import io
import warnings
from datetime import date, datetime, time, timedelta

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import select

from seminar import audit, email
from seminar.clock import now
from seminar.content import localized
from seminar.editions.services import check_timezone
from seminar.extensions import db
from seminar.models import Edition, OutboxMessage, Participant, ProgrammeSession, Speaker
from seminar.models.participant import new_token
from seminar.session_times import online_items, times
from seminar.urls import external

PHOTO_MAX_BYTES = 2 * 1024 * 1024
PHOTO_MAX_SIDE = 4000
# Photos are shown small; what is published is re-encoded to at most this many pixels a side.
PHOTO_PUBLISHED = 800
PHOTO_FORMATS = ("JPEG", "PNG", "WEBP")
SESSION_FIELDS = ("kind", "title", "description", "room", "duration_minutes", "ods", "join_url")


class ProgrammeError(ValueError):
    """A rule said no; `code` tells the page which message to show."""


def local_start(edition: Edition, day: date, start: time) -> datetime:
    return datetime.combine(day, start, edition.tz)


def sessions(edition: Edition) -> list[ProgrammeSession]:
    return list(
        db.session.scalars(
            select(ProgrammeSession)
            .where(ProgrammeSession.edition_id == edition.id)
            .order_by(ProgrammeSession.starts_at, ProgrammeSession.id)
        )
    )


def days(edition: Edition) -> list[tuple[date, list[ProgrammeSession]]]:
    """The programme grouped by day in the edition's time zone."""
    grouped: dict[date, list[ProgrammeSession]] = {}
    for session in sessions(edition):
        grouped.setdefault(edition.local_date(session.starts_at), []).append(session)
    return list(grouped.items())


def set_second_timezone(edition: Edition, name: str | None) -> None:
    edition.second_timezone = check_timezone(name) if name else None
    db.session.flush()
    audit.record("programme.second_timezone", name or "", edition.id)


def add_session(edition: Edition, starts_at: datetime, **fields) -> ProgrammeSession:
    session = ProgrammeSession(edition_id=edition.id, starts_at=starts_at, **fields)
    db.session.add(session)
    db.session.flush()
    audit.record("programme.session_add", session.title, edition.id)
    return session


def change_session(session: ProgrammeSession, starts_at: datetime, **fields) -> bool:
    """Change a session; when its time or room moves, every speaker is told. True if they were."""
    moved = starts_at != session.starts_at or fields.get("room", session.room) != session.room
    moved = moved or fields.get("duration_minutes", session.duration_minutes) != (
        session.duration_minutes
    )
    session.starts_at = starts_at
    for key, value in fields.items():
        setattr(session, key, value)
    if moved:
        session.sequence += 1
        for speaker in session.speakers:
            if speaker.email and speaker.status != "declined":
                notify(speaker, "session_changed")
    db.session.flush()
    audit.record("programme.session_change", session.title, session.edition_id, moved=moved)
    return moved


def add_speaker(session: ProgrammeSession, **fields) -> Speaker:
    speaker = Speaker(**fields)
    speaker.position = len(session.speakers)
    session.speakers.append(speaker)
    db.session.flush()
    return speaker


def notify(speaker: Speaker, template: str) -> None:
    session = speaker.session
    edition = session.edition
    email.queue(
        template,
        speaker.email,
        speaker.language,
        {
            "first_name": speaker.name.split()[0],
            "full_name": speaker.name,
            "edition_name": localized(edition, "name", speaker.language),
            "edition_city": edition.city,
            "session_title": localized(session, "title", speaker.language),
            "session_room": localized(session, "room", speaker.language),
            "role": speaker.role,
            "speaker_url": external("programme.speaker", token=speaker.token),
            "ics_url": external("programme.session_ics", slug=edition.slug, session_id=session.id),
            "programme_url": external("programme.public", slug=edition.slug),
            **times(session, speaker.language),
        },
        edition_id=edition.id,
    )


def invite_speakers(edition: Edition) -> int:
    """Email each speaker not yet invited their personal accept/decline link."""
    queued = 0
    for session in sessions(edition):
        for speaker in session.speakers:
            if speaker.email and speaker.invited_at is None:
                notify(speaker, "speaker_invitation")
                speaker.invited_at = now()
                speaker.status = "invited" if speaker.status == "new" else speaker.status
                queued += 1
    db.session.flush()
    audit.record("programme.invite_speakers", "", edition.id, queued=queued)
    return queued


def clean_photo(data: bytes) -> tuple[bytes, str]:
    """Re-encode an upload (PNG, or JPEG when opaque) upright, at most PHOTO_PUBLISHED pixels a
    side and without metadata (EXIF, GPS, comments); raises ProgrammeError otherwise."""
    if len(data) > PHOTO_MAX_BYTES:
        raise ProgrammeError("photo_too_large")
    try:
        with warnings.catch_warnings():
            # A decompression bomb (a small file of huge dimensions) is refused, not unpacked.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                kind, size = probe.format, probe.size
                if kind not in PHOTO_FORMATS:
                    raise ProgrammeError("photo_not_image")
                if max(size) > PHOTO_MAX_SIDE:
                    raise ProgrammeError("photo_too_large")
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                image = ImageOps.exif_transpose(image)
    except ProgrammeError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ProgrammeError("photo_too_large") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ProgrammeError("photo_not_image") from exc
    image.thumbnail((PHOTO_PUBLISHED, PHOTO_PUBLISHED))
    opaque = image.mode in ("RGB", "L", "CMYK", "YCbCr") and "transparency" not in image.info
    image = image.convert("RGB" if opaque else "RGBA")
    image.info = {}  # Pillow would otherwise write comments, EXIF and ICC data back
    out = io.BytesIO()
    if opaque:
        image.save(out, "JPEG", quality=85)
        return out.getvalue(), "image/jpeg"
    image.save(out, "PNG", optimize=True)
    return out.getvalue(), "image/png"


def set_photo(speaker: Speaker, data: bytes) -> None:
    """Store a checked photo under a new public id (the private token never appears in its URL)."""
    speaker.photo, speaker.photo_type = clean_photo(data)
    speaker.photo_id = new_token(16)


def by_photo_id(photo_id: str) -> Speaker | None:
    if not photo_id or len(photo_id) > 64:
        return None
    return db.session.scalars(select(Speaker).where(Speaker.photo_id == photo_id)).first()


def answer(
    speaker: Speaker,
    accept: bool,
    bio: str = "",
    travel_needs: str = "",
    photo: bytes | None = None,
) -> None:
    """Accept (with bio, photo, travel needs) or decline; accepting is confirmed by email."""
    if photo:
        set_photo(speaker, photo)
    speaker.bio, speaker.travel_needs = bio.strip(), travel_needs.strip()
    was = speaker.status
    speaker.status = "accepted" if accept else "declined"
    speaker.answered_at = now()
    db.session.flush()
    if accept and was != "accepted":
        notify(speaker, "speaker_confirmed")
    audit.record(f"programme.speaker_{speaker.status}", speaker.name, speaker.session.edition_id)


def remind_speakers(edition: Edition) -> int:
    """The day before their session (edition's zone), each accepted speaker gets a reminder once."""
    tomorrow = edition.local_date(now()) + timedelta(days=1)
    queued = 0
    for session in sessions(edition):
        if edition.local_date(session.starts_at) != tomorrow:
            continue
        for speaker in session.speakers:
            if speaker.email and speaker.status == "accepted" and speaker.reminded_at is None:
                notify(speaker, "speaker_reminder")
                speaker.reminded_at = now()
                queued += 1
    db.session.flush()
    return queued


def remind_registrants(edition: Edition) -> int:
    """The day before online items (edition's zone), each confirmed registrant gets their join
    links once."""
    tomorrow = edition.local_date(now()) + timedelta(days=1)
    due = [s for s in sessions(edition) if edition.local_date(s.starts_at) == tomorrow]
    if not any(s.join_url for s in due):
        return 0
    sent = {
        message.participant_id
        for message in db.session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.edition_id == edition.id, OutboxMessage.template == "online_reminder"
            )
        )
        if message.context.get("day") == tomorrow.isoformat()
    }
    people = db.session.scalars(
        select(Participant)
        .where(Participant.edition_id == edition.id, Participant.status == "confirmed")
        .order_by(Participant.id)
    )
    queued = 0
    for person in people:
        if person.id in sent:
            continue
        email.queue(
            "online_reminder",
            person.email,
            person.language,
            {
                "first_name": person.first_name,
                "edition_name": localized(edition, "name", person.language),
                "day": tomorrow.isoformat(),
                "online_sessions": online_items(due, person.language),
                "manage_url": external("registration.manage", token=person.manage_token),
            },
            edition_id=edition.id,
            participant_id=person.id,
        )
        queued += 1
    db.session.flush()
    return queued


def by_token(token: str) -> Speaker | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalars(select(Speaker).where(Speaker.token == token)).first()


def my_day(participant: Participant) -> list[dict]:
    """A participant's own programme: plenaries and panels, their workshops, their sessions."""
    edition = participant.edition
    # Only published workshops: organisers may still be moving people in a draft allocation.
    assigned = {a.workshop.ods: a for a in participant.assignments if a.notified_at}
    items = []
    for session in sessions(edition):
        speaking = any(s.email.lower() == participant.email_key for s in session.speakers)
        if session.kind != "workshop" or session.ods in assigned or speaking:
            s = session
            title, room = (localized(s, f, participant.language) for f in ("title", "room"))
            items.append(_item(s.starts_at, s.ends_at, title, room, s))
    for ods, assignment in assigned.items():
        round_ = assignment.workshop.round
        if round_.starts_at and not any(i["session"] and i["session"].ods == ods for i in items):
            room = localized(assignment.workshop.room, "name", participant.language)
            items.append(_item(round_.starts_at, round_.ends_at, f"ODS {ods}", room, None))
    return sorted(items, key=lambda item: item["starts_at"])


def _item(starts_at, ends_at, title, room, session) -> dict:
    return {"starts_at": starts_at, "ends_at": ends_at, "title": title, "room": room,
            "session": session}  # fmt: skip
