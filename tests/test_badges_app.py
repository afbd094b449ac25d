import time

import pytest
from sqlalchemy import select

from seminar import email
from seminar.badges import services
from seminar.extensions import db
from seminar.models import Assignment, OutboxMessage, Participant, Workshop
from seminar.registration.seats import notify
from tests.factories import make_edition, make_participant
from tests.readback import pdf_text, qr_codes

PEOPLE = [
    {"first_name": "Conceição", "last_name": "Araújo", "role": "speaker", "language": "pt"},
    {"first_name": "Ñusta", "last_name": "Peña", "role": "organiser"},
    {"first_name": "François", "last_name": "Garçon", "language": "en"},
    {"first_name": "<b>Ana</b>", "last_name": "O'Brien & <i>Co</i>"},
    {"first_name": "Lucía", "last_name": "Prensa", "position": "Prensa"},
]


def assign(person, *ods_numbers):
    for ods_number in ods_numbers:
        workshop = db.session.scalars(
            select(Workshop).where(
                Workshop.edition_id == person.edition_id,
                Workshop.ods == ods_number,
                Workshop.round_id.not_in(a.round_id for a in person.assignments),
            )
        ).first()
        person.assignments.append(Assignment(round_id=workshop.round_id, workshop_id=workshop.id))
    db.session.commit()


@pytest.fixture
def edition(app):
    """A small demo-like edition: two rounds, people of every role, some waiting or cancelled."""
    edition = make_edition(rounds=2)
    for index, fields in enumerate(PEOPLE):
        person = make_participant(edition, **fields)
        assign(person, 11, 6 + index)
    make_participant(edition, status="waitlisted", first_name="Waiting")
    make_participant(edition, status="cancelled", first_name="Gone")
    return edition


def confirmed_codes(edition) -> list[str]:
    return sorted(
        db.session.scalars(
            select(Participant.badge_code).where(
                Participant.edition_id == edition.id, Participant.status == "confirmed"
            )
        )
    )


def run_badges(runner, edition, tmp_path, *options):
    output = tmp_path / "badges.pdf"
    result = runner.invoke(args=["badges", "--edition", edition.slug, "-o", str(output), *options])
    assert result.exit_code == 0, result.output
    return output.read_bytes()


def flat(pages):
    return sorted(code for page in pages for code in page)


def test_cli_badges_decode_to_the_confirmed_badge_codes_only(runner, edition, tmp_path):
    pages = qr_codes(run_badges(runner, edition, tmp_path))
    assert len(pages) == 2 and [len(p) for p in pages] == [4, 1]
    assert flat(pages) == confirmed_codes(edition)


def test_badge_qr_holds_no_personal_data(runner, edition, tmp_path):
    codes = flat(qr_codes(run_badges(runner, edition, tmp_path, "--layout", "a6")))
    people = db.session.scalars(select(Participant).where(Participant.status == "confirmed"))
    for person in people:
        for code in codes:
            for value in (person.first_name, person.last_name, person.email, person.institution):
                assert value not in code


def test_a6_layout_has_one_badge_per_page(runner, edition, tmp_path):
    pages = qr_codes(run_badges(runner, edition, tmp_path, "--layout", "a6"))
    assert [len(p) for p in pages] == [1] * 5


def test_accents_and_markup_are_printed_as_given(runner, edition, tmp_path):
    text = " ".join(pdf_text(run_badges(runner, edition, tmp_path, "--layout", "a6")))
    for expected in ("Conceição", "Araújo", "Ñusta", "Peña", "François", "Garçon",
                     "<b>Ana</b>", "O'Brien & <i>Co</i>"):  # fmt: skip
        assert expected in text


def test_labels_follow_the_participant_language(runner, edition, tmp_path):
    text = " ".join(pdf_text(run_badges(runner, edition, tmp_path, "--layout", "a6")))
    assert "PALESTRANTE" in text  # the Brazilian speaker
    assert "ORGANIZADOR/A" in text
    assert "PARTICIPANT" in text and "PRENSA" in text


