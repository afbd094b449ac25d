"""Invitations: import with segments, letters with checked placeholders, sending through real
SMTP, personal links, declines, reminders and unsubscribing."""

import re
import threading
import time
from collections import Counter
from datetime import UTC, datetime

from sqlalchemy import func, select

from seminar import email
from seminar.clock import set_now
from seminar.extensions import db
from seminar.invitations import answers, invitees, services
from seminar.models import Invitation, Letter, OutboxMessage
from tests.conftest import body_html, body_text
from tests.factories import make_edition, make_participant, make_user

HEADER = (
    "first_name,last_name,email,country,city,institution,position,actor_type,language,role,"
    "organisation_level,greeting\n"
)
LEVELS = [
    ("local_government", "local", "es", "CL"),
    ("regional_government", "regional", "es", "AR"),
    ("national_government", "national", "pt", "BR"),
    ("multilateral", "multilateral", "en", "US"),
]


def invitee_csv(count: int, domain: str = "invited.org") -> str:
    lines = [HEADER]
    for n in range(count):
        actor, level, language, country = LEVELS[n % len(LEVELS)]
        greeting = "Querida Ana:" if n == 0 else ""
        lines.append(
            f"Nombre{n},Apellido{n},p{n}@{domain},{country},Ciudad {n},Institución {n},"
            f"Cargo,{actor},{language},participant,{level},{greeting}\n"
        )
    return "".join(lines)


def import_invitees(runner, tmp_path, edition, count, segment=None, domain="invited.org"):
    path = tmp_path / f"invitees-{segment or 'all'}.csv"
    path.write_text(invitee_csv(count, domain), encoding="utf-8")
    args = ["invitations", "import", str(path), "--edition", edition.slug]
    if segment:
        args += ["--segment", segment]
    return runner.invoke(args=args)


def personal_link(text: str) -> str:
    return re.search(r"http://seminario\.test/i/[\w-]+", text).group(0)


def test_import_sets_segments_and_levels_and_reimport_changes_nothing(app, runner, tmp_path):
    edition = make_edition()
    result = import_invitees(runner, tmp_path, edition, 8, segment="Gobiernos Regionales")
    assert result.exit_code == 0, result.output
    assert "created 8" in result.output
    levels = db.session.scalars(select(Invitation.organisation_level).order_by(Invitation.id))
    assert list(levels)[:4] == ["local", "regional", "national", "multilateral"]
    assert dict(services.segments(edition)) == {"Gobiernos Regionales": 8}
    again = import_invitees(runner, tmp_path, edition, 8)
    assert "created 0, updated 0, unchanged 8" in again.output


def test_import_with_a_bad_level_names_the_line_and_writes_nothing(app, runner, tmp_path):
    edition = make_edition()
    path = tmp_path / "bad.csv"
    path.write_text(invitee_csv(3).replace(",regional,", ",provincial,"), encoding="utf-8")
    result = runner.invoke(args=["invitations", "import", str(path), "--edition", edition.slug])
    assert result.exit_code != 0
    assert "line 3, column organisation_level" in result.output
    assert db.session.scalar(select(func.count(Invitation.id))) == 0


def test_an_unknown_placeholder_stops_the_send_before_anything_is_queued(app, runner, tmp_path):
    edition = make_edition()
    import_invitees(runner, tmp_path, edition, 4)
    db.session.add(
        Letter(
            edition_id=edition.id,
            kind="invitation",
            language="pt",
            subject="Convite {edition_name}",
            body="Olá {first_nome}",
        )
    )
    db.session.commit()
    result = runner.invoke(args=["invitations", "send", "--edition", edition.slug])
    assert result.exit_code != 0
    assert "{first_nome}" in result.output
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0


def test_letter_editor_refuses_an_unknown_placeholder(client, login):
    edition = make_edition()
    admin = make_user()
    login(admin)
    url = f"/admin/e/{edition.slug}/invitations/letters/invitation/es"
    page = client.post(url, data={"subject": "Hola {edition_name}", "body": "Hola {nombre}"})
    assert page.status_code == 422
    # The organiser reads Spanish (the default), and so does the reason.
    assert "marcador(es) desconocido(s) {nombre}; conocidos:" in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Letter.id))) == 0


def test_default_letter_is_the_vice_presidents_letter_in_each_language(app, runner, tmp_path):
    edition = make_edition()
    import_invitees(runner, tmp_path, edition, 4)
    services.send(edition)
    db.session.commit()
    messages = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).all()
    by_language = {m.language: m.context for m in messages}
    assert "Vicepresidente de Desarrollo Social" in by_language["es"]["body"]
    assert "Vice-Presidente de Desenvolvimento Social" in by_language["pt"]["body"]
    assert "Vice-President for Social Development" in by_language["en"]["body"]
    assert by_language["es"]["body"].startswith("Querida Ana:")
    assert all(edition.name in c["subject"] for c in by_language.values())


