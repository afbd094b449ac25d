"""Holes found by the security read (issue 12), each guarded by the test that would catch it."""

from sqlalchemy import select

from seminar.extensions import db
from seminar.invitations import answers as invitation_answers
from seminar.invitations import invitees
from seminar.invitations import services as invitations
from seminar.models import Invitation, Participant
from tests.factories import make_edition, make_participant

FORM = {
    "first_name": "Ana", "last_name": "Pérez", "email": "ana@example.org", "country": "CL",
    "city": "Osorno", "institution": "Municipalidad", "position": "", "language": "es",
    "actor_type": "local_government", "consent": "y", "rank_1": "11", "rank_2": "6",
    "rank_3": "13",
}  # fmt: skip


def invitee(edition, address: str, role: str) -> Invitation:
    invitees.save_invitee(
        edition,
        {**FORM, "email": address, "role": role, "organisation_level": "local", "greeting": ""},
    )
    db.session.commit()
    return invitees.by_email(edition, address)


# Self-granted roles: the public form registers participants only.


def test_public_form_offers_no_role_and_registers_a_participant_whatever_is_posted(client):
    edition = make_edition()
    assert 'name="role"' not in client.get(f"/e/{edition.slug}/register").get_data(as_text=True)
    for n, role in enumerate(("speaker", "organiser")):
        response = client.post(
            f"/e/{edition.slug}/register", data={**FORM, "email": f"a{n}@x.org", "role": role}
        )
        assert response.status_code == 302
    roles = db.session.scalars(select(Participant.role)).all()
    assert roles == ["participant", "participant"]


def test_manage_page_cannot_change_the_role(client):
    person = make_participant(make_edition())
    page = client.get(f"/manage/{person.manage_token}").get_data(as_text=True)
    assert 'name="role"' not in page
    data = {**FORM, "email": person.email, "role": "speaker"}
    assert client.post(f"/manage/{person.manage_token}", data=data).status_code == 302
    db.session.expire_all()
    assert person.role == "participant" and person.first_name == "Ana"


def test_a_speakers_personal_invitation_registers_a_speaker_but_their_address_alone_does_not(
    client,
):
    edition = make_edition()
    speaker = invitee(edition, "sp@x.org", "speaker")
    invitee(edition, "sp2@x.org", "speaker")
    url = f"/e/{edition.slug}/register?invite={speaker.token}"
    assert client.post(url, data={**FORM, "email": "sp@x.org"}).status_code == 302
    other = client.post(f"/e/{edition.slug}/register", data={**FORM, "email": "sp2@x.org"})
    assert other.status_code == 302
    people = {p.email: p.role for p in db.session.scalars(select(Participant))}
    assert people == {"sp@x.org": "speaker", "sp2@x.org": "participant"}


def test_organisers_still_set_roles_from_the_participant_page(client, login):
    from tests.factories import make_user

    person = make_participant(make_edition())
    admin = make_user("admin")
    login(admin)
    url = f"/admin/e/{person.edition.slug}/participants/{person.id}"
    page = client.get(url).get_data(as_text=True)
    assert 'name="role"' in page
    data = {**FORM, "email": person.email, "role": "speaker"}
    assert client.post(url, data=data).status_code == 302
    db.session.expire_all()
    assert person.role == "speaker"


# Formula injection: CSV and XLSX exports never hand a spreadsheet a formula.

HOSTILE = {
    "first_name": '=HYPERLINK("http://evil.example","clic")',
    "last_name": "+1+2",
    "institution": "@SUM(A1:A9)",
    "city": "-2+3",
    "position": "\tcmd",
}


def exported_cells(client, runner, edition, workshop_id) -> dict[str, list[tuple[str, str]]]:
    """Every export's cells as a spreadsheet reads them: (text, openpyxl's data type or 'csv')."""
    import csv
    import io

    from openpyxl import load_workbook

    base = f"/admin/e/{edition.slug}"
    files = {
        "participants.csv": client.get(f"{base}/participants/export.csv").data,
        "participants.xlsx": client.get(f"{base}/participants/export.xlsx").data,
        "attendance.csv": client.get(f"{base}/allocation/workshops/{workshop_id}.csv").data,
        "attendance.xlsx": client.get(f"{base}/allocation/workshops/{workshop_id}.xlsx").data,
        "flask participants export": runner.invoke(
            args=["participants", "export", "--edition", edition.slug]
        ).output.encode(),
    }
    cells = {}
    for name, data in files.items():
        if name.endswith(".xlsx"):
            sheet = load_workbook(io.BytesIO(data)).active
            cells[name] = [(c.value or "", c.data_type) for row in sheet.iter_rows() for c in row]
        else:
            rows = csv.reader(io.StringIO(data.decode()))
            cells[name] = [(value, "csv") for row in rows for value in row]
    return cells


