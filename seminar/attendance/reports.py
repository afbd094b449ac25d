"""Reading a video platform's participant report, told apart by its content. Pure: bytes in,
stretches (who, from when to when) out; no Flask, no database.

- Zoom's participants CSV, with or without the meeting summary rows above it
  (`Name (Original Name)`, `User Email`, `Join Time`, `Leave Time`, `Duration (Minutes)`…):
  one row per join, so a person who dropped and rejoined has several rows.
- Google Meet's attendance CSV (`First name`, `Last name`, `Email`, `Duration`, `Time joined`,
  `Time exited`), times with a date or only the time of day (the meeting's date then comes from
  a summary row or the edition's first day).
- Microsoft Teams' attendance report: UTF-16, tab-separated, in sections (`1. Summary`,
  `2. Participants`, `3. In-Meeting Activities`); the activities give every join, else the
  participants section's first join and last leave.

Times carry no zone in these files: they are read in the zone given (the edition's by default).
"""

import csv
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l

PLATFORM_NAMES = {"zoom": "Zoom", "meet": "Google Meet", "teams": "Microsoft Teams"}
NAME = ("name (original name)", "name", "full name", "participant name", "participant")
EMAIL = ("user email", "email", "email address", "participant email", "participant id (upn)")
JOIN = ("join time", "time joined", "first join", "joined", "first seen", "joined at")
LEAVE = ("leave time", "time exited", "last leave", "left", "last seen", "exited", "left at")
DATETIME_FORMATS = (
    "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M",
    "%m/%d/%y, %I:%M:%S %p", "%m/%d/%y, %H:%M:%S", "%m/%d/%Y, %I:%M:%S %p", "%m/%d/%Y, %H:%M:%S",
    "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%y, %H:%M:%S", "%d/%m/%Y, %H:%M:%S",
    "%d/%m/%y %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S",
)  # fmt: skip
TIME_FORMATS = ("%I:%M:%S %p", "%I:%M %p", "%H:%M:%S", "%H:%M")
DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%d/%m/%Y", "%m/%d/%y", "%B %d, %Y", "%b %d, %Y")


class ReportError(ValueError):
    """The file cannot be read as a participant report; the message says where and why."""


@dataclass(frozen=True)
class Stretch:
    name: str
    email: str
    joined: datetime
    left: datetime


@dataclass
class Report:
    platform: str
    stretches: list[Stretch]


def decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if len(data) > 1 and data[1:2] == b"\x00" and data[:1] != b"\x00":
        return data.decode("utf-16-le")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def _key(cell: str) -> str:
    return " ".join(cell.strip().strip('"').lower().split())


def _find(header: list[str], names: tuple[str, ...]) -> int | None:
    keys = [_key(c) for c in header]
    for name in names:
        if name in keys:
            return keys.index(name)
    return None


class _Clock:
    """Turns the report's wall-clock text into aware datetimes in one zone.

    Day and month are ambiguous (6/11/21): the reading that falls on the edition's days wins.
    """

    def __init__(self, zone: ZoneInfo, days: tuple[date, date], meeting_day: date | None):
        self.zone, self.days, self.meeting_day = zone, days, meeting_day or days[0]

    def read(self, text: str) -> datetime | None:
        text = " ".join(text.strip().split())
        if not text:
            return None
        found = []
        try:
            value = datetime.fromisoformat(text)
            found.append(value)
        except ValueError:
            for pattern in DATETIME_FORMATS:
                try:
                    found.append(datetime.strptime(text, pattern))
                except ValueError:
                    continue
        if not found:
            for pattern in TIME_FORMATS:
                try:
                    clock = datetime.strptime(text, pattern).time()
                except ValueError:
                    continue
                found.append(datetime.combine(self.meeting_day, clock))
                break
        if not found:
            return None
        first, last = self.days[0] - timedelta(days=1), self.days[1] + timedelta(days=1)
        value = next((v for v in found if first <= v.date() <= last), found[0])
        return value if value.tzinfo else value.replace(tzinfo=self.zone)


def _meeting_day(lines: list[str]) -> date | None:
    """A date in the summary rows above the table (Meet's 'Meeting date', Zoom's start time)."""
    for line in lines:
        for cell in line.replace("\t", ",").split(","):
            cell = cell.strip().strip('"')
            for pattern in DATE_FORMATS:
                try:
                    return datetime.strptime(cell, pattern).date()
                except ValueError:
                    continue
            head = cell.split(" ")[0]
            for pattern in DATE_FORMATS[:4]:
                try:
                    return datetime.strptime(head, pattern).date()
                except ValueError:
                    continue
    return None


