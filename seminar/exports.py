"""Exports written as they are read: CSV a line at a time, XLSX through openpyxl's write-only
workbook, so memory stays flat however many rows there are. Every cell goes through
``seminar.cells.safe_cell``: a spreadsheet never receives a formula."""

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator

from seminar.cells import safe_cell

CHUNK = 64 * 1024
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_lines(rows: Iterable[dict], columns: tuple[str, ...]) -> Iterator[str]:
    """The header, then one CSV line per row, each yielded as soon as it is written."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: safe_cell(row.get(c, "")) for c in columns})
        if buffer.tell() >= CHUNK:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_chunks(rows: Iterable[dict], columns: tuple[str, ...], sheet: str) -> Iterator[bytes]:
    """The workbook, written row by row to a temporary file, then read back in chunks."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    page = book.create_sheet(sheet)
    page.append(list(columns))
    for row in rows:
        page.append([safe_cell(row.get(c, "")) for c in columns])
    with tempfile.TemporaryFile() as file:
        book.save(file)
        file.seek(0)
        while chunk := file.read(CHUNK):
            yield chunk


def to_csv(rows: Iterable[dict], columns: tuple[str, ...]) -> str:
    return "".join(csv_lines(rows, columns))


def to_xlsx(rows: Iterable[dict], columns: tuple[str, ...], sheet: str = "participants") -> bytes:
    return b"".join(xlsx_chunks(rows, columns, sheet))


def workbook(sheets: Iterable[tuple[str, list, Iterable[list]]]) -> bytes:
    """A workbook of several sheets (name, header, rows): numbers stay numbers, text goes
    through safe_cell."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for name, header, rows in sheets:
        page = book.create_sheet(name[:31])
        page.append([safe_cell(h) for h in header])
        for row in rows:
            page.append(
                [v if isinstance(v, int) and not isinstance(v, bool) else safe_cell(v) for v in row]
            )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
