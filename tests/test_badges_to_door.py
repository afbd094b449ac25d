"""Check-in day: the demo's printed badges, read back from the PDF, go through the door."""

from sqlalchemy import select

from seminar.checkin.services import revoke_badge
from seminar.extensions import db
from seminar.models import Edition, Participant
from seminar.users import issue_token
from tests.factories import edited, make_user
from tests.readback import qr_codes


def scan(client, token, code):
    response = client.post(
        "/api/v1/checkin",
        json={"code": code, "station": "Puerta 1"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200
    return response.get_json()["status"]


def test_demo_badges_check_in_once_then_already_revoked_and_invalid(app, runner, tmp_path):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    pdf = tmp_path / "badges.pdf"
    result = runner.invoke(args=["badges", "--edition", "puerto-montt-2017", "-o", str(pdf)])
    assert result.exit_code == 0, result.output
    codes = [code for page in qr_codes(pdf.read_bytes(), dpi=150) for code in page]
    confirmed = set(
        db.session.scalars(
            select(Participant.badge_code)
            .join(Edition)
            .where(Edition.slug == "puerto-montt-2017", Participant.status == "confirmed")
        )
    )
    assert len(codes) == len(confirmed) > 300
    assert set(codes) == confirmed

    token = issue_token(make_user("checkin"), "door")
    db.session.commit()
    client = app.test_client()
    assert {scan(client, token, code) for code in codes} == {"ok"}
    assert {scan(client, token, code) for code in codes} == {"already_checked_in"}

    person = db.session.scalars(select(Participant).filter_by(badge_code=codes[0])).one()
    revoke_badge(person, "lost")
    db.session.commit()
    assert scan(client, token, codes[0]) == "revoked"
    assert scan(client, token, edited(codes[1])) == "invalid"
    assert scan(client, token, "not-a-badge-code-at-all") == "invalid"
