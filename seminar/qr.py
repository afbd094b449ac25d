"""QR codes for badges, certificates and web pages: the only module that imports qrcode."""

import qrcode
from qrcode.constants import ERROR_CORRECT_M

# Medium error correction survives a crumpled badge and a glossy print.
ERROR_LEVEL = ERROR_CORRECT_M

# Scoring the eight masks to pick the best one is most of qrcode's time (6 ms against 1 ms per
# code); every mask decodes, so one fixed mask keeps badge and certificate batches fast.
MASK = 0


def qr_matrix(text: str) -> list[list[bool]]:
    """The modules of the QR code of `text`, row by row, without the quiet zone (True is dark)."""
    code = qrcode.QRCode(error_correction=ERROR_LEVEL, border=0, mask_pattern=MASK)
    code.add_data(text, optimize=0)
    code.make(fit=True)
    return [[bool(module) for module in row] for row in code.get_matrix()]


def qr_svg(text: str, *, border: int = 2, dark: str = "#000") -> str:
    """Inline SVG markup for `text`, sized by CSS (it has a viewBox, no width or height).

    One path of unit squares, dark modules of a row merged into runs so it prints without seams.
    Hidden from screen readers: the page names it (role="img" and a label on its container).
    """
    matrix = qr_matrix(text)
    size = len(matrix) + 2 * border
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append(f"M{start + border} {y + border}h{x - start}v1h{start - x}z")
            else:
                x += 1
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" class="qr" '
        f'aria-hidden="true" shape-rendering="crispEdges"><rect width="{size}" height="{size}" '
        f'fill="#fff"/><path fill="{dark}" d="{"".join(runs)}"/></svg>'
    )
