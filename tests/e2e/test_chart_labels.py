"""The charts' words stay readable on a 360-px phone: the Council report's bars (drawn alike in
the PDF) and the check-in dashboard's arrivals over time."""

import pytest

from seminar.demo import puerto_montt
from seminar.extensions import db
from tests.browser import log_in
from tests.factories import make_user

# Each element's rendered box height and its font size on screen (CSS px, the SVG's scale in).
SIZES = """selector => [...document.querySelectorAll(selector)].map(e => [
  e.getBoundingClientRect().height,
  parseFloat(getComputedStyle(e).fontSize) * (e.getScreenCTM ? e.getScreenCTM().a : 1),
])"""
# Chart rows whose label runs into its figures.
CROWDED = """() => [...document.querySelectorAll("figure.chart svg g")].filter(g => {
  const [label, figures] = g.querySelectorAll("text");
  return label.getBoundingClientRect().right + 4 > figures.getBoundingClientRect().left;
}).map(g => g.textContent.trim())"""


@pytest.fixture
def report_2018(live_server):
    with live_server.app.app_context():
        edition = puerto_montt.create_2018()
        user = make_user("admin")
        db.session.commit()
        slug, address = edition.slug, user.email
        db.session.remove()
    return slug, address


def assert_readable(page, selector: str, count: int) -> None:
    sizes = page.evaluate(SIZES, selector)
    assert len(sizes) >= count, selector
    assert min(height for height, _ in sizes) >= 12, selector
    assert min(font for _, font in sizes) >= 12, selector


@pytest.mark.parametrize("language", ["es", "pt"])
def test_council_chart_labels_are_readable_on_a_phone(live_server, phone, report_2018, language):
    slug, address = report_2018
    log_in(phone, live_server.url, address, language=language)
    phone.goto(f"{live_server.url}/admin/e/{slug}/report/")
    assert_readable(phone, "figure.chart svg text", 2 * 2 * 17)  # label and figures, 2 rounds
    assert phone.evaluate(CROWDED) == []
    assert phone.locator("figure.chart svg .cut").first.is_visible()  # a long label ends in "…"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_council_chart_labels_keep_their_length_on_a_desk(live_server, desk, report_2018):
    slug, address = report_2018
    log_in(desk, live_server.url, address)
    desk.goto(f"{live_server.url}/admin/e/{slug}/report/")
    assert desk.locator("figure.chart svg .tail").first.is_visible()
    assert not desk.locator("figure.chart svg .cut").first.is_visible()
    assert desk.evaluate(CROWDED) == []


def test_arrivals_over_time_are_readable_on_a_phone(live_server, phone, report_2018):
    slug, address = report_2018
    log_in(phone, live_server.url, address)
    phone.goto(f"{live_server.url}/admin/e/{slug}/checkin?day=2018-10-03")
    assert_readable(phone, "figure.arrivals figcaption, figure.arrivals .times span", 3)
    times = phone.evaluate(
        """() => [...document.querySelectorAll("figure.arrivals .times span")]
             .map(s => [s.getBoundingClientRect().left, s.getBoundingClientRect().right])"""
    )
    assert all(right + 4 <= left for (_, right), (left, _) in zip(times, times[1:], strict=False))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
