"""`flask outbox send|worker`: deliver the queued email (the outbox page shows the same queue)."""

import signal
import threading

import click
from flask import current_app
from flask.cli import AppGroup

from seminar import email
from seminar.commands import echo_counts, fail

outbox_cli = AppGroup("outbox", help="Deliver queued email.")


@outbox_cli.command("send")
def outbox_send():
    if not current_app.config.get("MAIL_SERVER"):
        fail("MAIL_SERVER is not set: messages stay queued (see the admin outbox page)")
    echo_counts(email.deliver())


@outbox_cli.command("worker")
@click.option("--interval", type=float, default=2.0, show_default=True)
def outbox_worker(interval):
    if not current_app.config.get("MAIL_SERVER"):
        fail("MAIL_SERVER is not set: nothing to deliver to")
    click.echo(f"outbox worker delivering through {current_app.config['MAIL_SERVER']}")
    # systemd stops a service with SIGTERM: finish the message in hand, then leave.
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    email.run_worker(interval, stop)
