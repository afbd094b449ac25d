"""Choose font sizes so that names fit their box, by measuring them with the font the PDF uses."""

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import ImageFont

FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/local/share/fonts",
)
# Pillow and Pango shape text a little differently (kerning, hinting): leave some room.
SAFETY = 0.95
MM_PER_PT = 25.4 / 72
_REFERENCE_SIZE = 1000


@dataclass(frozen=True)
class Fit:
    lines: tuple[str, ...]
    size_pt: float


@cache
def _font(filename: str) -> ImageFont.FreeTypeFont:
    for folder in FONT_DIRS:
        path = Path(folder, filename)
        if path.exists():
            return ImageFont.truetype(str(path), _REFERENCE_SIZE)
    raise FileNotFoundError(f"{filename} not found in {FONT_DIRS}; install fonts-dejavu-core")


def text_width_mm(text: str, size_pt: float, font_file: str = "DejaVuSans-Bold.ttf") -> float:
    """Width of `text` set in `font_file` at `size_pt`."""
    return _font(font_file).getlength(text) / _REFERENCE_SIZE * size_pt * MM_PER_PT


def fit_text(
    text: str,
    width_mm: float,
    *,
    max_pt: float,
    min_pt: float,
    max_lines: int = 2,
    font_file: str = "DejaVuSans-Bold.ttf",
) -> Fit:
    """Largest size (≤ max_pt) and line breaks at spaces that fit `text` in `width_mm`.

    Fewer lines win while they allow at least `min_pt`; below that the text shrinks further
    rather than overflow, since a name must never be cut.
    """
    words = text.split()
    if not words:
        return Fit(("",), max_pt)
    best = None
    for count in range(1, min(max_lines, len(words)) + 1):
        lines = _balanced_lines(words, count, font_file)
        widest = max(text_width_mm(line, 1, font_file) for line in lines)
        size = min(max_pt, width_mm * SAFETY / widest)
        if best is None or size > best.size_pt:
            best = Fit(lines, size)
        if size >= min_pt and count == 1 and size >= max_pt * 0.75:
            break
    # Quarter points, rounded down so that the text still fits.
    return Fit(best.lines, math.floor(best.size_pt * 4) / 4)


def _balanced_lines(words: list[str], count: int, font_file: str) -> tuple[str, ...]:
    """Split words into `count` lines minimising the widest line."""
    if count == 1:
        return (" ".join(words),)
    candidates = (
        (" ".join(words[:cut]), *_balanced_lines(words[cut:], count - 1, font_file))
        for cut in range(1, len(words) - count + 2)
    )
    return min(candidates, key=lambda lines: max(text_width_mm(x, 1, font_file) for x in lines))