def test_exports_write_formula_like_values_as_text(client, runner, login):
    from seminar.models import Assignment, Workshop

    edition = make_edition()
    person = make_participant(edition, **HOSTILE)
    workshop = db.session.scalars(select(Workshop)).first()
    db.session.add(Assignment(participant=person, round_id=workshop.round_id, workshop=workshop))
    db.session.commit()
    login()
    for name, cells in exported_cells(client, runner, edition, workshop.id).items():
        assert cells, name
        formulas = [(v, t) for v, t in cells if t == "f" or str(v).startswith(tuple("=+-@\t\r"))]
        assert formulas == [], name
        assert any(str(v).startswith("'=HYPERLINK(") for v, _t in cells), name


def test_control_characters_in_a_name_do_not_stop_the_xlsx_export(client, login):
    edition = make_edition()
    make_participant(edition, first_name="Ana\x07\x1b", institution="Muni\x0bcipalidad")
    login()
    response = client.get(f"/admin/e/{edition.slug}/participants/export.xlsx")
    assert response.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    values = {c.value for row in load_workbook(BytesIO(response.data)).active for c in row}
    assert "Ana" in values and "Municipalidad" in values


# Manage links: a new registration gets a fresh token; "send my link again" only emails it.


def test_registering_again_after_cancelling_gets_a_fresh_manage_link_and_badge(client):
    edition = make_edition()
    assert client.post(f"/e/{edition.slug}/register", data=FORM).status_code == 302
    person = db.session.scalars(select(Participant)).one()
    old_token, old_badge = person.manage_token, person.badge_code
    client.post(f"/manage/{old_token}/cancel")
    again = client.post(f"/e/{edition.slug}/register", data=FORM)
    db.session.expire_all()
    assert person.status == "confirmed" and person.manage_token != old_token
    assert person.badge_code and person.badge_code != old_badge
    assert again.headers["Location"].startswith(f"/manage/{person.manage_token}")
    assert client.get(f"/manage/{old_token}").status_code == 404


def test_send_my_link_again_emails_it_and_answers_alike_for_unknown_addresses(client):
    from seminar.models import OutboxMessage

    person = make_participant(make_edition())
    slug = person.edition.slug
    answers = []
    for address in (person.email.upper(), "nobody@example.org"):
        response = client.post(f"/e/{slug}/resend", data={"email": address})
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert person.manage_token not in page
        answers.append((response.status_code, response.headers["Location"], page))
    assert answers[0] == answers[1]
    sent = db.session.scalars(select(OutboxMessage)).all()
    assert [(m.recipient, m.template) for m in sent] == [(person.email, "manage_link")]


# Uploads: speaker photos are re-encoded without metadata; a decompression bomb is refused.


def speaker_of(edition):
    from datetime import UTC, datetime

    from seminar.programme import services as programme

    session = programme.add_session(
        edition, datetime(2017, 10, 5, 12, tzinfo=UTC), kind="panel", title="Panel",
        room="Sala", duration_minutes=30,
    )  # fmt: skip
    speaker = programme.add_speaker(session, name="Carina Lucero", email="carina@example.org")
    db.session.commit()
    return speaker


def jpeg_with_gps() -> bytes:
    import io

    from PIL import Image

    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° to show upright
    exif.get_ifd(0x8825).update({1: "S", 2: (41.0, 28.0, 0.0), 3: "W", 4: (72.0, 56.0, 0.0)})
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "#19486a").save(buffer, "JPEG", exif=exif, comment=b"secret")
    return buffer.getvalue()