def test_personal_link_prefills_the_form_and_registering_answers_the_invitation(client, smtp):
    edition = make_edition()
    invitees.save_invitee(
        edition,
        {
            "first_name": "Ximena", "last_name": "Escobedo", "email": "ximena@sre.org",
            "country": "MX", "city": "Ciudad de México", "institution": "SRE",
            "position": "Directora", "actor_type": "national_government", "language": "es",
            "role": "participant", "organisation_level": "national", "greeting": "",
        },
    )  # fmt: skip
    services.send(edition)
    db.session.commit()
    email.deliver()
    link = personal_link(body_text(smtp.to("ximena@sre.org")[0]))
    followed = client.get(link.replace("http://seminario.test", ""))
    assert followed.status_code == 302
    form = client.get(followed.headers["Location"]).get_data(as_text=True)
    assert 'value="Ximena"' in form and 'value="ximena@sre.org"' in form
    invitation = db.session.scalars(select(Invitation)).one()
    assert invitation.status == "opened"
    answer = client.post(
        followed.headers["Location"],
        data={
            "first_name": "Ximena", "last_name": "Escobedo", "email": "ximena@sre.org",
            "country": "MX", "city": "Ciudad de México", "institution": "SRE",
            "actor_type": "national_government", "language": "es", "role": "participant",
            "rank_1": "11", "rank_2": "5", "rank_3": "17", "consent": "y",
        },
    )  # fmt: skip
    assert answer.status_code == 302
    db.session.expire_all()
    assert invitation.status == "registered"
    assert invitation.participant_id is not None


def test_i_cant_come_button_records_the_decline(client):
    edition = make_edition()
    invitees.save_invitee(edition, _values("sofia@cuenca.org"))
    db.session.commit()
    invitation = db.session.scalars(select(Invitation)).one()
    page = client.get(f"/i/{invitation.token}/decline")
    assert invitation.status == "new" and page.status_code == 200
    client.post(f"/i/{invitation.token}/decline")
    db.session.expire_all()
    assert invitation.status == "declined"


def _values(address: str, language: str = "es") -> dict:
    return {
        "first_name": "Sofía", "last_name": "Arce", "email": address, "country": "EC",
        "city": "Cuenca", "institution": "Alcaldía", "position": "", "language": language,
        "actor_type": "local_government", "role": "participant", "organisation_level": "local",
        "greeting": "",
    }  # fmt: skip


def test_unsubscribe_link_cancels_waiting_mail_and_stops_reminders(client, smtp):
    edition = make_edition()
    for n in range(2):
        invitees.save_invitee(edition, _values(f"u{n}@cuenca.org"))
    services.send(edition)
    db.session.commit()
    email.deliver()
    message = smtp.to("u0@cuenca.org")[0]
    unsubscribe = re.search(r"http://seminario\.test(/unsubscribe/\S+)", body_text(message))[1]
    assert "/unsubscribe/" in body_html(message)
    services.set_reminder(edition, datetime(2000, 1, 1, tzinfo=UTC))
    db.session.commit()
    client.post(unsubscribe)
    assert answers.is_unsubscribed(edition.id, "U0@cuenca.org")
    assert services.remind(edition) == 1
    db.session.commit()
    email.deliver()
    assert len(smtp.to("u0@cuenca.org")) == 1
    assert len(smtp.to("u1@cuenca.org")) == 2


def test_reminders_go_once_on_the_date_and_skip_registered_and_declined(app, runner, tmp_path):
    edition = make_edition()
    import_invitees(runner, tmp_path, edition, 6)
    services.send(edition)
    db.session.commit()
    make_participant(edition, email="p0@invited.org")
    answers.decline(invitees.by_email(edition, "p1@invited.org"))
    services.set_reminder(edition, datetime(2030, 9, 1, tzinfo=UTC))
    db.session.commit()
    set_now(datetime(2030, 8, 31, tzinfo=UTC))
    assert services.remind(edition) == 0
    set_now(datetime(2030, 9, 1, 1, tzinfo=UTC))
    result = runner.invoke(args=["invitations", "remind", "--edition", edition.slug])
    assert result.exit_code == 0 and "queued 4" in result.output
    assert services.remind(edition) == 0
    letters = Counter(db.session.scalars(select(OutboxMessage.recipient)))
    assert letters["p0@invited.org"] == letters["p1@invited.org"] == 1
    assert letters["p2@invited.org"] == letters["p5@invited.org"] == 2


