"""The outbox: queue() writes a message in the caller's transaction; deliver() sends it.

Templates live in templates/email/<name>.txt (a `subject` block and the text body) and
templates/email/<name>.html (the HTML body), rendered in the recipient's language.
"""

import logging
import smtplib
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, g, render_template
from flask_babel import force_locale
from flask_mail import Connection, Message
from sqlalchemy import select

from seminar.clock import now
from seminar.database import is_postgres
from seminar.extensions import db, mail
from seminar.models import OutboxMessage

log = logging.getLogger(__name__)
# How long a worker may hold a claimed message before another may take it again.
CLAIM_LEASE = timedelta(minutes=10)
# Builders of attachments by kind: fn(message) -> list of (filename, mimetype, bytes).
ATTACHMENTS: dict[str, Callable[[OutboxMessage], list[tuple[str, str, bytes]]]] = {}


@dataclass
class Rendered:
    subject: str
    text: str
    html: str


def queue(
    template: str,
    recipient: str,
    language: str = "es",
    context: dict | None = None,
    *,
    edition_id: int | None = None,
    participant_id: int | None = None,
    transactional: bool = True,
) -> OutboxMessage:
    """Add a message to the session; it is sent only if the caller's transaction commits."""
    message = OutboxMessage(
        template=template,
        recipient=recipient,
        language=language,
        context=context or {},
        edition_id=edition_id,
        participant_id=participant_id,
        transactional=transactional,
        next_attempt_at=now(),
    )
    db.session.add(message)
    return message


def render(message: OutboxMessage) -> Rendered:
    """Subject, text and HTML of a message, in its language."""
    context = {
        **message.context,
        "public_url": current_app.config["PUBLIC_URL"],
        "message": message,
    }
    g.force_language = message.language
    try:
        with force_locale(message.language):
            env = current_app.jinja_env
            text_template = env.get_template(f"email/{message.template}.txt")
            block_context = text_template.new_context({**current_app.jinja_env.globals, **context})
            subject = "".join(text_template.blocks["subject"](block_context)).strip()
            text = render_template(f"email/{message.template}.txt", **context)
            html = render_template(f"email/{message.template}.html", **context)
    finally:
        g.pop("force_language", None)
    return Rendered(" ".join(subject.split()), text.strip() + "\n", html)


def tls_context() -> ssl.SSLContext:
    """Check the server's certificate and name (smtplib alone would accept any certificate)."""
    return ssl.create_default_context(cafile=current_app.config.get("MAIL_CA_FILE"))


class _TimedConnection(Connection):
    """Flask-Mail's connection, with a timeout so a silent server cannot hang the worker."""

    def configure_host(self) -> smtplib.SMTP:
        timeout = current_app.config["MAIL_TIMEOUT"]
        server, port = self.mail.server, self.mail.port
        if self.mail.use_ssl:
            host = smtplib.SMTP_SSL(server, port, timeout=timeout, context=tls_context())
        else:
            host = smtplib.SMTP(server, port, timeout=timeout)
        try:
            if self.mail.use_tls and not self.mail.use_ssl:
                host.starttls(context=tls_context())
            if self.mail.username and self.mail.password:
                host.login(self.mail.username, self.mail.password)
        except BaseException:
            host.close()
            raise
        return host


def _connect() -> Connection:
    """Read the mail settings now (not at start-up), so they can change while running."""
    return _TimedConnection(mail.init_mail(current_app.config)).__enter__()


def _claim(batch: int) -> list[OutboxMessage]:
    """Take due messages for this worker; on PostgreSQL, rows locked by others are skipped."""
    moment = now()
    query = (
        select(OutboxMessage)
        .where(
            OutboxMessage.state.in_(("queued", "sending")),
            OutboxMessage.next_attempt_at <= moment,
        )
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(batch)
    )
    if is_postgres():
        query = query.with_for_update(skip_locked=True)
    messages = list(db.session.scalars(query))
    for message in messages:
        message.state = "sending"
        message.next_attempt_at = moment + CLAIM_LEASE
    db.session.commit()
    return messages


