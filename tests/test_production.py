"""Running as organisers deploy it: HTTPS behind one proxy, production's refusals, rate limits per
real client (Redis shared by the workers), per-account login throttling, catalogs reported."""

import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import urllib.request

import pytest
from sqlalchemy import func, select

from seminar.extensions import db
from seminar.models import Edition, Participant, User
from tests.conftest import csrf_token_in, make_app
from tests.factories import make_edition, make_user
from tests.stack import ROOT, free_port, redis_url, wait_for_port

SITE = "seminario.example.org"
KEY = "a-production-secret-key-of-its-own"
PROXY = {"REMOTE_ADDR": "127.0.0.1"}  # nginx on the same host


def production_app(database_url, **overrides):
    return make_app(
        database_url, ENV_NAME="production", SECRET_KEY=KEY, TRUSTED_PROXIES=1, **overrides
    )


def forwarded(client_address: str) -> dict:
    """What nginx adds to a request from `client_address` that reached it over HTTPS."""
    return {
        "X-Forwarded-For": client_address,
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": SITE,
    }


def csrf_token(client, path: str, headers: dict, **kwargs) -> str:
    page = client.get(path, headers=headers, environ_base=PROXY, **kwargs).get_data(as_text=True)
    return csrf_token_in(page)


@pytest.fixture
def admin_email(database_url):
    app = make_app(database_url)
    with app.app_context():
        address = make_user(address="admin@example.org").email
        db.session.remove()
        db.engine.dispose()
    return address


def test_login_over_https_needs_the_same_origin_referrer_the_policy_lets_browsers_send(
    database_url, admin_email
):
    app = make_app(database_url)
    client = app.test_client()
    base = "https://seminario.test"
    page = client.get("/login", base_url=base)
    assert page.headers["Referrer-Policy"] in ("same-origin", "strict-origin-when-cross-origin")
    token = csrf_token(client, "/login", {}, base_url=base)
    form = {"csrf_token": token, "email": admin_email, "password": "a-long-password"}
    refused = client.post("/login", data=form, base_url=base)
    assert refused.status_code == 400, "Flask-WTF checks the referrer on HTTPS"
    sent = client.post("/login", data=form, base_url=base, headers={"Referer": f"{base}/login"})
    assert sent.status_code == 302


def add_probe(app) -> None:
    """A page that says who the app thinks is asking, and how it writes its own links."""
    from flask import request, url_for

    @app.get("/_probe")
    def probe():
        return {
            "address": request.remote_addr,
            "scheme": request.scheme,
            "link": url_for("auth.login", _external=True),
        }


def test_behind_one_proxy_the_site_is_the_https_site_it_is(database_url, admin_email):
    app = production_app(database_url)
    add_probe(app)
    client = app.test_client()
    headers = forwarded("203.0.113.7")
    token = csrf_token(client, "/login", headers)
    response = client.post(
        "/login",
        data={"csrf_token": token, "email": admin_email, "password": "a-long-password"},
        headers={**headers, "Referer": f"https://{SITE}/login"},
        environ_base=PROXY,
    )
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    probe = client.get("/_probe", headers=headers, environ_base=PROXY).get_json()
    assert probe == {"address": "203.0.113.7", "scheme": "https", "link": f"https://{SITE}/login"}


def test_without_trusted_proxies_forwarded_headers_are_not_believed(database_url):
    app = make_app(database_url, ENV_NAME="production", SECRET_KEY=KEY)
    add_probe(app)
    client = app.test_client()
    response = client.get("/login", headers=forwarded("203.0.113.7"), environ_base=PROXY)
    assert "Strict-Transport-Security" not in response.headers
    probe = client.get("/_probe", headers=forwarded("203.0.113.7"), environ_base=PROXY).get_json()
    assert probe == {"address": "127.0.0.1", "scheme": "http", "link": "http://localhost/login"}


def limited_app(database_url, **overrides):
    return make_app(
        database_url,
        TRUSTED_PROXIES=1,
        WTF_CSRF_ENABLED=False,
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=redis_url(),
        **overrides,
    )


def post_register(client, slug: str, address: str, spoofed: str = "") -> int:
    headers = {"X-Forwarded-For": f"{spoofed}, {address}" if spoofed else address}
    return client.post(
        f"/e/{slug}/register", data={}, headers=headers, environ_base=PROXY
    ).status_code


def test_public_limit_counts_each_client_behind_the_proxy_in_redis_shared_by_workers(
    database_url,
):
    worker_1 = limited_app(database_url, RATELIMIT_PUBLIC_POST="3/minute")
    worker_2 = limited_app(database_url, RATELIMIT_PUBLIC_POST="3/minute")
    with worker_1.app_context():
        slug = make_edition().slug
    one, two = worker_1.test_client(), worker_2.test_client()
    # Alice's three posts land on both workers; the fourth is refused by either.
    assert [post_register(c, slug, "198.51.100.1") for c in (one, two, one)] == [422] * 3
    assert post_register(two, slug, "198.51.100.1") == 429
    # A client cannot escape by inventing an earlier X-Forwarded-For hop: nginx appends its own.
    assert post_register(one, slug, "198.51.100.1", spoofed="192.0.2.99") == 429
    # Everyone else has a bucket of their own.
    for n in range(2, 12):
        assert post_register(one if n % 2 else two, slug, f"198.51.100.{n}") == 422
    with worker_1.app_context():
        assert db.session.scalar(select(func.count()).select_from(Participant)) == 0
        db.session.remove()
        db.engine.dispose()


