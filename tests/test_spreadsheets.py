"""Spreadsheets as organisers have them: the same people from a UTF-8 CSV, a Windows-1252 CSV as
Excel writes it and an .xlsx workbook; the XLSX export edited and imported back."""

import csv
import io
import zipfile
from datetime import datetime

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from seminar.csvfile import COLUMNS
from seminar.demo.people import people
from seminar.extensions import db
from seminar.models import Invitation, Participant, Preference, Workshop
from seminar.spreadsheets import SheetError, read
from tests.factories import make_edition

COUNTRY_NAMES = {  # as people write them, in es, pt and en
    "AR": ("Argentina", "Argentina", "Argentina"),
    "BO": ("Bolivia", "Bolívia", "Bolivia"),
    "BR": ("Brasil", "Brasil", "Brazil"),
    "CL": ("Chile", "Chile", "Chile"),
    "CO": ("Colombia", "Colômbia", "Colombia"),
    "EC": ("Ecuador", "Equador", "Ecuador"),
    "MX": ("México", "México", "Mexico"),
    "PA": ("Panamá", "Panamá", "Panama"),
    "PE": ("Perú", "Peru", "Peru"),
    "PY": ("Paraguay", "Paraguai", "Paraguay"),
    "UY": ("Uruguay", "Uruguai", "Uruguay"),
}
ACTOR_WORDS = {  # the registration form's labels in es, pt and en
    "local_government": ("Gobierno local", "Governo local", "Local government"),
    "regional_government": ("Gobierno regional", "Governo regional", "Regional government"),
    "national_government": ("Gobierno nacional", "Governo nacional", "National government"),
    "multilateral": (
        "Organismo multilateral",
        "Organismo multilateral",
        "Multilateral organisation",
    ),
    "civil_society": ("Sociedad civil", "Sociedade civil", "Civil society"),
    "academia": ("Academia", "Academia", "Academia"),
    "private_sector": ("Sector privado", "Setor privado", "Private sector"),
    "citizen": ("Ciudadanía", "Cidadania", "Citizen"),
}
LANGUAGE_WORDS = {"es": "Español", "pt": "Português", "en": "English"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def the_people(count: int = 200) -> list[dict]:
    rows = people(count, seed=20)
    for n, row in enumerate(rows):
        if n % 7 == 0:  # one ODS: a number in a spreadsheet cell
            row["preferences"] = row["preferences"].split(";")[0]
        if n % 11 == 0:
            row["position"] = ""
    return rows


def as_organisers_write_them(rows: list[dict]) -> list[dict]:
    """Names instead of codes (es, pt, en in turn), mailto: links and stray spaces."""
    written = []
    for n, row in enumerate(rows):
        language = n % 3
        written.append(
            {
                **row,
                "first_name": f"  {row['first_name']} ",
                "email": f"mailto:{row['email']}" if n % 4 == 0 else row["email"],
                "country": COUNTRY_NAMES[row["country"]][language],
                "actor_type": ACTOR_WORDS[row["actor_type"]][language],
                "language": LANGUAGE_WORDS[row["language"]] if n % 5 == 0 else row["language"],
                "city": f"{row['city']}\u00a0",
            }
        )
    return written


def utf8_csv(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def excel_csv(rows: list[dict]) -> bytes:
    """What "CSV (delimitado por comas)" writes on a Spanish Windows: Windows-1252, ';',
    quotes only where needed, CRLF, no BOM, formatted empty rows and columns at the end."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([*COLUMNS, "", ""])
    for row in rows:
        writer.writerow([*(row[c] for c in COLUMNS), "", ""])
    for _ in range(3):
        writer.writerow([""] * (len(COLUMNS) + 2))
    return buffer.getvalue().encode("cp1252")


def excel_xlsx(rows: list[dict], sheets: tuple[str, ...] = ("Hoja1",), data_sheet=0) -> bytes:
    """A workbook as Excel saves one: whole numbers as numbers, empty cells absent (None),
    dates as dates, an extra column the import does not know."""
    book = Workbook()
    book.active.title = sheets[0]
    for name in sheets[1:]:
        book.create_sheet(name)
    sheet = book.worksheets[data_sheet]
    sheet.append([*COLUMNS, "fecha de registro"])
    for n, row in enumerate(rows):
        cells = [row[c] or None for c in COLUMNS]
        if row["preferences"].isdigit():
            cells[-1] = int(row["preferences"])
        sheet.append([*cells, datetime(2017, 8, 1 + n % 28)])
    sheet.append([])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def imported(edition_id: int) -> list[tuple]:
    people_ = db.session.scalars(
        select(Participant).where(Participant.edition_id == edition_id).order_by(Participant.email)
    ).all()
    return [
        (*(getattr(p, c) for c in COLUMNS if c != "preferences"), tuple(p.ranking), p.status)
        for p in people_
    ]


def test_same_200_people_from_utf8_csv_windows_csv_and_xlsx_are_identical(runner, tmp_path):
    rows = the_people()
    written = as_organisers_write_them(rows)
    files = {
        "utf8.csv": utf8_csv(rows),
        "excel.csv": excel_csv(written),
        "lista.xlsx": excel_xlsx(written),
    }
    assert b"\xf1" in files["excel.csv"] and b";" in files["excel.csv"]  # ñ in Windows-1252
    results = []
    for name, data in files.items():
        edition = make_edition(capacity=500)
        path = tmp_path / name
        path.write_bytes(data)
        result = runner.invoke(
            args=["participants", "import", str(path), "--edition", edition.slug]
        )
        assert result.exit_code == 0, result.output
        assert "created 200, updated 0, unchanged 0" in result.output
        results.append((result.output, imported(edition.id)))
    (utf8_out, reference), (excel_out, from_excel), (xlsx_out, from_xlsx) = results
    assert len(reference) == 200
    assert from_excel == reference
    assert from_xlsx == reference
    assert "UTF-8, separator ','" in utf8_out
    assert "Windows-1252, separator ';'" in excel_out and "not UTF-8" in excel_out
    assert "Excel workbook, sheet 'Hoja1', 200 rows" in xlsx_out


def test_reimporting_the_excel_files_changes_nothing(runner, tmp_path):
    edition = make_edition(capacity=500)
    rows = as_organisers_write_them(the_people(40))
    for name, data in (("a.csv", excel_csv(rows)), ("b.xlsx", excel_xlsx(rows))):
        (tmp_path / name).write_bytes(data)
        result = runner.invoke(
            args=["participants", "import", str(tmp_path / name), "--edition", edition.slug]
        )
        assert result.exit_code == 0, result.output
    assert "created 0, updated 0, unchanged 40" in result.output


def snapshot(edition_id: int) -> dict[tuple[str, str], object]:
    """Every stored value of every participant of the edition, by (email, column)."""
    columns = [c for c in Participant.__table__.columns if c.name != "updated_at"]
    values = {}
    for row in db.session.execute(
        select(*columns).where(Participant.edition_id == edition_id)
    ).mappings():
        for column in columns:
            values[(row["email"], column.name)] = row[column.name]
    for email, rank, ods in db.session.execute(
        select(Participant.email, Preference.rank, Preference.ods).join(Participant.preferences)
    ):
        values[(email, f"preference {rank}")] = ods
    return values


def test_edited_xlsx_export_changes_exactly_the_edited_cells(runner, tmp_path):
    edition = make_edition(capacity=500)
    source = tmp_path / "people.csv"
    rows = the_people()
    rows[1]["institution"] = "=Municipalidad de Rosario"  # exported as text: '=Municipalidad…
    rows[2]["position"] = "+56 Encargada"
    source.write_bytes(utf8_csv(rows))
    runner.invoke(args=["participants", "import", str(source), "--edition", edition.slug])
    cancelled = db.session.scalars(select(Participant).order_by(Participant.id)).first()
    cancelled.status = "cancelled"
    edition.seats_taken -= 1
    db.session.commit()
    before = snapshot(edition.id)
    exported = tmp_path / "export.xlsx"
    result = runner.invoke(
        args=["participants", "export", "--edition", edition.slug, "-o", str(exported)]
    )
    assert result.exit_code == 0, result.output

    book = load_workbook(exported)
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    column = {name: header.index(name) + 1 for name in header}
    emails = {sheet.cell(r, column["email"]).value: r for r in range(2, sheet.max_row + 1)}
    assert len(emails) == 200 and cancelled.email in emails
    first, second, third = [e for e in sorted(emails) if e != cancelled.email][:3]
    sheet.cell(emails[first], column["city"]).value = "Valparaíso"
    sheet.cell(emails[second], column["preferences"]).value = 7  # typed: Excel keeps a number
    sheet.cell(emails[third], column["institution"]).value = "Intendencia de Montevideo"
    sheet.cell(emails[cancelled.email], column["position"]).value = "Alcalde"
    book.save(exported)

    result = runner.invoke(
        args=["participants", "import", str(exported), "--edition", edition.slug]
    )
    assert result.exit_code == 0, result.output
    assert "created 0, updated 4, unchanged 196" in result.output
    after = snapshot(edition.id)
    changed = {key: after.get(key) for key in before.keys() | after.keys()}
    changed = {key: value for key, value in changed.items() if before.get(key) != value}
    assert changed == {
        (first, "city"): "Valparaíso",
        (first, "search_text"): after[(first, "search_text")],  # the city is searchable
        (second, "preference 1"): 7,
        **{
            (second, f"preference {r}"): None
            for r in range(2, 9)
            if (second, f"preference {r}") in before
        },
        (third, "institution"): "Intendencia de Montevideo",
        (third, "search_text"): after[(third, "search_text")],
        (cancelled.email, "position"): "Alcalde",
    }
    assert after[(cancelled.email, "status")] == "cancelled"


def test_an_export_with_an_erased_person_imports_back_leaving_them_erased(runner, tmp_path):
    edition = make_edition(capacity=50)
    rows = the_people(6)
    source = tmp_path / "people.csv"
    source.write_bytes(utf8_csv(rows))
    runner.invoke(args=["participants", "import", str(source), "--edition", edition.slug])
    erased = runner.invoke(
        args=["participants", "erase", rows[2]["email"], "--edition", edition.slug]
    )
    assert erased.exit_code == 0, erased.output
    before = snapshot(edition.id)
    exported = tmp_path / "export.xlsx"
    runner.invoke(args=["participants", "export", "--edition", edition.slug, "-o", str(exported)])
    result = runner.invoke(
        args=["participants", "import", str(exported), "--edition", edition.slug]
    )
    assert result.exit_code == 0, result.output
    assert "created 0, updated 0, unchanged 5" in result.output
    assert snapshot(edition.id) == before


def test_export_status_edited_to_something_but_confirmed_is_refused(runner, tmp_path):
    edition = make_edition(capacity=50)
    source = tmp_path / "people.csv"
    source.write_bytes(utf8_csv(the_people(5)))
    runner.invoke(args=["participants", "import", str(source), "--edition", edition.slug])
    exported = tmp_path / "export.xlsx"
    runner.invoke(args=["participants", "export", "--edition", edition.slug, "-o", str(exported)])
    book = load_workbook(exported)
    header = [cell.value for cell in book.active[1]]
    book.active.cell(3, header.index("status") + 1).value = "cancelled"
    book.active.cell(4, header.index("city") + 1).value = "Rosario"
    book.save(exported)
    result = runner.invoke(
        args=["participants", "import", str(exported), "--edition", edition.slug]
    )
    assert result.exit_code != 0
    assert "line 3, column status: 'confirmed' cannot become 'cancelled'" in result.output
    assert "Rosario" not in db.session.scalars(select(Participant.city)).all()


def test_a_file_neither_utf8_nor_windows_1252_names_the_line_and_how_to_save_it(runner, tmp_path):
    edition = make_edition()
    text = excel_csv(the_people(3)).split(b"\r\n")
    text[2] = text[2].replace(b"@", b"\x81@", 1)  # a byte Windows-1252 does not define
    path = tmp_path / "lista.csv"
    path.write_bytes(b"\r\n".join(text))
    result = runner.invoke(args=["participants", "import", str(path), "--edition", edition.slug])
    assert result.exit_code != 0
    assert "line 3: the file is neither UTF-8 nor Windows-1252 text" in result.output
    assert "CSV UTF-8" in result.output
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 0


def opendocument() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def test_a_file_mixing_utf8_and_windows_1252_is_refused_naming_the_line(runner, tmp_path):
    edition = make_edition()
    rows = the_people(4)
    rows[0]["first_name"], rows[2]["first_name"] = "Begoña", "Conceição"
    pasted = utf8_csv(rows[2:]).decode().split("\n", 1)[1].encode("cp1252")
    path = tmp_path / "pegado.csv"
    path.write_bytes(utf8_csv(rows[:2]) + pasted)
    result = runner.invoke(args=["participants", "import", str(path), "--edition", edition.slug])
    assert result.exit_code != 0
    assert "line 4: the file is UTF-8 up to byte" in result.output
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 0


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old Excel .xls workbook"),
        (b"PK\x03\x04 not really a zip", "neither CSV text nor an Excel .xlsx workbook"),
        (b"%PDF-1.7\n\0\0\0", "line 2: the file is not text"),
        (opendocument(), "OpenDocument spreadsheet (.ods); in LibreOffice choose File > Save As"),
    ],
)
def test_files_that_are_not_tables_are_refused_with_a_reason(runner, tmp_path, data, reason):
    edition = make_edition()
    path = tmp_path / "file"
    path.write_bytes(data)
    result = runner.invoke(args=["participants", "import", str(path), "--edition", edition.slug])
    assert result.exit_code != 0
    assert reason in result.output


def test_a_workbook_that_unpacks_to_too_much_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setattr("seminar.spreadsheets.UNPACKED_LIMIT", 2**20)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<" * 3 * 2**20)
    assert len(buffer.getvalue()) < 2**15
    with pytest.raises(
        SheetError, match="the workbook unpacks to 3 MB, more than .* needs \\(1 MB\\)"
    ):
        read(buffer.getvalue())


def test_sheet_option_reads_the_named_sheet_and_names_the_sheets_there_are(runner, tmp_path):
    edition = make_edition()
    path = tmp_path / "lista.xlsx"
    rows = the_people(4)
    path.write_bytes(excel_xlsx(rows, sheets=("Instrucciones", "Participantes"), data_sheet=1))
    first = runner.invoke(args=["participants", "import", str(path), "--edition", edition.slug])
    assert first.exit_code != 0
    assert (
        "the sheet 'Instrucciones' is empty (the workbook has 'Instrucciones', 'Participantes')"
        in first.output
    )
    wrong = runner.invoke(
        args=["participants", "import", str(path), "--edition", edition.slug, "--sheet", "Hoja1"]
    )
    assert "no sheet 'Hoja1' (it has 'Instrucciones', 'Participantes')" in wrong.output
    right = runner.invoke(
        args=["participants", "import", str(path), "--edition", edition.slug]
        + ["--sheet", "Participantes"]
    )
    assert right.exit_code == 0, right.output
    assert "created 4" in right.output


def test_admin_preview_says_the_file_was_read_as_windows_1252(client, login):
    edition = make_edition(capacity=100)
    login()
    rows = as_organisers_write_them(the_people(6))
    preview = client.post(
        f"/admin/e/{edition.slug}/participants/import?lang=es",
        data={"file": (io.BytesIO(excel_csv(rows)), "lista.csv")},
        content_type="multipart/form-data",
    )
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200, page
    assert "Leído como texto CSV (Windows-1252, separador “;”): 6 filas." in page
    assert "El archivo no está en UTF-8" in page
    assert rows[0]["first_name"].strip() in page  # the first rows as read, accents and all


def test_admin_preview_refuses_in_the_page_language(client, login):
    edition = make_edition(capacity=2)
    login()
    url = f"/admin/e/{edition.slug}/participants/import"
    old = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100
    spanish = client.post(
        url + "?lang=es",
        data={"file": (io.BytesIO(old), "lista.xls")},
        content_type="multipart/form-data",
    )
    assert spanish.status_code == 422
    assert (
        "el archivo es un libro antiguo de Excel .xls, que no se puede leer; en Excel elija "
        "Archivo &gt; Guardar como &gt; «CSV UTF-8 (delimitado por comas) (*.csv)»"
    ) in spanish.get_data(as_text=True)
    portuguese = client.post(
        url + "?lang=pt",
        data={"file": (io.BytesIO(utf8_csv(the_people(3))), "lista.csv")},
        content_type="multipart/form-data",
    )
    assert portuguese.status_code == 422
    assert (
        "a importação precisa de 3 vagas mas a edição tem 2 livres (capacidade 2)"
        in portuguese.get_data(as_text=True)
    )
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 0


def test_admin_imports_an_xlsx_from_preview_to_apply(client, login):
    edition = make_edition(capacity=100)
    login()
    data = excel_xlsx(as_organisers_write_them(the_people(9)), ("Notas", "Lista"), data_sheet=1)
    preview = client.post(
        f"/admin/e/{edition.slug}/participants/import?lang=en",
        data={"file": (io.BytesIO(data), "lista.xlsx", XLSX), "sheet": "Lista"},
        content_type="multipart/form-data",
    )
    page = preview.get_data(as_text=True)
    assert "Read as an Excel workbook, sheet “Lista”: 9 rows." in page
    upload = page.split('name="upload" type="hidden" value="')[1][:32]
    client.post(
        f"/admin/e/{edition.slug}/participants/import/apply",
        data={"upload": upload, "sheet": "Lista"},
    )
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 9


def test_invitations_import_reads_an_xlsx(runner, tmp_path):
    edition = make_edition()
    book = Workbook()
    book.active.append([*COLUMNS[:-1], "organisation_level", "greeting", "segment"])
    book.active.append(
        ["Ana", "Souza", "mailto:ana@rio.example", "Brasil", "Rio de Janeiro", "Prefeitura",
         None, "Governo local", "Português", "participant", None, "Cara Ana,", "Capitais"]
    )  # fmt: skip
    path = tmp_path / "convidados.xlsx"
    book.save(path)
    result = runner.invoke(args=["invitations", "import", str(path), "--edition", edition.slug])
    assert result.exit_code == 0, result.output
    invitation = db.session.scalars(select(Invitation)).one()
    assert (invitation.email, invitation.country, invitation.actor_type, invitation.language) == (
        "ana@rio.example",
        "BR",
        "local_government",
        "pt",
    )
    assert (invitation.organisation_level, invitation.segment) == ("local", "Capitais")


def test_workshops_import_reads_numbers_from_an_xlsx(runner, tmp_path):
    edition = make_edition(rounds=0)
    book = Workbook()
    book.active.append(["round", "ods", "room", "capacity", None, None])
    book.active.append([1, 11, "Sala Tepual", 30.0])
    book.active.append([2, 6.0, "  Sala Reloncaví ", 25])
    path = tmp_path / "talleres.xlsx"
    book.save(path)
    result = runner.invoke(args=["workshops", "import", str(path), "--edition", edition.slug])
    assert result.exit_code == 0, result.output
    workshops = db.session.scalars(select(Workshop).order_by(Workshop.ods)).all()
    assert [(w.round.label, w.ods, w.room.name, w.capacity) for w in workshops] == [
        ("2", 6, "Sala Reloncaví", 25),
        ("1", 11, "Sala Tepual", 30),
    ]
    exported = tmp_path / "out.xlsx"
    runner.invoke(args=["workshops", "export", "--edition", edition.slug, "-o", str(exported)])
    assert list(load_workbook(exported).active.values)[0] == ("round", "ods", "room", "capacity",
                                                              "assigned")  # fmt: skip


def test_admin_workshops_upload_reads_an_xlsx_and_says_so(client, login):
    edition = make_edition(rounds=0)
    login()
    book = Workbook()
    book.active.title = "Talleres"
    book.active.append(["round", "ods", "room", "capacity"])
    book.active.append([1, 11, "Sala Tepual", 30])
    buffer = io.BytesIO()
    book.save(buffer)
    response = client.post(
        f"/admin/e/{edition.slug}/workshops/import?lang=pt",
        data={"file": (io.BytesIO(buffer.getvalue()), "talleres.xlsx", XLSX)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "Lido como pasta de trabalho do Excel, planilha “Talleres”: 1 linhas." in (
        response.get_data(as_text=True)
    )
    assert [(w.ods, w.capacity) for w in db.session.scalars(select(Workshop))] == [(11, 30)]


def test_quoted_semicolons_bom_crlf_and_empty_rows_and_columns():
    data = (
        '\ufeffsep=;\r\nname;preferences;;\r\n\r\n  Ana ;"11;6;13";;\r\n'
        '"Pérez; José";"7";\r\n;;;\r\n;;;\r\n'
    ).encode()
    table = read(data)
    assert table.header == ["name", "preferences"]
    assert table.rows == [(4, ["Ana", "11;6;13"]), (5, ["Pérez; José", "7"])]
    assert (table.encoding, table.separator) == ("utf-8", ";")


def test_utf16_tab_separated_text_as_excel_saves_unicode_text():
    table = read("name\tcity\nJoão\tSão Paulo\n".encode("utf-16"))
    assert (table.encoding, table.separator, table.rows) == (
        "utf-16",
        "\t",
        [(2, ["João", "São Paulo"])],
    )


def test_more_cells_than_the_header_names_the_line():
    with pytest.raises(SheetError, match="line 3: more fields than columns in the header"):
        read(b"a,b\n1,2\n1,2,3\n")


def test_workbook_cells_read_as_excel_shows_them():
    book = Workbook()
    book.active.append(["n", "capacity", "share", "day", "moment", "empty", "yes", "text"])
    book.active.append([11, 30.0, 0.1 + 0.2, datetime(2017, 10, 4), datetime(2017, 10, 4, 9, 30),
                        None, True, "  Sala Tepual\u00a0"])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    table = read(buffer.getvalue())
    assert table.rows == [
        (2, ["11", "30", "0.3", "2017-10-04", "2017-10-04 09:30:00", "", "TRUE", "Sala Tepual"])
    ]


def test_admin_invitations_upload_reads_an_xlsx(client, login):
    edition = make_edition()
    login()
    book = Workbook()
    book.active.append([*COLUMNS[:-1], "segment"])
    book.active.append(["Ana", "Souza", "ana@rio.example", "Brazil", "Rio", "Prefeitura", None,
                        "Local government", "pt", "participant", "Capitais"])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    response = client.post(
        f"/admin/e/{edition.slug}/invitations/import?lang=en",
        data={"file": (io.BytesIO(buffer.getvalue()), "invitees.xlsx", XLSX)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "Read as an Excel workbook, sheet “Sheet”: 1 rows." in response.get_data(as_text=True)
    invitation = db.session.scalars(select(Invitation)).one()
    assert (invitation.country, invitation.actor_type, invitation.segment) == (
        "BR",
        "local_government",
        "Capitais",
    )


def test_admin_xlsx_export_edited_and_uploaded_previews_only_the_edit(
    client, login, runner, tmp_path
):
    edition = make_edition(capacity=100)
    source = tmp_path / "people.csv"
    source.write_bytes(utf8_csv(the_people(30)))
    runner.invoke(args=["participants", "import", str(source), "--edition", edition.slug])
    login()
    exported = client.get(f"/admin/e/{edition.slug}/participants/export.xlsx")
    book = load_workbook(io.BytesIO(exported.data))
    header = [cell.value for cell in book.active[1]]
    book.active.cell(7, header.index("city") + 1).value = "Valparaíso"
    edited = io.BytesIO()
    book.save(edited)
    preview = client.post(
        f"/admin/e/{edition.slug}/participants/import?lang=en",
        data={"file": (io.BytesIO(edited.getvalue()), "edited.xlsx", XLSX)},
        content_type="multipart/form-data",
    )
    page = preview.get_data(as_text=True)
    assert "<b>0</b> new · <b>1</b> changed · <b>29</b> unchanged" in page
    assert "<td>7</td>" in page and "<td>City</td>" in page


def test_a_sheet_named_for_a_csv_file_is_refused():
    with pytest.raises(SheetError, match="the file is CSV text, which has no sheets"):
        read(b"a,b\n1,2\n", sheet="Hoja1")
