"""`flask demo load`: the demo edition (idempotent)."""

import click
from flask.cli import AppGroup

from seminar.demo.load import load
from seminar.extensions import db

demo_cli = AppGroup("demo", help="The demo edition.")


@demo_cli.command("load")
def demo_load():
    summary = load()
    db.session.commit()
    for line in summary:
        click.echo(line)
