"""The organiser's letters: {placeholders} checked before anything is sent, and the defaults
(the Puerto Montt invitation letter of the network's vice-president, in es, pt and en)."""

import re
from pathlib import Path

from flask_babel import lazy_gettext as _l

PLACEHOLDERS = (
    "greeting", "first_name", "last_name", "full_name", "institution", "position", "city",
    "edition_name", "edition_title", "event_type", "edition_city", "edition_dates", "deadline",
    "register_url", "decline_url", "programme_url",
)  # fmt: skip
_FIELD = re.compile(r"\{([^{}]*)\}")


class LetterError(ValueError):
    pass


def check(text: str, known: tuple[str, ...] = PLACEHOLDERS) -> None:
    """Raise LetterError naming every unknown placeholder: an error, never a blank."""
    unknown = sorted({name for name in _FIELD.findall(text) if name not in known})
    if unknown:
        names = ", ".join("{" + name + "}" for name in unknown)
        raise LetterError(
            _l(
                "unknown placeholder(s) %(names)s; known: %(known)s",
                names=names,
                known=", ".join(known),
            )
        )
    stray = _FIELD.sub("", text)
    if "{" in stray or "}" in stray:
        raise LetterError(_l("a '{' or '}' does not close a placeholder"))


def fill(text: str, values: dict[str, str], known: tuple[str, ...] = PLACEHOLDERS) -> str:
    check(text, known)
    return _FIELD.sub(lambda match: values[match.group(1)], text)


# The letter speaks to the invitee and their city in the plural ("Les dirijo", "ustedes").
DEFAULT_GREETING = {
    "es": "Estimadas y estimados,",
    "pt": "Prezadas e prezados,",
    "en": "Dear colleagues,",
}

DIRECTORY = Path(__file__).parent / "default_letters"


def default(kind: str, language: str) -> tuple[str, str]:
    """(subject, body) shipped in default_letters/<kind>.<language>.txt (subject on line 1)."""
    text = (DIRECTORY / f"{kind}.{language}.txt").read_text(encoding="utf-8")
    subject, _blank, body = text.partition("\n\n")
    return subject.strip(), body.strip()
