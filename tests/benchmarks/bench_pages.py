"""Every organiser page and export of an edition of 2,000, 10,000 and 50,000 people, timed through
gunicorn (2 workers) on SQLite and (with SEMINAR_TEST_POSTGRES) PostgreSQL.

Each edition is built as organisers build one: `flask participants import` (rankings of 5 ODS),
`flask workshops import` (2 rounds of 17 workshops, 5 % more seats than people), `flask allocate`
and 30 % of the people checked in through `POST /api/v1/checkin/batch`. Then, logged in as an
organiser, each page is fetched once to warm up and BENCH_REPEAT times (median reported), with
its size as sent (gzip where the client asks for it: the station's code download). Exports: the
HTTP time and, through `flask participants export`, the peak memory of the process.
Run: python -m tests.benchmarks.bench_pages   (BENCH_SIZES=2000,10000 to skip 50,000)
Targets (issue 19): at 10,000 every page < 300 ms and < 300 KB; at 50,000 < 1 s; exports of
50,000 rows < 10 s with memory < 200 MB."""

import http.cookiejar
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import date
from pathlib import Path

from tests.benchmarks.server import (
    BIN,
    ROOT,
    backends,
    create_edition,
    database,
    environment,
    flask,
    gunicorn,
)

SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "2000,10000,50000").split(",")]
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
SLUG = "bench"
ADMIN = ("bench-admin@example.org", "bench-password-1")
ACTORS = ("local_government", "regional_government", "civil_society", "academia", "citizen")
COUNTRIES = ("CL", "AR", "UY", "BR", "MX", "PY", "BO", "PE", "CO", "EC")
PAGES = [
    ("edition", "/admin/e/bench/"),
    ("participants", "/admin/e/bench/participants/"),
    ("participants search", "/admin/e/bench/participants/?q=nunez+12"),
    ("allocation", "/admin/e/bench/allocation/"),
    ("allocation, not in top 3", "/admin/e/bench/allocation/?show=not_top3"),
    ("allocation, page 20", "/admin/e/bench/allocation/?page=20"),
    ("allocation, search", "/admin/e/bench/allocation/?q=nunez+12"),
    ("badges", "/admin/e/bench/badges"),
    ("badges, speakers", "/admin/e/bench/badges?count-role=speaker"),
    ("check-in dashboard", "/admin/e/bench/checkin"),
    ("attendance", "/admin/e/bench/attendance/"),
    ("certificates", "/admin/e/bench/certificates"),
    ("invitations", "/admin/e/bench/invitations/"),
    ("station codes (gzip)", "/api/v1/editions/bench/codes"),
    ("council report", "/admin/e/bench/report/"),
    ("catering and access", "/admin/e/bench/needs/"),
    ("travel and accommodation", "/admin/e/bench/travel/"),
    ("proposals", "/admin/e/bench/proposals/"),
    ("messages", "/admin/e/bench/messages/"),
    ("programme", "/admin/e/bench/programme/"),
    ("privacy", "/admin/e/bench/privacy/"),
    ("translations", "/admin/e/bench/translations"),
]
EXPORTS = [
    ("participants CSV", "/admin/e/bench/participants/export.csv"),
    ("participants XLSX", "/admin/e/bench/participants/export.xlsx"),
    ("council report XLSX", "/admin/e/bench/report/report.xlsx"),
    ("council report PDF", "/admin/e/bench/report/report.pdf"),
]


