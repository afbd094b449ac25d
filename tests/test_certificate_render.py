import io

from pypdf import PdfReader

from seminar.certificates import render
from tests.factories import EDITION, make_certificate
from tests.readback import pdf_text, qr_codes

SIGNATURES = [{"image": "", "name": "Gervoy Paredes", "title": "Alcalde de Puerto Montt"}]


def test_certificate_qr_decodes_to_the_verification_url():
    cert = make_certificate()
    result = render.render_certificate(cert, edition=EDITION, signatures=SIGNATURES)
    assert qr_codes(result) == [[cert["verification_url"]]]


def test_certificate_names_holder_edition_and_verification():
    cert = make_certificate(holder="Conceição Ñúñez-D'Ávila")
    text = pdf_text(render.render_certificate(cert, edition=EDITION, signatures=SIGNATURES))[0]
    flat = " ".join(text.split())
    for expected in ["Conceição Ñúñez-D'Ávila", EDITION["name"], EDITION["dates"],
                     cert["statement"], "Gervoy Paredes", cert["verification_code"],
                     "Verifique en", "16 horas", "Ciudades y comunidades sostenibles"]:  # fmt: skip
        assert expected in flat


def test_markup_in_holder_is_printed_literally():
    text = pdf_text(
        render.render_certificate(make_certificate(holder="<i>Ana</i>"), edition=EDITION)
    )
    assert "<i>Ana</i>" in text[0]


def test_batch_splits_into_one_single_page_pdf_per_certificate():
    holders = ["María José Ñúñez-D'Ávila", "Conceição Araújo", "João Gonçalves", "Ana Paz"]
    certs = [make_certificate(i, holder=holder) for i, holder in enumerate(holders)]
    pdfs = render.render_certificates(certs, edition=EDITION)
    texts = [pdf_text(item) for item in pdfs]
    assert [len(pages) for pages in texts] == [1, 1, 1, 1]
    for holder, (page,) in zip(holders, texts, strict=True):
        assert holder in page
        assert all(other not in page for other in holders if other != holder)


def test_each_split_certificate_carries_only_its_own_qr():
    certs = [make_certificate(i) for i in range(3)]
    pdfs = render.render_certificates(certs, edition=EDITION)
    assert [qr_codes(item) for item in pdfs] == [[[c["verification_url"]]] for c in certs]
    alone = image_count(render.render_certificate(certs[0], edition=EDITION))
    assert [image_count(item) for item in pdfs] == [alone] * 3


def test_signature_image_from_data_uri_is_drawn():
    pixel = (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
        "YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
    )
    signatures = [{"image": pixel, "name": "Firma", "title": "Cargo"}]
    signed = render.render_certificate(make_certificate(), edition=EDITION, signatures=signatures)
    unsigned = render.render_certificate(make_certificate(), edition=EDITION)
    assert image_count(signed) == image_count(unsigned) + 1


def image_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages[0].images)


def test_long_statement_wraps_onto_lines_of_the_page():
    statement = "participó en el XII Seminario de Mercociudades, " + "presentando su trabajo " * 12
    cert = make_certificate(statement=statement.strip())
    (text,) = pdf_text(render.render_certificate(cert, edition=EDITION))
    lines = [line for line in text.splitlines() if "presentando" in line]
    assert len(lines) > 1
    assert cert["statement"] in " ".join(text.split())
