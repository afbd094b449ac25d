"""A station's offline queue going back: 1,500 scans in chunks of 200 (as static/js/checkin-queue.js
sends them), oldest first, one after the other, through gunicorn (2 workers) with a bearer token;
then the same chunks again (a station that never got the answers), which must change nothing.
On SQLite and (with SEMINAR_TEST_POSTGRES) PostgreSQL.
Run: python -m tests.benchmarks.bench_checkin_sync"""

import http.client
import json
import os
import time
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine, text

from tests.benchmarks import bench_checkin
from tests.benchmarks.server import backends, database, environment, gunicorn, percentile

SCANS = int(os.environ.get("BENCH_SCANS", "1500"))
CHUNK = 200


def queue(codes: list[str]) -> list[dict]:
    """The station's queue: one scan a second, this morning, as a station stamps them offline."""
    start = datetime.now(UTC) - timedelta(seconds=len(codes) + 60)
    return [
        {"code": code, "station": "Puerta 1", "client_id": str(uuid.uuid4()), "edition": "bench",
         "scanned_at": (start + timedelta(seconds=n)).isoformat(), "offline_answer": "ok"}
        for n, code in enumerate(codes)
    ]  # fmt: skip


def send(base: str, token: str, scans: list[dict]) -> tuple[float, list[float], list[str]]:
    """Every chunk in turn on one connection: total seconds, ms per chunk, statuses."""
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=120)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    chunks, statuses = [], []
    start = time.perf_counter()
    for i in range(0, len(scans), CHUNK):
        sent = time.perf_counter()
        conn.request("POST", "/api/v1/checkin/batch", json.dumps({"scans": scans[i : i + CHUNK]}),
                     headers)  # fmt: skip
        response = conn.getresponse()
        body = json.loads(response.read())
        assert response.status == 200, body
        statuses += [r["status"] for r in body["results"]]
        chunks.append((time.perf_counter() - sent) * 1000)
    conn.close()
    return time.perf_counter() - start, chunks, statuses


def badge_codes(url: str) -> list[str]:
    """From the database: the CSV export writes a code that begins with '-' as text ('-…)."""
    engine = create_engine(url)
    with engine.connect() as conn:
        codes = conn.scalars(text("SELECT badge_code FROM participants ORDER BY id")).all()
    engine.dispose()
    return codes


def counts(url: str) -> tuple[int, int]:
    engine = create_engine(url)
    with engine.connect() as conn:
        scans = conn.scalar(text("SELECT count(*) FROM checkins"))
        rows = conn.scalar(text("SELECT count(*) FROM attendance"))
    engine.dispose()
    return scans, rows


def run(backend: str) -> list[str]:
    bench_checkin.PEOPLE = SCANS
    with database(backend) as url:
        env = environment(url)
        _, token = bench_checkin.seed(env, f"/tmp/bench_sync_{os.getpid()}.csv")
        scans = queue(badge_codes(url))
        with gunicorn(env) as base:
            first, first_ms, first_status = send(base, token, scans)
            again, again_ms, again_status = send(base, token, scans)
        logged, attended = counts(url)
    first_p50, again_p50 = percentile(first_ms, 0.5), percentile(again_ms, 0.5)
    return [
        f"| {backend} | first sync | {len(scans)} | {first:.2f} s | {first_p50:.0f} ms"
        f" | {max(first_ms):.0f} ms | {first_status.count('ok')} ok |",
        f"| {backend} | resent | {len(scans)} | {again:.2f} s | {again_p50:.0f} ms"
        f" | {max(again_ms):.0f} ms | scans logged {logged}, attendance rows {attended} |",
    ]


def main() -> None:
    print(f"one station, {SCANS} queued scans in chunks of {CHUNK}, gunicorn -w 2")
    print("| database | pass | scans | total | chunk p50 | chunk max | result |")
    print("|---|---|---|---|---|---|---|")
    for backend in backends():
        for row in run(backend):
            print(row, flush=True)


if __name__ == "__main__":
    main()
