"""What an operator is told at start-up: logging to stderr (the journal), settings that production
refuses, and compiled message catalogs that are missing."""

import logging
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import DEV_SECRET_KEY, is_production

log = logging.getLogger("seminar")
MIN_SECRET_KEY_LENGTH = 16


class ConfigurationError(RuntimeError):
    """A setting production cannot run with; the message is the one line an operator reads."""


def configure_logging(app: Flask) -> None:
    """The app's and the worker's messages on stderr, which systemd sends to the journal."""
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    log.setLevel(app.config["LOG_LEVEL"])


def check(app: Flask) -> None:
    """Refuse what must not run in production; turn on what HTTPS needs there."""
    config = app.config
    if not is_production(config):
        return
    key = config.get("SECRET_KEY") or ""
    if key == DEV_SECRET_KEY or len(key) < MIN_SECRET_KEY_LENGTH:
        raise ConfigurationError(
            "SEMINAR_ENV=production needs a SECRET_KEY of its own (not the development one, "
            f"at least {MIN_SECRET_KEY_LENGTH} characters): "
            "python3 -c 'import secrets; print(secrets.token_hex(32))'"
        )
    config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    if not config["PUBLIC_URL"].startswith("https://"):
        log.warning(
            "PUBLIC_URL is %s: links in emails, QR codes and certificates will not be HTTPS",
            config["PUBLIC_URL"],
        )
    if config["RATELIMIT_STORAGE_URI"].startswith("memory://"):
        log.warning(
            "RATELIMIT_STORAGE_URI is memory://: each gunicorn worker counts on its own "
            "(set it to redis://…)"
        )


def trust_proxies(app: Flask) -> None:
    """Believe X-Forwarded-For/-Proto/-Host from the TRUSTED_PROXIES proxies in front."""
    hops = app.config["TRUSTED_PROXIES"]
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def catalog_problems(app: Flask) -> list[str]:
    """Languages whose compiled catalog (.mo) is missing or older than its .po."""
    directory = Path(app.extensions["babel"].translation_directories[0])
    problems = []
    for language in app.config["LANGUAGES"]:
        if language == "en":  # the msgids are English
            continue
        po = directory / language / "LC_MESSAGES" / "messages.po"
        mo = po.with_suffix(".mo")
        if not mo.exists():
            problems.append(f"{language}: missing")
        elif po.exists() and po.stat().st_mtime > mo.stat().st_mtime:
            problems.append(f"{language}: older than messages.po")
    return problems


def report_catalogs(app: Flask) -> None:
    problems = catalog_problems(app)
    if problems:
        log.error(
            "compiled message catalogs (%s): pages, emails and PDFs fall back to English; "
            "run `make translations`",
            ", ".join(problems),
        )
