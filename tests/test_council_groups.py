"""Small groups in the Council report: a group of 1–4 people never appears, in the page, the
PDF or the XLSX; the rule is stated. Editions compared side by side."""

import io
import re
from datetime import date

from openpyxl import load_workbook

from seminar.council.groups import Group, by_text, merge_small
from seminar.extensions import db
from tests.factories import make_attendance, make_edition, make_participant
from tests.readback import pdf_text


def test_small_groups_merge_and_the_merged_row_grows_until_it_is_not_small():
    groups = [Group("CL", "Chile", 9, 8), Group("AR", "Argentina", 3, 3),
              Group("UY", "Uruguay", 1, 0), Group("BR", "Brasil", 6, 6)]  # fmt: skip
    merged = merge_small(groups, "others")
    assert [(g.label, g.registered, g.attended, g.merged) for g in merged] == [
        ("Chile", 9, 8, 0), ("others", 10, 9, 3),
    ]  # fmt: skip
    # Registered 20 but only 3 came: the attended count alone makes a group small.
    assert merge_small([Group("a", "A", 20, 3), Group("b", "B", 6, 6)], "o")[-1].merged == 2


def test_self_described_answers_group_as_written_alike():
    found = by_text(
        [("Mujer", True, True), (" mujer ", True, False), ("MÚJER", True, True),
         (None, True, True), ("", True, False), ("No binario", True, True)],
        "not stated",
    )  # fmt: skip
    counts = {g.label: (g.registered, g.attended) for g in found}
    assert counts == {"Mujer": (3, 2), "not stated": (2, 1), "No binario": (1, 1)}


def small_edition():
    """Chile 8, Argentina 3, Uruguay 1 (each came), two genders written by 6 and 2 people."""
    edition = make_edition(slug="pequena")
    people = [("CL", "Puerto Montt", "Mujer")] * 6 + [("CL", "Osorno", "Hombre")] * 2
    people += [("AR", "Rosario", None)] * 3 + [("UY", "Salto", "no binarie")]
    for country, city, gender in people:
        person = make_participant(edition, country=country, city=city, gender=gender)
        make_attendance(person, date(2017, 10, 4))
    db.session.commit()
    return edition


def test_no_group_of_one_to_four_appears_on_the_page_pdf_or_xlsx(client, login):
    edition = small_edition()
    login()
    base = f"/admin/e/{edition.slug}/report"
    page = client.get(f"{base}/").get_data(as_text=True)
    for key in ("country", "city", "actor", "member", "gender"):
        table = page.split(f'id="table-{key}"')[1].split("</table>")[0]
        cells = re.findall(r'<td class="num">([^<]*)</td>', table)
        assert cells and all(c == "0" or c == "&lt; 5" or int(c) >= 5 for c in cells), key
    assert "Argentina" not in page.split('id="table-country"')[1].split("</table>")[0]
    assert "otros / grupos pequeños" in page and "no indicado" not in page.split("table-gender")[1]
    assert "se reúnen en «otros / grupos pequeños»" in page

    book = load_workbook(io.BytesIO(client.get(f"{base}/report.xlsx").data), read_only=True)
    for sheet in ("País", "Ciudad", "Tipo de actor", "Ciudades miembro", "Género"):
        for label, registered, attended in book[sheet].iter_rows(min_row=2, values_only=True):
            for n in (registered, attended):
                assert n == 0 or n == "< 5" or n >= 5, (sheet, label, n)
    text = " ".join(pdf_text(client.get(f"{base}/report.pdf?lang=es").data))
    assert "Argentina" not in text and "Uruguay" not in text and "Salto" not in text
    assert "otros / grupos pequeños" in text


def test_a_whole_edition_smaller_than_five_shows_less_than_five(client, login):
    edition = make_edition(slug="diminuta")
    for _ in range(3):
        make_attendance(make_participant(edition), date(2017, 10, 4))
    login()
    page = client.get(f"/admin/e/{edition.slug}/report/").get_data(as_text=True)
    table = page.split('id="table-country"')[1].split("</table>")[0]
    assert "&lt; 5" in table and ">3<" not in table


def test_two_editions_side_by_side(client, login):
    first = small_edition()
    second = make_edition(slug="segunda")
    for _ in range(7):
        make_attendance(
            make_participant(second, country="BR", city="Porto Alegre"), date(2017, 10, 5)
        )
    login()
    response = client.get(f"/admin/e/{second.slug}/report/compare?with={first.slug}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    headline = page.split('id="compare-headline"')[1].split("</table>")[0]
    registered = headline.split('data-key="registered"')[1].split("</tr>")[0]
    assert re.findall(r'<td class="num">(\d+)</td>', registered) == ["12", "7"]
    countries = page.split('id="compare-country"')[1].split("</table>")[0]
    assert "Brasil" in countries and "Argentina" not in countries
    assert client.get(f"/admin/e/{second.slug}/report/compare?with=nada").status_code == 404


def test_invitations_certificates_and_proposals_are_counted_from_their_rows(client, login):
    from datetime import UTC, datetime

    from seminar.certificates import services as certificates
    from seminar.models import Invitation, Proposal

    edition = make_edition(slug="conteos")
    for _ in range(6):
        make_attendance(make_participant(edition), date(2017, 10, 4))
    make_participant(edition)  # registered, never came: no certificate
    moment = datetime(2017, 9, 1, tzinfo=UTC)
    for n, status in enumerate(["new", "invited", "opened", "registered", "declined", "invited"]):
        db.session.add(
            Invitation(
                edition=edition, first_name="A", last_name=f"B{n}", email=f"i{n}@example.org",
                email_key=f"i{n}@example.org", country="AR", actor_type="local_government",
                status=status, invited_at=None if status == "new" else moment,
            )
        )  # fmt: skip
    for n, published in enumerate([True, True, False]):
        db.session.add(
            Proposal(
                edition_id=edition.id,
                ods=11,
                client_id=f"c{n}",
                text="Propuesta",
                published_at=moment if published else None,
            )  # fmt: skip
        )
    certificates.issue(edition)
    db.session.commit()
    login()
    page = client.get(f"/admin/e/{edition.slug}/report/").get_data(as_text=True)
    stats = dict(re.findall(r'data-key="(\w+)"><b>(\d+)</b>', page))
    assert stats == {
        "registered": "7", "attended": "6", "countries": "1", "member_cities": "1",
        "invitations_sent": "5", "invitations_answered": "2", "certificates": "6",
        "proposals": "2",
    }  # fmt: skip


def test_flask_report_writes_the_pdf_and_the_xlsx(runner, tmp_path):
    edition = small_edition()
    pdf_path, xlsx_path = tmp_path / "informe.pdf", tmp_path / "informe.xlsx"
    done = runner.invoke(
        args=["report", "--edition", edition.slug, "-o", str(pdf_path), "--lang", "pt"]
    )
    assert done.exit_code == 0, done.output
    text = " ".join(pdf_text(pdf_path.read_bytes()))
    assert "Relatório para o Conselho" in text and "outros / grupos pequenos" in text
    assert (
        runner.invoke(args=["report", "--edition", edition.slug, "-o", str(xlsx_path)]).exit_code
        == 0
    )
    book = load_workbook(xlsx_path, read_only=True)
    assert book.sheetnames[0] == "Resumen"
    bad = runner.invoke(args=["report", "--edition", edition.slug, "-o", str(tmp_path / "x.txt")])
    assert bad.exit_code != 0 and ".pdf or .xlsx" in bad.output
    assert not (tmp_path / "x.txt").exists()
