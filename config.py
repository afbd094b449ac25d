"""Settings read from the environment (12-factor). Nothing else lives here."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
DEV_SECRET_KEY = "dev-only-secret-key-change-me"  # noqa: S105  (refused in production)


def _bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{BASE_DIR / 'instance' / 'seminar.sqlite3'}"
    )
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000").rstrip("/")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = _bool("MAIL_USE_TLS")  # STARTTLS, usually on port 587
    MAIL_USE_SSL = _bool("MAIL_USE_SSL")  # TLS from the first byte, usually on port 465
    # Certificates the SMTP server's is checked against (default: the system's trusted CAs).
    MAIL_CA_FILE = os.environ.get("MAIL_CA_FILE") or None
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_DEFAULT_SENDER = os.environ.get(
        "MAIL_DEFAULT_SENDER", "Seminario Mercociudades <seminario@localhost>"
    )
    MAIL_SUPPRESS_SEND = False
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", "10"))
    # Seconds before the first retry of a temporary SMTP failure; doubles each attempt.
    OUTBOX_BACKOFF = float(os.environ.get("OUTBOX_BACKOFF", "30"))
    OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "8"))
    # `flask privacy purge` deletes the bodies of emails sent longer ago than this many days.
    PRIVACY_EMAIL_DAYS = int(os.environ.get("PRIVACY_EMAIL_DAYS", "90"))
    BABEL_DEFAULT_LOCALE = "es"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    LANGUAGES = ("es", "pt", "en")
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
    RATELIMIT_PUBLIC_POST = os.environ.get("RATELIMIT_PUBLIC_POST", "20/minute")
    RATELIMIT_LOGIN = os.environ.get("RATELIMIT_LOGIN", "10/minute")  # per address
    # Failed log-ins per account, whatever the address they come from.
    RATELIMIT_LOGIN_ACCOUNT = os.environ.get("RATELIMIT_LOGIN_ACCOUNT", "5/minute;30/hour")
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "seminario")
    RATELIMIT_HEADERS_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    ENV_NAME = os.environ.get("SEMINAR_ENV", "development")
    # Behind HTTPS (always on in production): cookies travel only over HTTPS, HSTS is sent.
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE")
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    # How many reverse proxies stand in front (nginx: 1); their X-Forwarded-* headers are believed.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    # PostgreSQL: answer a door scan before its WAL reaches the disk (a crash may lose the last
    # fraction of a second of scans, never corrupt them); for disks with slow fsync.
    CHECKIN_ASYNC_COMMIT = _bool("CHECKIN_ASYNC_COMMIT")


def is_production(config) -> bool:
    return config.get("ENV_NAME") == "production"
