"""The demo editions' catering page is not empty: a few people consented and wrote needs."""

from sqlalchemy import select

from seminar.extensions import db
from seminar.models import ConsentRecord, Edition, Participant


def test_demo_2017_and_2018_list_consented_needs_grouped_as_written_alike(runner, client, login):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    login()
    for slug, count in (("puerto-montt-2017", 12), ("puerto-montt-2018", 10)):
        edition = db.session.scalars(select(Edition).filter_by(slug=slug)).one()
        needy = db.session.scalars(
            select(Participant).where(
                Participant.edition_id == edition.id,
                (Participant.dietary != "") | (Participant.accessibility != ""),
            )
        ).all()
        assert len(needy) == count and all(p.consent_sensitive for p in needy)
        recorded = db.session.scalars(
            select(ConsentRecord.participant_id).where(
                ConsentRecord.kind == "sensitive", ConsentRecord.granted.is_(True)
            )
        ).all()
        assert {p.id for p in needy} <= set(recorded)  # each consent kept with its text
        page = client.get(f"/admin/e/{slug}/needs/?lang=es").get_data(as_text=True)
        assert f"({count})" in page
        assert page.count("Vegetariano: <b>3</b>") == 4  # "vegetariano " alike, on each day
        assert "Uso silla de ruedas" in page and "Celíaca: sin gluten: <b>1</b>" in page
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    sensitive = db.session.scalars(
        select(ConsentRecord).where(ConsentRecord.kind == "sensitive")
    ).all()
    assert len(sensitive) == 12 + 10  # a second load changes nothing
