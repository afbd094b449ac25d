"""The tables organisers bring, as Excel leaves them: CSV (UTF-8, else Windows-1252 or UTF-16;
',', ';' or tab) or an .xlsx workbook, read into a header and numbered rows of text."""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from seminar.cells import FORMULA_STARTS

HOW_TO_SAVE = _l(
    "in Excel choose File > Save As > 'CSV UTF-8 (Comma delimited) (*.csv)', "
    "or upload the .xlsx workbook itself"
)
UNPACKED_LIMIT = 200 * 2**20
ZIP, OLE2 = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EMPTY = _l("the file is empty")
SEPARATOR_NAMES = {",": "','", ";": "';'", "\t": "tab"}
ENCODING_NAMES = {"utf-8": "UTF-8", "windows-1252": "Windows-1252", "utf-16": "UTF-16"}


class SheetError(ValueError):
    """The file was rejected, naming each line and column. The reasons are read where they are
    shown, in that reader's language: a page's, or the command line's English."""

    def __init__(self, reasons: list):
        super().__init__()
        self.reasons = reasons

    @property
    def errors(self) -> list[str]:
        """Each reason as plain text (escaped wherever a page shows it)."""
        return [str(reason) for reason in self.reasons]

    def __str__(self) -> str:
        errors = self.errors
        more = " " + _("(+%(n)s more)", n=len(errors) - 5) if len(errors) > 5 else ""
        return "; ".join(errors[:5]) + more


def at(line: int, column: str, problem) -> LazyString:
    """A reason about one cell: 'line N, column C: problem' (a translation may reorder them)."""
    return _l(
        "line %(line)s, column %(column)s: %(problem)s", line=line, column=column, problem=problem
    )


IS_REQUIRED = _l("is required")


def unknown_ods(text: str) -> LazyString:
    return _l("unknown ODS '%(ods)s' (1 to 17)", ods=text)


def longer_than(limit: int) -> LazyString:
    return _l("is longer than %(limit)s characters", limit=limit)


def require_columns(table: "Table", columns) -> None:
    """Refuse a table whose header lacks any of `columns`."""
    missing = [c for c in columns if c not in table.header]
    if missing:
        raise SheetError(
            [
                _l(
                    "line %(line)s: missing column(s) %(columns)s",
                    line=table.header_line,
                    columns=", ".join(missing),
                )
            ]
        )


@dataclass
class Table:
    """A header (lower-cased) and the rows under it, each with its line (or row) in the file."""

    kind: str  # "csv" or "xlsx"
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    encoding: str = ""  # csv: "utf-8", "windows-1252" or "utf-16"
    separator: str = ""  # csv
    sheet: str = ""  # xlsx
    header_line: int = 1

    def records(self):
        """(line, {column: text}) for every row that is not empty."""
        for line, cells in self.rows:
            yield line, dict(zip(self.header, cells, strict=False))

    def describe(self) -> str:
        """One line for the command line: what was read and how."""
        if self.kind == "xlsx":
            return f"read an Excel workbook, sheet '{self.sheet}', {len(self.rows)} rows"
        encoding = ENCODING_NAMES[self.encoding]
        separator = SEPARATOR_NAMES[self.separator]
        text = f"read CSV text, {encoding}, separator {separator}, {len(self.rows)} rows"
        if self.encoding == "windows-1252":
            text += (
                " (the file is not UTF-8: read as Windows-1252, as Excel saves CSV on Windows; "
                "check the accents)"
            )
        return text


def read(data: bytes, sheet: str | None = None) -> Table:
    """A CSV file or an .xlsx workbook (its first sheet, or the one named); raises SheetError."""
    if data.startswith(ZIP):
        return _workbook(data, sheet)
    if data.startswith(OLE2):
        raise SheetError(
            [
                _l(
                    "the file is an old Excel .xls workbook, which cannot be read; %(how)s",
                    how=HOW_TO_SAVE,
                )
            ]
        )
    if sheet is not None:
        raise SheetError(
            [_l("the file is CSV text, which has no sheets (asked for '%(sheet)s')", sheet=sheet)]
        )
    text, encoding = _decode(data)
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if not first:
        raise SheetError([EMPTY])
    if lines[0].lower().startswith("sep=") and len(lines[0]) == 5:  # Excel's own hint line
        separator, text, offset = lines[0][4], text.partition("\n")[2], 1
    else:
        separator, offset = max(",;\t", key=first.count), 0
    table = Table("csv", [], encoding=encoding, separator=separator)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    numbered, previous = [], 0
    try:
        for cells in reader:
            numbered.append((previous + 1 + offset, cells))
            previous = reader.line_num
    except csv.Error as exc:
        line = reader.line_num + offset
        raise SheetError(
            [
                _l(
                    "line %(line)s: %(problem)s; %(how)s",
                    line=line,
                    problem=str(exc),
                    how=HOW_TO_SAVE,
                )
            ]
        ) from exc
    return _tabulate(table, numbered)


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text"
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise SheetError(
            [
                _l(
                    "line %(line)s: the file is not text (a zero byte); %(how)s",
                    line=line,
                    how=HOW_TO_SAVE,
                )
            ]
        )
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        if any(byte >= 0x80 for byte in data[: exc.start]):  # UTF-8 accents before: a mixed file
            line = data[: exc.start].count(b"\n") + 1
            raise SheetError(
                [
                    _l(
                        "line %(line)s: the file is UTF-8 up to byte %(byte)s, where text in "
                        "another encoding begins (pasted from another file?); %(how)s",
                        line=line,
                        byte=exc.start + 1,
                        how=HOW_TO_SAVE,
                    )
                ]
            ) from exc
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SheetError(
            [
                _l(
                    "line %(line)s: the file is neither UTF-8 nor Windows-1252 text "
                    "(byte %(byte)s); %(how)s",
                    line=line,
                    byte=exc.start + 1,
                    how=HOW_TO_SAVE,
                )
            ]
        ) from exc


