"""`flask demo load` against its seeds: the facts of the source documents (tests/data/seeds, copied
from the project's seeds) are read from the seed files and found again on the public pages."""

import html
import re
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import func, select

from seminar.certificates import files
from seminar.extensions import db
from seminar.invitations import services as invitations
from seminar.models import (
    Assignment,
    Attendance,
    Certificate,
    Edition,
    Invitation,
    Participant,
    ProgrammeSession,
    Speaker,
)
from tests.readback import pdf_text, qr_codes

SEEDS = Path(__file__).parent / "data" / "seeds"
LETTER = (SEEDS / "carta-invitacion-seminario-puerto-montt.txt").read_text(encoding="utf-8")
VIRTUAL = (SEEDS / "seminario-virtual-gobiernos-locales-en-accion.txt").read_text(encoding="utf-8")
PLAN = (SEEDS / "plan-anual-desarrollo-social-2017-2018.txt").read_text(encoding="utf-8")
MONTHS = {"junio": 6, "octubre": 10}


def page_text(client, url: str) -> str:
    """The page as a reader sees it: tags dropped, entities decoded, spaces collapsed."""
    response = client.get(url)
    assert response.status_code == 200, url
    text = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return " ".join(html.unescape(text).split())


def plain(text: str) -> str:
    return " ".join(text.replace("**", "").split())


def virtual_agenda() -> list[dict]:
    """The seed's agenda: each item's title, minutes, facilitator and speakers (name, role)."""
    items, current = [], None
    for line in VIRTUAL.split("## Agenda", 1)[1].splitlines():
        line = line.strip()
        heading = re.match(r"#+ (.+?)(?: \((\d+) minutos\))?$", line)
        if heading and heading.group(1) != "Gobiernos locales en acción":
            current = {"title": heading.group(1), "minutes": heading.group(2), "people": []}
            items.append(current)
        elif current and (minutes := re.match(r"\(Duración (\d+) minutos\)", line)):
            current["minutes"] = minutes.group(1)
        elif current and (facilitator := re.match(r"Facilitador[a]?\. ([^,]+), (.+)", line)):
            current["people"].append((facilitator.group(1), facilitator.group(2), "facilitator"))
        elif current and (speaker := re.match(r"- ([^,]+), (.+)", line)):
            current["people"].append((speaker.group(1), speaker.group(2), "speaker"))
    return items


def test_the_seed_agenda_is_read_as_four_items():
    """The parser the other tests rely on finds what a reader of the seed finds."""
    agenda = virtual_agenda()
    assert [(i["title"][:7], i["minutes"]) for i in agenda] == [
        ("Inaugur", "15"), ("Panel 1", "35"), ("Panel 2", "30"), ("Cierre", "10"),
    ]  # fmt: skip
    assert [len(i["people"]) for i in agenda] == [3, 7, 5, 1]


def test_virtual_seminar_pages_give_the_seed_exactly(runner, client):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    slug = "gobiernos-locales-en-accion"
    landing = page_text(client, f"/e/{slug}/")
    programme = page_text(client, f"/e/{slug}/programme")

    title = re.search(r"seminario virtual “([^”]+)”", VIRTUAL).group(1)
    assert title in landing and title in programme
    assert "Seminario virtual" in landing
    day, month, year = re.search(r"- (\d+) de (\w+) de (\d{4})", VIRTUAL).groups()
    assert f"{day} de {month} de {year}" in landing
    deadline = re.search(r"antes del próximo (\d+ de \w+ de \d{4})", VIRTUAL).group(1)
    assert f"Plazo de inscripción: antes del {deadline}" in landing
    register = page_text(client, f"/e/{slug}/register")
    assert f"antes del {deadline}" in register
    assert f'href="/e/{slug}/programme"' in client.get(f"/e/{slug}/").get_data(as_text=True)

    times = re.search(r"(\d+) hs\.-(\d+:\d+) hs\. de Uruguay, (\d+) hs\.- (\d+:\d+) hs\. de México",
                      VIRTUAL)  # fmt: skip
    uy_start, uy_end, mx_start, mx_end = times.groups()
    agenda = virtual_agenda()
    first, last = agenda[0], agenda[-1]
    assert re.search(rf"{int(uy_start):02d}:00–\d\d:\d\d Montevideo · {int(mx_start):02d}:00–"
                     rf"\d\d:\d\d Mexico City · {first['minutes']} min", programme)  # fmt: skip
    assert re.search(rf"–{uy_end} Montevideo · \d\d:\d\d–{mx_end} Mexico City · "
                     rf"{last['minutes']} min", programme)  # fmt: skip
    for item in agenda:
        assert f"{item['minutes']} min" in programme
        section = programme.split(item["title"], 1)[1]
        for name, affiliation, role in item["people"]:
            label = f"{name} (facilitador/a)" if role == "facilitator" else name
            assert section.startswith(" ") and label in section, (item["title"], name)
            assert affiliation in section
    assert sum(minutes for minutes in (int(i["minutes"]) for i in agenda)) == 90  # «1:30 hs.»


