from PIL import Image, ImageDraw

from seminar import qr
from tests.readback import qr_in_image


def matrix_image(matrix: list[list[bool]], scale: int = 4, border: int = 4) -> Image.Image:
    """The matrix drawn as a black-on-white picture, with a quiet zone, as a scanner sees it."""
    size = (len(matrix) + 2 * border) * scale
    image = Image.new("L", (size, size), 255)
    draw = ImageDraw.Draw(image)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                left, top = (x + border) * scale, (y + border) * scale
                draw.rectangle([left, top, left + scale - 1, top + scale - 1], fill=0)
    return image


def test_matrix_decodes_to_the_text():
    image = matrix_image(qr.qr_matrix("B000001K7Q2ZX"))
    assert qr_in_image(image) == ["B000001K7Q2ZX"]


def test_long_url_decodes_with_the_fixed_mask():
    url = "https://seminario.example.org/certificates/verify/ABCDE-FGHIJ-KLMNO-PQRST-UVWXY"
    assert qr_in_image(matrix_image(qr.qr_matrix(url))) == [url]


def test_svg_is_inline_markup_sized_by_css():
    svg = qr.qr_svg("hola")
    assert svg.startswith("<svg") and "viewBox" in svg and "width=" not in svg.split(">")[0]
