"""Travel and accommodation, the traveller's side: the rules, a participant's form on their
private page, a speaker's on their answer page."""

from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import func, select

from seminar.clock import set_now
from seminar.extensions import db
from seminar.models import TravelRequest
from seminar.programme import services as programme
from seminar.travel import services
from seminar.travel.services import TravelData, TravelError
from tests.factories import make_edition, make_participant


@pytest.fixture(autouse=True)
def before_the_seminar(app):
    set_now(datetime(2017, 9, 1, 15, tzinfo=UTC))


@pytest.fixture
def client(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def trip(**changes) -> TravelData:
    """Arriving at El Tepual on the eve of the seminar (4–7 Oct 2017), leaving the day after."""
    values = dict(
        arrival_on=date(2017, 10, 3), arrival_time=time(13, 40), arrival_means="flight",
        arrival_detail="LA 271", departure_on=date(2017, 10, 8), departure_time=time(9, 15),
        departure_means="flight", departure_detail="LA 260", needs_hotel=True,
        delegation="Delegación de Montevideo",
    )  # fmt: skip
    return TravelData(**(values | changes))


def form(**changes) -> dict:
    values = {
        "arrival_on": "2017-10-03", "arrival_time": "13:40", "arrival_means": "flight",
        "arrival_detail": "LA 271", "departure_on": "2017-10-08", "departure_time": "09:15",
        "departure_means": "bus", "departure_detail": "Cruz del Sur a Osorno",
        "needs_hotel": "y", "check_in_on": "", "check_out_on": "",
        "delegation": "Delegación de Montevideo", "room_with": "", "notes": "",
    }  # fmt: skip
    return {k: v for k, v in (values | changes).items() if v is not None}


def count_requests() -> int:
    return db.session.scalar(select(func.count()).select_from(TravelRequest))


def test_a_valid_trip_books_the_nights_of_the_stay_by_default():
    edition = make_edition()
    person = make_participant(edition)
    request = services.save_for_participant(person, trip())
    assert (request.check_in_on, request.check_out_on) == (date(2017, 10, 3), date(2017, 10, 8))
    assert request.nights == 5 and request.status == "requested"


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"arrival_on": None}, "arrival_on", "required"),
        ({"departure_on": date(2017, 10, 2)}, "departure_on", "leaves_before_start"),
        ({"arrival_on": date(2017, 10, 8)}, "arrival_on", "arrives_after_end"),
        ({"arrival_on": date(2017, 9, 20)}, "arrival_on", "outside_window"),
        ({"departure_on": date(2017, 10, 15)}, "departure_on", "outside_window"),
        ({"arrival_on": date(2017, 10, 6), "departure_on": date(2017, 10, 5)},
         "departure_on", "departs_before_arrival"),
        ({"arrival_on": date(2017, 10, 5), "departure_on": date(2017, 10, 5),
          "arrival_time": time(18), "departure_time": time(8)},
         "departure_on", "departs_before_arrival"),
        ({"check_in_on": date(2017, 10, 5), "check_out_on": date(2017, 10, 5)},
         "check_out_on", "no_nights"),
        ({"check_in_on": date(2017, 9, 1)}, "check_in_on", "outside_window"),
        ({"arrival_means": "teleport"}, "arrival_means", "unknown_means"),
    ],
)  # fmt: skip
def test_an_impossible_trip_is_refused_naming_the_field(changes, field, code):
    edition = make_edition()
    person = make_participant(edition)
    with pytest.raises(TravelError) as refused:
        services.save_for_participant(person, trip(**changes))
    assert refused.value.errors[field] == code
    assert count_requests() == 0


def test_hotel_nights_left_to_their_default_wait_for_a_stay_that_holds():
    edition = make_edition()
    with pytest.raises(TravelError) as refused:
        services.save_for_participant(
            make_participant(edition), trip(departure_on=date(2017, 10, 2))
        )
    assert refused.value.errors == {"departure_on": "leaves_before_start"}


def test_no_hotel_keeps_no_nights_even_if_dates_were_typed():
    edition = make_edition()
    request = services.save_for_participant(
        make_participant(edition), trip(needs_hotel=False, check_in_on=date(2017, 10, 3))
    )
    assert request.check_in_on is None and request.nights == 0


def test_changing_a_booked_trip_sends_it_back_to_the_booker_and_keeps_the_note():
    edition = make_edition()
    person = make_participant(edition)
    request = services.save_for_participant(person, trip())
    services.mark(request, "booked", "Hotel Don Luis, reserva 4471")
    services.save_for_participant(person, trip())  # the same again: nothing changed
    assert request.status == "booked"
    services.save_for_participant(person, trip(departure_on=date(2017, 10, 7)))
    assert request.status == "requested" and request.booking_note == "Hotel Don Luis, reserva 4471"


def test_participant_page_shows_the_travel_section_and_saves_a_trip(client):
    edition = make_edition()
    person = make_participant(edition)
    manage = client.get(f"/manage/{person.manage_token}").get_data(as_text=True)
    assert 'id="travel"' in manage and "Add my travel details" in manage
    response = client.post(f"/manage/{person.manage_token}/travel", data=form())
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/manage/{person.manage_token}")
    request = db.session.scalars(select(TravelRequest)).one()
    assert request.participant_id == person.id and request.departure_means == "bus"
    assert request.arrival_time == time(13, 40) and request.nights == 5
    manage = client.get(f"/manage/{person.manage_token}").get_data(as_text=True)
    assert "LA 271" in manage and "Cruz del Sur a Osorno" in manage and "Requested" in manage


