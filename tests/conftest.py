"""Fixtures: a real database per test (SQLite, and PostgreSQL when SEMINAR_TEST_POSTGRES is set),
a real SMTP server (aiosmtpd), a live HTTP server and real Chromium for the browser tests."""

import contextvars
import os
import re
import shutil
import socket
import threading
import uuid
from contextlib import contextmanager
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from flask import has_app_context
from flask.testing import FlaskClient, FlaskCliRunner
from werkzeug.serving import make_server

from seminar import create_app
from seminar.clock import set_now
from seminar.extensions import db

POSTGRES_URL = os.environ.get("SEMINAR_TEST_POSTGRES", "")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            not POSTGRES_URL,
            reason="SEMINAR_TEST_POSTGRES is not set: no PostgreSQL server to test on",
        ),
    ),
]
BASE_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret",
    "RATELIMIT_ENABLED": False,
    "PUBLIC_URL": "http://seminario.test",
    "MAIL_SERVER": "",
    "OUTBOX_BACKOFF": 0,
}


def _migrate(app) -> None:
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """Migrate once; each test gets a copy of this file."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    _migrate(create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"}))
    return path


def _pg_admin():
    import psycopg

    url = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")
    return psycopg.connect(url, autocommit=True)


def _pg_url(name: str) -> str:
    from sqlalchemy.engine import make_url

    return (
        make_url(POSTGRES_URL)
        .set(drivername="postgresql+psycopg", database=name)
        .render_as_string(hide_password=False)
    )


@pytest.fixture(scope="session")
def pg_template() -> str:
    name = f"seminar_tpl_{uuid.uuid4().hex[:8]}"
    with _pg_admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    _migrate(create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": _pg_url(name)}))
    yield name
    with _pg_admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def database_url(request, tmp_path) -> str:
    # Indirect parametrisation sets request.param; the `app` fixture's parameter names it otherwise.
    callspec = getattr(request.node, "callspec", None)
    backend = getattr(request, "param", None) or (
        callspec.params.get("app", "sqlite") if callspec else "sqlite"
    )
    if backend == "sqlite":
        path = tmp_path / "seminar.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    template = request.getfixturevalue("pg_template")
    name = f"seminar_t_{uuid.uuid4().hex[:10]}"
    with _pg_admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    yield _pg_url(name)
    with _pg_admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _in_own_context(call, *args, **kwargs):
    """Run `call` in an application context of its own, as a request or a command runs in
    production: what it forgets to commit is lost and the test sees it. The test's own session
    commits first, so what the test set up is there and no lock of the test's is held."""
    if has_app_context():
        db.session.commit()
    return contextvars.Context().run(call, *args, **kwargs)


class IsolatedClient(FlaskClient):
    def open(self, *args, **kwargs):
        # A streamed response (exports) is read to its end inside the request's own context.
        kwargs.setdefault("buffered", True)
        return _in_own_context(super().open, *args, **kwargs)


class IsolatedCliRunner(FlaskCliRunner):
    def invoke(self, *args, **kwargs):
        return _in_own_context(super().invoke, *args, **kwargs)


def make_app(database_url: str, **overrides):
    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, **overrides})
    app.test_client_class = IsolatedClient
    app.test_cli_runner_class = IsolatedCliRunner
    return app


def _app_in_context(database_url: str):
    """The app (CSRF off) inside its app context; afterwards connections close, the clock runs."""
    app = make_app(database_url, WTF_CSRF_ENABLED=False)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    set_now(None)


@pytest.fixture(params=BACKENDS)
def app(request, database_url):
    """The app on a fresh database: every test using it runs on SQLite and on PostgreSQL."""
    yield from _app_in_context(database_url)


@pytest.fixture
def sqlite_app(database_url):
    """The app on SQLite only (for what is about the embedded default itself)."""
    yield from _app_in_context(database_url)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def login(client):
    """`login()` logs `client` in as a new organiser (`login("checkin")` for the desk role), or
    `login(user)` as that user; returns the user."""
    from tests.factories import make_user

    def log_in(who="admin", password="a-long-password"):
        user = make_user(who, password=password) if isinstance(who, str) else who
        response = client.post("/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, "the login failed"
        return user

    return log_in


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpServer:
    """A real SMTP server in this process; `messages` holds what it received, parsed."""

    def __init__(self):
        self.port = free_port()
        self.messages = []
        self.reject: set[str] = set()  # recipients answered with 550
        self.controller = None
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.reject:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's name)
        with self.lock:
            self.messages.append(
                message_from_bytes(envelope.original_content, policy=policy.default)
            )
        return "250 OK"

    def start(self):
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None

    def to(self, address: str):
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture
def smtp_server():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp(app, smtp_server):
    """A real SMTP server the app delivers to."""
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port, MAIL_TIMEOUT=5)
    return smtp_server


def body_text(message) -> str:
    return message.get_body(("plain",)).get_content()


def body_html(message) -> str:
    return message.get_body(("html",)).get_content()


class LiveServer:
    def __init__(self, app):
        self.app = app
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = make_server("127.0.0.1", self.port, app, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()  # joins the request threads, so their connections are back
        self.thread.join()


def csrf_token_in(page: str) -> str:
    """The CSRF token a rendered form carries, to post as a browser would."""
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


@contextmanager
def database_away(app):
    """The SQLite file moved away, as when the database is briefly down: the app's next
    connection opens an empty file and its first query fails with the real OperationalError.
    Afterwards the file comes back, as the database does."""
    path = Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
    files = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
    with app.app_context():
        db.engine.dispose()
    moved = [f for f in files if f.exists()]
    for file in moved:
        file.rename(f"{file}.away")
    try:
        yield
    finally:
        with app.app_context():
            db.engine.dispose()
        for file in files:
            file.unlink(missing_ok=True)
        for file in moved:
            Path(f"{file}.away").rename(file)


@pytest.fixture
def live_server(sqlite_template, tmp_path):
    """The app served over HTTP on SQLite, with CSRF on as in production."""
    path = tmp_path / "live.sqlite3"
    shutil.copy(sqlite_template, path)
    server_app = make_app(f"sqlite:///{path}")
    server_app.config["PUBLIC_URL"] = ""
    server = LiveServer(server_app)
    server_app.config["PUBLIC_URL"] = server.url
    server.start()
    yield server
    server.stop()
    with server_app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("SEMINAR_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing and SEMINAR_REQUIRE_BROWSER=1")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# A laptop or desk screen, in Spanish: the browser context options of `desk`.
DESK = {"viewport": {"width": 1280, "height": 900}, "locale": "es-CL"}


@pytest.fixture
def desk(browser):
    """A 1280-px laptop or desk screen, in Spanish: a browser context of its own, sharing nothing
    (cookies, storage) with a `phone` in the same test."""
    context = browser.new_context(**DESK)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    """A 360-px phone."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="es-CL",
    )
    page = context.new_page()
    yield page
    context.close()
