"""The consents a registration asks, their wording per edition and language, and the record of
what each person agreed to and when."""

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from seminar.clock import now
from seminar.extensions import db
from seminar.models import ConsentRecord, ConsentText, Edition, Participant
from seminar.models.privacy import CONSENT_KINDS

# The separate, optional choices (registration itself is required).
CHOICES = ("sensitive", "photos", "future_invitations")
FLAGS = {kind: f"consent_{kind}" for kind in CHOICES}


def default_text(kind: str) -> str:
    """The built-in wording, in the current locale."""
    return {
        "registration": _(
            "Mercociudades and the host city use your data only to organise this seminar: "
            "registration, workshop places, badges, attendance and certificates. Your name, "
            "institution and city may appear on attendance lists shown to organisers. You can see, "
            "change, download or erase your data at any time through the private link we email "
            "you. We keep the data for five years for the network's records and then delete it."
        ),
        "sensitive": _(
            "I agree that the accessibility and dietary needs I write above are used to prepare "
            "the venue and the meals, seen only by the organisers who need them, and deleted with "
            "the rest of my data."
        ),
        "photos": _(
            "I agree to appear in photographs and videos of the seminar published by "
            "the organisers."
        ),  # fmt: skip
        "future_invitations": _("I want to be invited to later editions of this seminar."),
    }[kind]


def custom(edition: Edition, language: str) -> dict[str, str]:
    """The organisers' own wording, where they wrote one."""
    return {
        row.kind: row.text
        for row in db.session.scalars(
            select(ConsentText).where(
                ConsentText.edition_id == edition.id, ConsentText.language == language
            )
        )
    }


def texts(edition: Edition, language: str) -> dict[str, str]:
    """Each consent's wording for this edition in this language: the organisers', else default."""
    own = custom(edition, language)
    with force_locale(language):
        return {kind: own.get(kind) or default_text(kind) for kind in CONSENT_KINDS}


def save_texts(edition: Edition, language: str, wording: dict[str, str]) -> None:
    """Set the organisers' wording; an empty text goes back to the default."""
    existing = {
        row.kind: row
        for row in db.session.scalars(
            select(ConsentText).where(
                ConsentText.edition_id == edition.id, ConsentText.language == language
            )
        )
    }
    for kind in CONSENT_KINDS:
        text = (wording.get(kind) or "").strip()
        row = existing.get(kind)
        if not text and row is not None:
            db.session.delete(row)
        elif text and row is None:
            db.session.add(
                ConsentText(edition_id=edition.id, kind=kind, language=language, text=text)
            )
        elif text:
            row.text = text
    db.session.flush()


def record(person: Participant, answers: dict[str, bool], language: str, first: bool) -> None:
    """Keep each answer with the text shown; on a change, only the consents that changed."""
    shown = texts(person.edition, language)
    if first:
        person.consent_at = now()
        db.session.add(_row(person, "registration", True, language, shown))
    for kind in CHOICES:
        granted = bool(answers.get(kind))
        if first or granted != getattr(person, FLAGS[kind]):
            setattr(person, FLAGS[kind], granted)
            db.session.add(_row(person, kind, granted, language, shown))
    if not person.consent_sensitive:
        # Without that consent the needs are not kept.
        person.accessibility = person.dietary = ""


def _row(person, kind, granted, language, shown) -> ConsentRecord:
    return ConsentRecord(
        participant=person, kind=kind, granted=granted, language=language, text=shown[kind]
    )


def history(person: Participant) -> list[ConsentRecord]:
    return list(
        db.session.scalars(
            select(ConsentRecord)
            .where(ConsentRecord.participant_id == person.id)
            .order_by(ConsentRecord.recorded_at, ConsentRecord.id)
        )
    )
