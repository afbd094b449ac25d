"""Check-in scans per second through the real HTTP stack: gunicorn with 2 workers, bearer token,
20 stations (threads with their own HTTP connection) each scanning its share of 3,000 confirmed
badges, then all of them again; on SQLite and (with SEMINAR_TEST_POSTGRES) PostgreSQL.
Run: python -m tests.benchmarks.bench_checkin"""

import csv
import http.client
import io
import json
import os
import threading
import time
from datetime import date

from sqlalchemy import create_engine, text

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

STATIONS = int(os.environ.get("BENCH_STATIONS", "20"))
PEOPLE = int(os.environ.get("BENCH_PEOPLE", "3000"))
# Scans per second offered by all stations together; 0: each station scans as fast as it can.
# Paced, a scan's latency counts from when it was due, so a backlog shows in the figures.
RATE = float(os.environ.get("BENCH_RATE", "0"))
HEADER = (
    "first_name,last_name,email,country,city,institution,position,actor_type,language,role,"
    "preferences"
)


def seed(env: dict, tmp_csv: str) -> tuple[list[str], str]:
    """A fresh edition with PEOPLE confirmed participants; their badge codes and a device token."""
    flask(env, "db", "upgrade")
    create_edition(env, date.today(), PEOPLE)
    with open(tmp_csv, "w", encoding="utf-8") as out:
        out.write(HEADER + "\n")
        for n in range(PEOPLE):
            out.write(f"María José,Núñez {n},bench{n}@example.org,CL,Puerto Montt,Municipalidad,,"
                      f"local_government,es,participant,11;6;13\n")  # fmt: skip
    flask(env, "participants", "import", tmp_csv, "--edition", "bench")
    exported = flask(env, "participants", "export", "--edition", "bench")
    # The export writes a code that begins with "-" as "'-…" (no formulas in spreadsheets).
    codes = [row["badge_code"].removeprefix("'") for row in csv.DictReader(io.StringIO(exported))]
    flask(env, "users", "create", "door@example.org", "--role", "checkin", "--password", "x" * 12)
    token = flask(env, "users", "token", "door@example.org").strip().splitlines()[-1]
    return codes, token


def run_pass(base: str, token: str, codes: list[str], context=None) -> tuple[list, float]:
    """Every station scans its share of the codes once; returns (status, answer, ms) per scan."""
    shares = [codes[n::STATIONS] for n in range(STATIONS)]
    results, lock = [], threading.Lock()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def station(n: int) -> None:
        conn = connect(base, context)
        mine = []
        interval = STATIONS / RATE if RATE else 0
        due = time.perf_counter() + n * interval / STATIONS
        for code in shares[n]:
            body = json.dumps({"code": code, "station": f"Puerta {n}"})
            if interval:
                time.sleep(max(0.0, due - time.perf_counter()))
                start, due = due, due + interval
            else:
                start = time.perf_counter()
            try:
                conn.request("POST", "/api/v1/checkin", body, headers)
                response = conn.getresponse()
                payload = response.read()
                answer = json.loads(payload)["status"] if response.status == 200 else None
                mine.append((response.status, answer, (time.perf_counter() - start) * 1000))
            except (OSError, http.client.HTTPException, ValueError):
                conn.close()
                mine.append((0, None, (time.perf_counter() - start) * 1000))
        conn.close()
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=station, args=(n,)) for n in range(STATIONS)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - start


def line(backend: str, label: str, expected: str, results: list, elapsed: float) -> str:
    failed = sum(1 for status, answer, _ in results if status != 200 or answer != expected)
    latencies = [ms for _, _, ms in results]
    return (
        f"| {backend} | {label} | {len(results)} | {failed} | {len(results) / elapsed:.0f} | "
        f"{percentile(latencies, 0.5):.1f} ms | {percentile(latencies, 0.95):.1f} ms | "
        f"{percentile(latencies, 0.99):.1f} ms |"
    )


def twice(url: str) -> tuple[int, int]:
    """Attendance rows, and (participant, day) pairs recorded more than once (must be 0)."""
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.scalar(text("SELECT count(*) FROM attendance"))
        doubled = conn.scalar(
            text(
                "SELECT count(*) FROM (SELECT participant_id, day FROM attendance "
                "GROUP BY participant_id, day HAVING count(*) > 1) AS d"
            )
        )
    engine.dispose()
    return rows, doubled


def run(backend: str) -> list[str]:
    with database(backend) as url:
        env = environment(url)
        codes, token = seed(env, f"/tmp/bench_checkin_{os.getpid()}.csv")
        with gunicorn(env) as base:
            first, first_s = run_pass(base, token, codes)
            again, again_s = run_pass(base, token, codes)
        rows, doubled = twice(url)
    return [
        line(backend, "first scans", "ok", first, first_s),
        line(backend, "rescans", "already_checked_in", again, again_s),
        f"| {backend} | attendance rows {rows} of {len(codes)}; checked in twice: {doubled} "
        "| | | | | | |",
    ]


def main() -> None:
    pace = f"paced at {RATE:.0f} scans/s in all" if RATE else "each as fast as it can"
    print(f"{STATIONS} concurrent stations ({pace}), {PEOPLE} confirmed badges, gunicorn -w 2")
    print(f"CHECKIN_ASYNC_COMMIT={os.environ.get('CHECKIN_ASYNC_COMMIT', '0')}")
    print("| database | pass | scans | failed | scans/s | p50 | p95 | p99 |")
    print("|---|---|---|---|---|---|---|---|")
    for backend in backends():
        for row in run(backend):
            print(row, flush=True)


if __name__ == "__main__":
    main()
