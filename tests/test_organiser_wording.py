"""What an organiser reads is in their language (es, pt; en too): the import preview's changes,
the allocation's refusals and the other words on organiser pages."""

import io
import time

import pytest

from tests.factories import make_edition, make_participant
from tests.test_participants_import import csv_bytes

PREVIEW_WORDS = {
    "es": ("participante nuevo", "Ciudad, Cargo, Preferencias"),
    "pt": ("participante novo", "Cidade, Cargo, Preferências"),
    "en": ("new participant", "City, Position, Ranking"),
}


def in_language(client, language: str):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    return client


def row_of(person, **changes) -> dict:
    row = {
        key: getattr(person, key) or ""
        for key in (
            "first_name", "last_name", "email", "country", "city", "institution", "position",
            "actor_type", "language", "role",
        )
    }  # fmt: skip
    row["preferences"] = ";".join(map(str, person.ranking))
    return {**row, **changes}


@pytest.mark.parametrize("language", ["es", "pt", "en"])
def test_import_preview_names_each_change_in_the_organisers_language(client, login, language):
    edition = make_edition()
    known = make_participant(edition)
    same = make_participant(edition)
    login()
    rows = [
        row_of(known, city="Osorno", position="Alcaldesa", preferences="6;11;13"),
        row_of(same),
        {**row_of(same), "email": "nueva@example.org"},
    ]
    data = {"file": (io.BytesIO(csv_bytes(rows)), "people.csv"), "sheet": ""}
    page = in_language(client, language).post(
        f"/admin/e/{edition.slug}/participants/import", data=data
    )
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    new, columns = PREVIEW_WORDS[language]
    assert f"<td>{known.email}</td><td>{columns}</td>" in html
    assert f"<td>nueva@example.org</td><td>{new}</td>" in html
    assert same.email not in html.split("<tbody>")[1]
    if language != "en":
        assert "city, position" not in html and "<td>new</td>" not in html


REFUSAL_WORDS = {
    "es": "el taller del ODS 11 en la ronda 1 tiene más personas fijadas (2) que lugares (1)",
    "pt": "a oficina do ODS 11 na rodada 1 tem mais pessoas fixadas (2) do que vagas (1)",
    "en": "the workshop of ODS 11 in round 1 has more people pinned to it (2) than seats (1)",
}


def test_an_engine_refusal_reads_in_the_organisers_language(client, login):
    from seminar.extensions import db
    from seminar.models import AllocationRun
    from seminar.workshops import background, services

    edition = make_edition(rounds=1, seats=1)
    for _ in range(2):  # both lead ODS 11, whose room has one seat
        make_participant(edition, role="speaker", ranking=(11, 6, 13))
    run_id = services.start(edition).id
    db.session.commit()
    background.launch(run_id).join(timeout=60)
    run = db.session.get(AllocationRun, run_id)
    assert run.status == "failed" and "pins_over_capacity" in run.message
    login()
    for language, words in REFUSAL_WORDS.items():
        page = client.get(f"/admin/e/{edition.slug}/allocation/?lang={language}")
        assert words in page.get_data(as_text=True)
        answer = client.get(f"/admin/e/{edition.slug}/allocation/runs/{run_id}.json")
        assert answer.get_json()["message"] == words


def test_an_engine_refusal_names_the_person_not_their_id(app):
    from seminar.workshops import rules, services

    edition = make_edition()
    person = make_participant(edition)
    error = rules.InputError("ranks_twice", person=person.id, ranking=(11, 11))
    assert str(error) == f"person {person.id} ranks an ODS twice: (11, 11)"  # the CLI's English
    reason = services.engine_reason(error)
    assert person.full_name not in reason  # the run row keeps ids only
    with app.test_request_context("/?lang=pt"):
        assert services.failure(reason, edition) == (
            f"{person.full_name} repete um ODS em suas preferências"
        )


BATCH_WORDS = {
    "es": ("Hecho: 3 certificados emitidos, 2 PDF generados.", "Falló: la detuvo un error"),
    "pt": ("Feito: 3 certificados emitidos, 2 PDFs gerados.", "Falhou: "),
}


@pytest.mark.parametrize("language", ["es", "pt"])
def test_the_certificate_batch_says_how_it_ended_in_the_organisers_language(
    client, login, language
):
    from seminar.extensions import db
    from seminar.models import CertificateBatch

    edition = make_edition()
    batch = CertificateBatch(edition_id=edition.id, status="done", issued=3, total=2, done=2)
    batch.message = "issued 3, already issued 0, revoked (skipped) 0, not eligible 0"
    db.session.add(batch)
    db.session.commit()
    login()
    url = f"/admin/e/{edition.slug}/certificates?lang={language}"
    done, failed = BATCH_WORDS[language]
    message = client.get(url).get_data(as_text=True).split('id="batch-message"')[1]
    assert done in message.split("</p>")[0] and "already issued" not in message
    batch.status, batch.message = "failed", "RuntimeError: the disk is full"
    db.session.commit()
    message = client.get(url).get_data(as_text=True).split('id="batch-message"')[1]
    assert failed in message.split("</p>")[0] and "RuntimeError" not in message


def test_a_failed_badge_batch_says_so_in_the_organisers_language(app, client, login):
    from seminar.badges import jobs

    edition = make_edition()
    login()

    def broken(progress):
        raise RuntimeError("the printer template is missing")

    job = jobs.start(jobs.folder(), broken, 3, {"slug": edition.slug})
    while job.state()["status"] == "running":
        time.sleep(0.05)
    url = f"/admin/e/{edition.slug}/badges/jobs/{job.id}?lang=pt"
    assert client.get(url).get_json()["error"] == (
        "um erro inesperado a interrompeu; o registro do servidor diz qual"
    )


@pytest.mark.parametrize(("language", "words"), [("es", "máx. 1 / 15 min"), ("pt", "máx. 1 / 15")])
def test_the_arrivals_chart_says_its_top_in_the_organisers_language(client, login, language, words):
    from datetime import UTC, datetime

    from seminar.checkin import services
    from seminar.clock import set_now
    from seminar.extensions import db

    set_now(datetime(2017, 10, 5, 13, 0, tzinfo=UTC))
    edition = make_edition()
    services.scan(edition, make_participant(edition).badge_code, "P1")
    db.session.commit()
    login()
    page = client.get(f"/admin/e/{edition.slug}/checkin?lang={language}").get_data(as_text=True)
    caption = page.split('class="arrivals"')[1].split("</figcaption>")[0]
    assert words in caption and ">max " not in page


ERROR_WORDS = {
    "es": ("404 · No encontrado", "413 · Demasiado grande", "El archivo supera los 8 MB"),
    "pt": ("404 · Não encontrado", "413 · Grande demais", "O arquivo tem mais de 8 MB"),
}


@pytest.mark.parametrize("language", ["es", "pt"])
def test_error_pages_speak_the_readers_language(client, login, language):
    edition = make_edition()
    login()
    missing, too_large, why = ERROR_WORDS[language]
    page = in_language(client, language).get("/admin/e/no-such-edition/participants/")
    assert page.status_code == 404
    assert missing in page.get_data(as_text=True) and "Not Found" not in page.get_data(as_text=True)
    big = b"sheet=" + b"x" * (9 * 1024 * 1024)  # refused before it is read: no file left open
    page = client.post(
        f"/admin/e/{edition.slug}/participants/import",
        data=big,
        content_type="application/x-www-form-urlencoded",
    )
    assert page.status_code == 413
    html = page.get_data(as_text=True)
    assert too_large in html and why in html and "Request Entity Too Large" not in html
