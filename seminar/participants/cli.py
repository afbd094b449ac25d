"""`flask participants import|export` (the participants CSV, README)."""

import click
from flask.cli import AppGroup

from seminar import csvfile
from seminar.commands import edition_or_fail, fail, read_input, write_output
from seminar.extensions import db
from seminar.participants import services as participants

participants_cli = AppGroup("participants", help="Import and export participants (CSV).")


@participants_cli.command("import")
@click.argument("file")
@click.option("--edition", "slug", required=True)
@click.option("--dry-run", is_flag=True, help="Check and count, change nothing.")
def participants_import(file, slug, dry_run):
    edition = edition_or_fail(slug)
    try:
        report = participants.import_participants(
            edition, csvfile.read(read_input(file)), dry_run=dry_run
        )
    except csvfile.CsvError as exc:
        fail(str(exc))
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    click.echo(("dry run: would have " if dry_run else "") + report.summary())


@participants_cli.command("export")
@click.option("--edition", "slug", required=True)
@click.option("-o", "--output", default=None)
def participants_export(slug, output):
    rows = participants.export_rows(edition_or_fail(slug))
    write_output(output, participants.to_csv(rows, participants.EXPORT_COLUMNS))
