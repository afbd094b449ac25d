"""The database briefly down while a form is posted: a 503 page that carries what was posted
and sends it again, and nothing saved in between."""

import io
from html.parser import HTMLParser

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from seminar.errors import resend_of_this_post
from seminar.extensions import db
from seminar.models import Participant
from tests.conftest import csrf_token_in, database_away, free_port, make_app
from tests.factories import make_edition, make_user
from tests.test_registration import FORM

HOSTILE = 'Ana "><script>alert(1)</script>'


class ResendForm(HTMLParser):
    """The 503 page's form: its action and hidden fields, in page order, unescaped."""

    def __init__(self, page: str):
        super().__init__()
        self.action, self.fields, self.button = None, [], ""
        self._in_button = False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "resend-form":
            self.action = attrs["action"]
        elif tag == "input" and attrs.get("type") == "hidden" and self.action:
            self.fields.append((attrs["name"], attrs["value"]))
        elif tag == "button" and self.action:
            self._in_button = True

    def handle_data(self, data):
        if self._in_button:
            self.button += data.strip()

    def handle_endtag(self, tag):
        self._in_button = self._in_button and tag != "button"


@pytest.fixture
def live_app(database_url):
    """The app with CSRF on, as in production, each request in its own context."""
    app = make_app(database_url)
    yield app
    with app.app_context():
        db.engine.dispose()


def participants(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Participant.id)))


@pytest.mark.parametrize(
    ("language", "button", "kept"),
    [
        ("es", "Enviar de nuevo", "todavía no se guardó nada"),
        ("pt", "Enviar novamente", "nada foi salvo ainda"),
    ],
)
def test_registration_posted_while_database_is_down_comes_back_to_send_again(
    live_app, language, button, kept
):
    with live_app.app_context():
        slug = make_edition().slug
    client = live_app.test_client()
    url = f"/e/{slug}/register?lang={language}"
    token = csrf_token_in(client.get(url).get_data(as_text=True))
    posted = [
        ("csrf_token", token),
        *((k, v) for k, v in FORM.items() if k != "first_name"),
        ("first_name", HOSTILE),
        ("new_password", "s3cret-typed"),
        ("note", "first"),
        ("note", "second"),
    ]
    with database_away(live_app):
        page = client.post(url, data=MultiDict(posted))
    html = page.get_data(as_text=True)
    assert page.status_code == 503
    assert page.headers["Retry-After"] == "30" and page.headers["Cache-Control"] == "no-store"
    assert "<script>" not in html and "&#34;&gt;&lt;script&gt;" in html
    assert "s3cret-typed" not in html and "new_password" not in html
    assert kept in html and 'type="file"' not in html
    form = ResendForm(html)
    assert form.action == url and form.button == button
    assert form.fields == [(k, v) for k, v in posted if k != "new_password"]
    assert participants(live_app) == 0, "nothing was written during the outage"

    again = client.post(form.action, data=MultiDict(form.fields))
    assert again.status_code == 302
    with live_app.app_context():
        (person,) = db.session.scalars(select(Participant)).all()
        assert person.first_name == HOSTILE and person.ranking == [11, 6, 13, 1, 5]


def test_login_during_outage_keeps_the_email_and_asks_for_the_password_again(live_app):
    with live_app.app_context():
        user = make_user("admin", password="a-long-password")
        email = user.email
    client = live_app.test_client()
    token = csrf_token_in(client.get("/login?lang=pt").get_data(as_text=True))
    with database_away(live_app):
        page = client.post(
            "/login?lang=pt",
            data={"csrf_token": token, "email": email, "password": "a-long-password"},
        )
    html = page.get_data(as_text=True)
    assert page.status_code == 503 and "a-long-password" not in html
    assert ResendForm(html).fields == [("csrf_token", token), ("email", email)]
    assert "A senha não é guardada nesta página" in html


def test_a_file_cannot_be_carried_and_the_page_says_so(database_url):
    app = make_app(database_url, WTF_CSRF_ENABLED=False)
    with database_away(app):
        page = app.test_client().post(
            "/e/any/register?lang=es",
            data={"first_name": "Ana", "photo": (io.BytesIO(b"x"), "a.jpg")},
        )
    html = page.get_data(as_text=True)
    assert page.status_code == 503 and "Los archivos adjuntos no se pueden conservar" in html
    assert ResendForm(html).fields == [("first_name", "Ana")]


def test_a_path_that_looks_like_another_site_is_posted_back_to_this_one(live_app):
    with live_app.test_request_context(
        "/x?lang=es", method="POST", data={"first_name": "Ana"},
        environ_overrides={"PATH_INFO": "//evil.example/x"},
    ):  # fmt: skip
        assert resend_of_this_post().action == "/evil.example/x?lang=es"


def test_a_page_read_during_outage_offers_nothing_to_send(live_app):
    client = live_app.test_client()
    with database_away(live_app):
        page = client.get("/e/any/register?lang=es")
    html = page.get_data(as_text=True)
    assert page.status_code == 503 and 'id="resend-form"' not in html
    assert "Inténtelo de nuevo en un minuto" in html


def test_an_organiser_signed_in_gets_the_page_though_who_they_are_cannot_be_read(live_app):
    """The page asks the database nothing, not even who is signed in (base.html would)."""
    with live_app.app_context():
        email = make_user("admin", password="a-long-password").email
        slug = make_edition().slug
    client = live_app.test_client()
    token = csrf_token_in(client.get("/login?lang=es").get_data(as_text=True))
    client.post("/login", data={"csrf_token": token, "email": email, "password": "a-long-password"})
    with database_away(live_app):
        page = client.post(
            f"/admin/e/{slug}/rooms",
            data={"csrf_token": token, "name": "Sala <b>", "capacity": "30"},
        )
    assert page.status_code == 503
    assert ResendForm(page.get_data(as_text=True)).fields == [
        ("csrf_token", token), ("name", "Sala <b>"), ("capacity", "30"),
    ]  # fmt: skip


def test_a_missing_page_for_an_organiser_during_outage_says_unavailable_not_500(live_app):
    """error.html extends base.html, which asks who is signed in: the outage page answers."""
    with live_app.app_context():
        email = make_user("admin", password="a-long-password").email
    client = live_app.test_client()
    token = csrf_token_in(client.get("/login?lang=es").get_data(as_text=True))
    client.post("/login", data={"csrf_token": token, "email": email, "password": "a-long-password"})
    with database_away(live_app):
        page = client.get("/no-such-page?lang=es")
    assert page.status_code == 503
    assert "Inténtelo de nuevo en un minuto" in page.get_data(as_text=True)


def test_postgresql_that_does_not_answer_keeps_the_form_to_send_again():
    """Production's database unreachable (nothing listens on its port): the real driver's
    OperationalError, the same 503 page with what was posted."""
    url = f"postgresql+psycopg://postgres:postgres@127.0.0.1:{free_port()}/postgres"
    app = make_app(url, WTF_CSRF_ENABLED=False)
    page = app.test_client().post(
        "/e/puerto-montt/register?lang=pt", data={"first_name": HOSTILE, "ods_1": "11"}
    )
    assert page.status_code == 503 and page.headers["Cache-Control"] == "no-store"
    form = ResendForm(page.get_data(as_text=True))
    assert form.fields == [("first_name", HOSTILE), ("ods_1", "11")]
    assert form.button == "Enviar novamente"
