"""Catering and access: needs per day of confirmed people who consented, and the exports."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from tests.factories import make_attendance, make_edition, make_participant


@pytest.fixture
def client(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def edition():
    """Four days (4–7 Oct 2017); two consented needs, one without consent, one waitlisted."""
    edition = make_edition()
    # One family name, so that Ana's spelling is the first read (the one shown) on any database.
    ana = make_participant(
        edition, first_name="Ana", last_name="Soto", consent_sensitive=True, dietary="Vegetariano"
    )
    make_participant(
        edition,
        first_name="Beto",
        last_name="Soto",
        consent_sensitive=True,
        dietary="  vegetariano ",
        accessibility='=HYPERLINK("http://x")',
    )
    make_participant(edition, first_name="Carla", consent_sensitive=False, dietary="Celíaca")
    make_participant(
        edition, first_name="Dora", status="waitlisted", consent_sensitive=True, dietary="Vegana"
    )
    make_participant(edition, first_name="Eva")
    make_attendance(ana, date(2017, 10, 4))
    return edition


def test_needs_page_counts_per_day_only_consented_confirmed_people(client, login, edition):
    login()
    page = client.get(f"/admin/e/{edition.slug}/needs/").get_data(as_text=True)
    assert page.count("Vegetariano: <b>2</b>") == 4  # one line per day, written alike counted once
    assert "Celíaca" not in page and "Vegana" not in page and "vegetariano: <b>" not in page
    assert "People with a need (2)" in page
    # Day 1: four expected, one checked in.
    assert '"Expected"><div>4</div></td><td data-label="Checked in"><div>1</div>' in page


def test_needs_csv_lists_each_day_and_never_hands_a_formula(client, login, edition):
    login()
    response = client.get(f"/admin/e/{edition.slug}/needs/export.csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 8  # two people × four days
    assert {r["first_name"] for r in rows} == {"Ana", "Beto"}
    first_day = {r["first_name"]: r["checked_in"] for r in rows if r["day"] == "2017-10-04"}
    assert first_day == {"Ana": "yes", "Beto": "no"}
    assert {r["checked_in"] for r in rows if r["day"] == "2017-10-05"} == {""}
    beto = next(r for r in rows if r["first_name"] == "Beto")
    assert beto["accessibility"] == '\'=HYPERLINK("http://x")'


def test_needs_xlsx_holds_the_same_rows_as_text(client, login, edition):
    login()
    response = client.get(f"/admin/e/{edition.slug}/needs/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = list(sheet.values)
    assert values[0][:3] == ("day", "first_name", "last_name")
    assert len(values) == 9
    assert all(not str(cell or "").startswith("=") for row in values for cell in row)


def test_an_unknown_export_format_is_404(client, login, edition):
    login()
    assert client.get(f"/admin/e/{edition.slug}/needs/export.pdf").status_code == 404
