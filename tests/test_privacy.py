"""Participants own their data: separate consents kept with their text, download, erasure, and
the retention purge."""

import json
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from seminar import consents
from seminar.certificates import codes
from seminar.certificates import services as certificates
from seminar.checkin import services as checkin
from seminar.clock import set_now
from seminar.extensions import db
from seminar.models import (
    Attendance,
    AuditEntry,
    CheckIn,
    ConsentRecord,
    Invitation,
    OutboxMessage,
    Participant,
    ProgrammeSession,
    Speaker,
    TravelRequest,
    Workshop,
    WorkshopAttendance,
)
from seminar.programme import services as programme
from tests.factories import make_attendance, make_edition, make_participant
from tests.test_programme import make_panel, png

FORM = {
    "first_name": "Beatriz", "last_name": "Quintana Saavedra", "email": "bea@example.org",
    "country": "CL", "city": "Osorno", "institution": "Municipalidad de Osorno", "position": "",
    "language": "es", "actor_type": "local_government", "consent": "y", "rank_1": "11",
    "rank_2": "6", "rank_3": "13",
}  # fmt: skip


def register(client, edition, **changes):
    return client.post(f"/e/{edition.slug}/register", data={**FORM, **changes})


def test_needs_are_kept_only_with_their_own_explicit_consent(client):
    edition = make_edition()
    refused = register(client, edition, accessibility="Silla de ruedas")
    assert refused.status_code == 422
    assert 'id="consent_sensitive-error"' in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 0
    assert register(client, edition, accessibility="Silla de ruedas", consent_sensitive="y",
                    consent_photos="y").status_code == 302  # fmt: skip
    person = db.session.scalars(select(Participant)).one()
    assert person.accessibility == "Silla de ruedas"
    assert (person.consent_sensitive, person.consent_photos) == (True, True)
    assert person.consent_future_invitations is False


def test_each_answer_is_kept_with_the_text_shown_per_edition_and_language_and_when(client, login):
    edition = make_edition()
    login()
    page = f"/admin/e/{edition.slug}/privacy/?language=pt"
    saved = client.post(page, data={"photos": "Aceito ser fotografado no Seminário de teste.",
                                    "retention_years": "3"})  # fmt: skip
    assert saved.status_code == 302
    form = client.get(f"/e/{edition.slug}/register?lang=pt").get_data(as_text=True)
    assert "Aceito ser fotografado no Seminário de teste." in form
    register(client, edition, language="pt", consent_photos="y")
    records = {r.kind: r for r in db.session.scalars(select(ConsentRecord))}
    assert set(records) == {"registration", "sensitive", "photos", "future_invitations"}
    assert records["photos"].text == "Aceito ser fotografado no Seminário de teste."
    assert records["photos"].granted and records["photos"].language == "pt"
    assert records["photos"].recorded_at is not None
    person = db.session.scalars(select(Participant)).one()
    changed = {**FORM, "email": person.email}  # unticks the photographs
    assert client.post(f"/manage/{person.manage_token}?lang=pt", data=changed).status_code == 302
    photos = [(r.granted, r.text) for r in consents.history(person) if r.kind == "photos"]
    assert [granted for granted, _text in photos] == [True, False]
    assert db.session.get(type(edition), edition.id).retention_years == 3
    assert client.get(f"/e/{edition.slug}/register").status_code == 200  # es default still there


def test_participant_downloads_everything_kept_about_them_as_json(client):
    edition = make_edition()
    register(client, edition, dietary="Vegetariana", consent_sensitive="y")
    person = db.session.scalars(select(Participant)).one()
    make_attendance(person, date(2017, 10, 5))
    page = client.get(f"/manage/{person.manage_token}").get_data(as_text=True)
    assert f"/manage/{person.manage_token}/data.json" in page
    response = client.get(f"/manage/{person.manage_token}/data.json")
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["registration"]["email"] == "bea@example.org"
    assert data["registration"]["dietary"] == "Vegetariana"
    assert data["preferences"] == [11, 6, 13]
    assert data["attendance"][0]["day"] == "2017-10-05"
    assert {e["template"] for e in data["emails_sent"]} == {"registration_confirmed"}
    assert {c["kind"] for c in data["consents"]} >= {"registration", "sensitive"}
    assert client.get("/manage/not-a-token/data.json").status_code == 404


