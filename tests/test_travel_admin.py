"""Travel and accommodation, the booker's side: the list and its filters, totals, marking a
booking, the CSV and Excel lists, who may open them, and erasure."""

import csv
import io
from datetime import UTC, date, datetime, time

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from seminar.clock import set_now
from seminar.extensions import db
from seminar.models import TravelRequest
from seminar.privacy import retention
from seminar.privacy import services as privacy
from seminar.programme import services as programme
from seminar.travel import services
from seminar.travel.services import TravelData
from tests.factories import make_edition, make_participant


@pytest.fixture
def client(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def trip(arrival: int, departure: int, hotel: bool = True, **more) -> TravelData:
    values = dict(
        arrival_on=date(2017, 10, arrival), arrival_time=time(13, 40), arrival_detail="LA 271",
        departure_on=date(2017, 10, departure), needs_hotel=hotel,
    )  # fmt: skip
    return TravelData(**(values | more))


@pytest.fixture
def edition(app):
    """Four travellers of 4–7 Oct 2017: Ana and Beto of Montevideo's delegation (hotel 3–8 and
    4–7), Carla by bus from Osorno (no hotel), a speaker (hotel 4–6); and Dora, who cancelled."""
    set_now(datetime(2017, 9, 1, 15, tzinfo=UTC))
    edition = make_edition()
    ana = make_participant(edition, first_name="Ana", last_name="Pérez", city="Montevideo")
    beto = make_participant(edition, first_name="Beto", last_name="Silva", city="Montevideo")
    carla = make_participant(edition, first_name="Carla", last_name="Soto", city="Osorno")
    dora = make_participant(edition, first_name="Dora", last_name="Díaz")
    delegation = "Delegación de Montevideo"
    services.save_for_participant(ana, trip(3, 8, delegation=delegation))
    services.save_for_participant(
        beto, trip(4, 7, delegation="delegación de montevideo ", notes='=HYPERLINK("http://x")')
    )
    services.save_for_participant(
        carla, trip(4, 4, hotel=False, arrival_means="bus", arrival_detail="Cruz del Sur")
    )
    services.save_for_participant(dora, trip(4, 7))
    dora.status = "cancelled"
    session = programme.add_session(
        edition, programme.local_start(edition, date(2017, 10, 5), time(15)),
        kind="panel", title="Panel 1", duration_minutes=60,
    )  # fmt: skip
    speaker = programme.add_speaker(session, name="Ricardo Sondermann", email="rs@poa.org")
    services.save_for_speaker(speaker, trip(4, 6))
    programme.add_speaker(session, name="Sofía Arce", email="sa@cuenca.org", travel_needs="Visa")
    db.session.commit()
    return edition


def page_of(client, edition, query: str = "") -> str:
    response = client.get(f"/admin/e/{edition.slug}/travel/{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def names(page: str) -> list[str]:
    return [part.split("</h3>")[0] for part in page.split("<h3>")[1:]]


def test_the_list_shows_every_request_by_arrival_and_the_totals(client, login, edition):
    login()
    page = page_of(client, edition)
    assert names(page) == ["Ana Pérez", "Beto Silva", "Carla Soto", "Dora Díaz",
                           "Ricardo Sondermann"]  # fmt: skip
    assert "Registration cancelled" in page  # Dora: her booking may need cancelling
    arrivals = page.split('id="arrivals-per-day"')[1].split("</ul>")[0]
    assert [n.split("</span>")[0] for n in arrivals.split("<span>")[2::2]] == ["1", "3"]
    nights = page.split('id="guests-per-night"')[1].split("</ul>")[0]
    # Guests per night: 3 Oct Ana; 4 Oct Ana, Beto, speaker; 5 the same; 6 Ana, Beto; 7 Ana.
    assert [n.split("</span>")[0] for n in nights.split("<span>")[2::2]] == [
        "1", "3", "3", "2", "1"
    ]  # fmt: skip
    assert '<b id="travel-hotel-nights">10</b>' in page and '<b id="travel-to-book">3</b>' in page
    assert "Visa" in page.split('id="travel-words"')[1]  # a speaker's words without dates


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?hotel=no", ["Carla Soto"]),
        ("?hotel=yes&kind=speaker", ["Ricardo Sondermann"]),
        ("?kind=participant&arrival=2017-10-03", ["Ana Pérez"]),
        ("?delegation=Delegaci%C3%B3n+de+Montevideo", ["Ana Pérez", "Beto Silva"]),
        ("?status=booked", []),
        ("?arrival=not-a-date&status=nonsense", None),  # unknown values filter nothing
    ],
)
def test_filters_narrow_the_list(client, login, edition, query, expected):
    login()
    shown = names(page_of(client, edition, query))
    assert shown == (expected if expected is not None else names(page_of(client, edition)))


def test_marking_booked_keeps_the_note_and_the_filters(client, login, edition):
    login()
    request = db.session.scalars(select(TravelRequest).order_by(TravelRequest.id)).first()
    response = client.post(
        f"/admin/e/{edition.slug}/travel/{request.id}",
        data={f"r{request.id}-status": "booked",
              f"r{request.id}-booking_note": "Hotel Gran Pacífico, reserva 88213",
              "back": "hotel=yes&evil=1"},
    )  # fmt: skip
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"?hotel=yes#request-{request.id}")
    db.session.refresh(request)
    assert request.status == "booked" and request.booked_at is not None
    assert request.booking_note == "Hotel Gran Pacífico, reserva 88213"
    assert names(page_of(client, edition, "?status=booked")) == ["Ana Pérez"]
    manage = client.get(f"/manage/{request.participant.manage_token}").get_data(as_text=True)
    assert "Hotel Gran Pacífico, reserva 88213" in manage and "Booked" in manage


