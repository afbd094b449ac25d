"""What every `flask …` command shares: a one-line failure that writes nothing, input and output.

Each feature keeps its commands in its own `cli.py` and `create_app` registers them, as it
registers the blueprints; this module imports no feature.
"""

import sys
from pathlib import Path

import click
from sqlalchemy import select

from seminar.extensions import db
from seminar.models import Edition


def fail(message: str) -> None:
    """Exit non-zero with a one-line reason, writing nothing."""
    db.session.rollback()
    raise click.ClickException(message)


def read_input(path: str) -> bytes:
    try:
        return sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        fail(f"cannot read {path}: {exc.strerror}")


def write_output(path: str | None, text: str) -> None:
    if path in (None, "-"):
        click.echo(text, nl=False)
    else:
        Path(path).write_text(text, encoding="utf-8")
        click.echo(f"wrote {path}", err=True)


def edition_or_fail(slug: str) -> Edition:
    edition = db.session.scalars(select(Edition).where(Edition.slug == slug)).first()
    if edition is None:
        fail(f"no edition with slug '{slug}'")
    return edition


def echo_counts(counts: dict[str, int]) -> None:
    click.echo(", ".join(f"{k} {v}" for k, v in counts.items()))
