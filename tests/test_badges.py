import unicodedata

import pytest

from seminar.badges import render
from tests.factories import EDITION, make_badge
from tests.readback import pdf_text, qr_codes

LONG_NAME = "María de los Ángeles"
LONG_LAST_NAME = "Fernández-Rodríguez"


def test_a4_four_up_page_holds_four_decodable_badge_codes():
    badges = [make_badge(i) for i in range(4)]
    result = render.render_badges(badges, edition=EDITION, layout="a4-4up")
    assert qr_codes(result) == [sorted(b["code"] for b in badges)]


def test_a6_layout_has_one_badge_per_page():
    badges = [make_badge(i) for i in range(3)]
    result = render.render_badges(badges, edition=EDITION, layout="a6")
    assert qr_codes(result) == [[b["code"]] for b in badges]


def test_accented_names_institution_and_role_appear_as_given():
    badge = make_badge(first_name="María José", last_name="Ñúñez-D'Ávila", role="speaker")
    text = pdf_text(render.render_badges([badge], edition=EDITION, layout="a6"))[0]
    for expected in ["María José", "Ñúñez-D'Ávila", "Prefeitura de Porto Alegre",
                     "Porto Alegre, Brasil", "EXPOSITOR/A", "Ciudades y comunidades sostenibles",
                     EDITION["name"]]:  # fmt: skip
        assert expected in text


def test_markup_in_names_is_printed_literally():
    badge = make_badge(first_name="<script>", last_name="<b>x</b>")
    text = pdf_text(render.render_badges([badge], edition=EDITION, layout="a6"))[0]
    assert "<script>" in text and "<b>x</b>" in text


def test_long_first_name_gets_a_smaller_font_and_two_lines():
    short = render._prepare(make_badge(first_name="Ana"))["first_name_fit"]
    long = render._prepare(make_badge(first_name=f"{LONG_NAME} Guadalupe"))["first_name_fit"]
    assert long.size_pt < short.size_pt
    assert len(long.lines) == 2


@pytest.mark.parametrize("layout", ["a6", "a4-4up"])
def test_long_name_is_printed_whole(layout):
    badge = make_badge(first_name=f"{LONG_NAME} Guadalupe", last_name=LONG_LAST_NAME)
    text = pdf_text(render.render_badges([badge], edition=EDITION, layout=layout))[0]
    assert LONG_NAME.split()[-1] in text and "Guadalupe" in text
    assert " ".join(text.split()).count(LONG_LAST_NAME) == 1


def test_progress_counts_badges():
    calls = []
    render.render_badges(
        [make_badge(i) for i in range(6)],
        edition=EDITION,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls[-1] == (6, 6)


def test_decomposed_accents_are_printed_composed():
    decomposed = unicodedata.normalize("NFD", "José Peña")
    badge = make_badge(first_name=decomposed, last_name="Conceição")
    text = pdf_text(render.render_badges([badge], edition=EDITION, layout="a6"))[0]
    assert "José Peña" in text


def test_a_hundred_badges_each_decode_to_their_own_code():
    badges = [make_badge(i) for i in range(100)]
    pages = qr_codes(render.render_badges(badges, edition=EDITION, layout="a4-4up"), dpi=108)
    assert len(pages) == 25
    assert sorted(code for page in pages for code in page) == sorted(b["code"] for b in badges)
