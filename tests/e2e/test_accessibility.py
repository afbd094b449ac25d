"""axe-core in Chromium over every page people reach on the demo, in es, pt and en: the public
pages at 360 px, the organiser pages at 1280 px, the check-in station on a phone. Any violation,
of any impact, fails the test, naming the page and the rule."""

import re
import shutil
from collections import deque
from datetime import datetime, time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from seminar.certificates import services as certificates
from seminar.checkin import services as checkin
from seminar.demo.load import ADMIN, CHECKIN
from seminar.extensions import db
from seminar.models import (
    AllocationRun,
    Certificate,
    Edition,
    Invitation,
    Participant,
    RapporteurLink,
    Speaker,
)
from tests.browser import fill_registration, log_in
from tests.conftest import LiveServer, make_app
from tests.factories import make_edition, make_user

AXE = Path(__file__).parent.parent / "vendor" / "axe-core" / "axe.min.js"
LANGUAGES = ["es", "pt", "en"]
LOCALES = {"es": "es-CL", "pt": "pt-BR", "en": "en-GB"}
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
# What a crawler must not open: files, feeds and JSON rather than pages.
NOT_A_PAGE = re.compile(r"\.(pdf|csv|xlsx|zip|json|ics|png|jpg|svg|js|webmanifest)$")
RUN_AXE = """async () => {
  const result = await axe.run(document, {
    resultTypes: ["violations"],
    rules: {"target-size": {enabled: true}},  // WCAG 2.2 AA 2.5.8, off in axe by default
  });
  return result.violations.map(v => ({
    rule: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(" "))
  }));
}"""
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
WIDER_THAN_WINDOW = "document.documentElement.scrollWidth - window.innerWidth"
# Each control that can take the focus, focused in turn (after a key press, as a keyboard user
# would): it must show a ring, a 2 px or thicker outline or a box-shadow.
FOCUS_RINGS = """() => {
  const controls = document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]");
  const missing = [];
  for (const el of controls) {
    if (el.tabIndex < 0 || el.disabled || !el.getClientRects().length) continue;
    el.focus();
    if (document.activeElement !== el) continue;
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
    if (!outline && s.boxShadow === "none") missing.push(el.outerHTML.slice(0, 80));
  }
  if (document.activeElement) document.activeElement.blur();
  window.scrollTo(0, 0);
  return missing;
}"""


COLUMNS = "first_name,last_name,email,country,city,institution,position,actor_type,language,role,"
IMPORT_PREVIEW = {
    "name": "participants.csv",
    "mimeType": "text/csv",
    "buffer": (
        COLUMNS + "preferences\nLía,Ávila,lia@example.org,UY,Montevideo,Intendencia,,"
        "local_government,es,participant,11;6;13\n"
    ).encode(),
}
ZOOM_REPORT = {
    "name": "participants_81234567890.csv",
    "mimeType": "text/csv",
    "buffer": (Path(__file__).parent.parent / "data/attendance/zoom_participants.csv").read_bytes(),
}
IMPORT_WRONG = {**IMPORT_PREVIEW, "buffer": f"{COLUMNS}preferences\nLía,,nope,ZZ,,,,,,,\n".encode()}


class Audit:
    """Violations found so far, by page and rule; with `axe` off, only sideways scrolling."""

    def __init__(self, audience: str, language: str, axe: bool = True):
        self.audience, self.language, self.axe = audience, language, axe
        self.pages: dict[str, list[dict]] = {}

    def check(self, page, name: str) -> None:
        page.wait_for_load_state("load")
        found = page.evaluate(RUN_AXE) if self.axe else []
        if self.axe:
            page.keyboard.press("Shift")  # the keyboard is what the person uses
            if unringed := page.evaluate(FOCUS_RINGS):
                found.append({"rule": "focus-visible", "impact": "serious", "nodes": unringed})
        overflow = page.evaluate(WIDER_THAN_WINDOW)
        if overflow > 0:
            nodes = [f"the page is {overflow} px wider than the window"]
            found.append({"rule": "reflow (WCAG 1.4.10)", "impact": "serious", "nodes": nodes})
        self.pages[name] = found

    def report(self) -> str:
        lines = []
        for name, violations in self.pages.items():
            for v in violations:
                shown = ", ".join(v["nodes"][:4]) + (" …" if len(v["nodes"]) > 4 else "")
                lines.append(
                    f"{self.audience}/{self.language} {name}: {v['rule']} ({v['impact']}) "
                    f"on {len(v['nodes'])}: {shown}"
                )
        return "\n".join(lines)

    def summary(self) -> str:
        """Violating elements per page, for the record (`pytest -s` shows it)."""
        return "\n".join(
            f"{self.audience}/{self.language}\t{name}\t{sum(len(v['nodes']) for v in found)}\t"
            + " ".join(sorted(v["rule"] for v in found))
            for name, found in self.pages.items()
        )

    def assert_clean(self) -> None:
        assert self.pages, "no page was audited"
        print(self.summary())
        report = self.report()
        assert not report, f"axe found violations:\n{report}"


