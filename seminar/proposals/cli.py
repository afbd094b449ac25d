"""`flask proposals links --edition S` / `flask proposals pdf --edition S -o FILE.pdf`."""

from pathlib import Path

import click
from flask.cli import with_appcontext

from seminar.commands import edition_or_fail, fail
from seminar.extensions import db
from seminar.proposals import document, services
from seminar.proposals import links as rapporteur_links


@click.group("proposals")
def proposals_cli():
    """The workshops' proposals (the relatoría)."""


@proposals_cli.command("links")
@click.option("--edition", "slug", required=True)
@with_appcontext
def links(slug):
    """Print each ODS's rapporteur link, with its proposals and how many are published."""
    edition = edition_or_fail(slug)
    counts = services.counts(edition)
    for number, link in rapporteur_links.links(edition).items():
        c, url = counts[number], rapporteur_links.rapporteur_url(link)
        click.echo(f"ODS {number:2}\t{c['all']} ({c['published']} published)\t{url}")
    db.session.commit()


@proposals_cli.command("pdf")
@click.option("--edition", "slug", required=True)
@click.option("-o", "--output", required=True, help="The PDF file to write.")
@click.option("--language", type=click.Choice(["es", "pt", "en"]), default="es", show_default=True)
@with_appcontext
def pdf(slug, output, language):
    """The plenary document: the published proposals of the 17 workshops, in ODS order."""
    edition = edition_or_fail(slug)
    target = Path(output)
    if target.suffix.lower() != ".pdf":
        fail(f"{output}: the output must be a .pdf file")
    if not target.parent.is_dir():
        fail(f"{output}: folder {target.parent} does not exist")
    target.write_bytes(document.plenary_pdf(edition, language))
    published = sum(len(items) for _goal, items in services.plenary(edition))
    click.echo(f"wrote {published} published proposals of {edition.slug} to {output}")
