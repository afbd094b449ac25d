"""How an edition is named and dated inside a sentence, in es, pt and en.

«participó en el Seminario Taller Internacional «Ciudades de América Latina…», realizado en
Puerto Montt del 4 al 7 de octubre de 2017»: the event type and full title, never the short name
alone after an article, and dates as a person writes them.
"""

from datetime import date, datetime

from babel.dates import format_date, format_datetime
from flask_babel import get_locale
from flask_babel import gettext as _

from seminar.content import localized
from seminar.models import Edition

DAY_MONTH = {"es": "d 'de' MMMM", "pt": "d 'de' MMMM", "en": "d MMMM"}
FULL = {"es": "d 'de' MMMM 'de' y", "pt": "d 'de' MMMM 'de' y", "en": "d MMMM y"}


# A title that already says what the event is reads right on its own ("Seminario de…").
EVENT_WORDS = {
    "seminario", "seminário", "seminar", "taller", "oficina", "workshop", "encuentro", "encontro",
    "foro", "fórum", "forum", "congreso", "congresso", "conference", "conferencia", "cumbre",
}  # fmt: skip


def designation(edition: Edition) -> str:
    """'Seminario Taller Internacional «Ciudades de América Latina…»' (current locale)."""
    language = str(get_locale())
    event_type, title = (localized(edition, f, language) for f in ("event_type", "title"))
    if event_type:
        return f"{event_type} «{title}»"
    if title.split(" ", 1)[0].casefold() in EVENT_WORDS:
        return title
    return f"{_('seminar')} «{title}»"


def place(edition: Edition) -> str:
    """'en Puerto Montt', or 'en línea' for a virtual edition (current locale)."""
    if edition.format == "virtual":
        return _("online")
    return _("in %(city)s", city=edition.city)


def long_date(day: date, language: str) -> str:
    return format_date(day, FULL.get(language, FULL["en"]), locale=language)


def dates_phrase(start: date, end: date, language: str) -> str:
    """'del 4 al 7 de octubre de 2017', 'el 11 de junio de 2021' (and pt, en)."""
    if start == end:
        return {"es": "el {}", "pt": "em {}"}.get(language, "on {}").format(
            long_date(start, language)
        )
    if (start.year, start.month) == (end.year, end.month):
        first = str(start.day)
    elif start.year == end.year:
        first = format_date(start, DAY_MONTH.get(language, DAY_MONTH["en"]), locale=language)
    else:
        first = long_date(start, language)
    template = {"es": "del {} al {}", "pt": "de {} a {}"}.get(language, "from {} to {}")
    return template.format(first, long_date(end, language))


def edition_dates(edition: Edition, language: str) -> str:
    return dates_phrase(edition.starts_on, edition.ends_on, language)


def deadline(edition: Edition, language: str) -> str:
    """The registration deadline as a date (and time when not midnight): registration closes
    then, or when the edition starts if no closing time is set."""
    closes = edition.registration_closes_at or edition.starts_at()
    local: datetime = closes.astimezone(edition.tz)
    text = long_date(local.date(), language)
    if (local.hour, local.minute) != (0, 0):
        text += ", " + format_datetime(local, "HH:mm", locale=language)
    return text
