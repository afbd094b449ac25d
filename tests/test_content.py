"""Organiser-written text in the reader's language: the demo in Portuguese, and the translations
page where an organiser sees and fills what is missing."""

import html
import re
from datetime import UTC, datetime

from sqlalchemy import select

from seminar import content, email
from seminar.badges import services as badges
from seminar.extensions import db
from seminar.models import Edition, Participant, ProgrammeSession
from seminar.programme import services as programme
from tests.conftest import body_html, body_text
from tests.factories import make_edition
from tests.readback import pdf_text
from tests.test_registration import FORM

# Words of the demo's Spanish texts that Portuguese never writes (pt: do, das, os, o, manhã,
# dia, salão, cidades, desenvolvimento, governo, oficinas, porta, seminário …).
SPANISH_ONLY = {
    "del", "las", "los", "el", "la", "y", "mañana", "día", "salón", "ciudades", "desarrollo",
    "sostenible", "gobierno", "gobernanza", "talleres", "taller", "puerta", "seminario",
    "apertura", "propuestas", "hablemos", "uno", "nueva", "experiencias", "niveles",
}  # fmt: skip


def spanish_words(text: str) -> set[str]:
    text = re.sub(r"https?://\S+", " ", text)  # the site's own address is no wording
    words = set(re.findall(r"[^\W\d_]+", text.casefold()))
    return {w for w in SPANISH_ONLY if w in words}


def page_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.get_data(as_text=True)
    page = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    # The language switcher names each language in itself (Español): not content.
    page = re.sub(r'<a [^>]*lang="es"[^>]*>.*?</a>', " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_a_brazilian_reads_the_2017_demo_page_programme_email_and_badge_in_portuguese(
    runner, client, smtp
):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    slug = "puerto-montt-2017"
    landing = page_text(client, f"/e/{slug}/?lang=pt")
    assert "a porta da Patagônia do Chile" in landing
    assert "Cidades da América Latina pelo Desenvolvimento Sustentável" in landing
    assert spanish_words(landing) == set()
    schedule = page_text(client, f"/e/{slug}/programme?lang=pt")
    assert "Abertura do Seminário Oficina Internacional" in schedule
    assert "Salão Reloncaví" in schedule
    assert spanish_words(schedule) == set()
    # The same pages in Spanish still read the organisers' own text.
    assert "la puerta de la Patagonia de Chile" in page_text(client, f"/e/{slug}/?lang=es")

    edition = db.session.scalars(select(Edition).where(Edition.slug == slug)).one()
    form = {**FORM, "email": "joana.silva@example.com.br", "language": "pt", "country": "BR"}
    form.update(first_name="Joana", last_name="Silva", city="Porto Alegre")
    form.update({f"rank_{n}": str(ods) for n, ods in enumerate((11, 6, 13, 1, 5), 1)})
    assert client.post(f"/e/{slug}/register?lang=pt", data=form).status_code == 302
    assert email.deliver()["sent"] >= 1
    (message,) = smtp.to("joana.silva@example.com.br")
    mail = f"{message['Subject']} {body_text(message)} {body_html(message)}"
    mail = html.unescape(re.sub(r"<[^>]+>", " ", mail))
    assert "Cidades da América Latina pelo Desenvolvimento Sustentável" in mail
    assert spanish_words(mail) == set()

    person = db.session.scalars(
        select(Participant).where(
            Participant.edition_id == edition.id, Participant.email == "joana.silva@example.com.br"
        )
    ).one()
    badge = " ".join(pdf_text(badges.one(person)))
    assert "Cidades da América Latina" in badge
    assert spanish_words(badge) == set()


def _edition_with_texts() -> Edition:
    edition = make_edition(
        description="Las ciudades trabajan juntas.", venue="Centro de eventos del puerto"
    )
    programme.add_session(
        edition,
        datetime(2017, 10, 4, 21, tzinfo=UTC),
        kind="plenary",
        title="Apertura",
        description="Palabras de bienvenida.",
        room="Salón principal",
        duration_minutes=60,
        join_url="",
    )
    db.session.commit()
    return edition


