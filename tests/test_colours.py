"""Text on the ODS colours reaches WCAG AA (4.5:1) on the web, on badges and on certificates."""

import io

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from seminar import colours, ods
from seminar.badges import render as badges
from seminar.certificates import render as certificates
from tests.factories import EDITION, make_badge, make_certificate, workshop

AA = 4.5


def test_contrast_ratio_matches_wcag_extremes():
    assert colours.contrast("#000000", "#ffffff") == pytest.approx(21)
    assert colours.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert colours.contrast("#fff", "#fff") == 1


def test_text_on_picks_black_on_light_and_white_on_dark():
    assert colours.text_on("#FCC30B") == colours.BLACK  # ODS 7, yellow
    assert colours.text_on("#19486A") == colours.WHITE  # ODS 17, navy


@pytest.mark.parametrize("number", range(1, 18))
def test_every_ods_colour_keeps_its_official_value_and_gets_aa_text(number):
    goal = ods.goal(number)
    official = {1: "#E5243B", 7: "#FCC30B", 11: "#FD9D24", 17: "#19486A"}
    assert goal.colour == official.get(number, goal.colour)
    assert colours.contrast(goal.ink, goal.colour) >= AA


def test_a_colour_that_is_not_hex_is_refused():
    with pytest.raises(ValueError):
        colours.text_on("orange")


PATH = (b"m", b"l", b"c")


def _hex(operands) -> str:
    return "#" + "".join(f"{round(float(v) * 255):02x}" for v in operands)


def chip_colours(pdf: bytes) -> list[tuple[str, str]]:
    """(fill of a shape, colour of text that starts inside it), read from the PDF's drawing."""
    reader = PdfReader(io.BytesIO(pdf))
    pairs = []
    for page in reader.pages:
        fill, points, shapes, origin = None, [], [], None
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            values = [float(v) for v in operands] if operator in PATH + (b"Td",) else []
            if operator == b"rg":
                fill = _hex(operands)
            elif operator in PATH:
                points += list(zip(values[0::2], values[1::2], strict=True))
            elif operator == b"f" and points:
                xs, ys = [x for x, _ in points], [y for _, y in points]
                shapes.append((fill, min(xs), min(ys), max(xs), max(ys)))
                points = []
            elif operator == b"Td":
                origin = values
            elif operator == b"Tj" and origin:
                x, y = origin
                pairs += [
                    (shape, fill)
                    for shape, left, bottom, right, top in shapes
                    if left <= x <= right and bottom <= y <= top
                ]
    return pairs


ALL_GOALS = [workshop(n) for n in range(1, 18)]
ODS_COLOURS = {g["colour"].lower() for g in ALL_GOALS}


def on_ods(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(chip, text) for chip, text in pairs if chip in ODS_COLOURS]


def test_badge_workshop_numbers_reach_aa_on_their_ods_colour():
    pairs = []
    for start in range(0, 17, 3):  # a badge lists three workshops at most
        badge = make_badge(workshops=ALL_GOALS[start : start + 3])
        pairs += on_ods(chip_colours(badges.render_badges([badge], edition=EDITION, layout="a6")))
    assert {chip for chip, _ in pairs} == ODS_COLOURS
    for chip, text in pairs:
        assert colours.contrast(chip, text) >= AA, (chip, text)


def test_certificate_workshop_numbers_reach_aa_on_their_ods_colour():
    cert = make_certificate(workshops=ALL_GOALS)
    pairs = on_ods(chip_colours(certificates.render_certificate(cert, edition=EDITION)))
    assert {chip for chip, _ in pairs} == ODS_COLOURS
    for chip, text in pairs:
        assert colours.contrast(chip, text) >= AA, (chip, text)