def test_puerto_montt_2017_is_its_letter_and_nothing_of_the_virtual_seminar(runner, client):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    landing = page_text(client, "/e/puerto-montt-2017/")
    title = re.search(r"\*\*“([^”]+)”\*\*", LETTER).group(1)
    kind = re.search(r"celebración del (.+?) \*\*“", LETTER).group(1)
    start, end, month, year = re.search(r"del (\d+) al (\d+) de (\w+) de (\d{4})", LETTER).groups()
    assert title in landing and kind == "Seminario Taller Internacional" and kind in landing
    assert f"{start} de {month} de {year}" in landing and f"{end} de {month} de {year}" in landing
    # The annual plan's other dates, and where they come from, are in the description.
    plan = re.search(r"realizado del (\d+) al (\d+) de octubre de 2017", PLAN)
    plan_start, plan_end = plan.groups()
    assert f"«del {plan_start} al {plan_end} de octubre de 2017»" in landing
    assert "Plan Anual" in landing

    programme = page_text(client, "/e/puerto-montt-2017/programme")
    people = [name for item in virtual_agenda() for name, _a, _r in item["people"]]
    for name in people:
        bare = name.replace("Lic. Mag. ", "").replace("Lic. ", "").replace("Dr. ", "")
        assert bare not in programme, bare
    edition = db.session.scalars(select(Edition).filter_by(slug="puerto-montt-2017")).one()
    speakers = db.session.scalar(
        select(func.count(Speaker.id))
        .join(ProgrammeSession)
        .where(ProgrammeSession.edition_id == edition.id)
    )
    assert speakers == 0  # the letter places nobody in a session
    for name in people:
        last = name.split()[-1]
        assert not db.session.scalars(
            select(Participant).where(
                Participant.edition_id == edition.id, Participant.last_name == last,
                Participant.role == "speaker",
            )
        ).first()  # fmt: skip


def test_2017_invitation_letter_is_the_seed_complete_and_signed(runner):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    invitation = db.session.scalars(
        select(Invitation).join(Edition).where(
            Edition.slug == "puerto-montt-2017", Invitation.language == "es",
            Invitation.greeting == "",
        )
    ).first()  # fmt: skip
    body = plain(invitations.compose(invitation, "invitation")["body"])
    paragraphs = [plain(p) for p in LETTER.strip().split("\n\n") if p.strip()]
    assert paragraphs[0] == "Estimadas y estimados,"
    for paragraph in paragraphs:
        assert paragraph in body, paragraph
    # Signed as the letter signs: its writer, in the words of its first line.
    role = re.search(r"como (Vicepresidente de Desarrollo Social de Mercociudades)", LETTER)
    assert role.group(1) in body.split(paragraphs[-1], 1)[1]


def test_puerto_montt_2018_is_over_and_its_certificates_verify_from_their_qr(runner, client):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    dates = re.search(r"(\d)- (\d) de Octubre de 2018 Seminario - Taller “([^”]+)”", PLAN)
    start, end, title = dates.groups()
    title = title.strip()
    landing = page_text(client, "/e/puerto-montt-2018/")
    assert title in landing and "Puerto Montt II" in landing
    assert f"{start} de octubre de 2018" in landing and f"{end} de octubre de 2018" in landing

    edition = db.session.scalars(select(Edition).filter_by(slug="puerto-montt-2018")).one()
    confirmed = db.session.scalar(
        select(func.count(Participant.id)).filter_by(edition_id=edition.id, status="confirmed")
    )
    assert confirmed > 200
    published = db.session.scalar(
        select(func.count(Assignment.id))
        .join(Participant)
        .where(Participant.edition_id == edition.id, Assignment.notified_at.is_not(None))
    )
    assert published == 2 * confirmed  # one workshop in each of its two rounds, emailed
    days = db.session.execute(
        select(Attendance.day, func.count())
        .filter_by(edition_id=edition.id)
        .group_by(Attendance.day)
        .order_by(Attendance.day)
    ).all()
    assert [d.day for d, _n in days] == [2, 3, 4, 5] and all(n > 100 for _d, n in days)

    certificates = db.session.scalars(
        select(Certificate).filter_by(edition_id=edition.id, status="valid")
    ).all()
    attended = db.session.scalar(
        select(func.count(func.distinct(Attendance.participant_id))).filter_by(
            edition_id=edition.id
        )
    )
    assert len(certificates) == attended
    certificate = certificates[0]
    pdf = files.pdf_for(certificate)
    db.session.commit()
    (url,), *_ = qr_codes(pdf)
    verified = page_text(client, urlsplit(url).path)
    assert certificate.holder_name in verified and title in verified
    text = " ".join(" ".join(pdf_text(pdf)).split())
    assert (
        f"participó en el Seminario Taller «{title}», realizado en Puerto Montt del {start} al "
        f"{end} de octubre de 2018" in text
    )
    assert "participó en el Ciudades" not in text
