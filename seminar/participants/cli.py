"""`flask participants import|export` (the participants CSV or XLSX, README)."""

import click
from flask.cli import AppGroup

from seminar import csvfile
from seminar.commands import (
    OUTPUT,
    SHEET,
    edition_or_fail,
    fail,
    read_table,
    wants_xlsx,
    write_output,
)
from seminar.extensions import db
from seminar.participants import services as participants
from seminar.privacy import services as privacy

participants_cli = AppGroup("participants", help="Import and export participants (CSV or XLSX).")


@participants_cli.command("import")
@click.argument("file")
@click.option("--edition", "slug", required=True)
@click.option("--dry-run", is_flag=True, help="Check and count, change nothing.")
@SHEET
def participants_import(file, slug, dry_run, sheet):
    edition = edition_or_fail(slug)
    table = read_table(file, sheet)
    try:
        report = participants.import_participants(edition, csvfile.rows_of(table), dry_run=dry_run)
    except csvfile.CsvError as exc:
        fail(str(exc))
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    click.echo(("dry run: would have " if dry_run else "") + report.summary())


@participants_cli.command("export")
@click.option("--edition", "slug", required=True)
@OUTPUT
def participants_export(slug, output):
    rows = participants.export_rows(edition_or_fail(slug))
    write = participants.to_xlsx if wants_xlsx(output) else participants.to_csv
    write_output(output, write(rows, participants.EXPORT_COLUMNS))


@participants_cli.command("erase")
@click.argument("email")
@click.option("--edition", "slug", required=True)
def participants_erase(email, slug):
    """Erase a person's personal data (their registration and speaker records); anonymous
    counts stay."""
    edition = edition_or_fail(slug)
    try:
        erased = privacy.erase_by_email(edition, email)
    except privacy.PrivacyError as exc:
        fail(str(exc))
    db.session.commit()
    click.echo(f"erased {email.strip()} from {slug}: {erased.summary()}")