def test_campaign_page_shows_counts(client, smtp, login):
    edition = make_edition()
    admin = make_user()
    for n in range(3):
        invitees.save_invitee(edition, _values(f"c{n}@cuenca.org"))
    services.send(edition)
    db.session.commit()
    email.deliver()
    answers.decline(invitees.by_email(edition, "c0@cuenca.org"))
    db.session.commit()
    login(admin)
    page = client.get(f"/admin/e/{edition.slug}/invitations/").get_data(as_text=True)
    assert re.search(r'id="count-sent">3<', page)
    assert re.search(r'id="count-declined">1<', page)
    preview = client.get(
        f"/admin/e/{edition.slug}/invitations/{invitees.by_email(edition, 'c1@cuenca.org').id}"
        "/preview"
    )
    assert "Sofía" in preview.get_data(as_text=True)


def test_300_invitees_arrive_once_each_even_when_the_smtp_server_goes_down(
    app, runner, tmp_path, smtp
):
    edition = make_edition()
    for segment, count, domain in (
        ("Ciudades fronterizas", 150, "ciudades.org"),
        ("Gobiernos Regionales", 100, "regiones.org"),
        ("Multilaterales", 50, "multilaterales.org"),
    ):
        assert import_invitees(runner, tmp_path, edition, count, segment, domain).exit_code == 0
    result = runner.invoke(args=["invitations", "send", "--edition", edition.slug])
    assert result.exit_code == 0 and "queued 300" in result.output

    def stop_mid_campaign():
        while len(smtp.messages) < 120:
            time.sleep(0.001)
        smtp.stop()

    stopper = threading.Thread(target=stop_mid_campaign)
    stopper.start()
    first = email.deliver(batch=50)
    stopper.join()
    assert first["retry"] > 0 and first["failed"] == 0
    assert 120 <= len(smtp.messages) < 300
    smtp.start()
    email.deliver(batch=50)

    invitations = {i.email: i for i in db.session.scalars(select(Invitation))}
    assert len(smtp.messages) == 300
    assert sorted(m["To"] for m in smtp.messages) == sorted(invitations)
    for message in smtp.messages:
        invitation = invitations[message["To"]]
        text = body_text(message)
        assert personal_link(text) == f"http://seminario.test/i/{invitation.token}"
        assert edition.name in message["Subject"]
        expected = {"es": "Estimadas y estimados", "pt": "Prezadas e prezados", "en": "Dear"}[
            invitation.language
        ]
        assert expected in text or invitation.greeting
    states = db.session.scalars(select(OutboxMessage.state).distinct()).all()
    assert states == ["sent"]

    make_participant(edition, email="p0@ciudades.org")
    answers.decline(invitees.by_email(edition, "p1@regiones.org"))
    services.set_reminder(edition, datetime(2000, 1, 1, tzinfo=UTC))
    assert services.remind(edition) == 298
    db.session.commit()
    smtp.messages.clear()
    email.deliver()
    reminded = {m["To"] for m in smtp.messages}
    assert len(smtp.messages) == 298
    assert "p0@ciudades.org" not in reminded and "p1@regiones.org" not in reminded


def test_who_registered_before_the_campaign_is_not_invited(app, runner, tmp_path):
    edition = make_edition()
    import_invitees(runner, tmp_path, edition, 3)
    make_participant(edition, email="P1@invited.org")
    assert services.send(edition) == 2
    db.session.commit()
    assert invitees.by_email(edition, "p1@invited.org").status == "registered"


def test_letters_fill_deadline_title_and_event_type(app):
    from seminar.invitations import letters

    edition = make_edition(
        event_type="Seminario virtual",
        full_title="Gobiernos locales en acción: Alianzas estratégicas",
        registration_closes_at=datetime(2017, 10, 1, 3, tzinfo=UTC),  # midnight in Santiago
    )
    invitees.save_invitee(
        edition,
        {"first_name": "Ana", "last_name": "Pérez", "email": "ana@sre.org", "country": "MX",
         "actor_type": "national_government", "language": "es", "role": "participant",
         "organisation_level": "national", "greeting": ""},
    )  # fmt: skip
    services.save_letter(
        edition,
        "invitation",
        "es",
        "{event_type}: {edition_title}",
        "Inscríbase antes del {deadline}, {edition_dates}.",
    )
    composed = services.compose(invitees.by_email(edition, "ana@sre.org"), "invitation")
    assert composed["subject"].startswith(
        "Seminario virtual: Gobiernos locales en acción: Alianzas estratégicas"
    )
    assert composed["body"] == (
        "Inscríbase antes del 1 de octubre de 2017, del 4 al 7 de octubre de 2017."
    )
    assert "deadline" in letters.PLACEHOLDERS
