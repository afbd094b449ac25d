"""Plain data for badges and certificates, and ways to read a rendered PDF back."""

import csv
import io
from pathlib import Path

import pypdfium2
import zxingcpp
from pypdf import PdfReader

with (Path(__file__).parent.parent / "seminar/data/ods.csv").open(encoding="utf-8") as file:
    ODS = {int(row["number"]): row for row in csv.DictReader(file)}

EDITION = {
    "name": "XII Seminario de Mercociudades",
    "city": "Puerto Montt, Chile",
    "dates": "4 al 7 de octubre de 2017",
}


def workshop(ods: int, room: str = "Sala Tepual") -> dict:
    return {"ods": ods, "colour": ODS[ods]["colour"], "name": ODS[ods]["name_es"], "room": room}


def make_badge(index: int = 0, **fields) -> dict:
    return {
        "code": f"B{index:06d}K7Q2ZX",
        "first_name": "Conceição",
        "last_name": "Araújo",
        "institution": "Prefeitura de Porto Alegre",
        "city": "Porto Alegre",
        "country": "Brasil",
        "role": ("participant", "speaker", "organiser", "press")[index % 4],
        "workshops": [workshop(11), workshop(13, "Auditorio")],
        **fields,
    }


def make_certificate(index: int = 0, **fields) -> dict:
    code = f"C{index:06d}VRF"
    return {
        "holder": "María José Ñúñez-D'Ávila",
        "statement": "participó en el XII Seminario de Mercociudades.",
        "workshops": [workshop(11)],
        "hours": "16 horas",
        "verification_code": code,
        "verification_url": f"https://seminario.example.org/certificates/verify/{code}",
        **fields,
    }


def pdf_text(pdf: bytes) -> list[str]:
    """The text of each page."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def qr_codes(pdf: bytes, scale: float = 200 / 72) -> list[list[str]]:
    """The QR codes decoded from each page rasterised at 200 dpi."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [
            sorted(
                barcode.text
                for barcode in zxingcpp.read_barcodes(page.render(scale=scale).to_pil())
            )
            for page in document
        ]
    finally:
        document.close()
