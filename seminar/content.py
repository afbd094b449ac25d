"""Organiser-written text in the reader's language (es, pt, en).

The edition's own language (the first of `Edition.languages`) lives in the columns; the other
languages live in each row's `translations` JSON ({"pt": {"title": "…"}}) and fall back to the
column when missing. Pages, emails, badges, ICS and PDFs all read text through `localized`.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from seminar import audit
from seminar.extensions import db
from seminar.models import Edition, ProgrammeSession, Room, Round, Workshop

LANGUAGES = ("es", "pt", "en")
# The texts a participant reads, per kind of row, in the order the admin page lists them.
FIELDS: dict[type, tuple[str, ...]] = {
    Edition: ("name", "event_type", "full_title", "venue", "description"),
    ProgrammeSession: ("title", "description", "room"),
    Round: ("label",),
    Room: ("name",),
    Workshop: ("title",),
}
LONG_FIELDS = frozenset({"description"})
MAX_LENGTH = 5000


class ContentError(ValueError):
    """A translation that cannot be saved; nothing was changed."""


def edition_language(edition: Edition) -> str:
    """The language the organisers wrote the edition in: the first it offers, else Spanish."""
    languages = edition.language_list
    return languages[0] if languages else "es"


def _edition_of(obj) -> Edition | None:
    if isinstance(obj, Edition):
        return obj
    if isinstance(obj, Workshop):
        return obj.round.edition
    return getattr(obj, "edition", None)


def translation(obj, field: str, language: str | None) -> str:
    """The stored translation of one field, or '' when there is none."""
    return ((obj.translations or {}).get(language) or {}).get(field, "")


def localized(obj, field: str, language: str | None) -> str:
    """`obj.field` in `language`, falling back to the text in the edition's own language."""
    if obj is None:
        return ""
    if isinstance(obj, Edition) and field == "title":
        return localized(obj, "full_title", language) or localized(obj, "name", language)
    original = getattr(obj, field) or ""
    if not original or not language:
        return original
    edition = _edition_of(obj)
    if edition is not None and language == edition_language(edition):
        return original
    return translation(obj, field, language) or original


@dataclass
class Text:
    """One translatable text of an edition, as the translations page shows it."""

    key: str  # "<kind>:<id>:<field>", the form field's name
    group: str
    field: str
    original: str
    translated: str
    long: bool

    @property
    def missing(self) -> bool:
        return not self.translated


def _kind(obj) -> str:
    return type(obj).__name__.lower()


def _rows(edition: Edition) -> list:
    sessions = db.session.scalars(
        db.select(ProgrammeSession)
        .where(ProgrammeSession.edition_id == edition.id)
        .order_by(ProgrammeSession.starts_at, ProgrammeSession.id)
    ).all()
    workshops = [w for r in edition.rounds for w in r.workshops]
    return [edition, *sessions, *edition.rounds, *edition.rooms, *workshops]


def _group(obj) -> str:
    if isinstance(obj, Edition):
        return "edition"
    if isinstance(obj, ProgrammeSession):
        return "programme"
    return "workshops"


def texts(edition: Edition, language: str) -> list[Text]:
    """Every non-empty organiser text of the edition with its version in `language`."""
    out = []
    for obj in _rows(edition):
        for field in FIELDS[type(obj)]:
            original = getattr(obj, field) or ""
            if not original.strip():
                continue
            out.append(
                Text(
                    key=f"{_kind(obj)}:{obj.id}:{field}",
                    group=_group(obj),
                    field=field,
                    original=original,
                    translated=translation(obj, field, language),
                    long=field in LONG_FIELDS or len(original) > 120,
                )
            )
    return out


def missing_counts(edition: Edition) -> dict[str, int]:
    """How many texts lack a version, per language other than the edition's own."""
    own = edition_language(edition)
    return {lang: sum(t.missing for t in texts(edition, lang)) for lang in LANGUAGES if lang != own}


def set_translation(obj, field: str, language: str, text: str) -> None:
    """Store (or, with empty text, remove) one translation; reassigns so the JSON is saved."""
    data = {lang: dict(fields) for lang, fields in (obj.translations or {}).items()}
    fields = data.setdefault(language, {})
    if text:
        fields[field] = text
    else:
        fields.pop(field, None)
    obj.translations = {lang: f for lang, f in data.items() if f}


def save(edition: Edition, language: str, values: dict[str, str]) -> int:
    """Save the translations posted from the page: {key: text}. Returns how many changed."""
    if language not in LANGUAGES or language == edition_language(edition):
        raise ContentError(
            _l("'%(language)s' is not a language to translate this edition into", language=language)
        )
    by_key = {t.key: t for t in texts(edition, language)}
    unknown = sorted(set(values) - set(by_key))
    if unknown:
        raise ContentError(_l("unknown texts: %(keys)s", keys=", ".join(unknown)))
    too_long = [k for k, v in values.items() if len(v) > MAX_LENGTH]
    if too_long:
        raise ContentError(_l("a translation is longer than %(n)s characters", n=MAX_LENGTH))
    objects = {f"{_kind(o)}:{o.id}": o for o in _rows(edition)}
    changed = 0
    for key, value in values.items():
        value = value.strip()
        if value == by_key[key].translated:
            continue
        kind, ident, field = key.split(":")
        set_translation(objects[f"{kind}:{ident}"], field, language, value)
        changed += 1
    if changed:
        audit.record("content.translate", language, edition.id, changed=changed)
    db.session.flush()
    return changed