def test_role_filter_prints_only_that_role(runner, edition, tmp_path):
    speaker = db.session.scalar(select(Participant).where(Participant.role == "speaker"))
    pages = qr_codes(run_badges(runner, edition, tmp_path, "--role", "speaker"))
    assert flat(pages) == [speaker.badge_code]


def test_press_band_comes_from_the_position(runner, edition, tmp_path):
    press = db.session.scalar(select(Participant).where(Participant.position == "Prensa"))
    pages = qr_codes(run_badges(runner, edition, tmp_path, "--role", "press"))
    assert flat(pages) == [press.badge_code]


def test_ods_filter_prints_those_in_that_workshop(runner, edition, tmp_path):
    pages = qr_codes(run_badges(runner, edition, tmp_path, "--ods", "7"))
    in_seven = db.session.scalar(select(Participant).where(Participant.last_name == "Peña"))
    assert flat(pages) == [in_seven.badge_code]


def test_not_printed_prints_only_the_new_confirmed(runner, edition, tmp_path):
    run_badges(runner, edition, tmp_path)
    late = make_participant(edition, first_name="Late")
    pages = qr_codes(run_badges(runner, edition, tmp_path, "--not-printed"))
    assert flat(pages) == [late.badge_code]


@pytest.mark.parametrize(
    "options, reason",
    [
        (["--edition", "nope"], "no edition"),
        (["--layout", "a5"], "unknown layout"),
        (["--role", "king"], "unknown role"),
        (["--ods", "18"], "unknown ODS"),
        (["--ods", "17", "--not-printed", "--role", "press", "--layout", "a6"], "nothing to print"),
    ],
)
def test_bad_input_exits_non_zero_writing_nothing(runner, edition, tmp_path, options, reason):
    output = tmp_path / "out.pdf"
    args = ["badges", "--edition", edition.slug, "-o", str(output), *options]
    result = runner.invoke(args=args)
    assert result.exit_code != 0 and reason in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not output.exists()
    assert db.session.scalar(select(Participant.badge_printed_at).limit(1)) is None


def test_wallet_page_shows_the_qr_of_its_token(client, edition):
    person = db.session.scalar(select(Participant).where(Participant.last_name == "Peña"))
    response = client.get(f"/manage/{person.manage_token}/badge")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<svg" in page and person.badge_code in page and "Ñusta Peña" in page


def test_wallet_page_of_a_wrong_token_is_404(client, edition):
    assert client.get("/manage/not-a-token/badge").status_code == 404


def test_wallet_page_of_a_waitlisted_person_is_404(client, edition):
    waiting = db.session.scalar(select(Participant).where(Participant.status == "waitlisted"))
    assert client.get(f"/manage/{waiting.manage_token}/badge").status_code == 404


def test_manage_page_links_to_the_badge(client, edition):
    person = db.session.scalar(select(Participant).where(Participant.last_name == "Peña"))
    page = client.get(f"/manage/{person.manage_token}").get_data(as_text=True)
    assert f"/manage/{person.manage_token}/badge" in page