class Demo:
    def __init__(self, server: LiveServer, facts: dict):
        self.server, self.url, self.facts = server, server.url, facts


def _certificates_to_verify(edition: Edition) -> None:
    """A valid and a revoked certificate, so that both verification pages exist."""
    people = db.session.scalars(
        select(Participant)
        .where(Participant.edition_id == edition.id, Participant.status == "confirmed")
        .order_by(Participant.id)
        .limit(2)
    ).all()
    scanned_at = datetime.combine(edition.starts_on, time(9, 0), edition.tz)
    for person in people:
        checkin.scan(edition, person.badge_code, "Puerta 1", scanned_at=scanned_at)
    report = certificates.issue(edition, {p.id for p in people})
    certificates.revoke(report.issued[-1], "Emitido por error")


def _facts() -> dict:
    editions = db.session.scalars(
        select(Edition).where(Edition.status != "draft").order_by(Edition.id)
    ).all()
    if db.session.scalar(select(Certificate.id).limit(1)) is None:
        _certificates_to_verify(editions[0])
    confirmed = db.session.scalars(
        select(Participant)
        .where(Participant.status == "confirmed", Participant.role == "participant")
        .order_by(Participant.id)
    ).first()
    valid = db.session.scalars(select(Certificate).where(Certificate.status == "valid")).first()
    revoked = db.session.scalars(select(Certificate).where(Certificate.status == "revoked")).first()
    invitation = db.session.scalars(select(Invitation).order_by(Invitation.id)).first()
    speaker = db.session.scalars(select(Speaker).order_by(Speaker.id)).first()
    rapporteur = db.session.scalars(select(RapporteurLink).order_by(RapporteurLink.id)).first()
    db.session.commit()
    return {
        "slugs": [e.slug for e in editions],
        "manage": confirmed.manage_token,
        "certificates": [c.code for c in (valid, revoked) if c is not None],
        "holder": valid.participant.manage_token if valid else None,
        "invitation": invitation.token if invitation else None,
        "speaker": speaker.token if speaker else None,
        "rapporteur": rapporteur.token if rapporteur else None,
        "badge": confirmed.badge_code,
    }


@pytest.fixture(scope="module")
def demo(sqlite_template, tmp_path_factory):
    """`flask demo load` in a live server, CSRF on as in production."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    shutil.copy(sqlite_template, path)
    app = make_app(f"sqlite:///{path}")
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        facts = _facts()
    server = LiveServer(app)
    app.config["PUBLIC_URL"] = server.url
    server.start()
    yield Demo(server, facts)
    server.stop()
    with app.app_context():
        db.engine.dispose()


def new_context(browser, device: dict, language: str):
    context = browser.new_context(**device, locale=LOCALES[language])
    context.add_init_script(path=str(AXE))
    return context


def with_lang(url: str, language: str) -> str:
    return url + ("&" if "?" in url else "?") + f"lang={language}"


def pattern(path: str) -> str:
    """One page per kind: ids and tokens become placeholders (an edition's slug stays)."""
    parts = []
    for part in path.split("/"):
        if part.isdigit():
            part = "{n}"
        elif len(part) >= 20 and not SLUG.fullmatch(part):
            part = "{token}"
        parts.append(part)
    return "/".join(parts)


def crawl(page, audit: Audit, base: str, starts: list[str], within: tuple[str, ...]) -> None:
    """Visit every start page, and each kind of page linked from them under `within`, once."""
    seen: set[str] = set()
    queue = deque((path, True) for path in starts)
    while queue:
        path, start = queue.popleft()
        key = pattern(urlsplit(path).path)
        if key in seen and not start:
            continue
        seen.add(key)
        page.goto(with_lang(base + path, audit.language))
        audit.check(page, key if key not in audit.pages else f"{key} ({path[-6:]})")
        for href in page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)"):
            link = urlsplit(href)
            if f"{link.scheme}://{link.netloc}" != base or NOT_A_PAGE.search(link.path):
                continue
            if link.path.startswith(within) and pattern(link.path) not in seen:
                keep = link.query and "lang=" not in link.query
                queue.append((link.path + (f"?{link.query}" if keep else ""), False))


