"""Virtual and hybrid editions: attendance from Zoom, Google Meet and Microsoft Teams reports
(tests/data/attendance, written as the platforms write them), certificates from the minutes,
join links only for registrants, and a registration form without ODS ranking."""

from datetime import UTC, date, datetime, time
from pathlib import Path

from sqlalchemy import func, select

from seminar.attendance import services as online
from seminar.certificates import services as certificates
from seminar.clock import frozen_at
from seminar.editions import services as editions
from seminar.extensions import db
from seminar.models import Certificate, Edition, OnlineAttendance, OutboxMessage, Participant
from seminar.programme import services as programme
from tests.factories import make_attendance, make_participant, make_user

REPORTS = Path(__file__).parent / "data" / "attendance"
ZOOM = REPORTS / "zoom_participants_with_summary.csv"
ZOOM_PLAIN = REPORTS / "zoom_participants.csv"
MEET = REPORTS / "meet_attendance.csv"
TEAMS = REPORTS / "teams_attendance_report.csv"
# The registered people of the reports; Elena Ruiz, a guest and the host's account are not.
PEOPLE = {
    "ana.perez@montevideo.example": ("Ana", "Pérez"),
    "bruno.silva@portoalegre.example": ("Bruno", "Silva"),
    "carla.gomez@rosario.example": ("Carla", "Gómez"),
    "diego.fernandez@rivera.example": ("Diego", "Fernández"),
}
JOIN_URL = "https://zoom.us/j/81234567890?pwd=secreto"


def make_online_edition(format_: str = "virtual", **extra):
    edition = editions.create(
        f"gobiernos-locales-{format_}",
        "Gobiernos locales en acción",
        "Montevideo",
        date(2021, 6, 11),
        date(2021, 6, 11),
        "America/Montevideo",
        format=format_,
        event_type="Seminario virtual",
        full_title="Gobiernos locales en acción: Alianzas estratégicas para el desarrollo local "
        "sostenible de la región",
        status="open",
        registration_closes_at=datetime(2099, 1, 1, tzinfo=UTC),
        **extra,
    )
    for address, (first, last) in PEOPLE.items():
        make_participant(edition, email=address, first_name=first, last_name=last, ranking=())
    db.session.commit()
    return edition


def import_file(runner, edition, path):
    return runner.invoke(args=["attendance", "import", str(path), "--edition", edition.slug])


def minutes(edition) -> dict[str, int]:
    by_id = online.minutes_by_participant(edition)
    people = db.session.scalars(select(Participant).filter_by(edition_id=edition.id))
    return {p.email: by_id.get(p.id, 0) for p in people}


def certified(edition) -> set[str]:
    certificates.issue(edition)
    db.session.commit()
    return set(
        db.session.scalars(
            select(Participant.email)
            .join(Certificate, Certificate.participant_id == Participant.id)
            .where(Certificate.edition_id == edition.id, Certificate.status == "valid")
        )
    )


def test_zoom_csv_with_a_rejoin_sums_minutes_counts_overlaps_once_and_feeds_certificates(runner):
    edition = make_online_edition()
    result = import_file(runner, edition, ZOOM)
    assert result.exit_code == 0, result.output
    assert "Zoom report: matched 4, unmatched 3, minutes 237" in result.output
    assert "unmatched: Elena Ruiz <elena.ruiz@cuenca.example>, 80 min" in result.output
    assert "unmatched: Invitado 1, 43 min" in result.output
    # Ana: 12:58:10–13:40 and, on her phone, 13:38–14:31: 92 minutes, not 42 + 53.
    # Bruno dropped out and came back: 15 + 15. Diego's email is written in capitals.
    assert minutes(edition) == {
        "ana.perez@montevideo.example": 92,
        "bruno.silva@portoalegre.example": 30,
        "carla.gomez@rosario.example": 25,
        "diego.fernandez@rivera.example": 90,
    }
    assert certified(edition) == {
        "ana.perez@montevideo.example",
        "bruno.silva@portoalegre.example",
        "diego.fernandez@rivera.example",
    }


