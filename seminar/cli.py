"""The `flask …` commands (docs/interfaces.md): each parses input, calls a service, commits once."""

import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from seminar.editions import services as editions
from seminar.extensions import db
from seminar.participants import csvfile
from seminar.participants import services as participants


def fail(message: str) -> None:
    """Exit non-zero with a one-line reason, writing nothing."""
    db.session.rollback()
    raise click.ClickException(message)


def read_input(path: str) -> bytes:
    try:
        return sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        fail(f"cannot read {path}: {exc.strerror}")


def write_output(path: str | None, text: str) -> None:
    if path in (None, "-"):
        click.echo(text, nl=False)
    else:
        Path(path).write_text(text, encoding="utf-8")
        click.echo(f"wrote {path}", err=True)


def edition_or_fail(slug: str):
    try:
        return editions.get(slug)
    except editions.EditionError as exc:
        fail(str(exc))


editions_cli = AppGroup("editions", help="Create editions.")
workshops_cli = AppGroup(
    "workshops", help="Import and export workshops (CSV round,ods,room,capacity)."
)
participants_cli = AppGroup("participants", help="Import and export participants (CSV).")
users_cli = AppGroup("users", help="Organiser accounts and check-in tokens.")
outbox_cli = AppGroup("outbox", help="Deliver queued email.")
demo_cli = AppGroup("demo", help="The demo edition.")


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
def editions_create(slug, name, city, starts, ends, timezone, capacity, status):
    try:
        edition = editions.create(
            slug, name, city, starts.date(), ends.date(), timezone, capacity=capacity, status=status
        )
    except editions.EditionError as exc:
        fail(str(exc))
    db.session.commit()
    click.echo(f"created edition {edition.slug}")


@workshops_cli.command("import")
@click.argument("file")
@click.option("--edition", "slug", required=True)
def workshops_import(file, slug):
    edition = edition_or_fail(slug)
    try:
        counts = editions.import_workshops(edition, editions.read_workshops_csv(read_input(file)))
    except csvfile.CsvError as exc:
        fail(str(exc))
    db.session.commit()
    click.echo(", ".join(f"{k} {v}" for k, v in counts.items()))


@workshops_cli.command("export")
@click.option("--edition", "slug", required=True)
@click.option("-o", "--output", default=None)
def workshops_export(slug, output):
    rows = editions.export_workshops(edition_or_fail(slug))
    write_output(output, participants.to_csv(rows, (*editions.WORKSHOP_COLUMNS, "assigned")))


@participants_cli.command("import")
@click.argument("file")
@click.option("--edition", "slug", required=True)
@click.option("--dry-run", is_flag=True, help="Check and count, change nothing.")
def participants_import(file, slug, dry_run):
    edition = edition_or_fail(slug)
    try:
        report = participants.import_participants(
            edition, csvfile.read(read_input(file)), dry_run=dry_run
        )
    except csvfile.CsvError as exc:
        fail(str(exc))
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    click.echo(("dry run: would have " if dry_run else "") + report.summary())


@participants_cli.command("export")
@click.option("--edition", "slug", required=True)
@click.option("-o", "--output", default=None)
def participants_export(slug, output):
    rows = participants.export_rows(edition_or_fail(slug))
    write_output(output, participants.to_csv(rows, participants.EXPORT_COLUMNS))


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(["admin", "checkin"]), required=True)
@click.option("--password", default=None, help="Prompted for on a terminal when left out.")
def users_create(email, role, password):
    from seminar import users

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
    from seminar import users

    user = users.by_email(email)
    if user is None:
        fail(f"no user {email}")
    token = users.issue_token(user, label)
    db.session.commit()
    click.echo(token)


@outbox_cli.command("send")
def outbox_send():
    from flask import current_app

    from seminar import email

    if not current_app.config.get("MAIL_SERVER"):
        fail("MAIL_SERVER is not set: messages stay queued (see the admin outbox page)")
    counts = email.deliver()
    click.echo(", ".join(f"{k} {v}" for k, v in counts.items()))


@outbox_cli.command("worker")
@click.option("--interval", type=float, default=2.0, show_default=True)
def outbox_worker(interval):
    from flask import current_app

    from seminar import email

    if not current_app.config.get("MAIL_SERVER"):
        fail("MAIL_SERVER is not set: nothing to deliver to")
    click.echo(f"outbox worker delivering through {current_app.config['MAIL_SERVER']}")
    email.run_worker(interval)


@demo_cli.command("load")
def demo_load():
    from seminar.demo.load import load

    summary = load()
    db.session.commit()
    for line in summary:
        click.echo(line)


def register(app: Flask) -> None:
    from seminar.badges.cli import badges_cli
    from seminar.certificates.cli import certificates_cli
    from seminar.invitations.cli import invitations_cli
    from seminar.programme.cli import programme_cli
    from seminar.workshops.cli import allocate_command

    for group in (
        editions_cli,
        workshops_cli,
        participants_cli,
        users_cli,
        outbox_cli,
        demo_cli,
        invitations_cli,
        programme_cli,
        certificates_cli,
        allocate_command,
        badges_cli,
    ):
        app.cli.add_command(group)
