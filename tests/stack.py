"""The production stack's outside parts, run for real: Redis (SEMINAR_TEST_REDIS, started by
.ci/run), a self-signed TLS certificate (openssl), nginx (Debian's, with the site in deploy/) and
the services as the systemd units in deploy/ start them. For the tests and tests/benchmarks."""

import asyncio
import os
import re
import shlex
import shutil
import socket
import ssl
import subprocess
import threading
import time
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# Where deploy/ expects the checkout, the env file and the certificates; the tests put their own.
INSTALLED_ROOT = "/srv/seminario"
# In CI (.ci/run) a missing server or tool fails the test instead of skipping it.
REQUIRED = os.environ.get("SEMINAR_REQUIRE_BROWSER") == "1" or os.environ.get("CI") == "true"


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


USER, PASSWORD = "seminario@example.org", "smtp-password"


class TlsSmtpServer:
    """aiosmtpd as a submission server: STARTTLS required, then AUTH, then mail."""

    def __init__(self, cert, key, implicit_tls: bool = False):
        self.port = free_port()
        self.messages = []
        self.sessions = []  # (TLS on, authenticated login) of each message received
        self.temporary: dict[str, int] = {}  # recipient -> how many more 451 replies to RCPT
        self.reject_data: set[str] = set()  # recipients whose message gets 554 after DATA
        self.hang_seconds = 0.0
        self.lock = threading.Lock()
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        # aiosmtpd counts only STARTTLS as TLS when it offers AUTH; with implicit TLS all is TLS.
        tls = (
            {"ssl_context": context, "auth_require_tls": False, "auth_required": False}
            if implicit_tls
            else {"tls_context": context, "auth_required": True}
        )
        self.controller = Controller(
            self,
            hostname="127.0.0.1",
            port=self.port,
            require_starttls=not implicit_tls,
            authenticator=self.authenticate,
            ready_timeout=15,  # the default second is short on a busy machine
            **tls,
        )

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == USER.encode() and auth_data.password == PASSWORD.encode()
        return AuthResult(success=ok, handled=False, auth_data=auth_data)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if self.temporary.get(address, 0) > 0:
            self.temporary[address] -= 1
            return "451 4.3.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's name)
        if self.hang_seconds:
            await asyncio.sleep(self.hang_seconds)
        if set(envelope.rcpt_tos) & self.reject_data:
            return "554 5.7.1 Message refused"
        with self.lock:
            self.messages.append(
                message_from_bytes(envelope.original_content, policy=policy.default)
            )
            self.sessions.append((session.ssl is not None, session.auth_data.login))
        return "250 OK"

    def start(self):
        self.controller.start()

    def stop(self):
        self.controller.stop()

    def to(self, address: str):
        with self.lock:
            return [m for m in self.messages if m["To"] == address]


def unit_environment(unit: str) -> dict[str, str]:
    """The Environment= lines of a deploy/ systemd unit."""
    text = (DEPLOY / unit).read_text(encoding="utf-8").replace(INSTALLED_ROOT, str(ROOT))
    pairs = [p for m in re.findall(r"^Environment=(.+)$", text, re.MULTILINE) for p in m.split()]
    return dict(pair.split("=", 1) for pair in pairs)


def start_unit(unit: str, env: dict, log: Path, *extra: str) -> subprocess.Popen:
    """The unit's (first) ExecStart as systemd would run it: its directory and environment."""
    (command,) = unit_commands(unit)[:1]
    with log.open("w") as out:
        return subprocess.Popen(
            [*command, *extra],
            cwd=ROOT,
            env={**env, **unit_environment(unit)},
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def stop(process: subprocess.Popen, seconds: float = 20) -> int:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


def nginx_site(
    directory: Path, https_port: int, http_port: int, upstream_port: int, cert: Path, key: Path
) -> str:
    """deploy/nginx/seminario.conf with this machine's ports and paths, nothing else changed."""
    text = (DEPLOY / "nginx/seminario.conf").read_text(encoding="utf-8")
    replacements = [
        ("/etc/letsencrypt/live/seminario.example.org/fullchain.pem", str(cert)),
        ("/etc/letsencrypt/live/seminario.example.org/privkey.pem", str(key)),
        ("listen [::]:80;\n", ""),
        ("listen [::]:443 ssl http2;\n", ""),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("seminario.example.org", "127.0.0.1"),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream_port};"),
        (INSTALLED_ROOT, str(ROOT)),
        ("/var/www/html", str(directory)),
    ]
    for old, new in replacements:
        assert old in text, f"deploy/nginx/seminario.conf no longer has {old!r}"
        text = text.replace(old, new)
    return text


class Nginx:
    """Debian's nginx with deploy's site, on free ports of 127.0.0.1, in the foreground, with its
    own prefix, main configuration, pid and logs in `directory`."""

    def __init__(self, directory: Path, upstream_port: int, cert: Path, key: Path):
        need(Path(NGINX).exists(), "nginx is not installed (apt-get install nginx)")
        self.dir = directory
        self.dir.mkdir(parents=True, exist_ok=True)
        self.port, self.http_port = free_port(), free_port()
        self.url = f"https://127.0.0.1:{self.port}"
        (self.dir / "seminario.conf").write_text(
            nginx_site(self.dir, self.port, self.http_port, upstream_port, cert, key)
        )
        # As root, nginx's workers would become `nobody`, who may not read the checkout.
        user = "user root;\n" if os.geteuid() == 0 else ""
        temp = "".join(
            f"  {kind}_temp_path {self.dir}/{kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        (self.dir / "nginx.conf").write_text(
            f"{user}worker_processes 2;\npid {self.dir}/nginx.pid;\n"
            f"error_log {self.dir}/error.log warn;\nevents {{ worker_connections 1024; }}\n"
            f"http {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
            f"  access_log {self.dir}/access.log;\n{temp}"
            f"  include {self.dir}/seminario.conf;\n}}\n"
        )
        self.process: subprocess.Popen | None = None

    def command(self, *extra: str) -> list[str]:
        return [NGINX, "-p", f"{self.dir}/", "-c", str(self.dir / "nginx.conf"),
                "-e", str(self.dir / "error.log"), *extra]  # fmt: skip

    def start(self) -> "Nginx":
        subprocess.run(self.command("-t", "-q"), check=True, capture_output=True, text=True)
        self.process = subprocess.Popen(self.command("-g", "daemon off;"))
        wait_for_port(self.port, self.process)
        return self

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)
            self.process = None

    def errors(self) -> str:
        path = self.dir / "error.log"
        return path.read_text() if path.exists() else ""
