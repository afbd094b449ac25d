"""`flask certificates issue|export` (docs/interfaces.md)."""

from pathlib import Path

import click
from flask.cli import AppGroup

from seminar.certificates import files, services
from seminar.commands import edition_or_fail, fail
from seminar.extensions import db

certificates_cli = AppGroup("certificates", help="Issue certificates and export their PDFs.")


@certificates_cli.command("issue")
@click.option("--edition", "slug", required=True)
@click.option(
    "--no-render", is_flag=True, help="Issue and queue emails only; PDFs render when first needed."
)
def issue(slug, no_render):
    """Certificates for everyone eligible (the edition's rule; default: checked in on a day)."""
    edition = edition_or_fail(slug)
    report = services.issue(edition)
    db.session.commit()
    click.echo(report.summary())
    if not no_render:
        rendered = files.render_missing(edition, commit=db.session.commit)
        db.session.commit()
        click.echo(f"rendered {rendered} PDF(s)")


@certificates_cli.command("export")
@click.option("--edition", "slug", required=True)
@click.option("-o", "--output", "directory", required=True, type=click.Path(file_okay=False))
def export(slug, directory):
    """One PDF per valid certificate into DIR."""
    edition = edition_or_fail(slug)
    target = Path(directory)
    if target.exists() and not target.is_dir():
        fail(f"{directory} is not a directory")
    if target.is_dir() and any(target.iterdir()):
        fail(f"{directory} is not empty: choose a new or empty directory")
    if not files.valid_with_files(edition) and not files.missing(edition):
        fail(f"edition '{slug}' has no valid certificates: run `flask certificates issue` first")
    count = files.export(edition, target, commit=db.session.commit)
    db.session.commit()
    click.echo(f"wrote {count} PDF(s) to {directory}")
