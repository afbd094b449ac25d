"""Certificate PDFs read back (pdftotext, QR decoded from the rendered page), the verification
page each code leads to, emails through real SMTP, corrections and the CLI."""

import io
import zipfile
from datetime import date

import pypdfium2
import pytest
from sqlalchemy import select

from seminar import email
from seminar.certificates import codes, files, services
from seminar.extensions import db
from seminar.models import Certificate, NameCorrection
from tests.factories import make_attendance, make_edition, make_participant, make_user
from tests.readback import pdf_text, qr_codes

DAY1 = date(2017, 10, 4)
PUBLIC = "http://seminario.test"


def issued(edition, **fields) -> Certificate:
    person = make_participant(edition, **fields)
    make_attendance(person, DAY1)
    report = services.issue(edition, {person.id})
    db.session.commit()
    return report.issued[0]


def path_of(url: str) -> str:
    assert url.startswith(PUBLIC)
    return url.removeprefix(PUBLIC)


def test_pdf_carries_the_exact_name_with_accents_and_the_code(app):
    edition = make_edition()
    spanish = issued(edition, first_name="María José", last_name="Ñúñez-D'Ávila")
    portuguese = issued(edition, first_name="João", last_name="Gonçalves", language="pt")
    for certificate in (spanish, portuguese):
        text = pdf_text(files.pdf_for(certificate))[0]
        assert certificate.holder_name in text
        assert codes.grouped(certificate.code) in text


def test_qr_on_the_page_decodes_to_the_verification_url_which_names_the_holder(client):
    edition = make_edition()
    certificate = issued(edition, first_name="María José", last_name="Ñúñez-D'Ávila")
    (url,) = qr_codes(files.pdf_for(certificate), dpi=216)[0]
    assert url == f"{PUBLIC}/certificates/verify/{codes.grouped(certificate.code)}"
    page = client.get(path_of(url))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-status="valid"' in html
    assert "María José Ñúñez-D&#39;Ávila" in html and edition.name in html
    assert certificate.participant.email not in html


def test_batch_render_splits_into_one_single_page_pdf_per_certificate(app):
    edition = make_edition()
    people = [issued(edition) for _ in range(3)]
    assert files.render_missing(edition) == 3
    for certificate in people:
        data = certificate.file.pdf
        assert pypdfium2.PdfDocument(data).__len__() == 1
        assert certificate.holder_name in pdf_text(data)[0]


def test_revoked_code_says_so_plainly_with_the_reason(client):
    certificate = issued(make_edition())
    url = qr_codes(files.pdf_for(certificate), dpi=216)[0][0]
    services.revoke(certificate, "Emitido por error")
    db.session.commit()
    html = client.get(path_of(url) + "?lang=es").get_data(as_text=True)
    assert 'data-status="revoked"' in html
    assert "Emitido por error" in html


def test_unknown_code_is_404_and_typed_codes_ignore_case_and_dashes(client):
    certificate = issued(make_edition())
    assert client.get(f"/certificates/verify/{codes.new_code()}").status_code == 404
    assert client.get("/certificates/verify/not-a-code").status_code == 404
    typed = codes.grouped(certificate.code).lower().replace("-", " ")
    response = client.get("/certificates/verify", query_string={"code": typed})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(codes.grouped(certificate.code))


@pytest.mark.parametrize(
    ("language", "verdict"),
    [("es", "Certificado válido"), ("pt", "Certificado válido"), ("en", "Valid certificate")],
)
def test_verification_page_speaks_the_visitors_language(client, language, verdict):
    certificate = issued(make_edition())
    path = f"/certificates/verify/{codes.grouped(certificate.code)}?lang={language}"
    html = client.get(path).get_data(as_text=True)
    assert f'<html lang="{language}">' in html and verdict in html


