"""The README's production section on this machine: PostgreSQL, Redis, the env file, `flask db
upgrade` and `users create` through deploy/flask, gunicorn (2 workers) and the outbox worker as the
units in deploy/systemd start them, Debian's nginx with deploy/nginx/seminario.conf terminating
TLS (self-signed) in front. Real Chromium over HTTPS; 100 clients from 100 loopback addresses."""

import csv
import http.client
import io
import os
import re
import secrets
import shutil
import ssl
import subprocess
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.browser import fill_registration, log_in
from tests.conftest import POSTGRES_URL, _pg_admin, _pg_url, body_text
from tests.stack import (
    DEPLOY,
    PASSWORD,
    USER,
    Nginx,
    TlsSmtpServer,
    certificate,
    free_port,
    need,
    read_env_file,
    redis_url,
    start_unit,
    stop,
    unit_commands,
    unit_environment,
    wait_for_port,
    write_env_file,
)

SLUG = "puerto-montt-2099"
ADMIN, CHECKIN = (
    ("admin@example.org", "an-organiser-password"),
    ("door@example.org", "door-pass-123"),
)
NAME, SURNAME = "María José", "Núñez-D'Ávila Gonçalves"
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@dataclass
class Site:
    url: str
    port: int
    http_port: int
    cert: Path
    database_url: str
    smtp: TlsSmtpServer
    nginx: Nginx
    env_file: Path
    service_env: dict

    def flask(self, *args: str) -> str:
        """A command as the README gives it: deploy/flask with the site's env file."""
        result = subprocess.run(
            [str(DEPLOY / "flask"), *args],
            env={**os.environ, "SEMINARIO_ENV_FILE": str(self.env_file)},
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        return result.stdout

    def connect(self, source: str = "127.0.0.1") -> http.client.HTTPSConnection:
        """An HTTPS connection from `source`, trusting the site's certificate."""
        context = ssl.create_default_context(cafile=str(self.cert))
        return http.client.HTTPSConnection(
            "127.0.0.1", self.port, context=context, source_address=(source, 0), timeout=60
        )


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    need(bool(POSTGRES_URL), "SEMINAR_TEST_POSTGRES is not set: the site runs on PostgreSQL")
    tmp = tmp_path_factory.mktemp("site")
    cert, key = certificate(tmp)
    smtp = TlsSmtpServer(cert, key)
    smtp.start()
    name = f"seminar_site_{uuid.uuid4().hex[:8]}"
    with _pg_admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    app_port = free_port()
    nginx = Nginx(tmp / "nginx", app_port, cert, key)
    https_port = nginx.port

    values = read_env_file(DEPLOY / "seminario.env.example")
    ours = {
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": _pg_url(name),
        "PUBLIC_URL": f"https://127.0.0.1:{https_port}",
        "RATELIMIT_STORAGE_URI": redis_url(),
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp.port),
        "MAIL_USERNAME": USER,
        "MAIL_PASSWORD": PASSWORD,
    }
    assert set(ours) <= set(values), "the example env file names every setting the site needs"
    assert values["SEMINAR_ENV"] == "production" and values["TRUSTED_PROXIES"] == "1"
    values.update(ours, MAIL_CA_FILE=str(cert))  # our self-signed SMTP certificate
    env_file = tmp / "seminario.env"
    write_env_file(env_file, values)
    service_env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SEMINAR")},
        **values,
        "GUNICORN_BIND": f"127.0.0.1:{app_port}",
    }
    site = Site(
        nginx.url, https_port, nginx.http_port, cert, _pg_url(name), smtp, nginx, env_file,
        service_env,
    )  # fmt: skip
    site.flask("db", "upgrade")
    site.flask("users", "create", ADMIN[0], "--role", "admin", "--password", ADMIN[1])
    site.flask("users", "create", CHECKIN[0], "--role", "checkin", "--password", CHECKIN[1])
    starts = date.today() + timedelta(days=60)
    site.flask("editions", "create", "--slug", SLUG, "--name", "Seminario Puerto Montt",
               "--city", "Puerto Montt", "--starts", starts.isoformat(),
               "--ends", (starts + timedelta(days=3)).isoformat(),
               "--timezone", "America/Santiago", "--capacity", "400")  # fmt: skip

    web = start_unit("systemd/seminario-web.service", service_env, tmp / "web.log")
    worker = start_unit(
        "systemd/seminario-outbox.service", service_env, tmp / "outbox.log", "--interval", "0.5"
    )
    try:
        wait_for_port(app_port, web, seconds=60)
        nginx.start()
        yield site
    finally:
        nginx.stop()
        stop(web)
        stop(worker)
        smtp.stop()
        with _pg_admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def read(response: http.client.HTTPResponse) -> str:
    return response.read().decode()