def login_status(client, email: str, password: str, address: str) -> int:
    return client.post(
        "/login",
        data={"email": email, "password": password},
        headers={"X-Forwarded-For": address},
        environ_base=PROXY,
    ).status_code


def test_failed_logins_are_throttled_per_account_from_any_address(database_url, admin_email):
    app = limited_app(database_url, RATELIMIT_LOGIN_ACCOUNT="3/minute")
    client = app.test_client()
    for n in range(3):
        assert login_status(client, admin_email, "guess", f"203.0.113.{n}") == 422
    assert login_status(client, admin_email, "a-long-password", "203.0.113.50") == 429
    assert login_status(client, "other@example.org", "guess", "203.0.113.51") == 422


def test_successful_logins_do_not_use_up_the_account_limit(database_url, admin_email):
    app = limited_app(database_url, RATELIMIT_LOGIN_ACCOUNT="2/minute")
    client = app.test_client()
    for n in range(4):
        assert login_status(client, admin_email, "a-long-password", f"203.0.113.{n}") == 302


def test_logins_are_throttled_per_address_across_accounts(database_url):
    app = limited_app(database_url, RATELIMIT_LOGIN="4/minute")
    client = app.test_client()
    codes = [login_status(client, f"u{n}@example.org", "x", "203.0.113.9") for n in range(5)]
    assert codes == [422] * 4 + [429]
    assert login_status(client, "u9@example.org", "x", "203.0.113.10") == 422


def flask_command(*args: str, **env: str) -> subprocess.CompletedProcess:
    import os

    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "SEMINAR_ENV")}
    return subprocess.run(
        [str(ROOT / ".venv/bin/flask"), *args],
        cwd=ROOT,
        env={**clean, "FLASK_APP": "wsgi", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("secret", [None, "dev-only-secret-key-change-me", "short"])
def test_production_refuses_to_start_without_its_own_secret_key_in_one_line(tmp_path, secret):
    env = {"SEMINAR_ENV": "production", "DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3"}
    if secret:
        env["SECRET_KEY"] = secret
    result = flask_command("db", "upgrade", **env)
    assert result.returncode != 0
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("seminario refuses to start: SEMINAR_ENV=production needs a SECRET_KEY")
    assert not (tmp_path / "x.sqlite3").exists(), "nothing was written"


def test_demo_load_refuses_in_production_and_creates_nothing(database_url):
    app = production_app(database_url)
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 1
    assert "published passwords" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0
        assert db.session.scalar(select(func.count()).select_from(Edition)) == 0
        db.session.remove()
        db.engine.dispose()


def test_missing_catalogs_are_said_at_start_up_and_on_healthz(database_url, tmp_path, caplog):
    translations = tmp_path / "translations"
    shutil.copytree(
        ROOT / "seminar/translations", translations, ignore=shutil.ignore_patterns("*.mo")
    )
    with caplog.at_level(logging.ERROR, logger="seminar"):
        app = make_app(database_url, BABEL_TRANSLATION_DIRECTORIES=str(translations))
    assert "es: missing, pt: missing" in caplog.text and "make translations" in caplog.text
    client = app.test_client()
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.get_json()["status"] == "degraded"
    assert health.get_json()["translations"] == "es: missing; pt: missing"


def test_compiled_catalogs_are_ok_on_healthz_and_pages_are_translated(database_url):
    client = make_app(database_url).test_client()
    assert client.get("/healthz").get_json()["translations"] == "ok"
    assert "Contraseña" in client.get("/login?lang=es").get_data(as_text=True)


def test_app_messages_reach_stderr_for_the_journal(tmp_path):
    code = "from seminar import create_app; create_app().logger.info('registration opened')"
    env = {"DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3", "LOG_LEVEL": "INFO"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**os.environ, **env},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "INFO seminar: registration opened" in result.stderr


def test_production_warns_when_public_links_would_not_be_https(database_url, caplog):
    with caplog.at_level(logging.WARNING, logger="seminar"):
        production_app(database_url, PUBLIC_URL="http://seminario.example.org")
    assert "PUBLIC_URL is http://seminario.example.org" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="seminar"):
        production_app(database_url, PUBLIC_URL="https://seminario.example.org")
    assert "PUBLIC_URL" not in caplog.text


def test_make_serve_prod_runs_gunicorn_with_the_deploy_config(tmp_path):
    """The port and the workers come from deploy/gunicorn.conf.py, which reads GUNICORN_BIND."""
    port, log = free_port(), tmp_path / "serve-prod.log"
    env = {
        **os.environ,
        "SEMINAR_ENV": "production",
        "SECRET_KEY": KEY,
        "DATABASE_URL": f"sqlite:///{tmp_path}/prod.sqlite3",
        "PUBLIC_URL": f"https://{SITE}",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
    }
    with log.open("w") as out:
        served = subprocess.Popen(
            ["make", "--no-print-directory", "serve-prod"], cwd=ROOT, env=env,
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        wait_for_port(port, served, seconds=60)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as answer:
            health = json.load(answer)
        assert health["status"] == "ok", health
    finally:
        os.killpg(served.pid, signal.SIGTERM)
        served.wait(30)
    text = log.read_text()
    assert "-c deploy/gunicorn.conf.py" in text and "--bind" not in text
    assert text.count("Booting worker") == 2, text
