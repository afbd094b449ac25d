"""The production stack's outside parts, run for real: Redis (SEMINAR_TEST_REDIS, started by
.ci/run), a self-signed TLS certificate (openssl), nginx (Debian's, with the site in deploy/) and
the services as the systemd units in deploy/ start them. For the tests and tests/benchmarks."""

import os
import re
import shlex
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# Where deploy/ expects the checkout, the env file and the certificates; the tests put their own.
INSTALLED_ROOT = "/srv/seminario"
# CI (.ci/run) sets it: there, a missing server or tool fails the test instead of skipping it.
REQUIRED = os.environ.get("SEMINAR_REQUIRE_BROWSER") == "1"


def need(available: bool, reason: str) -> None:
    if not available:
        if REQUIRED:
            pytest.fail(f"{reason} (required in CI)")
        pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen | None = None, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {seconds} s")


def redis_url() -> str:
    """The Redis .ci/run starts, emptied: one database of it is the tests' own."""
    url = os.environ.get("SEMINAR_TEST_REDIS", "")
    need(bool(url), "SEMINAR_TEST_REDIS is not set: no Redis server to test on")
    import redis

    redis.Redis.from_url(url).flushdb()
    return url


def certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost: (certificate, key)."""
    need(shutil.which("openssl") is not None, "openssl is not installed")
    cert, key = directory / "tls.crt", directory / "tls.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=value lines as systemd's EnvironmentFile reads them (comments, optional quotes)."""
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = " ".join(shlex.split(value)) if value.strip() else ""
    return values


def write_env_file(path: Path, values: dict[str, str]) -> None:
    path.write_text("".join(f"{k}={shlex.quote(v)}\n" for k, v in values.items()))


def unit_commands(unit: str, **placeholders: str) -> list[list[str]]:
    """The ExecStart lines of a deploy/ systemd unit, with the checkout where this one is."""
    text = (DEPLOY / unit).read_text(encoding="utf-8").replace(INSTALLED_ROOT, str(ROOT))
    for name, value in placeholders.items():
        text = text.replace(f"%{name}", value)
    text = re.sub(r"\\\n\s*", " ", text)
    return [shlex.split(m) for m in re.findall(r"^ExecStart=(.+)$", text, re.MULTILINE)]
