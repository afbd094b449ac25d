"""ISO 3166-1 alpha-2 country codes with names in the three languages (from Babel's CLDR data)."""

from functools import cache

from babel import Locale


@cache
def names(language: str = "es") -> dict[str, str]:
    territories = Locale.parse(language).territories
    return {
        code: name
        for code, name in sorted(territories.items(), key=lambda item: item[1])
        if len(code) == 2 and code.isalpha() and code not in {"EU", "EZ", "UN", "QO", "XA", "XB"}
    }


def is_country(code: str) -> bool:
    return code in names("en")


def name(code: str, language: str = "es") -> str:
    return names(language).get(code, code)


@cache
def _by_name() -> dict[str, str]:
    from seminar.models.participant import fold

    found: dict[str, str] = {}
    for language in ("en", "pt", "es"):
        found.update({fold(country): code for code, country in names(language).items()})
    return found


def code(text: str) -> str | None:
    """'CL', 'cl', 'Chile', 'Brasil', 'Brazil', 'México' -> the ISO code; None if unknown."""
    if len(text) == 2 and is_country(text.upper()):
        return text.upper()
    from seminar.models.participant import fold_words

    return _by_name().get(fold_words(text))