def test_healthz_static_files_and_http_redirect_through_nginx(site):
    conn = site.connect()
    conn.request("GET", "/healthz")
    response = conn.getresponse()
    assert response.status == 200
    body = read(response)
    assert '"status":"ok"' in body.replace(" ", "") and '"translations":"ok"' in body.replace(
        " ", ""
    )
    assert response.getheader("Strict-Transport-Security") == "max-age=31536000"
    conn.request("GET", "/static/css/app.css")
    static = conn.getresponse()
    read(static)
    assert static.status == 200 and "max-age=604800" in static.getheader("Cache-Control")
    assert static.getheader("Strict-Transport-Security") == "max-age=31536000"
    plain = http.client.HTTPConnection("127.0.0.1", site.http_port, timeout=10)
    plain.request("GET", f"/e/{SLUG}/register")
    redirect = plain.getresponse()
    assert redirect.status == 301
    assert redirect.getheader("Location") == f"https://127.0.0.1/e/{SLUG}/register"
    read(redirect)
    conn.close()
    plain.close()


def wait_for_mail(smtp: TlsSmtpServer, address: str, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := smtp.to(address):
            return found[0]
        time.sleep(0.2)
    raise AssertionError(f"no email to {address} after {seconds} s")


def test_chromium_registers_an_organiser_reads_and_a_station_scans_over_https(site, browser):
    phone = browser.new_context(
        ignore_https_errors=True, viewport={"width": 360, "height": 740}, is_mobile=True,
        has_touch=True, locale="es-CL",
    )  # fmt: skip
    page = phone.new_page()
    page.goto(f"{site.url}/e/{SLUG}/register?lang=es")
    fill_registration(
        page, "mariajose@example.org", first_name=NAME, last_name=SURNAME, country="CL",
        city="Concepción", institution="Municipalidad de Concepción",
    )  # fmt: skip
    page.click("button[type=submit]")
    page.wait_for_selector(".confirmation")
    assert page.locator("#person-name").inner_text() == f"{NAME} {SURNAME}"
    assert page.url.startswith(f"{site.url}/manage/")

    # The outbox worker sent the confirmation over STARTTLS, with links on the HTTPS origin.
    message = wait_for_mail(site.smtp, "mariajose@example.org")
    assert "Inscripción confirmada" in message["Subject"]
    link = re.search(r"(https://\S+/manage/\S+)", body_text(message)).group(1)
    assert link.startswith(f"{site.url}/manage/")
    page.goto(link)
    assert NAME in page.locator("#person-name").inner_text()
    phone.close()

    desk = browser.new_context(ignore_https_errors=True, viewport={"width": 1280, "height": 800})
    page = desk.new_page()
    log_in(page, site.url, *ADMIN)
    page.goto(f"{site.url}/admin/e/{SLUG}/participants/")
    assert f"{NAME}" in page.content() and "Núñez-D" in page.content()
    desk.close()

    exported = site.flask("participants", "export", "--edition", SLUG)
    (row,) = [r for r in csv.DictReader(io.StringIO(exported)) if r["email"].startswith("mariaj")]
    assert row["preferences"] == "11;6;13" and row["first_name"] == NAME
    # The badge's QR holds the code as stored (the export guards a leading "-" for spreadsheets).
    engine = create_engine(site.database_url)
    with engine.connect() as conn:
        code = conn.scalar(text("SELECT badge_code FROM participants WHERE email LIKE 'mariaj%'"))
    engine.dispose()
    station = browser.new_context(
        ignore_https_errors=True, viewport={"width": 360, "height": 740}, locale="es-CL"
    )
    page = station.new_page()
    log_in(page, site.url, *CHECKIN)
    page.wait_for_selector("#station[data-cached='1']")
    page.fill("#station-name", "Puerta 1")
    page.press("#station-name", "Tab")
    page.focus("#code")
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    page.wait_for_selector("#result[data-status='ok']")
    assert page.inner_text("#result .result-name") == f"{NAME} {SURNAME}"
    station.close()
    engine = create_engine(site.database_url)
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM attendance")) == 1
    engine.dispose()


def register(site: Site, source: str, email: str) -> int:
    """GET the form and POST it from `source`, as a browser does (cookie, CSRF token, Referer)."""
    conn = site.connect(source)
    try:
        path = f"/e/{SLUG}/register"
        conn.request("GET", path)
        response = conn.getresponse()
        page = read(response)
        cookie = response.getheader("Set-Cookie").split(";")[0]
        form = {
            "csrf_token": TOKEN.search(page).group(1), "first_name": "Conceição",
            "last_name": "Ñandú", "email": email, "country": "BR",
            "city": "Porto Alegre", "institution": "Prefeitura", "actor_type": "local_government",
            "language": "pt", "role": "participant", "consent": "y",
            "rank_1": "11", "rank_2": "6", "rank_3": "13",
        }  # fmt: skip
        conn.request(
            "POST", path, urllib.parse.urlencode(form),
            {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie,
             "Referer": f"{site.url}{path}"},
        )  # fmt: skip
        response = conn.getresponse()
        read(response)
        return response.status
    finally:
        conn.close()


def test_100_addresses_register_at_once_and_one_address_is_limited(site):
    addresses = [f"127.0.0.{n}" for n in range(2, 102)]
    results: dict[str, int] = {}
    lock = threading.Lock()

    def client(share: list[str]) -> None:
        for address in share:
            status = register(site, address, f"crowd-{address}@example.org")
            with lock:
                results[address] = status

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(addresses[n::20],)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    elapsed = time.monotonic() - started
    assert elapsed < 60, f"100 registrations took {elapsed:.0f} s"
    assert sorted(results.values()) == [302] * 100, results

    # One address sending 40: the configured 20 a minute pass, the rest are told to wait.
    limit = int(read_env_file(DEPLOY / "seminario.env.example")["RATELIMIT_PUBLIC_POST"][:2])
    statuses = [register(site, "127.0.0.200", f"eager{n}@example.org") for n in range(40)]
    assert statuses == [302] * limit + [429] * (40 - limit)

    engine = create_engine(site.database_url)
    with engine.connect() as conn:
        emails = set(conn.scalars(text("SELECT email FROM participants")))
    engine.dispose()
    assert {f"crowd-{a}@example.org" for a in addresses} <= emails
    assert len([e for e in emails if e.startswith("eager")]) == limit


def test_the_daily_reminder_unit_runs_its_commands_for_an_edition(site):
    unit = "systemd/seminario-remind@.service"
    commands = unit_commands(unit, i=SLUG)
    assert [c[1:4] for c in commands] == [["invitations", "remind", "--edition"],
                                          ["programme", "remind", "--edition"]]  # fmt: skip
    for command in commands:
        result = subprocess.run(
            command, cwd=DEPLOY.parent, env={**site.service_env, **unit_environment(unit)},
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
    timer = (DEPLOY / "systemd/seminario-remind@.timer").read_text()
    assert "OnCalendar=" in timer and "Persistent=true" in timer


def test_the_web_unit_refuses_the_development_secret_key_in_one_line(site, tmp_path):
    env = {**site.service_env, "SECRET_KEY": "dev-only-secret-key-change-me"}
    web = start_unit("systemd/seminario-web.service", env, tmp_path / "web.log")
    try:
        web.wait(60)
    finally:
        stop(web)
    assert web.returncode != 0
    lines = (tmp_path / "web.log").read_text().strip().splitlines()
    assert lines[-1].startswith("seminario refuses to start: SEMINAR_ENV=production needs")
    assert not any("Traceback" in line for line in lines)


def test_systemd_accepts_every_unit_in_deploy(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    names = []
    for unit in sorted((DEPLOY / "systemd").iterdir()):
        text_ = unit.read_text(encoding="utf-8").replace("/srv/seminario", str(DEPLOY.parent))
        (tmp_path / unit.name).write_text(text_)
        names.append(unit.name.replace("@.", "@puerto-montt-2026."))
    result = subprocess.run(
        [analyze, "verify", "--man=no", *names], cwd=tmp_path, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert result.returncode == 0 and result.stderr == "", result.stderr


def test_the_readme_production_section_uses_exactly_the_deploy_files():
    readme = (DEPLOY.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Running it in production", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"deploy/[\w./@*-]*[\w*]", section))
    for name in named:
        assert list(DEPLOY.parent.glob(name)), f"the README names {name}, which does not exist"
    shipped = {str(p.relative_to(DEPLOY.parent)) for p in DEPLOY.rglob("*") if p.is_file()}
    for path in shipped:
        used = any(path == n or Path(path).match(n) for n in named)
        assert used, f"{path} is in deploy/ but the production section never uses it"
