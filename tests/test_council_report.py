"""The report for the Council of the 2018 demo edition against its check-in records, counted
here independently from the scans themselves; its PDF and XLSX read back."""

import io
import unicodedata
from collections import defaultdict

import pytest
from flask import current_app
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from seminar.council import figures, tables
from seminar.demo import puerto_montt
from seminar.extensions import db
from seminar.models import Assignment, CheckIn, MemberCity, Participant, Round
from tests.readback import pdf_text

SLUG = "puerto-montt-2018"


@pytest.fixture
def edition_2018(app):
    edition = puerto_montt.create_2018()
    db.session.commit()
    return edition


def report_of(edition):
    """The report as the page builds it, in Spanish."""
    with current_app.test_request_context("/?lang=es"):
        return tables.report(figures.count(edition))


def scanned_days(edition) -> dict[int, set]:
    """Each person's days at the door, from the scans: accepted ones, not undone, local day."""
    days = defaultdict(set)
    for person_id, moment in db.session.execute(
        select(CheckIn.participant_id, CheckIn.scanned_at).where(
            CheckIn.edition_id == edition.id,
            CheckIn.result.in_(("ok", "already_checked_in")),
            CheckIn.undone_at.is_(None),
            CheckIn.participant_id.is_not(None),
        )
    ):
        day = moment.astimezone(edition.tz).date()
        if edition.starts_on <= day <= edition.ends_on:
            days[person_id].add(day)
    return days


def folded(text) -> str:
    text = unicodedata.normalize("NFKD", (text or "").lower())
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


def independent(edition, days, attribute) -> dict[str, tuple[int, int]]:
    """(registered, attended) per value of attribute(person), counted over the rows."""
    counts = defaultdict(lambda: [0, 0])
    for person in db.session.scalars(
        select(Participant).where(Participant.edition_id == edition.id)
    ):
        if person.status == "confirmed" or person.id in days:
            counts[attribute(person)][0] += person.status == "confirmed"
            counts[attribute(person)][1] += person.id in days
    return {k: tuple(v) for k, v in counts.items()}


def assert_matches(breakdown, expected: dict, key_of=lambda g: g.key):
    shown = {key_of(g): g.counts for g in breakdown.groups if g.key != "others"}
    for key, counts in shown.items():
        assert expected[key] == counts, (breakdown.key, key)
    rest = [v for k, v in expected.items() if k not in shown]
    others = next((g.counts for g in breakdown.groups if g.key == "others"), (0, 0))
    assert others == (sum(r for r, _a in rest), sum(a for _r, a in rest)), breakdown.key
    assert breakdown.total.counts == tuple(map(sum, zip(*expected.values(), strict=True)))


def test_the_2018_report_matches_the_check_in_records(edition_2018):
    edition = edition_2018
    days = scanned_days(edition)
    report = report_of(edition)
    confirmed = db.session.scalars(
        select(Participant.id).where(
            Participant.edition_id == edition.id, Participant.status == "confirmed"
        )
    ).all()
    headline = {key: value for key, _label, value in report.headline}
    assert headline["registered"] == len(confirmed) == 240
    assert headline["attended"] == len(days) > 200

    per_day = defaultdict(int)
    for person_days in days.values():
        for day in person_days:
            per_day[day] += 1
    assert [(d["day"], d["attended"]) for d in report.days] == sorted(per_day.items())
    assert all(d["registered"] == 240 for d in report.days)

    came = defaultdict(set)
    for workshop_id, person_id, starts_at in db.session.execute(
        select(Assignment.workshop_id, Assignment.participant_id, Round.starts_at)
        .join(Round, Round.id == Assignment.round_id)
        .where(Round.edition_id == edition.id)
    ):
        if starts_at.astimezone(edition.tz).date() in days.get(person_id, ()):
            came[workshop_id].add(person_id)
    workshops = edition.rounds[0].workshops + edition.rounds[1].workshops
    expected = sorted((w.round.label, w.ods, w.capacity, len(came[w.id])) for w in workshops)
    assert sorted((w.round.label, w.ods, w.seats, w.attended) for w in report.workshops) == expected
    assert sum(w.attended for w in report.workshops) > 300

    assert_matches(report.breakdown("country"), independent(edition, days, lambda p: p.country))
    assert_matches(report.breakdown("actor"), independent(edition, days, lambda p: p.actor_type))
    assert_matches(
        report.breakdown("gender"),
        independent(edition, days, lambda p: folded(p.gender) or "not_said"),
    )
    members = {(m.country, folded(m.city)) for m in db.session.scalars(select(MemberCity))}
    assert_matches(
        report.breakdown("member"),
        independent(
            edition, days,
            lambda p: "unknown" if not p.city.strip()
            else "member" if (p.country, folded(p.city)) in members else "other",
        ),
    )  # fmt: skip
    cities = independent(edition, days, lambda p: f"{p.country}|{folded(p.city)}")
    assert_matches(report.breakdown("city"), cities)