def register(page, base: str, slug: str, address: str) -> None:
    """Register as a person would (the tap-to-rank widget when it is there)."""
    fill_registration(page, address)
    page.click("#register-form button[type=submit]")
    page.wait_for_load_state("load")


def public_pages(facts: dict) -> list[str]:
    """Where the public crawl starts: the pages reached from emails and QR codes too."""
    starts = ["/", "/login", "/certificates/verify", "/certificates/verify/NOPE-NOPE-NOPE"]
    starts += [f"/e/{slug}/" for slug in facts["slugs"]]
    starts += [f"/certificates/verify/{code}" for code in facts["certificates"]]
    starts += [f"/manage/{facts['manage']}", f"/manage/{facts['manage']}/badge"]
    if facts["speaker"]:
        starts.append(f"/speaker/{facts['speaker']}")
    if facts["rapporteur"]:
        starts.append(f"/rapporteur/{facts['rapporteur']}")
    if facts["invitation"]:
        starts += [f"/i/{facts['invitation']}/decline", f"/unsubscribe/{facts['invitation']}"]
    if facts["holder"]:
        starts.append(f"/manage/{facts['holder']}")
    return starts


PUBLIC = ("/e/", "/manage/", "/certificates/", "/speaker/", "/rapporteur/", "/login")


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_have_no_axe_violations_at_360px(demo, browser, language):
    facts, base = demo.facts, demo.url
    audit = Audit("public-360", language)
    context = new_context(browser, PHONE, language)
    page = context.new_page()
    crawl(page, audit, base, public_pages(facts), PUBLIC)

    for slug in facts["slugs"]:
        page.goto(with_lang(f"{base}/e/{slug}/register", language))
        if not page.locator("#register-form").count():
            continue
        if page.locator(".goal").count():
            for ods in (7, 2, 11):
                page.click(f".goal[data-ods='{ods}']")
            audit.check(page, f"/e/{slug}/register, three workshops ranked")
        page.click("#register-form button[type=submit]")
        page.wait_for_selector(".error")
        audit.check(page, f"/e/{slug}/register, sent empty (errors)")
        address = f"a11y-{language}-{slug}@example.org"
        page.goto(with_lang(f"{base}/e/{slug}/register", language))
        register(page, base, slug, address)
        audit.check(page, f"/e/{slug}/register → confirmation")
        if page.locator("summary").count():
            page.locator("summary").first.click()
            audit.check(page, f"/e/{slug}/register → confirmation, details open")
        page.goto(with_lang(f"{base}/e/{slug}/register", language))
        register(page, base, slug, address)
        audit.check(page, f"/e/{slug}/register, email already registered")
    page.goto(with_lang(f"{base}/e/no-such-edition/", language))
    audit.check(page, "a page that does not exist (404)")
    context.close()
    audit.assert_clean()