def test_correction_supersedes_the_old_code_and_issues_a_new_version(client):
    certificate = issued(make_edition(), first_name="Joao", last_name="Goncalves")
    token = certificate.participant.manage_token
    old_path = f"/certificates/verify/{codes.grouped(certificate.code)}"
    response = client.post(
        f"/manage/{token}/certificates/{codes.grouped(certificate.code)}/correction",
        data={"first_name": "João", "last_name": "Gonçalves", "note": "acentos"},
    )
    assert response.status_code == 302
    correction = db.session.scalars(select(NameCorrection)).one()
    new = services.approve_correction(correction)
    db.session.commit()
    assert (new.version, new.holder_name) == (2, "João Gonçalves")
    assert "João Gonçalves" in pdf_text(files.pdf_for(new))[0]
    assert 'data-status="superseded"' in client.get(old_path).get_data(as_text=True)
    assert client.get(f"/certificates/verify/{codes.grouped(new.code)}").status_code == 200


def test_email_arrives_by_smtp_in_the_holders_language_with_the_pdf(app, smtp):
    certificate = issued(make_edition(), first_name="João", last_name="Gonçalves", language="pt")
    assert email.deliver()["sent"] == 1
    (message,) = smtp.messages
    assert message["To"] == certificate.participant.email
    assert "Seminario de prueba" in message["Subject"]
    assert "Seu certificado" in message["Subject"]
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert "João Gonçalves" in pdf_text(attachment.get_content())[0]


def test_manage_page_lists_the_certificate_and_downloads_it_with_the_token_only(client):
    certificate = issued(make_edition())
    token = certificate.participant.manage_token
    page = client.get(f"/manage/{token}").get_data(as_text=True)
    link = f"/manage/{token}/certificates/{codes.grouped(certificate.code)}.pdf"
    assert link in page
    response = client.get(link)
    assert response.mimetype == "application/pdf"
    other = make_participant(certificate.edition)
    wrong = f"/manage/{other.manage_token}/certificates/{codes.grouped(certificate.code)}.pdf"
    assert client.get(wrong).status_code == 404


def test_cli_issue_prints_counts_and_export_writes_one_pdf_each(runner, tmp_path):
    edition = make_edition()
    for _ in range(2):
        make_attendance(make_participant(edition), DAY1)
    make_participant(edition)
    result = runner.invoke(args=["certificates", "issue", "--edition", edition.slug])
    assert result.exit_code == 0, result.output
    assert "issued 2" in result.output and "not eligible 1" in result.output
    out = tmp_path / "pdfs"
    result = runner.invoke(args=["certificates", "export", "--edition", edition.slug, "-o", out])
    assert result.exit_code == 0, result.output
    assert len(list(out.glob("*.pdf"))) == 2


def test_cli_refuses_bad_input_with_one_line_and_writes_nothing(runner, tmp_path):
    result = runner.invoke(args=["certificates", "issue", "--edition", "nope"])
    assert result.exit_code != 0 and "no edition" in result.output
    edition = make_edition()
    out = tmp_path / "empty"
    result = runner.invoke(args=["certificates", "export", "--edition", edition.slug, "-o", out])
    assert result.exit_code != 0 and "no valid certificates" in result.output
    assert not out.exists()
    assert db.session.scalar(select(db.func.count()).select_from(Certificate)) == 0


def test_organiser_zip_holds_every_valid_certificate(client, login):
    edition = make_edition()
    first, second = issued(edition), issued(edition)
    services.revoke(second, "duplicate")
    db.session.commit()
    user = make_user()
    login(user)
    response = client.get(f"/admin/e/{edition.slug}/certificates/certificates.zip")
    names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    assert names == [files.archive_name(first)]


def signature_png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (600, 200), (255, 255, 255, 0))
    ImageDraw.Draw(image).line([(20, 150), (200, 40), (380, 160), (580, 50)], "#123", 8)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_admin_page_previews_and_runs_the_batch_with_progress(client, login):
    edition = make_edition()
    make_attendance(make_participant(edition), DAY1)
    login()
    page = client.get(f"/admin/e/{edition.slug}/certificates")
    assert page.status_code == 200 and 'id="eligible-count">1<' in page.get_data(as_text=True)
    preview = client.get(f"/admin/e/{edition.slug}/certificates/preview.pdf?lang=pt")
    assert "Certificamos que" in pdf_text(preview.data)[0]
    assert db.session.scalar(select(db.func.count()).select_from(Certificate)) == 0
    from seminar.certificates import batches

    batch_id = batches.start(edition).id
    db.session.commit()
    batches.launch(batch_id).join(timeout=120)
    status = client.get(f"/admin/e/{edition.slug}/certificates/batch.json").get_json()
    assert (status["status"], status["issued"], status["done"]) == ("done", 1, 1)