def test_the_pdf_holds_the_figures_and_draws_its_charts(edition_2018, client, login):
    login()
    response = client.get(f"/admin/e/{SLUG}/report/report.pdf?lang=es")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = " ".join(" ".join(pdf_text(response.data)).split())
    report = report_of(edition_2018)
    with_app = {key: value for key, _l, value in report.headline}
    assert f"Inscritos (confirmados) {with_app['registered']}" in text
    assert f"Asistieron (acreditados al menos un día) {with_app['attended']}" in text
    assert "Informe para el Consejo" in text
    assert "Asistencia por taller · Día 2 · mañana" in text
    assert "Asistencia · Por país" in text
    chile = next(g for g in report.breakdown("country").groups if g.key == "CL")
    assert f"Chile {chile.attended} / {chile.registered}" in text
    assert "otros / grupos pequeños" in text and "se reúnen en «otros / grupos pequeños»" in text
    drawn = b"".join(
        page.get_contents().get_data() for page in PdfReader(io.BytesIO(response.data)).pages
    )
    assert drawn.count(b" re") > 100  # the bars: vector rectangles, not text


def test_the_pdf_speaks_portuguese_and_english(edition_2018, client, login):
    login()
    pt = " ".join(pdf_text(client.get(f"/admin/e/{SLUG}/report/report.pdf?lang=pt").data))
    en = " ".join(pdf_text(client.get(f"/admin/e/{SLUG}/report/report.pdf?lang=en").data))
    assert "Relatório para o Conselho" in pt and "Participação por oficina" in pt
    assert "Report for the Council" in en and "Attendance per workshop" in en
    assert client.get(f"/admin/e/{SLUG}/report/report.pdf?lang=fr").status_code == 404


def test_the_xlsx_has_one_sheet_per_table_with_the_reports_figures(edition_2018, client, login):
    login()
    response = client.get(f"/admin/e/{SLUG}/report/report.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    assert book.sheetnames == [
        "Resumen", "Días", "Talleres", "País", "Ciudad", "Tipo de actor", "Ciudades miembro",
        "Género",
    ]  # fmt: skip
    report = report_of(edition_2018)
    summary = {row[0]: row[1] for row in book["Resumen"].iter_rows(min_row=2, values_only=True)}
    assert summary["Inscritos (confirmados)"] == 240
    assert "grupos pequeños" in summary["Regla"]
    countries = list(book["País"].iter_rows(min_row=2, values_only=True))
    assert countries[-1] == ("Total", 240, report.breakdown("country").total.attended)
    assert [(g.registered, g.attended) for g in report.breakdown("country").groups] == [
        (r, a) for _label, r, a in countries[:-1]
    ]
    workshops = list(book["Talleres"].iter_rows(min_row=2, values_only=True))
    assert [row[5] for row in workshops] == [w.attended for w in report.workshops]


def test_the_page_shows_tables_and_charts_and_checkin_staff_cannot_see_it(
    edition_2018, client, login
):
    login("checkin")
    for url in ("", "report.pdf", "report.xlsx", "compare?with=puerto-montt-2017"):
        assert client.get(f"/admin/e/{SLUG}/report/{url}").status_code == 403
    client.post("/logout")
    login()
    page = client.get(f"/admin/e/{SLUG}/report/").get_data(as_text=True)
    assert 'id="chart-country"' in page and 'id="chart-actor"' in page
    assert 'id="chart-workshops-1"' in page and "<svg" in page
    assert 'id="table-gender"' in page and "no indicado" in page
    assert 'id="small-groups-rule"' in page


def test_the_demo_compares_2017_with_2018(edition_2018, client, login):
    edition_2017 = puerto_montt.create_2017()
    db.session.commit()
    login()
    page = client.get(f"/admin/e/{SLUG}/report/compare?with=puerto-montt-2017").get_data(
        as_text=True
    )
    head = page.split('id="compare-headline"')[1].split("</table>")[0]
    assert head.index(">2017<") < head.index(">2018<")
    for key, value_2018 in [(k, v) for k, _l, v in report_of(edition_2018).headline]:
        value_2017 = next(v for k, _l, v in report_of(edition_2017).headline if k == key)
        row = head.split(f'data-key="{key}"')[1].split("</tr>")[0]
        assert row.count('<td class="num">') == 2
        assert f'<td class="num">{value_2017}</td><td class="num">{value_2018}</td>' in row, key
    registered = head.split('data-key="registered"')[1].split("</tr>")[0]
    assert '<td class="num">320</td><td class="num">240</td>' in registered
    assert 'id="compare-actor"' in page and 'id="compare-gender"' in page
