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