def _workbook(data: bytes, sheet: str | None) -> Table:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise SheetError([_not_a_workbook(data)]) from exc
    if unpacked > UNPACKED_LIMIT:  # a few MB of zip can unpack to gigabytes
        raise SheetError(
            [
                _l(
                    "the workbook unpacks to %(size)s MB, more than a list of people needs "
                    "(%(limit)s MB); save only the sheet to import, as .xlsx or CSV UTF-8",
                    size=unpacked // 2**20,
                    limit=UNPACKED_LIMIT // 2**20,
                )
            ]
        )
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SheetError([_not_a_workbook(data)]) from exc
    try:
        if sheet is None:
            chosen = book.worksheets[0]
        elif sheet in book.sheetnames:
            chosen = book[sheet]
        else:
            names = ", ".join(f"'{name}'" for name in book.sheetnames)
            raise SheetError(
                [
                    _l(
                        "the workbook has no sheet '%(sheet)s' (it has %(names)s)",
                        sheet=sheet,
                        names=names,
                    )
                ]
            )
        chosen.reset_dimensions()  # some programs write a wrong size; read every row there is
        numbered = [
            (line, [_text(value) for value in values])
            for line, values in enumerate(chosen.iter_rows(values_only=True), 1)
        ]
        names = ", ".join(f"'{name}'" for name in book.sheetnames)
    finally:
        book.close()
    empty = _l(
        "the sheet '%(sheet)s' is empty (the workbook has %(names)s)",
        sheet=chosen.title,
        names=names,
    )
    return _tabulate(Table("xlsx", [], sheet=chosen.title), numbered, empty)


def _not_a_workbook(data: bytes):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            kind = archive.read("mimetype").decode() if "mimetype" in archive.namelist() else ""
    except (zipfile.BadZipFile, KeyError, OSError):
        kind = ""
    if "opendocument.spreadsheet" in kind:
        return _l(
            "the file is an OpenDocument spreadsheet (.ods); in LibreOffice choose File > "
            "Save As > 'Excel 2007-365 (.xlsx)' or 'Text CSV' with UTF-8"
        )
    return _l("the file is neither CSV text nor an Excel .xlsx workbook; %(how)s", how=HOW_TO_SAVE)


def _text(value) -> str:
    """A cell as Excel shows it: whole numbers without '.0', dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.15g}"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def _clean(cell: str) -> str:
    cell = cell.strip()
    # seminar.cells marks a formula-like text with an apostrophe on export; drop it again.
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def _tabulate(table: Table, numbered: list[tuple[int, list[str]]], empty=EMPTY) -> Table:
    """Header from the first row that is not empty; empty rows and trailing empty cells dropped."""
    errors = []
    for line, cells in numbered:
        cells = [_clean(cell) for cell in cells]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue
        if not table.header:
            table.header, table.header_line = [cell.lower() for cell in cells], line
            repeated = {name for name in table.header if name and table.header.count(name) > 1}
            if repeated:
                columns = ", ".join(sorted(repeated))
                errors.append(
                    _l("line %(line)s: column(s) %(columns)s twice", line=line, columns=columns)
                )
            continue
        if len(cells) > len(table.header):
            errors.append(_l("line %(line)s: more fields than columns in the header", line=line))
        table.rows.append((line, cells))
    if not table.header:
        raise SheetError([empty])
    if errors:
        raise SheetError(errors)
    return table


def summary(table: Table) -> str:
    """What was read, in the organiser's language, for the pages that import."""
    if table.kind == "xlsx":
        return _(
            "Read as an Excel workbook, sheet “%(sheet)s”: %(rows)s rows.",
            sheet=table.sheet,
            rows=len(table.rows),
        )
    text = _(
        "Read as CSV text (%(encoding)s, separator %(separator)s): %(rows)s rows.",
        encoding=ENCODING_NAMES[table.encoding],
        separator=_("tab") if table.separator == "\t" else f"“{table.separator}”",
        rows=len(table.rows),
    )
    if table.encoding == "windows-1252":
        text += " " + _(
            "The file is not UTF-8: it was read as Windows-1252, the way Excel saves CSV on "
            "Windows. Check the accents; if they look wrong, save it from Excel as “CSV UTF-8”."
        )
    return text
