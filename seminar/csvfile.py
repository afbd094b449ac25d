"""Reading and checking CSV files (Excel's `;` and BOM accepted): the participants CSV of
docs/interfaces.md, all rows or none; its decoding and delimiter sniffing serve the other CSVs."""

import csv
import io
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email

from seminar.countries import is_country
from seminar.models.participant import ACTOR_TYPES, LANGUAGES, ROLES

COLUMNS = (
    "first_name", "last_name", "email", "country", "city", "institution", "position",
    "actor_type", "language", "role", "preferences",
)  # fmt: skip
REQUIRED = ("first_name", "last_name", "email", "country", "actor_type")


class CsvError(ValueError):
    """The file was rejected; `errors` names each line and column."""

    def __init__(self, errors: list[str]):
        super().__init__(
            "; ".join(errors[:5]) + (f" (+{len(errors) - 5} more)" if len(errors) > 5 else "")
        )
        self.errors = errors


@dataclass
class Row:
    line: int
    values: dict[str, str]
    preferences: list[int] = field(default_factory=list)


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvError([f"the file is not UTF-8 text (byte {exc.start})"]) from exc


def sniff_delimiter(header_line: str) -> str:
    """Excel in Spanish and Portuguese saves with ';'."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def parse_preferences(text: str) -> list[int]:
    """'11;6;13' -> [11, 6, 13]; raises ValueError with a reason."""
    parts = [p.strip() for p in text.replace(",", ";").replace("|", ";").split(";") if p.strip()]
    numbers = []
    for part in parts:
        if not part.isdigit() or not 1 <= int(part) <= 17:
            raise ValueError(f"unknown ODS '{part}' (1 to 17)")
        if int(part) in numbers:
            raise ValueError(f"ODS {part} appears twice")
        numbers.append(int(part))
    return numbers


def check_row(values: dict[str, str]) -> tuple[dict[str, str], list[int], list[tuple[str, str]]]:
    """Normalise one row; returns (values, preferences, [(column, problem)])."""
    problems: list[tuple[str, str]] = []
    clean = {key: " ".join((values.get(key) or "").split()) for key in COLUMNS}
    clean["preferences"] = (values.get("preferences") or "").strip()
    for key in REQUIRED:
        if not clean[key]:
            problems.append((key, "is required"))
    if clean["email"]:
        try:
            clean["email"] = validate_email(clean["email"], check_deliverability=False).normalized
        except EmailNotValidError as exc:
            problems.append(("email", f"'{clean['email']}' is not a valid email ({exc})"))
    clean["country"] = clean["country"].upper()
    if clean["country"] and not is_country(clean["country"]):
        problems.append(("country", f"unknown country '{clean['country']}' (ISO 3166-1 alpha-2)"))
    if clean["actor_type"] and clean["actor_type"] not in ACTOR_TYPES:
        problems.append(("actor_type", f"unknown actor type '{clean['actor_type']}'"))
    clean["language"] = clean["language"].lower() or "es"
    if clean["language"] not in LANGUAGES:
        problems.append(("language", f"unknown language '{clean['language']}' (es, pt, en)"))
    clean["role"] = clean["role"].lower() or "participant"
    if clean["role"] not in ROLES:
        problems.append(("role", f"unknown role '{clean['role']}'"))
    preferences: list[int] = []
    try:
        preferences = parse_preferences(clean["preferences"])
    except ValueError as exc:
        problems.append(("preferences", str(exc)))
    for key, limit in (("first_name", 120), ("last_name", 120), ("city", 120),
                       ("institution", 200), ("position", 200)):  # fmt: skip
        if len(clean[key]) > limit:
            problems.append((key, f"is longer than {limit} characters"))
    return clean, preferences, problems


def read(data: bytes, extra_columns: tuple[str, ...] = ()) -> list[Row]:
    """All rows, checked; raises CsvError naming every bad line and column."""
    text = decode(data)
    if not text.strip():
        raise CsvError(["the file is empty"])
    delimiter = sniff_delimiter(text.splitlines()[0])
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip().lower() for h in reader.fieldnames or []]
    reader.fieldnames = header
    missing = [c for c in COLUMNS if c not in header and c != "preferences"]
    if missing:
        raise CsvError([f"line 1: missing column(s) {', '.join(missing)}"])
    rows, errors, seen = [], [], {}
    for values in reader:
        line = reader.line_num
        if None in values:
            errors.append(f"line {line}: more fields than columns in the header")
            continue
        clean, preferences, problems = check_row(values)
        for column, problem in problems:
            errors.append(f"line {line}, column {column}: {problem}")
        key = clean["email"].lower()
        if key and key in seen:
            errors.append(f"line {line}, column email: '{clean['email']}' repeats line {seen[key]}")
        seen.setdefault(key, line)
        for column in extra_columns:
            clean[column] = " ".join((values.get(column) or "").split())
        rows.append(Row(line, clean, preferences))
    if errors:
        raise CsvError(errors)
    return rows