@pytest.mark.parametrize("width", [640, 320])
def test_public_pages_reflow_without_sideways_scrolling_at_200_and_400_percent_zoom(
    demo, browser, width
):
    """A 1280-px window zoomed to 200 % is 640 CSS px wide; WCAG 1.4.10 asks for 320."""
    audit = Audit(f"public-{width}", "es", axe=False)
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="es-CL")
    page = context.new_page()
    crawl(page, audit, demo.url, public_pages(demo.facts), PUBLIC)
    page.goto(with_lang(f"{demo.url}/e/{demo.facts['slugs'][0]}/register", "es"))
    page.click("#register-form button[type=submit]")
    audit.check(page, "/e/<slug>/register, sent empty (errors)")
    context.close()
    audit.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_organiser_pages_have_no_axe_violations_at_1280px(demo, browser, language):
    base = demo.url
    audit = Audit("organiser-1280", language)
    context = new_context(browser, DESKTOP, language)
    page = context.new_page()
    log_in(page, base, *ADMIN, language=language)
    crawl(page, audit, base, ["/admin/", "/admin/editions/new", "/admin/tokens"], ("/admin/",))

    page.goto(with_lang(f"{base}/admin/editions/new", language))
    page.locator("main form.form button").last.click()
    page.wait_for_selector(".error")
    audit.check(page, "/admin/editions/new, sent empty (errors)")
    slug = demo.facts["slugs"][0]
    page.goto(with_lang(f"{base}/admin/e/{slug}/participants/", language))
    page.set_input_files("#file", files=[IMPORT_PREVIEW])
    page.locator("#file").evaluate("input => input.form.requestSubmit()")
    page.wait_for_selector("#import-summary")
    audit.check(page, f"/admin/e/{slug}/participants/import (preview)")
    page.goto(with_lang(f"{base}/admin/e/{slug}/participants/", language))
    page.set_input_files("#file", files=[IMPORT_WRONG])
    page.locator("#file").evaluate("input => input.form.requestSubmit()")
    page.wait_for_selector("#import-errors")
    audit.check(page, f"/admin/e/{slug}/participants/import (errors)")
    online = "/admin/e/gobiernos-locales-en-accion/attendance/"
    for report, shown in ((ZOOM_REPORT, "#report-summary"), (IMPORT_PREVIEW, "#report-error")):
        page.goto(with_lang(base + online, language))
        page.set_input_files("#file", files=[report])
        page.locator("#file").evaluate("input => input.form.requestSubmit()")
        page.wait_for_selector(shown)
        audit.check(page, f"{online}preview ({shown})")
    context.close()
    audit.assert_clean()


@pytest.mark.parametrize("device", ["360", "1280"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_checkin_station_has_no_axe_violations(demo, browser, language, device):
    base = demo.url
    audit = Audit(f"station-{device}", language)
    context = new_context(browser, PHONE if device == "360" else DESKTOP, language)
    page = context.new_page()
    log_in(page, base, *CHECKIN, language=language)
    page.wait_for_selector("#station")
    audit.check(page, "station, ready")
    for code, state in ((demo.facts["badge"], "a scan"), ("not-a-badge", "an invalid code")):
        page.fill("#code", code)
        page.press("#code", "Enter")
        page.wait_for_selector("#result:not(.idle)")
        audit.check(page, f"station, after {state}")
    page.fill("#q", "Mar")
    page.wait_for_selector("#found li")
    audit.check(page, "station, search results")
    page.click(".walk-in summary")
    page.click("#walk-in button.primary")
    audit.check(page, "station, walk-in form open")
    context.close()
    audit.assert_clean()


RUNNING_ANIMATIONS = "document.getAnimations().filter(a => a.playState === 'running').length"


def test_nothing_moves_for_people_who_ask_for_reduced_motion(live_server, browser):
    with live_server.app.app_context():
        edition = make_edition()
        db.session.add(AllocationRun(edition_id=edition.id, status="solving"))
        make_user("admin", "motion@example.org", "a-long-password")
        slug = edition.slug
    running = {}
    for motion in ("no-preference", "reduce"):
        context = browser.new_context(reduced_motion=motion)
        page = context.new_page()
        log_in(page, live_server.url, "motion@example.org")
        page.goto(f"{live_server.url}/admin/e/{slug}/allocation/")
        page.wait_for_selector(".spinner")
        running[motion] = page.evaluate(RUNNING_ANIMATIONS)
        context.close()
    assert running == {"no-preference": 1, "reduce": 0}
