"""What HTTPS through nginx costs: registrations/s and check-in scans/s through Debian's nginx
(deploy/nginx/seminario.conf, TLS with a self-signed certificate, keep-alive to the upstream) in
front of gunicorn (2 workers), beside the same gunicorn reached directly; PostgreSQL
(SEMINAR_TEST_POSTGRES, else SQLite). Each figure with the load average when it was taken.
Run: python -m tests.benchmarks.bench_proxy"""

import os
import ssl
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path

from tests.benchmarks.bench_checkin import PEOPLE, STATIONS, run_pass, seed
from tests.benchmarks.bench_registration import CLIENTS, PER_CLIENT, run_clients
from tests.benchmarks.server import create_edition, database, environment, gunicorn, percentile
from tests.stack import Nginx, certificate


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def measure(base: str, token: str, codes: list[str], context) -> list[str]:
    cells = []
    before = load()
    results, elapsed = run_clients(base, "bench-reg", context)
    ok = sum(1 for status, _ in results if status == 302)
    latencies = [seconds * 1000 for _, seconds in results]
    cells += [f"{len(results) / elapsed:.0f}", f"{percentile(latencies, 0.99):.0f} ms",
              f"{len(results) - ok}"]  # fmt: skip
    scans, elapsed = run_pass(base, token, codes, context)
    failed = Counter((status, answer) for status, answer, _ in scans if answer != "ok")
    cells += [f"{len(scans) / elapsed:.0f}",
              f"{percentile([ms for _, _, ms in scans], 0.99):.0f} ms",
              ", ".join(f"{n}× {s} {a}" for (s, a), n in failed.items()) or "0"]  # fmt: skip
    return [*cells, f"{before} → {load()}"]


def run(backend: str, through_nginx: bool, tmp: Path) -> str:
    with database(backend) as url:
        env = {**environment(url), "TRUSTED_PROXIES": "1"}
        codes, token = seed(env, str(tmp / "people.csv"))
        create_edition(env, date(2099, 10, 4), CLIENTS * PER_CLIENT // 2, slug="bench-reg")
        with gunicorn(env) as base:
            if not through_nginx:
                return "| gunicorn direct, HTTP | " + " | ".join(measure(base, token, codes, None))
            cert, key = certificate(tmp)
            nginx = Nginx(tmp / "nginx", int(base.rsplit(":", 1)[1]), cert, key).start()
            try:
                context = ssl.create_default_context(cafile=str(cert))
                cells = measure(nginx.url, token, codes, context)
            finally:
                nginx.stop()
            return "| nginx + TLS → gunicorn | " + " | ".join(cells)


def main() -> None:
    backend = "postgresql" if os.environ.get("SEMINAR_TEST_POSTGRES") else "sqlite"
    print(
        f"{backend}; gunicorn -w 2; {CLIENTS} registering clients × {PER_CLIENT} (GET form + "
        f"POST, CSRF, keep-alive); {STATIONS} stations scanning {PEOPLE} badges"
    )
    print(
        "| path | registrations/s | p99 | errors | first scans/s | p99 | failed "
        "| load average before → after (1, 5, 15 min) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for through_nginx in (False, True):
        with tempfile.TemporaryDirectory() as tmp:
            print(run(backend, through_nginx, Path(tmp)), flush=True)


if __name__ == "__main__":
    main()
