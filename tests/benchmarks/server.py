"""Start the app under gunicorn (2 workers) on a fresh database, for the HTTP benchmarks."""

import http.client
import os
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def database(backend: str):
    """A fresh database: a SQLite file, or a new database on SEMINAR_TEST_POSTGRES."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{tmp}/bench.sqlite3"
        return
    import psycopg
    from sqlalchemy.engine import make_url

    base = os.environ["SEMINAR_TEST_POSTGRES"]
    name = f"seminar_bench_{uuid.uuid4().hex[:8]}"
    admin = make_url(base).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield (
            make_url(base)
            .set(drivername="postgresql+psycopg", database=name)
            .render_as_string(hide_password=False)
        )
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def backends() -> list[str]:
    return ["sqlite"] + (["postgresql"] if os.environ.get("SEMINAR_TEST_POSTGRES") else [])


def environment(database_url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "FLASK_APP": "wsgi",
        "SECRET_KEY": "bench-secret",
        "RATELIMIT_ENABLED": "0",
        "PUBLIC_URL": "http://bench",
    }


def flask(env: dict, *args: str) -> str:
    return subprocess.run(
        [str(BIN / "flask"), *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def create_edition(env: dict, starts: date, capacity: int, slug: str = "bench") -> None:
    """A fresh open edition of four days through `flask editions create`."""
    flask(env, "editions", "create", "--slug", slug, "--name", "Bench", "--city", "Puerto Montt",
          "--starts", starts.isoformat(), "--ends", (starts + timedelta(days=3)).isoformat(),
          "--timezone", "America/Santiago", "--capacity", str(capacity))  # fmt: skip


@contextmanager
def gunicorn(env: dict, workers: int = 2):
    port = free_port()
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "-w",
            str(workers),
            # Threads let a worker use the CPU while another request waits on the database.
            "--threads",
            os.environ.get("BENCH_THREADS", "1"),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(10)


def connect(base: str, context: ssl.SSLContext | None = None) -> http.client.HTTPConnection:
    """A keep-alive connection to `base` (http://host:port or https://host:port)."""
    scheme, _, address = base.partition("://")
    host, port = address.split(":")
    if scheme == "https":
        return http.client.HTTPSConnection(host, int(port), timeout=60, context=context)
    return http.client.HTTPConnection(host, int(port), timeout=60)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]
