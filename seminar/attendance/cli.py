"""`flask attendance import FILE --edition S`: a video platform's participant report."""

import click
from flask.cli import AppGroup

from seminar.attendance import services
from seminar.commands import edition_or_fail, fail, read_input
from seminar.editions.services import EditionError
from seminar.extensions import db

attendance_cli = AppGroup("attendance", help="Attendance of online sessions.")


@attendance_cli.command("import")
@click.argument("file")
@click.option("--edition", "slug", required=True)
@click.option(
    "--timezone", default=None, help="Zone of the report's times (default: the edition's)."
)
def attendance_import(file, slug, timezone):
    """Zoom participants CSV, Google Meet attendance CSV or Teams attendance report."""
    edition = edition_or_fail(slug)
    try:
        report = services.import_report(edition, read_input(file), timezone)
    except (services.ReportError, EditionError) as exc:
        fail(str(exc))
    db.session.commit()
    click.echo(report.summary())
    for attendee in report.unmatched:
        who = f"{attendee.name} <{attendee.email}>" if attendee.email else attendee.name
        click.echo(f"unmatched: {who}, {attendee.minutes} min (not registered: no certificate)")
