"""Organisers build the programme and run the campaign from their pages."""

import re

from sqlalchemy import func, select

from seminar import email
from seminar.extensions import db
from seminar.models import Invitation, ProgrammeSession
from tests.conftest import body_text
from tests.factories import make_edition
from tests.test_invitations import import_invitees
from tests.test_programme import make_panel


def test_organiser_adds_a_session_and_speakers_and_moving_it_emails_them(client, smtp, login):
    edition = make_edition()
    login()
    base = f"/admin/e/{edition.slug}/programme"
    assert client.get(base + "/").status_code == 200
    client.post(base + "/timezone", data={"second_timezone": "America/Montevideo"})
    added = client.post(
        base + "/sessions",
        data={"kind": "panel", "title": "Panel 2: Oportunidades", "room": "Salón Tenglo",
              "day": "2017-10-06", "start": "15:00", "duration_minutes": "30"},
    )  # fmt: skip
    assert added.status_code == 302
    session = db.session.scalars(select(ProgrammeSession)).one()
    for role, name, address in (
        ("facilitator", "Jorge Rodríguez", "jorge@mercociudades.org"),
        ("speaker", "Mariela Couto", "mariela@mercociudades.org"),
    ):
        client.post(
            f"{base}/sessions/{session.id}/speakers",
            data={"role": role, "name": name, "email": address, "language": "es"},
        )
    assert client.get(f"{base}/sessions/{session.id}").status_code == 200
    client.post(
        f"{base}/sessions/{session.id}",
        data={"kind": "panel", "title": "Panel 2: Oportunidades", "room": "Salón Reloncaví",
              "day": "2017-10-06", "start": "16:30", "duration_minutes": "30"},
    )  # fmt: skip
    email.deliver()
    for address in ("jorge@mercociudades.org", "mariela@mercociudades.org"):
        (message,) = smtp.to(address)
        assert re.search(
            r"16:30–17:00 \(Santiago\) · 16:30–17:00 \(Montevideo\)", body_text(message)
        )
        assert "Salón Reloncaví" in body_text(message)
    page = client.get(base + "/").get_data(as_text=True)
    assert "Montevideo" in page and "Panel 2: Oportunidades" in page


def test_an_unknown_second_time_zone_is_refused(client, login):
    edition = make_edition()
    login()
    response = client.post(
        f"/admin/e/{edition.slug}/programme/timezone", data={"second_timezone": "Mars/Olympus"}
    )
    assert response.status_code == 422
    db.session.refresh(edition)
    assert edition.second_timezone is None


def test_programme_cli_invites_speakers_once(app, runner):
    edition = make_edition()
    make_panel(edition)
    first = runner.invoke(args=["programme", "invite", "--edition", edition.slug])
    again = runner.invoke(args=["programme", "invite", "--edition", edition.slug])
    assert "queued 2" in first.output and "queued 0" in again.output
    bad = runner.invoke(args=["programme", "invite", "--edition", "nope"])
    assert bad.exit_code != 0


def test_segment_send_only_invites_that_segment(app, runner, tmp_path):
    edition = make_edition()
    import_invitees(runner, tmp_path, edition, 3, "Multilaterales", "multi.org")
    import_invitees(runner, tmp_path, edition, 2, "Ciudades fronterizas", "frontera.org")
    result = runner.invoke(
        args=["invitations", "send", "--edition", edition.slug, "--segment", "Multilaterales"]
    )
    assert "queued 3" in result.output
    unknown = runner.invoke(
        args=["invitations", "send", "--edition", edition.slug, "--segment", "Nadie"]
    )
    assert unknown.exit_code != 0 and "Nadie" in unknown.output


def test_test_send_reaches_the_organiser_marked_as_a_test(client, smtp, login):
    edition = make_edition()
    login()
    client.post(
        f"/admin/e/{edition.slug}/invitations/test", data={"kind": "invitation", "language": "pt"}
    )
    email.deliver()
    (message,) = smtp.messages
    assert message["Subject"].startswith("[TEST] Convite")
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0  # no invitee made
    letter = client.get(f"/admin/e/{edition.slug}/invitations/letters/reminder/en")
    assert "{register_url}" in letter.get_data(as_text=True)


def test_reminder_date_is_read_in_the_editions_time_zone(client, login):
    from datetime import UTC, datetime

    from seminar.invitations import services as invitations

    edition = make_edition()
    login()
    client.post(
        f"/admin/e/{edition.slug}/invitations/reminders", data={"remind_at": "2017-09-20T09:00"}
    )
    # 09:00 in Santiago (UTC−3 in September 2017) is 12:00 UTC.
    assert invitations.campaign(edition).remind_at == datetime(2017, 9, 20, 12, 0, tzinfo=UTC)