def test_uploaded_signature_is_checked_and_printed(client, login):
    edition = make_edition()
    login()
    url = f"/admin/e/{edition.slug}/certificates/signatures"
    bad = client.post(
        url, data={"signer_name": "X", "image": (io.BytesIO(b"not an image"), "s.png")}
    )
    assert bad.status_code == 422
    good = client.post(
        url,
        data={
            "signer_name": "Gervoy Paredes",
            "signer_title": "Alcalde",
            "image": (io.BytesIO(signature_png()), "firma.png"),
        },
    )
    assert good.status_code == 302
    certificate = issued(edition)
    assert "Gervoy Paredes" in pdf_text(files.pdf_for(certificate))[0]


def test_batch_started_from_the_page_runs_in_the_background_until_done(client, login):
    import time

    edition = make_edition()
    for _ in range(2):
        make_attendance(make_participant(edition), DAY1)
    login()
    response = client.post(f"/admin/e/{edition.slug}/certificates/batch")
    assert response.status_code == 302
    status = {}
    for _ in range(120):
        status = client.get(f"/admin/e/{edition.slug}/certificates/batch.json").get_json()
        if status["status"] != "running":
            break
        time.sleep(0.5)
    assert (status["status"], status["issued"], status["done"]) == ("done", 2, 2)


def test_one_batch_words_each_certificate_in_its_holders_language(app):
    edition = make_edition()
    spanish, portuguese = issued(edition), issued(edition, language="pt")
    assert files.render_missing(edition) == 2
    assert "Se certifica que" in pdf_text(spanish.file.pdf)[0]
    assert "Certificamos que" in pdf_text(portuguese.file.pdf)[0]
    assert "participou do Seminario de prueba" in pdf_text(portuguese.file.pdf)[0]


def test_verification_page_is_rate_limited(sqlite_app, database_url):
    from tests.conftest import make_app

    path = f"/certificates/verify/{codes.grouped(issued(make_edition()).code)}"
    db.session.close()  # SQLite: leave the write lock to the other app
    limited = make_app(database_url, RATELIMIT_ENABLED=True, CERTIFICATE_VERIFY_LIMIT="3/minute")
    client = limited.test_client()
    assert [client.get(path).status_code for _ in range(4)] == [200, 200, 200, 429]
    with limited.app_context():
        db.engine.dispose()


def test_organisers_wording_replaces_the_statement_with_its_placeholders_filled(app):
    from seminar.certificates import document

    edition = make_edition()
    services.save_settings(
        edition, rule="days", min_days=1, hours=12,
        wording={"es": "asistió al {edition} en {city} ({hours} horas). {nombre}"},
    )  # fmt: skip
    certificate = issued(edition)
    data = document.certificate_data(certificate, services.settings_for(edition), "x")
    assert (
        data["statement"] == "asistió al Seminario de prueba en Puerto Montt (12 horas). {nombre}"
    )
    assert data["hours"] == "12 horas"


def test_organiser_revokes_from_the_list_with_a_reason(client, login):
    certificate = issued(make_edition())
    login()
    slug = certificate.edition.slug
    refused = client.post(f"/admin/e/{slug}/certificates/{certificate.id}/revoke", data={})
    assert refused.status_code == 302 and certificate.status == "valid"
    client.post(
        f"/admin/e/{slug}/certificates/{certificate.id}/revoke", data={"reason": "Duplicado"}
    )
    db.session.refresh(certificate)
    assert (certificate.status, certificate.reason) == ("revoked", "Duplicado")
