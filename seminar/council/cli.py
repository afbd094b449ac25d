"""`flask report --edition S -o FILE.pdf|.xlsx [--lang es|pt|en]`: the report for the Council."""

import click
from flask.cli import with_appcontext
from flask_babel import force_locale

from seminar.commands import edition_or_fail, fail, write_output
from seminar.council import figures, output, tables
from seminar.models.participant import LANGUAGES


@click.command("report")
@click.option("--edition", "slug", required=True, help="The edition's slug.")
@click.option("-o", "--output", "path", required=True, help="A .pdf or .xlsx file.")
@click.option("--lang", default="es", type=click.Choice(LANGUAGES), help="The PDF's language.")
@with_appcontext
def report_command(slug, path, lang):
    """Write the edition's report for the Council as a PDF (with its charts) or an XLSX."""
    edition = edition_or_fail(slug)
    if not path.lower().endswith((".pdf", ".xlsx")):
        fail("-o must name a .pdf or .xlsx file")
    with force_locale(lang):
        report = tables.report(figures.count(edition))
        if path.lower().endswith(".pdf"):
            data = output.pdf_bytes(report, lang)
        else:
            data = output.xlsx_bytes(report)
    write_output(path, data)