def build(env: dict, size: int, folder: Path) -> str:
    """The edition of `size` people, allocated, 30 % checked in; returns a check-in token."""
    rng = random.Random(size)
    flask(env, "db", "upgrade")
    create_edition(env, date.today(), size, SLUG)
    seats = -(-size * 105 // 100 // 17) + 1
    workshops = folder / "workshops.csv"
    workshops.write_text(
        "round,ods,room,capacity\n"
        + "".join(f"{r},{o},Sala {r}-{o},{seats}\n" for r in (1, 2) for o in range(1, 18))
    )
    flask(env, "workshops", "import", str(workshops), "--edition", SLUG)
    people = folder / "people.csv"
    with people.open("w", encoding="utf-8") as out:
        out.write("first_name,last_name,email,country,city,institution,position,actor_type,"
                  "language,role,preferences\n")  # fmt: skip
        for n in range(size):
            ranking = ";".join(map(str, rng.sample(range(1, 18), 5)))
            role = "speaker" if n % 200 == 0 else "participant"
            out.write(f"María José,Núñez {n},bench{n}@example.org,{rng.choice(COUNTRIES)},"
                      f"Puerto Montt,Municipalidad {n % 300},,{rng.choice(ACTORS)},es,{role},"
                      f"{ranking}\n")  # fmt: skip
    flask(env, "participants", "import", str(people), "--edition", SLUG)
    flask(env, "allocate", "--edition", SLUG, "--seed", "1")
    flask(env, "users", "create", ADMIN[0], "--role", "admin", "--password", ADMIN[1])
    flask(env, "users", "create", "door@example.org", "--role", "checkin", "--password", "x" * 12)
    return flask(env, "users", "token", "door@example.org").strip().splitlines()[-1]


def check_in(base: str, token: str, env: dict, share: float = 0.3) -> None:
    import csv
    import io

    exported = flask(env, "participants", "export", "--edition", SLUG)
    codes = [r["badge_code"].removeprefix("'") for r in csv.DictReader(io.StringIO(exported))]
    chosen = codes[: int(share * len(codes))]
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    for start in range(0, len(chosen), 500):
        scans = [{"code": c, "station": "Entrada", "client_id": f"b{start + i}"}
                 for i, c in enumerate(chosen[start : start + 500])]  # fmt: skip
        body = json.dumps({"scans": scans}).encode()
        request = urllib.request.Request(f"{base}/api/v1/checkin/batch", body, headers)
        with urllib.request.urlopen(request, timeout=300) as response:
            results = json.loads(response.read())["results"]
        assert all(r["status"] == "ok" for r in results), results[:3]


def log_in(base: str) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    page = opener.open(f"{base}/login").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"csrf_token": token, "email": ADMIN[0], "password": ADMIN[1]}
    ).encode()
    opener.open(f"{base}/login", data).read()
    return opener


def fetch(opener, url: str) -> tuple[float, int, int]:
    """Milliseconds, bytes as sent and the status."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    start = time.perf_counter()
    with opener.open(request, timeout=120) as response:
        body = response.read()
        status = response.status
    return (time.perf_counter() - start) * 1000, len(body), status


def measure(opener, base: str, name: str, path: str) -> dict:
    fetch(opener, base + path)  # warm-up
    runs = [fetch(opener, base + path) for _ in range(REPEAT)]
    assert all(status == 200 for _, _, status in runs), (name, runs)
    return {"name": name, "ms": statistics.median(r[0] for r in runs), "kb": runs[-1][1] / 1024}


def peak(env: dict, *args: str) -> tuple[float, float]:
    """Seconds and peak MB of `flask ARGS` in a process of its own."""
    code = (
        "import resource, subprocess, sys, time; t = time.perf_counter();"
        "subprocess.run(sys.argv[1:], check=True, capture_output=True);"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(BIN / "flask"), *args],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    return float(out[0]), int(out[1]) / 1024


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def run(backend: str, size: int) -> None:
    with database(backend) as url, tempfile.TemporaryDirectory() as tmp:
        env = environment(url)
        started = time.perf_counter()
        token = build(env, size, Path(tmp))
        with gunicorn(env) as base:
            check_in(base, token, env)
            print(f"\n{backend}, {size:,} people (built in {time.perf_counter() - started:.0f} s),"
                  f" load {load()}")  # fmt: skip
            opener = log_in(base)
            for name, path in PAGES + EXPORTS:
                row = measure(opener, base, name, path)
                print(f"  {row['name']:<28} {row['ms']:8.0f} ms {row['kb']:9.0f} KB")
            seconds, mb = peak(env, "db", "current")
            print(f"  flask db current (start-up alone) {seconds:5.1f} s, peak {mb:5.0f} MB")
            for fmt in ("csv", "xlsx"):
                target = str(Path(tmp) / f"export.{fmt}")
                seconds, mb = peak(env, "participants", "export", "--edition", SLUG, "-o", target)
                print(f"  flask participants export {fmt:<5} {seconds:5.1f} s, peak {mb:5.0f} MB")
            print(f"  load after: {load()}")


def main() -> None:
    print(f"bench_pages: sizes {SIZES}, median of {REPEAT}, load {load()}")
    for size in SIZES:
        for backend in backends():
            run(backend, size)


if __name__ == "__main__":
    main()
