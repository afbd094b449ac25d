"""Time `flask participants import` of 2,000 rows end to end (a new process, as organisers run it),
then the re-import that must change nothing, for the same people as a UTF-8 CSV, as the CSV Excel
writes on a Spanish Windows and as an .xlsx workbook. Wall seconds, and the command's CPU seconds,
which a busy machine inflates less. Run: python -m tests.benchmarks.bench_import"""

import csv
import io
import os
import resource
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


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def flask(env: dict, *args: str) -> tuple[str, str]:
    """('wall s (CPU s)', the command's output)."""
    start, start_cpu = time.perf_counter(), cpu()
    done = subprocess.run(
        [sys.executable, "-m", "flask", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    wall, used = time.perf_counter() - start, cpu() - start_cpu
    return f"{wall:.2f} s ({used:.2f} CPU-s)", done.stdout.strip()


def utf8_csv(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def excel_csv(rows: list[dict]) -> bytes:
    """As Excel saves "CSV (delimitado por comas)" on a Spanish Windows."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("cp1252")


def workbook(rows: list[dict]) -> bytes:
    """An .xlsx as Excel saves one: empty cells absent, a lone ODS a number."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(list(COLUMNS))
    for row in rows:
        cells = [row[c] or None for c in COLUMNS]
        cells[-1] = int(cells[-1]) if cells[-1] and cells[-1].isdigit() else cells[-1]
        book.active.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> None:
    rows = people(ROWS, seed=7)
    formats = (
        ("CSV UTF-8", "people.csv", utf8_csv),
        ("CSV Windows-1252 ';' (Excel)", "excel.csv", excel_csv),
        ("XLSX (openpyxl)", "people.xlsx", workbook),
    )
    print("| rows | file | import (whole command) | re-import | `flask --help` start-up |")
    print("|---|---|---|---|---|")
    for number, (label, name, write) in enumerate(formats):
        with tempfile.TemporaryDirectory() as tmp:
            env = {
                **os.environ,
                "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
                "FLASK_APP": "wsgi",
            }
            if url := os.environ.get("BENCH_DATABASE_URL"):
                env["DATABASE_URL"] = url
            slug = f"bench-{number}"
            flask(env, "db", "upgrade")
            create_edition(env, date(2017, 10, 4), ROWS * 2, slug=slug)
            path = Path(tmp) / name
            path.write_bytes(write(rows))
            first, out1 = flask(env, "participants", "import", str(path), "--edition", slug)
            again, out2 = flask(env, "participants", "import", str(path), "--edition", slug)
            noop, _ = flask(env, "--help")
            print(f"| {ROWS} | {label} | {first}: {out1} | {again}: {out2} | {noop} |")


if __name__ == "__main__":
    main()