def png_bomb(width: int = 60000, height: int = 60000) -> bytes:
    """A tiny PNG whose header claims billions of pixels."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_speaker_photo_is_published_re_encoded_upright_without_exif_or_gps(client):
    import io

    from PIL import Image

    speaker = speaker_of(make_edition())
    upload = {"answer": "accept", "photo": (io.BytesIO(jpeg_with_gps()), "me.jpg")}
    response = client.post(
        f"/speaker/{speaker.token}", data=upload, content_type="multipart/form-data"
    )
    assert response.status_code == 302
    db.session.expire_all()
    published = client.get(f"/programme/photos/{speaker.photo_id}").data
    assert b"PhoneMaker" not in published and b"secret" not in published
    with Image.open(io.BytesIO(published)) as image:
        assert dict(image.getexif()) == {} and "comment" not in image.info
        assert image.size == (200, 300)


def test_a_decompression_bomb_is_refused_with_a_clear_message_and_changes_nothing(client):
    import io

    speaker = speaker_of(make_edition())
    for size in ((60000, 60000), (12000, 12000)):
        upload = {"answer": "accept", "photo": (io.BytesIO(png_bomb(*size)), "bomb.png")}
        response = client.post(
            f"/speaker/{speaker.token}", data=upload, content_type="multipart/form-data"
        )
        assert response.status_code == 422
        assert "too large" in response.get_data(as_text=True) or "grande" in response.get_data(
            as_text=True
        )
    db.session.expire_all()
    assert speaker.status == "new" and speaker.photo is None


# Text at the edge: normalised, no control characters, bounded where a column is.


def test_control_characters_and_decomposed_accents_typed_in_a_form_are_cleaned(client):
    edition = make_edition()
    data = {**FORM, "first_name": "Jose\u0301\x00\x07", "last_name": "Pe\u0301rez\x1b\tSoto"}
    response = client.post(f"/e/{edition.slug}/register", data=data)
    assert response.status_code == 302
    person = db.session.scalars(select(Participant)).one()
    assert (person.first_name, person.last_name) == ("José", "Pérez Soto")
    search = client.get(f"/e/{edition.slug}/register?email=a%00b%07c@x.org")
    assert search.status_code == 200 and 'value="abc@x.org"' in search.get_data(as_text=True)


def test_organiser_actions_on_long_titles_and_addresses_are_logged_not_failed(client, login):
    from datetime import UTC, datetime

    from seminar.models import AuditEntry
    from seminar.programme import services as programme

    edition = make_edition()
    title = "Panel " + "muy largo " * 29
    programme.add_session(
        edition, datetime(2017, 10, 5, 12, tzinfo=UTC), kind="panel", title=title[:300],
        room="Sala", duration_minutes=30,
    )  # fmt: skip
    person = make_participant(edition, email=("x" * 240) + "@example.org")
    db.session.commit()
    login()
    response = client.post(f"/admin/e/{edition.slug}/participants/{person.id}/cancel")
    assert response.status_code == 302
    targets = db.session.scalars(select(AuditEntry.target)).all()
    assert all(len(t) <= 120 for t in targets)
    assert any(t.startswith("Panel muy largo") for t in targets)
    assert any(t.startswith("xxxx") and t.endswith("…") for t in targets)


# Check-in: undo is scoped to the edition; offline times stay within its days and the arrival.


def bearer_headers() -> dict:
    from seminar import users
    from tests.factories import make_user

    token = users.issue_token(make_user("checkin"), "phone")
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def test_undo_through_another_editions_address_is_404_and_changes_nothing(client):
    from seminar.models import Attendance

    ours, theirs = make_edition(), make_edition()
    person = make_participant(theirs)
    headers = bearer_headers()
    scan = client.post("/api/v1/checkin", json={"code": person.badge_code}, headers=headers)
    checkin_id = scan.get_json()["checkin_id"]
    wrong = f"/api/v1/editions/{ours.slug}/checkin/{checkin_id}/undo"
    assert client.post(wrong, headers=headers).status_code == 404
    assert db.session.scalars(select(Attendance)).one().participant_id == person.id
    right = f"/api/v1/editions/{theirs.slug}/checkin/{checkin_id}/undo"
    assert client.post(right, headers=headers).status_code == 200
    assert db.session.scalars(select(Attendance)).all() == []


def test_an_offline_scan_cannot_be_dated_before_the_edition_or_after_its_arrival(client):
    from datetime import UTC, date, datetime

    from seminar.clock import set_now
    from seminar.models import Attendance

    edition = make_edition()  # 4–7 October 2017, America/Santiago
    early, late, honest = (make_participant(edition) for _ in range(3))
    set_now(datetime(2017, 10, 6, 15, 0, tzinfo=UTC))
    scans = [
        {"code": early.badge_code, "client_id": "a", "scanned_at": "2017-09-01T10:00:00-03:00"},
        {"code": late.badge_code, "client_id": "b", "scanned_at": "2017-10-07T10:00:00-03:00"},
        {"code": honest.badge_code, "client_id": "c", "scanned_at": "2017-10-05T10:00:00-03:00"},
    ]
    response = client.post("/api/v1/checkin/batch", json={"scans": scans}, headers=bearer_headers())
    assert [r["status"] for r in response.get_json()["results"]] == ["ok", "ok", "ok"]
    days = {a.participant_id: a.day for a in db.session.scalars(select(Attendance))}
    assert days == {early.id: date(2017, 10, 6), late.id: date(2017, 10, 6),
                    honest.id: date(2017, 10, 5)}  # fmt: skip


# Unsubscribe links carry an opaque token, not the address.


def test_unsubscribe_link_is_opaque_and_still_opts_out(client, smtp):
    import base64
    import re

    from seminar import email
    from tests.conftest import body_text

    edition = make_edition()
    invitee(edition, "Opaco@Example.org", "participant")
    invitations.send(edition)
    db.session.commit()
    email.deliver()
    text = body_text(smtp.to("Opaco@Example.org")[0])
    token = re.search(r"http://seminario\.test/unsubscribe/(\S+)", text)[1]
    padded = token.split(".")[0] + "=" * (-len(token.split(".")[0]) % 4)
    decoded = base64.urlsafe_b64decode(padded.encode()).decode("latin-1")
    assert "opaco" not in token.lower() and "opaco" not in decoded.lower()
    assert len(token) >= 32
    assert client.post(f"/unsubscribe/{token}").status_code == 200
    assert invitation_answers.is_unsubscribed(edition.id, "opaco@example.org")
    assert client.get("/unsubscribe/not-a-token").status_code == 404