def erased_everywhere(client, login, runner, person, name, address, badge, code):
    """No export, page or scan knows the person any more; the counts are still there."""
    slug = person.edition.slug
    login()
    for url in (f"/admin/e/{slug}/participants/export.csv", f"/admin/e/{slug}/participants/"):
        text = client.get(url).get_data(as_text=True)
        assert name not in text and address not in text, url
    cli = runner.invoke(args=["participants", "export", "--edition", slug]).output
    assert name not in cli and address not in cli
    verify = client.get(f"/certificates/verify/{codes.grouped(code)}").get_data(as_text=True)
    assert name not in verify
    outbox = " ".join(m.recipient for m in db.session.scalars(select(OutboxMessage)))
    assert address not in outbox
    audit = " ".join(a.target for a in db.session.scalars(select(AuditEntry)))
    assert address not in audit
    assert checkin.scan(None, badge, "door")["status"] == "invalid"
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Attendance)) == 1
    db.session.expire_all()
    assert (person.country, person.actor_type, person.ranking) == ("CL", "local_government",
                                                                    [11, 6, 13])  # fmt: skip


def test_participant_erases_their_data_from_their_private_page(client, login, runner):
    edition = make_edition()
    person = make_participant(edition, first_name="Beatriz", last_name="Quintana Saavedra",
                              email="bea@example.org", accessibility="Audífono")  # fmt: skip
    make_attendance(person, date(2017, 10, 5))
    (certificate,) = certificates.issue(edition).issued
    db.session.add(Invitation(edition=edition, **{k: getattr(person, k) for k in (
        "first_name", "last_name", "email", "email_key", "country", "actor_type")}))  # fmt: skip
    db.session.commit()
    token, badge, code = person.manage_token, person.badge_code, certificate.code
    assert client.get(f"/manage/{token}/erase").status_code == 200
    assert client.post(f"/manage/{token}/erase", data={}).status_code == 422
    assert client.post(f"/manage/{token}/erase", data={"confirm": "y"}).status_code == 302
    assert client.get(f"/manage/{token}").status_code == 404
    assert db.session.scalars(select(Invitation)).all() == []
    erased_everywhere(client, login, runner, person, "Quintana", "bea@example.org", badge, code)


def test_flask_participants_erase_as_the_contract_says(client, login, runner):
    edition = make_edition()
    person = make_participant(edition, last_name="Quintana Saavedra", email="bea@example.org")
    make_attendance(person, date(2017, 10, 5))
    (certificate,) = certificates.issue(edition).issued
    db.session.commit()
    badge, code = person.badge_code, certificate.code
    unknown = runner.invoke(args=["participants", "erase", "x@y.org", "--edition", edition.slug])
    assert unknown.exit_code != 0 and "no registration for x@y.org" in unknown.output
    done = runner.invoke(args=["participants", "erase", "BEA@example.org", "--edition",
                               edition.slug])  # fmt: skip
    assert done.exit_code == 0, done.output
    erased_everywhere(client, login, runner, person, "Quintana", "bea@example.org", badge, code)


def test_purge_erases_editions_past_their_retention_and_old_email_bodies(runner):
    old = make_edition()  # ended 7 October 2017; kept five years
    longer = make_edition(retention_years=10)
    gone, kept = make_participant(old, email="gone@x.org"), make_participant(longer)
    db.session.add(OutboxMessage(recipient="gone@x.org", template="manage_link", state="sent",
                                 created_at=datetime(2022, 1, 1, tzinfo=UTC),
                                 context={"manage_url": "x"}))  # fmt: skip
    db.session.commit()
    set_now(datetime(2022, 10, 7, 12, tzinfo=UTC))
    first = runner.invoke(args=["privacy", "purge"])
    assert first.exit_code == 0 and "erased 0 participants" in first.output
    assert "1 sent emails' bodies" in first.output
    set_now(datetime(2022, 10, 8, 12, tzinfo=UTC))
    second = runner.invoke(args=["privacy", "purge"])
    assert second.exit_code == 0, second.output
    assert "erased 1 participants" in second.output
    db.session.expire_all()
    assert gone.erased_at is not None and gone.email != "gone@x.org"
    assert kept.erased_at is None
    message = db.session.scalars(select(OutboxMessage)).one()
    assert message.context == {} and message.recipient == ""


def test_a_purged_email_still_opens_on_the_outbox_page(client, login, runner):
    message = OutboxMessage(recipient="gone@x.org", template="manage_link", state="sent",
                            created_at=datetime(2020, 1, 1, tzinfo=UTC),
                            context={"manage_url": "x"})  # fmt: skip
    db.session.add(message)
    db.session.commit()
    assert runner.invoke(args=["privacy", "purge"]).exit_code == 0
    login()
    page = client.get(f"/admin/outbox/{message.id}")
    assert page.status_code == 200 and "gone@x.org" not in page.get_data(as_text=True)


