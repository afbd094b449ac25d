"""Exports stream: CSV line by line, XLSX a row at a time into its zip, every cell made safe."""

import csv
import io

from openpyxl import load_workbook

from seminar import exports
from seminar.participants import services
from tests.factories import make_edition, make_participant


def many(n: int):
    for i in range(n):
        yield {"first_name": f"=cmd{i}", "last_name": "x" * 40, "email": f"p{i}@example.org"}


def test_csv_lines_leave_in_chunks_as_the_rows_are_read():
    read = []

    def rows():
        for row in many(5000):
            read.append(row)
            yield row

    columns = ("first_name", "last_name", "email")
    chunks = exports.csv_lines(rows(), columns)
    first = next(chunks)
    assert first.startswith("first_name,last_name,email\n")
    assert 0 < len(read) < 5000  # the first chunk left before the last row was read
    text = first + "".join(chunks)
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert len(parsed) == 5000 and parsed[4999]["first_name"] == "'=cmd4999"


def test_xlsx_chunks_make_a_workbook_with_safe_cells():
    data = b"".join(exports.xlsx_chunks(many(3000), ("first_name", "email"), "people"))
    sheet = load_workbook(io.BytesIO(data), read_only=True)["people"]
    rows = list(sheet.values)
    assert rows[0] == ("first_name", "email") and len(rows) == 3001
    assert rows[3000] == ("'=cmd2999", "p2999@example.org")


def test_participants_exports_are_streamed_responses(app, client, login):
    edition = make_edition()
    make_participant(edition, first_name="Conceição", ranking=(3, 1))
    view = app.view_functions["participants.export"]
    for fmt in ("csv", "xlsx"):
        with app.test_request_context(f"/admin/e/{edition.slug}/participants/export.{fmt}"):
            response = view(slug=edition.slug, fmt=fmt)
            assert response.is_streamed, fmt
            assert response.get_data()
    login()
    text = client.get(f"/admin/e/{edition.slug}/participants/export.csv").text
    (row,) = csv.DictReader(io.StringIO(text))
    assert row["first_name"] == "Conceição" and row["preferences"] == "3;1"


def test_export_rows_are_read_lazily(app):
    edition = make_edition()
    make_participant(edition)
    rows = services.export_rows(edition)
    assert not isinstance(rows, list)
    (row,) = rows
    assert row["status"] == "confirmed" and row["checked_in_days"] == "0"


def test_xlsx_cells_keep_markup_spaces_and_empty_cells_in_their_columns():
    rows = [{"a": '<b>Ñandú & "Cía"</b>', "b": "", "c": "  two spaces  "}, {"c": "x"}]
    data = b"".join(exports.xlsx_chunks(rows, ("a", "b", "c"), 'Hoja "1" & más'))
    sheet = load_workbook(io.BytesIO(data))['Hoja "1" & más']
    values = list(sheet.values)
    assert values == [
        ("a", "b", "c"),
        ('<b>Ñandú & "Cía"</b>', None, "  two spaces  "),
        (None, None, "x"),
    ]


def test_table_downloads_name_their_file_and_refuse_other_formats(client, login):
    edition = make_edition(rounds=1)
    make_participant(edition, first_name="Conceição")
    login()
    base = f"/admin/e/{edition.slug}"
    workbook = client.get(f"{base}/participants/export.xlsx")
    assert workbook.headers["Content-Disposition"] == (
        f'attachment; filename="{edition.slug}-participants.xlsx"'
    )
    assert workbook.mimetype == exports.XLSX_TYPE
    sheet = load_workbook(io.BytesIO(workbook.get_data()), read_only=True)["participants"]
    assert next(sheet.values)[0] == "first_name"
    needs = client.get(f"{base}/needs/export.csv")
    assert needs.mimetype == "text/csv"
    assert (
        needs.headers["Content-Disposition"] == f'attachment; filename="{edition.slug}-needs.csv"'
    )
    for path in ("participants/export.pdf", "needs/export.json", "travel/export.ods"):
        assert client.get(f"{base}/{path}").status_code == 404, path
    cities = client.get("/admin/network/members.csv")
    assert cities.headers["Content-Disposition"] == 'attachment; filename="member-cities.csv"'
    assert cities.get_data(as_text=True).startswith("country,city\n")
