"""`flask badges --edition S -o FILE.pdf [--layout a6|a4-4up]`."""

from pathlib import Path

import click
from flask.cli import with_appcontext

from seminar.badges import services
from seminar.commands import edition_or_fail, fail
from seminar.extensions import db


@click.command("badges")
@click.option("--edition", "slug", required=True)
@click.option("-o", "--output", required=True, help="The PDF file to write.")
@click.option("--layout", default="a4-4up", show_default=True, help="a4-4up or a6.")
@click.option("--role", default="", help="Only this role: participant, speaker, organiser, press.")
@click.option("--ods", type=int, default=None, help="Only those in a workshop of this ODS.")
@click.option("--not-printed", is_flag=True, help="Only badges not printed yet.")
@with_appcontext
def badges_cli(slug, output, layout, role, ods, not_printed):
    """Print-ready badges of everyone confirmed (marks them printed)."""
    edition = edition_or_fail(slug)
    target = Path(output)
    if target.suffix.lower() != ".pdf":
        fail(f"{output}: the output must be a .pdf file")
    if not target.parent.is_dir():
        fail(f"{output}: folder {target.parent} does not exist")
    try:
        document = services.document(edition, layout)
        ids, badges = services.batch(edition, services.Filters(role, ods, not_printed))
        pdf = services.render_batch(badges, document)
    except services.BadgeError as exc:
        fail(str(exc))
    target.write_bytes(pdf)
    services.mark_printed(ids)
    db.session.commit()
    click.echo(f"wrote {len(badges)} badges to {output}")
