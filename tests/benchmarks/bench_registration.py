"""Registrations per second through the real HTTP stack: gunicorn with 2 workers, CSRF on, each
registration a GET of the form and a POST, on SQLite and (with SEMINAR_TEST_POSTGRES) PostgreSQL.
Run: python -m tests.benchmarks.bench_registration"""

import http.client
import os
import re
import threading
import time
import urllib.parse
from datetime import date

from tests.benchmarks.server import (
    backends,
    connect,
    create_edition,
    database,
    environment,
    flask,
    gunicorn,
    percentile,
)

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "16"))
PER_CLIENT = int(os.environ.get("BENCH_PER_CLIENT", "25"))
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def register(
    conn: http.client.HTTPConnection, slug: str, n: int, base: str = ""
) -> tuple[int, float]:
    """GET the form, POST it; `base` gives the Referer a browser sends (checked on HTTPS)."""
    start = time.perf_counter()
    conn.request("GET", f"/e/{slug}/register")
    response = conn.getresponse()
    page = response.read().decode()
    cookie = response.getheader("Set-Cookie").split(";")[0]
    form = {
        "csrf_token": TOKEN.search(page).group(1),
        "first_name": "Conceição",
        "last_name": f"Núñez {n}",
        "email": f"bench{n}@example.org",
        "country": "CL",
        "city": "Puerto Montt",
        "institution": "Municipalidad",
        "actor_type": "local_government",
        "language": "es",
        "role": "participant",
        "consent": "y",
        "rank_1": "11",
        "rank_2": "6",
        "rank_3": "13",
    }
    conn.request(
        "POST",
        f"/e/{slug}/register",
        urllib.parse.urlencode(form),
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
            "Referer": f"{base}/e/{slug}/register",
        },
    )
    response = conn.getresponse()
    response.read()
    return response.status, time.perf_counter() - start


def run_clients(
    base: str, slug: str, context=None, first: int = 0
) -> tuple[list[tuple[int, float]], float]:
    """CLIENTS concurrent clients, each registering PER_CLIENT people (numbered from `first`);
    (status, seconds) of each registration, and the seconds it all took."""
    results: list[tuple[int, float]] = []
    lock = threading.Lock()

    def client(c: int) -> None:
        conn = connect(base, context)
        for i in range(PER_CLIENT):
            outcome = register(conn, slug, first + c * PER_CLIENT + i, base)
            with lock:
                results.append(outcome)
        conn.close()

    threads = [threading.Thread(target=client, args=(c,)) for c in range(CLIENTS)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, time.perf_counter() - start


def figures(results: list[tuple[int, float]], elapsed: float) -> str:
    ok = sum(1 for status, _ in results if status == 302)
    latencies = [lat * 1000 for _, lat in results]
    return (
        f"{len(results)} | {ok} | {len(results) - ok} | "
        f"{len(results) / elapsed:.0f} | {percentile(latencies, 0.5):.0f} ms | "
        f"{percentile(latencies, 0.99):.0f} ms |"
    )


def run(backend: str) -> str:
    with database(backend) as url:
        env = environment(url)
        flask(env, "db", "upgrade")
        create_edition(env, date(2099, 10, 4), CLIENTS * PER_CLIENT // 2)
        with gunicorn(env) as base:
            results, elapsed = run_clients(base, "bench")
        return f"| {backend} | {figures(results, elapsed)}"


def main() -> None:
    print(
        f"{CLIENTS} concurrent clients; half the registrations find the edition full (waiting list)"
    )
    print("| database | registrations | 302 | errors | per second | p50 | p99 |")
    print("|---|---|---|---|---|---|---|")
    for backend in backends():
        print(run(backend), flush=True)


if __name__ == "__main__":
    main()
