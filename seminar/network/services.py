"""Member cities of the network: which (country, city) pairs count as members, and replacing
the list from a table organisers bring (country,city; all rows or none)."""

from collections.abc import Iterator
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from seminar import audit, countries, exports, spreadsheets
from seminar.extensions import db
from seminar.models import MemberCity
from seminar.models.participant import fold_words

DEFAULTS = Path(__file__).resolve().parent.parent / "data" / "member_cities.csv"
COLUMNS = ("country", "city")
CITY_MAX = 120


# '  SÃO paulo ' and 'Sao Paulo' are the same city.
city_key = fold_words


def all_cities() -> list[MemberCity]:
    return list(
        db.session.scalars(select(MemberCity).order_by(MemberCity.country, MemberCity.city_key))
    )


def keys() -> set[tuple[str, str]]:
    """(country, city key) of every member city, for matching participants' cities."""
    return set(db.session.execute(select(MemberCity.country, MemberCity.city_key)).tuples())


def is_member(member_keys: set[tuple[str, str]], country: str, city: str) -> bool:
    return (country, city_key(city)) in member_keys


def parse(table: spreadsheets.Table) -> list[tuple[str, str]]:
    """The (country code, city) pairs of a table; SheetError naming each bad line."""
    spreadsheets.require_columns(table, COLUMNS)
    at = {c: table.header.index(c) for c in COLUMNS}
    errors, found, seen = [], [], {}
    for line, cells in table.rows:
        country_text, city = (cells[at[c]].strip() if at[c] < len(cells) else "" for c in COLUMNS)
        code = countries.code(country_text) if country_text else None
        if code is None:
            not_country = _l("'%(country)s' is not a country", country=country_text)
            errors.append(spreadsheets.at(line, "country", not_country))
        if not city_key(city):
            errors.append(spreadsheets.at(line, "city", _l("empty")))
        elif len(city) > CITY_MAX:
            too_long = _l("longer than %(limit)s characters", limit=CITY_MAX)
            errors.append(spreadsheets.at(line, "city", too_long))
        elif code is not None:
            key = (code, city_key(city))
            if key in seen:
                again = _l("'%(city)s' already on line %(line)s", city=city, line=seen[key])
                errors.append(spreadsheets.at(line, "city", again))
            seen[key] = line
            found.append((code, " ".join(city.split())))
    if errors:
        raise spreadsheets.SheetError(errors)
    if not found:
        raise spreadsheets.SheetError([_l("the table lists no city")])
    return found


def replace(pairs: list[tuple[str, str]]) -> int:
    """The member list becomes exactly `pairs`."""
    db.session.execute(delete(MemberCity))
    db.session.add_all(
        MemberCity(country=c, city=city, city_key=city_key(city)) for c, city in pairs
    )
    db.session.flush()
    audit.record("network.replace", f"{len(pairs)} member cities")
    return len(pairs)


def rows() -> Iterator[dict]:
    return ({"country": m.country, "city": m.city} for m in all_cities())


def as_csv() -> str:
    return exports.to_csv(rows(), COLUMNS)