def _is_temporary(exc: Exception) -> bool:
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return True  # the server's account, not the message: retried once MAIL_PASSWORD is fixed
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in exc.recipients.values())
    return isinstance(exc, (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, OSError))


def _build(message: OutboxMessage) -> Message:
    rendered = render(message)
    mail_message = Message(
        subject=rendered.subject,
        recipients=[message.recipient],
        body=rendered.text,
        html=rendered.html,
    )
    for kind in message.context.get("attachments", []):
        for filename, mimetype, data in ATTACHMENTS[kind](message):
            mail_message.attach(filename, mimetype, data)
    return mail_message


def describe(exc: Exception) -> str:
    """The server's own words, as the outbox page shows them: `451 4.3.0 Mailbox busy`."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        replies = exc.recipients.values()
    elif isinstance(exc, smtplib.SMTPResponseException):
        replies = [(exc.smtp_code, exc.smtp_error)]
    else:
        return str(exc)
    return "; ".join(
        f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
        for code, text in replies
    )


def _fail(message: OutboxMessage, exc: Exception) -> None:
    config = current_app.config
    message.attempts += 1
    message.last_error = f"{exc.__class__.__name__}: {describe(exc)}"[:500]
    if _is_temporary(exc) and message.attempts < config["OUTBOX_MAX_ATTEMPTS"]:
        delay = config["OUTBOX_BACKOFF"] * 2 ** (message.attempts - 1)
        message.state = "queued"
        message.next_attempt_at = now() + timedelta(seconds=delay)
    else:
        message.state = "failed"


def _release(messages: list[OutboxMessage], when) -> None:
    """Messages not tried because the connection broke: queued again, no attempt counted."""
    for message in messages:
        message.state, message.next_attempt_at = "queued", when


def _connection_lost(exc: Exception) -> bool:
    """The server hung, went away or closed the session: the connection is of no further use."""
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code == 421
    return isinstance(exc, (smtplib.SMTPServerDisconnected, OSError))


def deliver(batch: int = 200) -> dict[str, int]:
    """Send what is due once. Returns counts of sent, retried and failed messages."""
    counts = {"sent": 0, "retry": 0, "failed": 0}
    if not current_app.config.get("MAIL_SERVER"):
        return counts
    while messages := _claim(batch):
        try:
            connection = _connect()
        except (smtplib.SMTPException, OSError) as exc:
            for message in messages:
                _fail(message, exc)
                counts["retry" if message.state == "queued" else "failed"] += 1
            db.session.commit()
            break
        try:
            for position, message in enumerate(messages):
                try:
                    connection.send(_build(message))
                except (smtplib.SMTPException, OSError) as exc:
                    _fail(message, exc)
                    counts["retry" if message.state == "queued" else "failed"] += 1
                    if _connection_lost(exc):
                        log.warning("SMTP connection lost: %s", message.last_error)
                        _release(messages[position + 1 :], message.next_attempt_at)
                        db.session.commit()
                        return counts
                else:
                    message.state, message.sent_at = "sent", now()
                    message.attempts += 1
                    message.last_error = ""
                    counts["sent"] += 1
                db.session.commit()
        finally:
            try:
                connection.__exit__(None, None, None)
            except (smtplib.SMTPException, OSError):
                log.warning("SMTP connection did not close cleanly")
        if len(messages) < batch:
            break
    return counts


def run_worker(interval: float = 2.0, stop: threading.Event | None = None) -> None:
    """Deliver until `stop` is set (SIGTERM from systemd), polling every `interval` seconds."""
    stop = stop or threading.Event()
    while not stop.is_set():
        try:
            counts = deliver()
        except Exception:  # noqa: BLE001  (the worker must survive a database hiccup)
            db.session.rollback()
            log.exception("outbox delivery failed; retrying")
            counts = {}
        if any(counts.values()):
            log.info("outbox: %s", ", ".join(f"{k} {v}" for k, v in counts.items()))
        db.session.remove()
        stop.wait(interval)
    log.info("outbox worker stopped")
