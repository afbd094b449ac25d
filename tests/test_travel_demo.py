"""The 2017 demo edition's travellers: delegations flying into El Tepual, buses from Osorno."""

from sqlalchemy import select

from seminar.extensions import db
from seminar.models import TravelRequest


def test_demo_2017_has_a_handful_of_credible_travellers(runner, client, login):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    login()
    page = client.get("/admin/e/puerto-montt-2017/travel/?lang=es").get_data(as_text=True)
    assert page.count('class="travel-card is-') == 13
    assert "El Tepual" in page and "Cruz del Sur desde Osorno" in page
    assert '<b id="travel-to-book">5</b>' in page  # Porto Alegre, Santiago, Lima
    montevideo = client.get(
        "/admin/e/puerto-montt-2017/travel/?delegation=Delegación+de+Montevideo&status=booked"
    ).get_data(as_text=True)
    assert montevideo.count('class="travel-card is-') == 3 and "Hotel Don Luis" in montevideo
    request = db.session.scalars(
        select(TravelRequest).where(TravelRequest.status == "booked").order_by(TravelRequest.id)
    ).first()
    manage = client.get(f"/manage/{request.participant.manage_token}?lang=es")
    text = manage.get_data(as_text=True)
    assert "Viaje y alojamiento" in text and "Reservado" in text and "reserva 4471-PM" in text
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    assert len(db.session.scalars(select(TravelRequest)).all()) == 13  # nothing added twice
