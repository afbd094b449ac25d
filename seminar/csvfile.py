"""Reading and checking the participants table of docs/interfaces.md (CSV or XLSX), all rows
or none; the tables themselves are read by seminar/spreadsheets.py."""

import re
from dataclasses import dataclass, field

from babel import Locale
from email_validator import EmailNotValidError, validate_email
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from seminar import countries, spreadsheets
from seminar.forms import ACTOR_LABELS
from seminar.models.participant import ACTOR_TYPES, LANGUAGES, ROLES, fold, fold_words
from seminar.spreadsheets import SheetError as CsvError

COLUMNS = (
    "first_name", "last_name", "email", "country", "city", "institution", "position",
    "actor_type", "language", "role", "preferences",
)  # fmt: skip
# The address seminar.privacy leaves on an erased person (no real address lacks an '@').
ERASED = re.compile(r"erased-\d+")
REQUIRED = ("first_name", "last_name", "email", "country", "actor_type")


@dataclass
class Row:
    line: int
    values: dict[str, str]
    preferences: list[int] = field(default_factory=list)
    status: str = ""  # the export's status column, when the file has one


def words() -> dict[str, dict[str, str]]:
    """What organisers type instead of codes, folded: the form's actor labels and the names of
    the languages, in es, pt and en."""
    actor = {fold(code.replace("_", " ")): code for code in ACTOR_TYPES}
    language = {}
    for shown in LANGUAGES:
        with force_locale(shown):
            actor.update({fold(str(label)): code for code, label in ACTOR_LABELS.items()})
        language.update({fold(Locale.parse(shown).languages[c]): c for c in LANGUAGES})
    return {"actor_type": actor, "language": language}


def plain(text: str, vocabulary: dict[str, str]) -> str:
    return vocabulary.get(fold_words(text), text)


def parse_preferences(text: str) -> list[int]:
    """'11;6;13' -> [11, 6, 13]; raises ValueError with a reason (read in the reader's
    language)."""
    parts = [p.strip() for p in text.replace(",", ";").replace("|", ";").split(";") if p.strip()]
    numbers = []
    for part in parts:
        if not part.isdigit() or not 1 <= int(part) <= 17:
            raise ValueError(spreadsheets.unknown_ods(part))
        if int(part) in numbers:
            raise ValueError(_l("ODS %(ods)s appears twice", ods=part))
        numbers.append(int(part))
    return numbers


def check_row(
    values: dict[str, str], vocabulary: dict[str, dict[str, str]] | None = None
) -> tuple[dict[str, str], list[int], list[tuple[str, str]]]:
    """Normalise one row; returns (values, preferences, [(column, problem)]), each problem read
    in its reader's language where it is shown."""
    vocabulary = vocabulary or words()
    problems: list[tuple[str, str]] = []
    clean = {key: " ".join((values.get(key) or "").split()) for key in COLUMNS}
    clean["preferences"] = (values.get("preferences") or "").strip()
    for key in REQUIRED:
        if not clean[key]:
            problems.append((key, spreadsheets.IS_REQUIRED))
    if clean["email"][:7].lower() == "mailto:":  # a link pasted from an email or a web page
        clean["email"] = clean["email"][7:].split("?")[0].strip()
    if clean["email"]:
        try:
            clean["email"] = validate_email(clean["email"], check_deliverability=False).normalized
        except EmailNotValidError as exc:
            problems.append(
                (
                    "email",
                    _l(
                        "'%(email)s' is not a valid email (%(reason)s)",
                        email=clean["email"],
                        reason=str(exc),
                    ),
                )
            )
    if clean["country"]:
        code = countries.code(clean["country"])
        if code is None:
            problems.append(
                (
                    "country",
                    _l(
                        "unknown country '%(country)s' (ISO 3166-1 alpha-2 or a name)",
                        country=clean["country"],
                    ),
                )
            )
        clean["country"] = code or clean["country"]
    if clean["actor_type"] not in ACTOR_TYPES:
        clean["actor_type"] = plain(clean["actor_type"], vocabulary["actor_type"])
    if clean["actor_type"] and clean["actor_type"] not in ACTOR_TYPES:
        problems.append(
            ("actor_type", _l("unknown actor type '%(value)s'", value=clean["actor_type"]))
        )
    clean["language"] = plain(clean["language"].lower(), vocabulary["language"]) or "es"
    if clean["language"] not in LANGUAGES:
        problems.append(
            ("language", _l("unknown language '%(value)s' (es, pt, en)", value=clean["language"]))
        )
    clean["role"] = clean["role"].lower() or "participant"
    if clean["role"] not in ROLES:
        problems.append(("role", _l("unknown role '%(value)s'", value=clean["role"])))
    preferences: list[int] = []
    try:
        preferences = parse_preferences(clean["preferences"])
    except ValueError as exc:
        problems.append(("preferences", exc.args[0]))
    for key, limit in (("first_name", 120), ("last_name", 120), ("city", 120),
                       ("institution", 200), ("position", 200)):  # fmt: skip
        if len(clean[key]) > limit:
            problems.append((key, spreadsheets.longer_than(limit)))
    return clean, preferences, problems


def read(data: bytes, extra_columns: tuple[str, ...] = (), sheet: str | None = None) -> list[Row]:
    """All rows of a CSV file or an .xlsx workbook, checked; raises CsvError naming every bad
    line and column."""
    return rows_of(spreadsheets.read(data, sheet), extra_columns)


def rows_of(table: spreadsheets.Table, extra_columns: tuple[str, ...] = ()) -> list[Row]:
    spreadsheets.require_columns(table, [c for c in COLUMNS if c != "preferences"])
    vocabulary = words()
    rows, errors, seen = [], [], {}
    for line, values in table.records():
        if ERASED.fullmatch(values.get("email", "")):
            continue  # an export's row of an erased person: nothing to import, nothing to restore
        clean, preferences, problems = check_row(values, vocabulary)
        for column, problem in problems:
            errors.append(spreadsheets.at(line, column, problem))
        key = clean["email"].lower()
        if key and key in seen:
            repeats = _l(
                "'%(email)s' repeats line %(first)s", email=clean["email"], first=seen[key]
            )
            errors.append(spreadsheets.at(line, "email", repeats))
        seen.setdefault(key, line)
        for column in extra_columns:
            clean[column] = " ".join((values.get(column) or "").split())
        rows.append(Row(line, clean, preferences, (values.get("status") or "").lower()))
    if errors:
        raise CsvError(errors)
    return rows