def test_participant_form_errors_stand_next_to_the_field_and_keep_what_was_typed(client):
    edition = make_edition()
    person = make_participant(edition)
    response = client.post(
        f"/manage/{person.manage_token}/travel",
        data=form(arrival_on="2017-10-06", departure_on="2017-10-05", notes="Llego con mi hija"),
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    error = page.split('id="departure_on-error"')[1].split("</div>")[0]
    assert "The departure must come after the arrival." in error
    assert 'aria-describedby="departure_on-error" aria-invalid="true" id="departure_on"' in page
    assert 'value="2017-10-06"' in page and "Llego con mi hija" in page and 'value="LA 271"' in page
    assert count_requests() == 0


def test_participant_form_says_a_date_that_is_not_one_next_to_it(client):
    edition = make_edition()
    person = make_participant(edition)
    response = client.post(f"/manage/{person.manage_token}/travel", data=form(arrival_on="3/10"))
    assert response.status_code == 422
    assert 'id="arrival_on-error"' in response.get_data(as_text=True)
    assert count_requests() == 0


def test_the_form_speaks_spanish_by_default(client):
    edition = make_edition()
    person = make_participant(edition)
    client.environ_base.pop("HTTP_ACCEPT_LANGUAGE")
    page = client.post(
        f"/manage/{person.manage_token}/travel?lang=es", data=form(departure_on="2017-10-20")
    ).get_data(as_text=True)
    assert "Viaje y alojamiento" in page and "Elija una fecha" in page


def test_a_virtual_edition_asks_no_travel(client):
    edition = make_edition(format="virtual", ods_to_rank=0)
    person = make_participant(edition, ranking=())
    assert 'id="travel"' not in client.get(f"/manage/{person.manage_token}").get_data(as_text=True)
    assert client.get(f"/manage/{person.manage_token}/travel").status_code == 404


def test_a_cancelled_registration_or_an_unknown_link_has_no_travel_page(client):
    edition = make_edition()
    person = make_participant(edition, status="cancelled")
    assert client.get(f"/manage/{person.manage_token}/travel").status_code == 404
    assert client.get("/manage/not-a-token/travel").status_code == 404


def test_after_a_closed_seminar_the_trip_is_shown_and_can_no_longer_change(client):
    edition = make_edition()
    person = make_participant(edition)
    services.save_for_participant(person, trip())
    edition.status = "closed"
    db.session.commit()
    set_now(datetime(2017, 10, 9, 15, tzinfo=UTC))
    page = client.get(f"/manage/{person.manage_token}/travel").get_data(as_text=True)
    assert "LA 271" in page and 'id="travel-form"' not in page
    client.post(f"/manage/{person.manage_token}/travel", data=form(arrival_detail="LA 999"))
    assert db.session.scalars(select(TravelRequest.arrival_detail)).one() == "LA 271"


def test_travel_form_without_csrf_token_is_refused(database_url):
    from tests.conftest import make_app

    live = make_app(database_url)  # CSRF on, as in production
    with live.app_context():
        edition = make_edition()
        token = make_participant(edition).manage_token
        browser = live.test_client()
        assert browser.post(f"/manage/{token}/travel", data=form()).status_code == 400
        page = browser.get(f"/manage/{token}/travel").get_data(as_text=True)
        csrf = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        assert (
            browser.post(f"/manage/{token}/travel", data=form(csrf_token=csrf)).status_code == 302
        )
        assert count_requests() == 1
        db.session.remove()
        db.engine.dispose()


def make_speaker(edition, **fields):
    session = programme.add_session(
        edition, programme.local_start(edition, date(2017, 10, 5), time(15)),
        kind="panel", title="Panel 1", duration_minutes=60,
    )  # fmt: skip
    speaker = programme.add_speaker(session, name="Ricardo Sondermann", email="rs@poa.org")
    for key, value in fields.items():
        setattr(speaker, key, value)
    db.session.commit()
    return speaker


def test_speaker_answer_page_links_to_travel_and_keeps_words_written_before(client):
    edition = make_edition()
    speaker = make_speaker(edition, travel_needs="Visa para Chile")
    page = client.get(f"/speaker/{speaker.token}").get_data(as_text=True)
    assert "Visa para Chile" in page and "Other travel needs" in page
    assert f'href="/speaker/{speaker.token}/travel"' in page
    response = client.post(
        f"/speaker/{speaker.token}/travel", data=form(departure_means="flight", room_with="")
    )
    assert response.headers["Location"].endswith(f"/speaker/{speaker.token}")
    request = db.session.scalars(select(TravelRequest)).one()
    assert request.speaker_id == speaker.id and request.participant_id is None
    assert request.edition_id == edition.id
    page = client.get(f"/speaker/{speaker.token}").get_data(as_text=True)
    assert "LA 271" in page and "Visa para Chile" in page


def test_speaker_form_errors_stand_next_to_the_field(client):
    edition = make_edition()
    speaker = make_speaker(edition)
    response = client.post(
        f"/speaker/{speaker.token}/travel", data=form(arrival_on="", arrival_detail="AR 1282")
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Give this date." in page.split('id="arrival_on-error"')[1].split("</div>")[0]
    assert 'value="AR 1282"' in page and count_requests() == 0


def test_a_declined_speaker_has_no_travel_page(client):
    edition = make_edition()
    speaker = make_speaker(edition, status="declined")
    assert client.get(f"/speaker/{speaker.token}/travel").status_code == 404
