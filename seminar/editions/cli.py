"""`flask editions create` and `flask workshops import|export`."""

import click
from flask.cli import AppGroup

from seminar import csvfile
from seminar.commands import (
    OUTPUT,
    SHEET,
    echo_counts,
    edition_or_fail,
    fail,
    read_table,
    wants_xlsx,
    write_output,
)
from seminar.editions import services as editions
from seminar.extensions import db
from seminar.participants import services as participants

editions_cli = AppGroup("editions", help="Create editions.")
workshops_cli = AppGroup(
    "workshops", help="Import and export workshops (CSV or XLSX round,ods,room,capacity)."
)


@editions_cli.command("create")
@click.option("--slug", required=True)
@click.option("--name", required=True)
@click.option("--city", required=True)
@click.option("--starts", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--ends", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--timezone", required=True)
@click.option("--capacity", type=click.IntRange(0), default=300, show_default=True)
@click.option(
    "--status", type=click.Choice(["draft", "open", "closed", "archived"]), default="open"
)
@click.option(
    "--format",
    "format_",
    type=click.Choice(["in_person", "virtual", "hybrid"]),
    default="in_person",
    show_default=True,
)
@click.option(
    "--ods-to-rank",
    type=click.IntRange(0, 17),
    default=None,
    help="ODS workshops a registrant must rank (default 3; 0 for a virtual edition).",
)
@click.option("--event-type", default="", help="e.g. 'Seminario Taller Internacional'.")
@click.option("--title", default="", help="The full title, when longer than the name.")
def editions_create(
    slug, name, city, starts, ends, timezone, capacity, status, format_, ods_to_rank, event_type,
    title,
):  # fmt: skip
    extra = {"format": format_, "event_type": event_type.strip(), "full_title": title.strip()}
    if ods_to_rank is not None:
        extra["ods_to_rank"] = ods_to_rank
    try:
        edition = editions.create(
            slug, name, city, starts.date(), ends.date(), timezone, capacity=capacity,
            status=status, **extra,
        )  # fmt: skip
    except editions.EditionError as exc:
        fail(str(exc))
    db.session.commit()
    click.echo(f"created edition {edition.slug}")


@workshops_cli.command("import")
@click.argument("file")
@click.option("--edition", "slug", required=True)
@SHEET
def workshops_import(file, slug, sheet):
    edition = edition_or_fail(slug)
    table = read_table(file, sheet)
    try:
        counts = editions.import_workshops(edition, editions.workshop_rows(table))
    except csvfile.CsvError as exc:
        fail(str(exc))
    db.session.commit()
    echo_counts(counts)


@workshops_cli.command("export")
@click.option("--edition", "slug", required=True)
@OUTPUT
def workshops_export(slug, output):
    rows = editions.export_workshops(edition_or_fail(slug))
    write = participants.to_xlsx if wants_xlsx(output) else participants.to_csv
    write_output(output, write(rows, (*editions.WORKSHOP_COLUMNS, "assigned")))
