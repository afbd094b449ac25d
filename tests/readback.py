"""Reading back what the app printed: the text of a PDF (poppler's pdftotext) and the QR codes a
phone would scan from its rendered pages (pdfium at a given dpi, decoded by zxing-cpp)."""

import subprocess

import pypdfium2
import zxingcpp


def pdf_text(pdf: bytes) -> list[str]:
    """The text of each page."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True)
    assert out.returncode == 0, out.stderr.decode()
    return out.stdout.decode().split("\f")[:-1]


def qr_in_image(image) -> list[str]:
    """The QR codes a scanner decodes from this picture, in reading order."""
    return [barcode.text for barcode in zxingcpp.read_barcodes(image)]


def qr_codes(pdf: bytes, dpi: int = 200) -> list[list[str]]:
    """The QR codes decoded from each page rendered at `dpi`, sorted within a page."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [sorted(qr_in_image(page.render(scale=dpi / 72).to_pil())) for page in document]
    finally:
        document.close()
