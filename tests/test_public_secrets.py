"""No page anyone can open shows a token or code that grants access to someone's data."""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from sqlalchemy import select

from seminar import users
from seminar.extensions import db
from seminar.invitations import services as invitations
from seminar.models import (
    Certificate,
    Edition,
    Invitation,
    Participant,
    ProgrammeSession,
    RapporteurLink,
    Speaker,
    User,
)
from seminar.models.privacy import UnsubscribeLink

MAX_PAGES = 400


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action") and value:
                self.found.append(value)


def secrets_of_the_demo() -> dict[str, str]:
    """Every access-granting value in the database, with what kind it is."""
    found: dict[str, str] = {}
    for person in db.session.scalars(select(Participant)):
        found[person.manage_token] = "manage token"
        if person.badge_code:
            found[person.badge_code] = "badge code"
    for invitation in db.session.scalars(select(Invitation)):
        found[invitation.token] = "invitation token"
        link = invitations.unsubscribe_url(invitation.edition_id, invitation.email)
        found[link.rstrip("/").rsplit("/", 1)[-1]] = "unsubscribe token"
    for speaker in db.session.scalars(select(Speaker)):
        found[speaker.token] = "speaker token"
    for session in db.session.scalars(
        select(ProgrammeSession).where(ProgrammeSession.join_url != "")
    ):
        found[session.join_url] = "join link"
    for link in db.session.scalars(select(UnsubscribeLink)):
        found[link.token] = "unsubscribe token"
    for link in db.session.scalars(select(RapporteurLink)):
        found[link.token] = "rapporteur token"
    admin = db.session.scalars(select(User).where(User.role == "checkin")).first()
    found[users.issue_token(admin, "door")] = "device token"
    db.session.commit()
    return found


def seeds(app, slugs) -> list[str]:
    """Every GET route that needs no argument or only an edition, plus certificate checks."""
    paths = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.arguments - {"slug"}:
            continue
        for slug in slugs if "slug" in rule.arguments else [None]:
            paths.append(rule.build({"slug": slug} if slug else {})[1])
    codes = db.session.scalars(select(Certificate.code)).all()
    return paths + [f"/certificates/verify/{code}" for code in codes]


def crawl(client, start: list[str]) -> dict[str, str]:
    """Anonymous GETs from `start`, following links within the site; path -> text."""
    pages, queue = {}, list(dict.fromkeys(start))
    while queue and len(pages) < MAX_PAGES:
        path = queue.pop(0)
        if path in pages:
            continue
        response = client.get(path)
        text = response.get_data(as_text=True) if _is_text(response.mimetype) else ""
        pages[path] = text + " " + response.headers.get("Location", "")
        if response.mimetype != "text/html":
            continue
        parser = Links()
        parser.feed(text)
        for link in parser.found:
            target = urlsplit(urljoin("http://localhost" + path, link))
            if target.netloc == "localhost" and not target.path.startswith("/static/"):
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return pages


def _is_text(mimetype: str) -> bool:
    return mimetype.startswith("text/") or mimetype in ("application/json",)


def test_no_public_page_of_the_demo_shows_an_access_granting_token(app, client, runner):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    secret = secrets_of_the_demo()
    assert {
        "manage token",
        "badge code",
        "invitation token",
        "speaker token",
        "join link",
        "rapporteur token",
    } <= set(secret.values())
    pages = crawl(client, seeds(app, db.session.scalars(select(Edition.slug)).all()))
    assert any("/programme/photos/" in text for text in pages.values()), "no speaker photo seen"
    pattern = re.compile("|".join(re.escape(value) for value in sorted(secret, key=len)[::-1]))
    leaks = {
        path: f"{secret[match.group()]} {match.group()}"
        for path, text in pages.items()
        if (match := pattern.search(text))
    }
    assert len(pages) > 20
    assert leaks == {}
