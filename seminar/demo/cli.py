"""`flask demo load`: the demo edition (idempotent); refused in production."""

import click
from flask import current_app
from flask.cli import AppGroup

from config import is_production
from seminar.commands import fail
from seminar.demo.load import load
from seminar.extensions import db

demo_cli = AppGroup("demo", help="The demo edition.")


@demo_cli.command("load")
def demo_load():
    if is_production(current_app.config):
        fail("SEMINAR_ENV=production: the demo's accounts have published passwords; not loaded")
    summary = load()
    db.session.commit()
    for line in summary:
        click.echo(line)