def test_another_editions_request_is_404(client, login, edition):
    login()
    other = make_edition()
    request = db.session.scalars(select(TravelRequest)).first()
    response = client.post(
        f"/admin/e/{other.slug}/travel/{request.id}", data={f"r{request.id}-status": "booked"}
    )
    assert response.status_code == 404
    db.session.refresh(request)
    assert request.status == "requested"


def test_csv_export_lists_the_filtered_requests_and_never_hands_a_formula(client, login, edition):
    login()
    response = client.get(f"/admin/e/{edition.slug}/travel/export.csv?hotel=yes")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["name"] for r in rows] == ["Ana Pérez", "Beto Silva", "Dora Díaz",
                                         "Ricardo Sondermann"]  # fmt: skip
    ana, beto, dora, speaker = rows
    assert (ana["arrival_date"], ana["arrival_time"], ana["arrival_detail"]) == (
        "2017-10-03", "13:40", "LA 271"
    )  # fmt: skip
    assert (ana["check_in"], ana["check_out"], ana["nights"]) == ("2017-10-03", "2017-10-08", "5")
    assert beto["notes"] == '\'=HYPERLINK("http://x")'
    assert dora["traveller_status"] == "cancelled" and speaker["kind"] == "speaker"


def test_xlsx_export_holds_the_same_rows_as_text(client, login, edition):
    login()
    response = client.get(f"/admin/e/{edition.slug}/travel/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = list(sheet.values)
    assert values[0][:3] == ("kind", "name", "email") and len(values) == 6
    notes = values[0].index("notes")
    assert values[2][1] == "Beto Silva" and values[2][notes] == '\'=HYPERLINK("http://x")'
    assert all(not str(cell or "").startswith("=") for row in values for cell in row)


def test_an_unknown_export_format_is_404(client, login, edition):
    login()
    assert client.get(f"/admin/e/{edition.slug}/travel/export.pdf").status_code == 404


def test_check_in_staff_and_strangers_cannot_open_the_bookers_page(client, login, edition):
    for path in ("/", "/export.csv"):
        response = client.get(f"/admin/e/{edition.slug}/travel{path}")
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    login("checkin")
    assert client.get(f"/admin/e/{edition.slug}/travel/").status_code == 403
    assert client.get(f"/admin/e/{edition.slug}/travel/export.xlsx").status_code == 403
    request = db.session.scalars(select(TravelRequest)).first()
    refused = client.post(
        f"/admin/e/{edition.slug}/travel/{request.id}", data={f"r{request.id}-status": "booked"}
    )
    assert refused.status_code == 403


def test_erasing_a_person_deletes_their_travel_and_their_data_lists_it(client, login, edition):
    ana = db.session.scalars(select(TravelRequest).order_by(TravelRequest.id)).first().participant
    data = privacy.personal_data(ana)
    assert data["travel"]["arrival_on"] == "2017-10-03" and data["travel"]["needs_hotel"] is True
    privacy.erase(ana)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(TravelRequest)) == 4
    login()
    assert "Ana Pérez" not in page_of(client, edition)
    export = client.get(f"/admin/e/{edition.slug}/travel/export.csv").get_data(as_text=True)
    assert "Pérez" not in export and "2017-10-03" not in export


def test_the_retention_purge_deletes_every_travel_request_of_the_edition(edition):
    retention.purge(date(2023, 10, 8), email_days=90)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(TravelRequest)) == 0


def test_the_tab_is_there_for_in_person_editions_only(client, login, edition):
    login()
    tab = f'href="/admin/e/{edition.slug}/travel/"'
    assert tab in client.get(f"/admin/e/{edition.slug}/").get_data(as_text=True)
    virtual = make_edition(format="virtual")
    assert "/travel/" not in client.get(f"/admin/e/{virtual.slug}/").get_data(as_text=True)


def test_a_new_booking_is_emailed_once_in_the_travellers_language(client, login, edition, smtp):
    from seminar import email
    from tests.conftest import body_html, body_text

    login()
    request = db.session.scalars(select(TravelRequest).order_by(TravelRequest.id)).first()
    request.participant.language = "pt"
    db.session.commit()
    booking = {f"r{request.id}-status": "booked",
               f"r{request.id}-booking_note": "Hotel Don Luis <b>4471</b>"}  # fmt: skip
    saved = client.post(f"/admin/e/{edition.slug}/travel/{request.id}", data=booking)
    assert saved.status_code == 302
    client.post(f"/admin/e/{edition.slug}/travel/{request.id}", data=booking)  # saved again
    assert email.deliver()["sent"] == 1
    (message,) = smtp.to(request.participant.email)
    assert message["Subject"].startswith("Sua viagem está reservada")
    text = body_text(message)
    assert "Hotel Don Luis <b>4471</b>" in text and "terça-feira, 3 de outubro de 2017" in text
    assert f"/manage/{request.participant.manage_token}/travel" in text
    assert "Hotel Don Luis &lt;b&gt;4471&lt;/b&gt;" in body_html(message)
