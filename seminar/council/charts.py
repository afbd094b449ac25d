"""Bar charts as geometry for inline SVG (the page and the PDF draw the same one; no script, no
image fetched). Each row: its label on a line, then a bar of the whole (registered, seats) with
the part (attended) over it, and an optional mark (assigned). Pure: no Flask, no database."""

from dataclasses import dataclass

WIDTH = 340
LABEL_HEIGHT = 15
BAR_HEIGHT = 10
GAP = 8
LABEL_MAX = 36
# On a phone the page draws the words larger (static/css/council.css), and a label keeps only
# its head beside the figures: the tail gives way to "…" there, never in the PDF.
PHONE_LABEL_MAX = 26


@dataclass
class Bar:
    label: str
    head: str
    tail: str
    figures: str
    y: float
    whole: float
    part: float
    mark: float | None


def bars(rows: list[tuple[str, int, int, int | None, str]], width: int = WIDTH) -> dict:
    """rows: (label, whole, part, mark, figures as written beside the label); widths scaled to
    the largest number of the chart."""
    top = max((max(w, p, m or 0) for _, w, p, m, _ in rows), default=0) or 1
    step = LABEL_HEIGHT + BAR_HEIGHT + GAP
    drawn = []
    for i, (label, whole, part, mark, figures) in enumerate(rows):
        short = label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1] + "…"
        head = short if len(short) <= PHONE_LABEL_MAX else short[: PHONE_LABEL_MAX - 1].rstrip()
        drawn.append(
            Bar(
                label=short,
                head=head,
                tail=short[len(head) :],
                figures=figures,
                y=i * step,
                whole=round(width * whole / top, 1),
                part=round(width * part / top, 1),
                mark=None if mark is None else round(width * mark / top, 1),
            )
        )
    return {
        "bars": drawn,
        "width": width,
        "height": max(len(rows) * step, step),
        "label_height": LABEL_HEIGHT,
        "bar_height": BAR_HEIGHT,
    }
