"""`flask programme invite|remind`."""

import click
from flask.cli import AppGroup

from seminar.commands import edition_or_fail
from seminar.extensions import db
from seminar.programme import services

programme_cli = AppGroup("programme", help="Speakers of the programme.")


@programme_cli.command("invite")
@click.option("--edition", "slug", required=True)
def programme_invite(slug):
    """Email each speaker not yet invited their accept/decline link."""
    queued = services.invite_speakers(edition_or_fail(slug))
    db.session.commit()
    click.echo(f"queued {queued}")


@programme_cli.command("remind")
@click.option("--edition", "slug", required=True)
def programme_remind(slug):
    """Remind the speakers of tomorrow's sessions, and registrants of tomorrow's online items
    with their join links, once (run it daily)."""
    edition = edition_or_fail(slug)
    speakers = services.remind_speakers(edition)
    registrants = services.remind_registrants(edition)
    db.session.commit()
    click.echo(f"queued {speakers + registrants} reminder(s)")
