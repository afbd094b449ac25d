"""Time `flask participants import` of 2,000 rows end to end (a new process, as organisers run it),
then the re-import that must change nothing. Run: python -m tests.benchmarks.bench_import"""

import csv
import io
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from seminar.csvfile import COLUMNS
from seminar.demo.people import people
from tests.benchmarks.server import create_edition

ROWS = int(os.environ.get("BENCH_ROWS", "2000"))
ROOT = Path(__file__).resolve().parents[2]


def flask(env: dict, *args: str) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "flask", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return time.perf_counter() - start, done.stdout.strip()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3", "FLASK_APP": "wsgi"}
        if url := os.environ.get("BENCH_DATABASE_URL"):
            env["DATABASE_URL"] = url
        flask(env, "db", "upgrade")
        create_edition(env, date(2017, 10, 4), ROWS * 2)
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(people(ROWS, seed=7))
        path = Path(tmp) / "people.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8")
        first, out1 = flask(env, "participants", "import", str(path), "--edition", "bench")
        again, out2 = flask(env, "participants", "import", str(path), "--edition", "bench")
        noop, _ = flask(env, "--help")
        print("| rows | import (whole command) | re-import | `flask --help` start-up |")
        print("|---|---|---|---|")
        print(f"| {ROWS} | {first:.2f} s ({out1}) | {again:.2f} s ({out2}) | {noop:.2f} s |")


if __name__ == "__main__":
    main()