def test_organiser_sees_missing_translations_and_fills_them_side_by_side(client, login):
    edition = _edition_with_texts()
    login()
    url = f"/admin/e/{edition.slug}/translations?lang=pt"
    page = client.get(url).get_data(as_text=True)
    assert 'id="missing-pt"' in page and 'id="missing-en"' in page
    # Edition name, venue, description; session title, description, room; round; 17 rooms.
    assert re.search(r'id="missing-pt" data-missing="(\d+)"', page).group(1) == "24"
    assert page.count('class="translation-row missing"') == 24
    session = db.session.scalars(select(ProgrammeSession)).one()
    assert "Palabras de bienvenida." in page  # the original, beside its empty field
    response = client.post(
        url,
        data={
            "lang": "pt",
            f"text-programmesession:{session.id}:title": "Abertura",
            f"text-programmesession:{session.id}:description": "Palavras de boas-vindas.",
            f"text-edition:{edition.id}:description": "As cidades trabalham juntas.",
        },
    )
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert re.search(r'id="missing-pt" data-missing="(\d+)"', page).group(1) == "21"
    assert re.search(r'id="missing-en" data-missing="(\d+)"', page).group(1) == "24"
    assert "Palavras de boas-vindas." in page

    public = client.get(f"/e/{edition.slug}/?lang=pt").get_data(as_text=True)
    assert "As cidades trabalham juntas." in public
    assert "Las ciudades" not in public
    assert "Las ciudades trabajan juntas." in client.get(f"/e/{edition.slug}/?lang=en").text
    schedule = client.get(f"/e/{edition.slug}/programme?lang=pt").get_data(as_text=True)
    assert "Palavras de boas-vindas." in schedule
    assert "Salón principal" in schedule  # not translated yet: the original stands in


def test_a_translation_for_an_unknown_text_changes_nothing(client, login):
    edition = _edition_with_texts()
    login()
    url = f"/admin/e/{edition.slug}/translations?lang=pt"
    response = client.post(
        url,
        data={
            "lang": "pt",
            f"text-edition:{edition.id}:description": "As cidades trabalham juntas.",
            "text-edition:999999:name": "Outra",
        },
    )
    assert response.status_code == 422
    # The page is in Portuguese (?lang=pt), and so is the reason.
    assert "textos desconhecidos: edition:999999:name" in response.get_data(as_text=True)
    assert db.session.get(Edition, edition.id).translations == {}


def test_the_calendar_file_carries_the_readers_version(client):
    edition = _edition_with_texts()
    session = db.session.scalars(select(ProgrammeSession)).one()

    content.save(
        edition, "pt", {f"programmesession:{session.id}:description": "Palavras de boas-vindas."}
    )
    db.session.commit()
    ics = client.get(f"/e/{edition.slug}/programme.ics?lang=pt").get_data(as_text=True)
    assert "Palavras de boas-vindas." in ics
    ics = client.get(f"/e/{edition.slug}/programme.ics?lang=es").get_data(as_text=True)
    assert "Palabras de bienvenida." in ics


def test_the_certificate_names_the_edition_in_its_holders_language(app):
    from seminar.certificates import document

    edition = make_edition(event_type="Seminario Taller", full_title="Ciudades por el Desarrollo")
    content.save(
        edition,
        "pt",
        {
            f"edition:{edition.id}:event_type": "Seminário Oficina",
            f"edition:{edition.id}:full_title": "Cidades pelo Desenvolvimento",
        },
    )
    db.session.commit()
    assert document.edition_data(edition, "pt")["name"] == (
        "Seminário Oficina «Cidades pelo Desenvolvimento»"
    )
    assert document.edition_data(edition, "es")["name"] == (
        "Seminario Taller «Ciudades por el Desarrollo»"
    )
    # English has no version yet: the edition's own text stands in.
    assert document.edition_data(edition, "en")["name"] == (
        "Seminario Taller «Ciudades por el Desarrollo»"
    )