def speaker_who_answered(edition, address):
    """Manuel of the panel, registered too under `address`, who accepted with a bio and photo."""
    session = make_panel(edition)
    manuel = session.speakers[0]
    manuel.email = address
    programme.answer(manuel, True, bio="Investigador de la UNAM", photo=png())
    db.session.commit()
    return manuel


def test_erasing_a_person_by_email_removes_their_speaker_record_too(client, runner):
    edition = make_edition()
    make_participant(edition, last_name="Martínez Justo", email="manuel@unam.org")
    manuel = speaker_who_answered(edition, "Manuel@UNAM.org")
    arrives, leaves = date(2017, 10, 4), date(2017, 10, 7)
    db.session.add(
        TravelRequest(
            edition_id=edition.id, speaker_id=manuel.id, arrival_on=arrives, departure_on=leaves
        )
    )
    db.session.commit()
    token, photo_id = manuel.token, manuel.photo_id
    done = runner.invoke(args=["participants", "erase", "manuel@unam.org", "--edition",
                               edition.slug])  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "the registration and 1 speaker record(s)" in done.output
    page = client.get(f"/e/{edition.slug}/programme").get_data(as_text=True)
    assert "Martínez" not in page and "Investigador" not in page
    assert "Ricardo Sondermann 0" in page  # the other speaker of the panel stays
    assert client.get(f"/speaker/{token}").status_code == 404
    assert client.get(f"/programme/photos/{photo_id}").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Speaker)) == 1
    assert db.session.scalar(select(func.count()).select_from(TravelRequest)) == 0
    outbox = " ".join(m.recipient.lower() for m in db.session.scalars(select(OutboxMessage)))
    assert "manuel@unam.org" not in outbox
    audit = " ".join(a.target for a in db.session.scalars(select(AuditEntry)))
    assert "Martínez" not in audit


def test_a_speaker_who_never_registered_is_erased_by_email(client, runner):
    edition = make_edition()
    speaker_who_answered(edition, "manuel@unam.org")
    done = runner.invoke(args=["participants", "erase", "manuel@unam.org", "--edition",
                               edition.slug])  # fmt: skip
    assert done.exit_code == 0, done.output
    assert done.output.strip().endswith(": 1 speaker record(s)")
    assert db.session.scalars(select(Speaker.name)).all() == ["Ricardo Sondermann 0"]


def test_purge_removes_the_speakers_of_editions_past_their_retention(runner):
    old, kept = make_edition(), make_edition(retention_years=10)
    speaker_who_answered(old, "manuel@unam.org")
    make_panel(kept)
    set_now(datetime(2022, 10, 8, 12, tzinfo=UTC))
    purged = runner.invoke(args=["privacy", "purge"])
    assert purged.exit_code == 0, purged.output
    assert "2 speakers" in purged.output
    sessions = select(ProgrammeSession.id).where(ProgrammeSession.edition_id == old.id)
    assert db.session.scalars(select(Speaker).where(Speaker.session_id.in_(sessions))).all() == []
    assert db.session.scalar(select(func.count()).select_from(Speaker)) == 2


def test_purge_forgets_the_station_names_once_the_edition_is_over(runner):
    edition = make_edition()
    person = make_participant(edition)
    door = db.session.scalars(select(Workshop).filter_by(edition_id=edition.id, ods=11)).one()
    set_now(datetime(2017, 10, 5, 13, tzinfo=UTC))
    checkin.scan(edition, person.badge_code, "Puerta norte, Ana")
    checkin.scan(edition, person.badge_code, "Sala 11, Bruno", workshop_id=door.id)
    db.session.commit()

    def stations():
        db.session.expire_all()
        return {
            made.__name__: sorted(db.session.scalars(select(made.station)))
            for made in (CheckIn, Attendance, WorkshopAttendance)
        }

    set_now(datetime(2017, 10, 7, 20, tzinfo=UTC))  # the last day: the doors may still be open
    during = runner.invoke(args=["privacy", "purge"])
    assert during.exit_code == 0 and "station names of 0 scans" in during.output
    assert stations()["CheckIn"] == ["Puerta norte, Ana", "Sala 11, Bruno"]
    set_now(datetime(2017, 10, 8, 12, tzinfo=UTC))
    after = runner.invoke(args=["privacy", "purge"])
    assert after.exit_code == 0 and "station names of 2 scans" in after.output
    assert stations() == {"CheckIn": ["", ""], "Attendance": [""], "WorkshopAttendance": [""]}
    assert db.session.scalar(select(func.count()).select_from(Attendance)) == 1