def _tables(text: str, delimiter: str) -> list[tuple[int, list[str], list[tuple[int, list[str]]]]]:
    """Every table with join and leave columns: (header line, header, [(line, cells)])."""
    lines = text.splitlines()
    tables, current = [], None
    for number, line in enumerate(lines, 1):
        cells = next(csv.reader([line], delimiter=delimiter)) if line.strip() else []
        if not any(c.strip() for c in cells):
            current = None
            continue
        if _find(cells, JOIN) is not None and _find(cells, LEAVE) is not None:
            current = (number, cells, [])
            tables.append(current)
        elif current is not None:
            if len(cells) == 1 and cells[0].strip()[:2].rstrip(".").isdigit():
                current = None  # the next section's title ("3. In-Meeting Activities")
            else:
                current[2].append((number, cells))
    return tables


def platform_of(text: str) -> str | None:
    head = text[:4000].lower()
    if "\t" in head and ("first join" in head or "in-meeting" in head or "join time\t" in head):
        return "teams"
    if "join time" in head and "leave time" in head:
        return "zoom"
    if "time joined" in head or "time exited" in head or "first seen" in head:
        return "meet"
    return None


def read(data: bytes, zone: ZoneInfo, days: tuple[date, date]) -> Report:
    """Every stretch of the report; raises ReportError naming the line of the first problem."""
    text = decode(data)
    platform = platform_of(text)
    if platform is None:
        raise ReportError(
            _l(
                "not a Zoom, Google Meet or Microsoft Teams participant report: no header with "
                "join and leave times"
            )
        )
    delimiter = "\t" if platform == "teams" else _delimiter(text)
    tables = _tables(text, delimiter)
    if not tables:
        raise ReportError(
            _l(
                "no table of participants found in this %(platform)s report",
                platform=PLATFORM_NAMES[platform],
            )
        )
    # Teams: the in-meeting activities (every join) when present, else first join / last leave.
    header_line, header, rows = tables[-1] if platform == "teams" else tables[0]
    clock = _Clock(zone, days, _meeting_day(text.splitlines()[: header_line - 1]))
    return Report(platform, _stretches(header, rows, clock))


def _delimiter(text: str) -> str:
    for line in text.splitlines():
        lowered = line.lower()
        if "join" in lowered or "time joined" in lowered:
            return ";" if line.count(";") > line.count(",") else ","
    return ","


def _stretches(header: list[str], rows, clock: _Clock) -> list[Stretch]:
    name_at, email_at = _find(header, NAME), _find(header, EMAIL)
    first_at, last_at = _find(header, ("first name",)), _find(header, ("last name",))
    join_at, leave_at = _find(header, JOIN), _find(header, LEAVE)
    found = []
    for number, cells in rows:
        cells = [c.strip() for c in cells] + [""] * (len(header) - len(cells))
        name = _cell(cells, name_at) or f"{_cell(cells, first_at)} {_cell(cells, last_at)}".strip()
        email = _cell(cells, email_at).lower()
        email = email if "@" in email else ""
        joined, left = clock.read(_cell(cells, join_at)), clock.read(_cell(cells, leave_at))
        if joined is None or left is None:
            where = {"line": number, "time": _cell(cells, join_at if joined is None else leave_at)}
            raise ReportError(
                _l("line %(line)s: cannot read the join time '%(time)s'", **where)
                if joined is None
                else _l("line %(line)s: cannot read the leave time '%(time)s'", **where)
            )
        if left < joined:
            if left.date() == joined.date():
                left += timedelta(days=1)  # a time-of-day report that went past midnight
            else:
                raise ReportError(_l("line %(line)s: leaves before joining", line=number))
        found.append(Stretch(name=name, email=email, joined=joined, left=left))
    return found


def _cell(cells: list[str], at: int | None) -> str:
    return cells[at] if at is not None else ""


def merged_minutes(stretches: list[tuple[datetime, datetime]]) -> int:
    """Minutes covered by the stretches, overlaps counted once."""
    total, end = timedelta(0), None
    start = None
    for joined, left in sorted(stretches):
        if end is None or joined > end:
            if end is not None:
                total += end - start
            start, end = joined, left
        else:
            end = max(end, left)
    if end is not None:
        total += end - start
    return int(total.total_seconds() // 60)
