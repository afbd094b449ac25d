"""`flask privacy purge`: what the retention rules say must go, gone."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from seminar.clock import now
from seminar.extensions import db
from seminar.privacy import retention

privacy_cli = AppGroup("privacy", help="Retention: erase what is kept longer than promised.")


@privacy_cli.command("purge")
@click.option(
    "--email-days", type=click.IntRange(min=1), default=None,
    help="Delete the bodies of emails sent longer ago (default PRIVACY_EMAIL_DAYS, 90).",
)  # fmt: skip
def purge(email_days):
    """Erase the participants of editions past their retention (default five years after the
    edition), old sent emails' bodies and staged files (daily, from cron)."""
    instance = Path(current_app.instance_path)
    report = retention.purge(
        now().date(),
        email_days or current_app.config["PRIVACY_EMAIL_DAYS"],
        (instance / "uploads", instance / "badge-jobs"),
    )
    db.session.commit()
    click.echo(report.summary())