def test_the_same_report_twice_or_without_its_summary_changes_nothing(runner):
    edition = make_online_edition()
    assert import_file(runner, edition, ZOOM).exit_code == 0
    before = db.session.scalar(select(func.count(OnlineAttendance.id)))
    for path in (ZOOM, ZOOM_PLAIN):
        again = import_file(runner, edition, path)
        assert again.exit_code == 0, again.output
        assert "new stretches 0, already imported 9" in again.output
    assert db.session.scalar(select(func.count(OnlineAttendance.id))) == before == 9
    assert minutes(edition)["ana.perez@montevideo.example"] == 92


def test_teams_utf16_report_in_sections_imports_and_feeds_certificates(runner):
    assert TEAMS.read_bytes()[:2] == b"\xff\xfe"  # UTF-16 as Teams writes it
    edition = make_online_edition()
    result = import_file(runner, edition, TEAMS)
    assert result.exit_code == 0, result.output
    assert "Microsoft Teams report: matched 3, unmatched 2" in result.output
    # The in-meeting activities give each join: Ana's overlap once, Bruno's two stretches.
    assert minutes(edition) == {
        "ana.perez@montevideo.example": 92,
        "bruno.silva@portoalegre.example": 30,
        "carla.gomez@rosario.example": 25,
        "diego.fernandez@rivera.example": 0,
    }
    assert certified(edition) == {
        "ana.perez@montevideo.example",
        "bruno.silva@portoalegre.example",
    }


def test_meet_csv_imports_and_feeds_certificates(runner):
    edition = make_online_edition()
    result = import_file(runner, edition, MEET)
    assert result.exit_code == 0, result.output
    assert "Google Meet report: matched 3, unmatched 1, minutes 163" in result.output
    assert minutes(edition)["carla.gomez@rosario.example"] == 45
    assert certified(edition) == {
        "ana.perez@montevideo.example",
        "carla.gomez@rosario.example",
    }


def test_a_file_that_is_no_report_is_refused_and_writes_nothing(runner, tmp_path):
    edition = make_online_edition()
    wrong = tmp_path / "participants.csv"
    wrong.write_text("first_name,last_name,email\nAna,Pérez,ana@example.org\n", encoding="utf-8")
    broken = tmp_path / "zoom.csv"
    broken.write_text(
        ZOOM_PLAIN.read_text(encoding="utf-8").replace("06/11/2021 01:05:00 PM", "la una"),
        encoding="utf-8",
    )
    for path, reason in ((wrong, "not a Zoom, Google Meet or Microsoft Teams"), (broken, "line 4")):
        result = import_file(runner, edition, path)
        assert result.exit_code != 0 and reason in result.output, result.output
    assert db.session.scalar(select(func.count(OnlineAttendance.id))) == 0


def with_programme(edition):
    """A 90-minute programme: the seed's «Duración máxima 1:30 hs.»"""
    programme.add_session(
        edition, programme.local_start(edition, date(2021, 6, 11), time(13)), kind="panel",
        title="Panel 1", duration_minutes=90,
    )  # fmt: skip
    return edition


def test_virtual_certificates_follow_the_edited_rule_minutes_or_share(runner):
    edition = with_programme(make_online_edition())
    assert import_file(runner, edition, ZOOM).exit_code == 0
    settings = dict(rule="days", min_days=1, hours=0, wording={})
    certificates.save_settings(edition, **settings, min_minutes=25)
    db.session.commit()
    assert "carla.gomez@rosario.example" in certified(edition)
    edition = with_programme(make_online_edition("hybrid"))
    assert import_file(runner, edition, ZOOM).exit_code == 0
    # Half of the 90-minute programme: 45 minutes; Bruno's 30 are not enough.
    certificates.save_settings(edition, **settings, min_share=0.5)
    db.session.commit()
    assert online.required_minutes(edition) == 45
    assert "bruno.silva@portoalegre.example" not in certified(edition)


def test_hybrid_edition_accepts_the_door_or_the_minutes(runner):
    edition = make_online_edition("hybrid")
    assert import_file(runner, edition, ZOOM).exit_code == 0
    carla = db.session.scalars(select(Participant).filter_by(email="carla.gomez@rosario.example"))
    make_attendance(carla.one(), date(2021, 6, 11))  # 25 minutes online, but at the venue
    assert certified(edition) == {
        "ana.perez@montevideo.example",
        "bruno.silva@portoalegre.example",
        "carla.gomez@rosario.example",
        "diego.fernandez@rivera.example",
    }


