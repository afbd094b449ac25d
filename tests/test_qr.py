import io

import zxingcpp
from PIL import Image

from seminar import qr


def test_png_decodes_to_the_text():
    image = Image.open(io.BytesIO(qr.qr_png("B000001K7Q2ZX", scale=4)))
    assert [b.text for b in zxingcpp.read_barcodes(image)] == ["B000001K7Q2ZX"]


def test_svg_is_inline_markup_sized_by_css():
    svg = qr.qr_svg("hola")
    assert svg.startswith("<svg") and "viewBox" in svg and "width=" not in svg


def test_data_uris():
    assert qr.qr_svg_data_uri("hola").startswith("data:image/svg+xml")
    assert qr.qr_png_data_uri("hola").startswith("data:image/png;base64,")