def test_checkin_user_gets_one_badge_but_not_the_batch_page(client, edition, login):
    person = db.session.scalar(select(Participant).where(Participant.last_name == "Peña"))
    login("checkin")
    response = client.get(f"/admin/e/{edition.slug}/badges/{person.id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert qr_codes(response.data) == [[person.badge_code]]
    assert client.get(f"/admin/e/{edition.slug}/badges").status_code == 403


def test_one_badge_of_another_edition_is_404(client, edition, login):
    other = make_participant(make_edition())
    login("admin")
    assert client.get(f"/admin/e/{edition.slug}/badges/{other.id}.pdf").status_code == 404


def test_admin_batch_renders_in_background_and_download_marks_printed(client, edition, login):
    login("admin")
    assert client.get(f"/admin/e/{edition.slug}/badges").status_code == 200
    started = client.post(
        f"/admin/e/{edition.slug}/badges", data={"layout": "a4-4up", "role": "speaker"}
    )
    assert started.status_code == 202
    status_url = started.json["status_url"]
    for _ in range(300):
        state = client.get(status_url).json
        if state["status"] != "running":
            break
        time.sleep(0.1)
    assert state["status"] == "done" and state["done"] == state["total"] == 1
    pdf = client.get(state["download_url"])
    speaker = db.session.scalar(select(Participant).where(Participant.role == "speaker"))
    assert qr_codes(pdf.data) == [[speaker.badge_code]]
    db.session.expire_all()
    assert speaker.badge_printed_at is not None
    assert [p.badge_printed_at for p in services.confirmed(edition)].count(None) == 4


def test_confirmation_email_links_to_the_badge(app, edition):
    person = db.session.scalar(select(Participant).where(Participant.last_name == "Peña"))
    notify(person, "registration_confirmed")
    db.session.commit()
    message = db.session.scalars(select(OutboxMessage)).all()[-1]
    rendered = email.render(message)
    assert f"/manage/{person.manage_token}/badge" in rendered.text


@pytest.mark.parametrize(
    "filters",
    [
        services.Filters(),
        services.Filters(role="speaker"),
        services.Filters(role="press"),
        services.Filters(ods=11),
        services.Filters(ods=7),
        services.Filters(not_printed=True),
    ],
)
def test_preview_counts_exactly_what_the_batch_prints(edition, filters):
    services.mark_printed([db.session.scalars(select(Participant.id).limit(1)).one()])
    db.session.commit()
    ids, _badges = services.batch(edition, filters)
    preview = services.preview(edition, filters)
    assert preview.total == len(ids)
    assert sum(preview.by_role.values()) == len(ids)
    people = db.session.scalars(select(Participant).where(Participant.id.in_(ids))).all()
    assert preview.not_printed == sum(1 for p in people if p.badge_printed_at is None)


def test_badges_page_counts_a_batch_without_listing_every_name(client, edition, login):
    login("admin")
    page = client.get(f"/admin/e/{edition.slug}/badges?lang=en").text
    assert "Badges in this batch</th><td><b>5</b>" in page
    assert "Peña" not in page and 'id="badge-people"' not in page
    speakers = client.get(f"/admin/e/{edition.slug}/badges?lang=en&count-role=speaker").text
    assert "Badges in this batch</th><td><b>1</b>" in speakers
    assert 'name="count-role"' in speakers and 'id="role"' in speakers  # the batch form's own
    in_eleven = client.get(f"/admin/e/{edition.slug}/badges?lang=en&count-ods=11").text
    assert "ODS 11: 5" in in_eleven


def test_badges_page_finds_one_person_by_name(client, edition, login):
    login("admin")
    page = client.get(f"/admin/e/{edition.slug}/badges?lang=en&q=pena").text
    person = db.session.scalars(select(Participant).where(Participant.last_name == "Peña")).one()
    assert f"/badges/{person.id}.pdf" in page and "Araújo" not in page


def test_badges_page_ignores_nonsense_filters(client, edition, login):
    login("admin")
    response = client.get(f"/admin/e/{edition.slug}/badges?count-ods=x&count-role=<b>")
    assert response.status_code == 200
    assert "Badges in this batch" in client.get(f"/admin/e/{edition.slug}/badges?lang=en").text


def test_an_empty_batch_is_refused_in_the_organisers_language(client, edition, login):
    login("admin")
    refused = client.post(
        f"/admin/e/{edition.slug}/badges",
        data={"layout": "a4-4up", "ods": "17"},
        headers={"Accept-Language": "es"},
    )
    assert refused.status_code == 400
    assert refused.json["error"] == "ningún participante confirmado coincide: nada que imprimir"