def test_admin_upload_previews_the_matches_then_imports(client):
    edition = make_online_edition()
    user = make_user()
    client.post("/login", data={"email": user.email, "password": "a-long-password"})
    url = f"/admin/e/{edition.slug}/attendance"
    with TEAMS.open("rb") as report:
        preview = client.post(
            f"{url}/preview",
            data={"file": (report, "Attendance report.csv")},
            content_type="multipart/form-data",
        )
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Microsoft Teams" in page and "Ana Pérez" in page and "Elena Ruiz (Externo)" in page
    assert db.session.scalar(select(func.count(OnlineAttendance.id))) == 0
    token = page.split('name="upload" type="hidden" value="')[1].split('"')[0]
    done = client.post(f"{url}/import", data={"upload": token})
    assert done.status_code == 302
    assert db.session.scalar(select(func.count(OnlineAttendance.id))) == 7
    listing = client.get(f"{url}/").get_data(as_text=True)
    assert "elena.ruiz@cuenca.example" in listing and "92" in listing
    with (REPORTS.parent / "seeds" / "carta-invitacion-seminario-puerto-montt.txt").open("rb") as f:
        refused = client.post(
            f"{url}/preview", data={"file": (f, "carta.txt")}, content_type="multipart/form-data"
        )
    assert refused.status_code == 422
    assert "El archivo no se importó: nada ha cambiado." in refused.get_data(as_text=True)
    assert "no es un informe de participantes de Zoom" in refused.get_data(as_text=True)


