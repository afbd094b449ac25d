"""QR codes for badges, certificates and web pages: the only module that imports segno."""

import io

import segno

# Medium error correction survives a crumpled badge and a glossy print.
ERROR_LEVEL = "m"


# Scoring the eight masks to pick the best one is 90% of segno's time; any mask decodes.
MASK = 0


def _make(text: str) -> segno.QRCode:
    return segno.make(text, error=ERROR_LEVEL, micro=False, mask=MASK, boost_error=False)


def qr_svg(text: str, *, border: int = 2, dark: str = "#000") -> str:
    """Inline SVG markup for `text`, sized by CSS (it has a viewBox, no width or height)."""
    buffer = io.BytesIO()
    _make(text).save(
        buffer,
        kind="svg",
        border=border,
        dark=dark,
        omitsize=True,
        xmldecl=False,
        svgclass="qr",
        lineclass=None,
        nl=False,
    )
    return buffer.getvalue().decode()


def qr_svg_data_uri(text: str, *, border: int = 2, dark: str = "#000") -> str:
    """SVG `data:` URI for `text`, for an <img src> in HTML or a PDF."""
    return _make(text).svg_data_uri(border=border, dark=dark, omitsize=True)


def qr_png(text: str, scale: int = 10, *, border: int = 4) -> bytes:
    """PNG bytes for `text`, `scale` pixels per module."""
    buffer = io.BytesIO()
    _make(text).save(buffer, kind="png", scale=scale, border=border)
    return buffer.getvalue()


def qr_png_data_uri(text: str, scale: int = 1, *, border: int = 2) -> str:
    """PNG `data:` URI for `text`; tiny at scale 1: print it with `image-rendering: pixelated`."""
    return _make(text).png_data_uri(scale=scale, border=border)


def qr_matrix(text: str) -> list[list[bool]]:
    """The modules of the QR code of `text`, row by row, without the quiet zone (True is dark)."""
    return [[bool(module) for module in row] for row in _make(text).matrix]
