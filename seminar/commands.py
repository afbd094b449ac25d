"""What every `flask …` command shares: a one-line failure that writes nothing, input and output.

Each feature keeps its commands in its own `cli.py` and `create_app` registers them, as it
registers the blueprints; this module imports no feature.
"""

import sys
from pathlib import Path

import click
from sqlalchemy import select

from seminar import spreadsheets
from seminar.extensions import db
from seminar.models import Edition

SHEET = click.option(
    "--sheet", default=None, help="The sheet of an .xlsx workbook to read (default: the first)."
)
OUTPUT = click.option(
    "-o", "--output", default=None, help="A .csv or .xlsx file (default: CSV on stdout)."
)


def fail(message: str) -> None:
    """Exit non-zero with a one-line reason, writing nothing."""
    db.session.rollback()
    raise click.ClickException(message)


def read_input(path: str) -> bytes:
    try:
        return sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        fail(f"cannot read {path}: {exc.strerror}")


def read_table(path: str, sheet: str | None) -> spreadsheets.Table:
    """A CSV file or an .xlsx workbook; says on stderr how it was read."""
    try:
        table = spreadsheets.read(read_input(path), sheet)
    except spreadsheets.SheetError as exc:
        fail(str(exc))
    click.echo(table.describe(), err=True)
    return table


def wants_xlsx(path: str | None) -> bool:
    return bool(path) and path.lower().endswith(".xlsx")


def write_output(path: str | None, data: str | bytes) -> None:
    """Text to stdout or a file; bytes (a workbook) to a file."""
    if path in (None, "-"):
        click.echo(data, nl=False)
    elif isinstance(data, bytes):
        Path(path).write_bytes(data)
        click.echo(f"wrote {path}", err=True)
    else:
        Path(path).write_text(data, encoding="utf-8")
        click.echo(f"wrote {path}", err=True)


def edition_or_fail(slug: str) -> Edition:
    edition = db.session.scalars(select(Edition).where(Edition.slug == slug)).first()
    if edition is None:
        fail(f"no edition with slug '{slug}'")
    return edition


def echo_counts(counts: dict[str, int]) -> None:
    click.echo(", ".join(f"{k} {v}" for k, v in counts.items()))
