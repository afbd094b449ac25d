"""`flask network …`: the member cities of the network."""

import click
from flask.cli import AppGroup

from seminar import spreadsheets
from seminar.commands import SHEET, fail, read_table
from seminar.extensions import db
from seminar.network import services

network_cli = AppGroup("network", help="The network's member cities.")


@network_cli.command("import")
@click.argument("file")
@SHEET
def network_import(file, sheet):
    """Replace the member cities with FILE (CSV or XLSX: country,city), all rows or none."""
    table = read_table(file, sheet)
    try:
        count = services.replace(services.parse(table))
    except spreadsheets.SheetError as error:
        fail(str(error))
    db.session.commit()
    click.echo(f"member cities: {count}")


@network_cli.command("export")
def network_export():
    """The member cities as CSV (country,city) on stdout."""
    click.echo(services.as_csv(), nl=False)
