import io

from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.ttLib import TTFont

from seminar import pdfdraw


def outlines(font: TTFont, gid: int) -> tuple[list, int]:
    glyphs = font.getGlyphSet()
    glyph = glyphs[font.getGlyphOrder()[gid]]
    pen = DecomposingRecordingPen(glyphs)
    glyph.draw(pen)
    return pen.value, glyph.width


def test_font_subset_keeps_outlines_and_widths_of_accented_letters():
    # Capitals with accents are composite glyphs in DejaVu: their parts must come along.
    font = pdfdraw.Font("DejaVuSans-Bold.ttf", "/FB")
    font.encode("ÑÁÇÃÉÜ ñçãé Ana")
    whole = TTFont(pdfdraw.font_path(font.filename))
    subset = TTFont(io.BytesIO(pdfdraw.subset_truetype(font.filename, font.used)))
    for gid in font.used:
        assert outlines(subset, gid) == outlines(whole, gid)


def test_font_subset_leaves_out_glyphs_not_used():
    font = pdfdraw.Font("DejaVuSans.ttf", "/FR")
    font.encode("Ana")
    subset = TTFont(io.BytesIO(pdfdraw.subset_truetype(font.filename, font.used)))
    unused = font.cmap[ord("B")]
    assert outlines(subset, unused)[0] == []
