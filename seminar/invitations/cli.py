"""`flask invitations import|send|remind`."""

from datetime import UTC

import click
from flask.cli import AppGroup

from seminar.commands import SHEET, echo_counts, edition_or_fail, fail, read_table
from seminar.csvfile import CsvError
from seminar.extensions import db
from seminar.invitations import invitees, services

invitations_cli = AppGroup("invitations", help="Invitees, invitation emails and reminders.")


@invitations_cli.command("import")
@click.argument("file")
@click.option("--edition", "slug", required=True)
@click.option("--segment", default=None, help="Put every imported invitee in this segment.")
@SHEET
def invitations_import(file, slug, segment, sheet):
    edition = edition_or_fail(slug)
    table = read_table(file, sheet)
    try:
        counts = invitees.import_invitees(edition, invitees.invitee_rows(table), segment)
    except CsvError as exc:
        fail(str(exc))
    db.session.commit()
    echo_counts(counts)


@invitations_cli.command("send")
@click.option("--edition", "slug", required=True)
@click.option("--segment", default=None, help="Only invitees of this segment.")
def invitations_send(slug, segment):
    edition = edition_or_fail(slug)
    if segment is not None and segment not in dict(services.segments(edition)):
        fail(f"no invitee in segment '{segment}'")
    try:
        queued = services.send(edition, segment)
    except services.InvitationError as exc:
        fail(str(exc))
    db.session.commit()
    click.echo(f"queued {queued}")


@invitations_cli.command("remind")
@click.option("--edition", "slug", required=True)
@click.option("--at", "moment", type=click.DateTime(), default=None, help="Set the date (UTC).")
@click.option("--now", "force", is_flag=True, help="Send now, whatever the date.")
def invitations_remind(slug, moment, force):
    """Remind who has not answered, once, when the reminder date has come (run it daily)."""
    edition = edition_or_fail(slug)
    if moment is not None:
        services.set_reminder(edition, moment.replace(tzinfo=UTC))
    try:
        queued = services.remind(edition, force=force)
    except services.InvitationError as exc:
        fail(str(exc))
    db.session.commit()
    click.echo(f"queued {queued} reminder(s)")
