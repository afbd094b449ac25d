"""An organiser imports the lists they have, in real Chromium (CSRF on): an Excel workbook from a
phone, naming its sheet, and the CSV Excel saves on Windows from a desktop."""

from sqlalchemy import func, select

from seminar.extensions import db
from seminar.models import Participant
from tests.factories import make_edition, make_user
from tests.test_spreadsheets import (
    as_organisers_write_them,
    excel_csv,
    excel_xlsx,
    the_people,
    utf8_csv,
)


def log_in(page, url: str, email: str) -> None:
    page.goto(f"{url}/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill("a-long-password")
    page.locator("button[type=submit]").click()


def test_organiser_imports_an_excel_workbook_from_a_phone(live_server, phone, tmp_path):
    with live_server.app.app_context():
        edition = make_edition(capacity=100)
        slug, email = edition.slug, make_user("admin").email
        db.session.remove()
    rows = as_organisers_write_them(the_people(12))
    path = tmp_path / "lista.xlsx"
    path.write_bytes(excel_xlsx(rows, ("Instrucciones", "Lista"), data_sheet=1))

    log_in(phone, live_server.url, email)
    phone.goto(f"{live_server.url}/admin/e/{slug}/participants/?lang=es")
    phone.locator("#file").set_input_files(str(path))
    phone.locator("#sheet").fill("Lista")
    phone.locator("form[action$='/participants/import'] button").click()
    assert phone.locator("#import-source").inner_text() == (
        "Leído como libro de Excel, hoja «Lista»: 12 filas."
    )
    assert rows[0]["first_name"].strip() in phone.locator("#import-sample").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.get_by_role("button", name="Aplicar estos cambios").click()
    phone.wait_for_url(f"**/admin/e/{slug}/participants/")
    with live_server.app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Participant)) == 12


def test_organiser_is_told_a_csv_was_read_as_windows_1252(live_server, browser, tmp_path):
    with live_server.app.app_context():
        edition = make_edition(capacity=100)
        slug, email = edition.slug, make_user("admin").email
        db.session.remove()
    rows = as_organisers_write_them(the_people(5))
    path = tmp_path / "lista.csv"
    path.write_bytes(excel_csv(rows))

    page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="pt-BR")
    log_in(page, live_server.url, email)
    page.goto(f"{live_server.url}/admin/e/{slug}/participants/?lang=pt")
    page.locator("#file").set_input_files(str(path))
    page.locator("form[action$='/participants/import'] button").click()
    source = page.locator("#import-source").inner_text()
    page.close()
    assert source.startswith("Lido como texto CSV (Windows-1252, separador “;”): 5 linhas.")
    assert "O arquivo não está em UTF-8" in source


def test_organiser_reads_what_is_wrong_with_a_file_in_spanish_on_a_phone(
    live_server, phone, tmp_path
):
    with live_server.app.app_context():
        edition = make_edition(capacity=100)
        slug, email = edition.slug, make_user("admin").email
        db.session.remove()
    rows = the_people(4)
    rows[1]["country"] = "Atlántida"
    rows[2]["preferences"] = "11;42"
    path = tmp_path / "lista.csv"
    path.write_bytes(utf8_csv(rows))

    log_in(phone, live_server.url, email)
    phone.goto(f"{live_server.url}/admin/e/{slug}/participants/?lang=es")
    phone.locator("#file").set_input_files(str(path))
    phone.locator("form[action$='/participants/import'] button").click()
    errors = phone.locator("#import-errors li").all_inner_texts()
    assert errors == [
        "línea 3, columna country: país desconocido «Atlántida» (código ISO 3166-1 alfa-2 o un "
        "nombre)",
        "línea 4, columna preferences: ODS desconocido «42» (del 1 al 17)",
    ]
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.screenshot(path=str(tmp_path / "import-errors-es-360.png"), full_page=True)
    with live_server.app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Participant)) == 0