def test_virtual_registration_asks_no_ranking(client):
    edition = make_online_edition()
    form = client.get(f"/e/{edition.slug}/register").get_data(as_text=True)
    assert 'id="ranking"' not in form and "rank_1" not in form
    response = client.post(
        f"/e/{edition.slug}/register",
        data={
            "first_name": "Ericka", "last_name": "Hernández", "email": "ericka@toluca.example",
            "country": "MX", "city": "Toluca", "institution": "Ayuntamiento de Toluca",
            "actor_type": "local_government", "language": "es", "role": "participant",
            "consent": "y",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.get_data(as_text=True)
    person = db.session.scalars(select(Participant).filter_by(email="ericka@toluca.example")).one()
    assert person.status == "confirmed" and person.ranking == []
    in_person = editions.create(
        "presencial", "Seminario", "Puerto Montt", date(2017, 10, 4), date(2017, 10, 7),
        "America/Santiago", status="open", registration_closes_at=datetime(2099, 1, 1, tzinfo=UTC),
    )  # fmt: skip
    db.session.commit()
    assert 'id="ranking"' in client.get(f"/e/{in_person.slug}/register").get_data(as_text=True)


def test_join_links_reach_registrants_and_never_public_pages(client):
    edition = make_online_edition()
    session = programme.add_session(
        edition, programme.local_start(edition, date(2021, 6, 11), time(13)), kind="panel",
        title="Panel 1", duration_minutes=35, join_url=JOIN_URL,
    )  # fmt: skip
    programme.set_second_timezone(edition, "America/Mexico_City")
    db.session.commit()
    response = client.post(
        f"/e/{edition.slug}/register",
        data={
            "first_name": "Ricardo", "last_name": "Herrera", "email": "ricardo@puebla.example",
            "country": "MX", "city": "Puebla", "institution": "Ayuntamiento de Puebla",
            "actor_type": "local_government", "language": "es", "role": "participant",
            "consent": "y",
        },
    )  # fmt: skip
    manage = client.get(response.headers["Location"]).get_data(as_text=True)
    assert JOIN_URL.replace("&", "&amp;") in manage or JOIN_URL in manage
    message = db.session.scalars(
        select(OutboxMessage).filter_by(template="registration_confirmed")
    ).one()
    from seminar import email

    built = email._build(message)
    assert JOIN_URL in built.body and "13:00–13:35 (Montevideo)" in built.body
    assert "11:00–11:35 (Mexico City)" in built.body
    assert "código QR" not in built.body.lower()  # no badge for a virtual seminar
    for url in (
        f"/e/{edition.slug}/",
        f"/e/{edition.slug}/programme",
        f"/e/{edition.slug}/programme.ics",
        f"/e/{edition.slug}/programme/{session.id}.ics",
    ):
        public = client.get(url)
        assert public.status_code == 200, url
        assert "zoom.us" not in public.get_data(as_text=True), url


def test_editions_create_virtual_asks_no_ranking_unless_told(runner):
    base = [
        "editions", "create", "--name", "Gobiernos locales en acción", "--city", "Montevideo",
        "--starts", "2021-06-11", "--ends", "2021-06-11", "--timezone", "America/Montevideo",
    ]  # fmt: skip
    created = runner.invoke(args=[*base, "--slug", "virtual", "--format", "virtual"])
    assert created.exit_code == 0, created.output
    told = runner.invoke(
        args=[*base, "--slug", "hibrido", "--format", "hybrid", "--ods-to-rank", "2",
              "--event-type", "Seminario", "--title", "Gobiernos locales en acción: Alianzas"]
    )  # fmt: skip
    assert told.exit_code == 0, told.output
    wrong = runner.invoke(args=[*base, "--slug", "otro", "--format", "online"])
    assert wrong.exit_code != 0 and "online" in wrong.output
    found = {e.slug: e for e in db.session.scalars(select(Edition))}
    assert (found["virtual"].format, found["virtual"].ods_to_rank) == ("virtual", 0)
    assert (found["hibrido"].format, found["hibrido"].ods_to_rank) == ("hybrid", 2)
    assert found["hibrido"].title == "Gobiernos locales en acción: Alianzas"
    assert "otro" not in found


def test_registrants_get_the_join_links_the_day_before_once(app):
    edition = make_online_edition()
    programme.add_session(
        edition, programme.local_start(edition, date(2021, 6, 11), time(13)), kind="panel",
        title="Panel 1", duration_minutes=35, join_url=JOIN_URL,
    )  # fmt: skip
    db.session.commit()
    with frozen_at(datetime(2021, 6, 9, 15, tzinfo=UTC)):
        assert programme.remind_registrants(edition) == 0  # two days before: not yet
    with frozen_at(datetime(2021, 6, 10, 15, tzinfo=UTC)):
        assert programme.remind_registrants(edition) == len(PEOPLE)
        db.session.commit()
        assert programme.remind_registrants(edition) == 0  # once
    reminder = db.session.scalars(select(OutboxMessage).filter_by(template="online_reminder"))
    assert JOIN_URL in reminder.first().context["online_sessions"][0]["join_url"]


def test_attendance_page_lists_people_online_fifty_a_page_with_counts_and_filters(client):
    import re
    from datetime import timedelta

    edition = make_online_edition()
    start = datetime(2021, 6, 11, 13, tzinfo=UTC)
    for n in range(56):
        person = make_participant(
            edition, first_name="Lucía", last_name=f"Álvarez-{n:02d}", ranking=()
        )
        if n < 55:  # the last one registered and never came
            length = timedelta(minutes=10 if n % 20 == 0 else 60)
            db.session.add(
                OnlineAttendance(
                    edition_id=edition.id, email_key=person.email_key, name=person.full_name,
                    joined_at=start, left_at=start + length, platform="zoom",
                )
            )  # fmt: skip
    db.session.add(
        OnlineAttendance(
            edition_id=edition.id, email_key="", name="Invitado", joined_at=start,
            left_at=start + timedelta(minutes=45), platform="zoom",
        )
    )  # fmt: skip
    db.session.commit()
    user = make_user()
    client.post("/login", data={"email": user.email, "password": "a-long-password"})
    url = f"/admin/e/{edition.slug}/attendance/"

    def names(**args) -> list[str]:
        page = client.get(url, query_string=args).get_data(as_text=True)
        table = page.split('id="online-attendance"')[1].split("</table>")[0]
        return re.findall(r"<tr><td>([^<]+)</td>", table)

    page = client.get(url).get_data(as_text=True)
    counts = dict(re.findall(r'data-count="(\w+)"><span>[^<]*</span><b class="n">(\d+)</b>', page))
    # 55 online (3 of them 10 minutes, short of the 30), the 4 of PEOPLE and one more never.
    assert counts == {"enough": "52", "short": "3", "never": "5", "unmatched": "1"}
    first = names()
    assert len(first) == 50 and first[0] == "Lucía Álvarez-00"
    assert names(page=2) == [f"Lucía Álvarez-{n}" for n in range(50, 55)]
    assert names(show="short") == ["Lucía Álvarez-00", "Lucía Álvarez-20", "Lucía Álvarez-40"]
    assert names(q="alvarez-33") == ["Lucía Álvarez-33"]
    assert names(q="alvarez-00", show="enough") == []
