"""`flask users create|token`: organiser accounts and check-in device tokens."""

import sys

import click
from flask.cli import AppGroup

from seminar import users
from seminar.commands import fail
from seminar.extensions import db

users_cli = AppGroup("users", help="Organiser accounts and check-in tokens.")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(["admin", "checkin"]), required=True)
@click.option("--password", default=None, help="Prompted for on a terminal when left out.")
def users_create(email, role, password):
    if password is None and sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user, password_used = users.create(email, role, password)
    except users.UserError as exc:
        fail(str(exc))
    db.session.commit()
    click.echo(f"created {user.role} {user.email}")
    if password is None:
        click.echo(f"password: {password_used}")


@users_cli.command("token")
@click.argument("email")
@click.option("--label", default="cli")
def users_token(email, label):
    user = users.by_email(email)
    if user is None:
        fail(f"no user {email}")
    token = users.issue_token(user, label)
    db.session.commit()
    click.echo(token)
