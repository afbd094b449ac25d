"""Email as in production: port 587 with STARTTLS and AUTH against a real aiosmtpd server whose
self-signed certificate the test trusts; the `flask outbox worker` process itself; temporary (4xx)
replies retried with backoff, a hanging server timed out, 5xx failed at once, the last attempt
failed; each visible on the outbox page."""

import os
import signal
import subprocess
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from seminar import email
from seminar.clock import now, set_now
from seminar.extensions import db
from seminar.models import OutboxMessage
from seminar.registration.seats import notify
from tests.factories import make_edition, make_participant, make_user
from tests.stack import PASSWORD, ROOT, USER, TlsSmtpServer, certificate


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory):
    return certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def submission(tls_files):
    server = TlsSmtpServer(*tls_files)
    server.start()
    yield server
    server.stop()


def mail_settings(server, cert) -> dict:
    return {
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": server.port,
        "MAIL_USE_TLS": True,
        "MAIL_USERNAME": USER,
        "MAIL_PASSWORD": PASSWORD,
        "MAIL_CA_FILE": str(cert),
        "MAIL_TIMEOUT": 5,
    }


@pytest.fixture
def mailing(app, submission, tls_files):
    app.config.update(mail_settings(submission, tls_files[0]), OUTBOX_BACKOFF=60)
    return submission


def queue_for(person) -> OutboxMessage:
    notify(person, "registration_confirmed")
    db.session.commit()
    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == person.email)
    ).one()


def outbox_page(app, state: str = "") -> str:
    client = app.test_client()
    admin = make_user()
    client.post("/login", data={"email": admin.email, "password": "a-long-password"})
    return client.get(f"/admin/outbox?state={state}").get_data(as_text=True)


def test_worker_process_delivers_over_starttls_with_auth_and_stops_on_sigterm(
    app, submission, tls_files
):
    edition = make_edition()
    people = [make_participant(edition, first_name="Conceição") for _ in range(3)]
    for person in people:
        queue_for(person)
    db.session.commit()  # SQLite: hold no write lock while the worker runs
    settings = mail_settings(submission, tls_files[0])
    env = {
        **os.environ,
        **{k: str(v) for k, v in settings.items()},
        "MAIL_USE_TLS": "1",
        "FLASK_APP": "wsgi",
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "worker-secret-key-0123456789",
        "SEMINAR_ENV": "production",
        "RATELIMIT_STORAGE_URI": "memory://",
        "LOG_LEVEL": "INFO",
    }
    worker = subprocess.Popen(
        [str(ROOT / ".venv/bin/flask"), "outbox", "worker", "--interval", "0.2"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while len(submission.messages) < 3 and time.monotonic() < deadline:
            assert worker.poll() is None, worker.communicate()
            time.sleep(0.1)
    finally:
        worker.send_signal(signal.SIGTERM)
        out, err = worker.communicate(timeout=30)
    assert worker.returncode == 0, err
    assert len(submission.messages) == 3, err
    assert sorted(m["To"] for m in submission.messages) == sorted(p.email for p in people)
    assert submission.sessions == [(True, USER.encode())] * 3, "each over TLS, authenticated"
    assert "Conceição" in submission.messages[0].get_body(("plain",)).get_content()
    assert "INFO seminar.email: outbox: sent 3, retry 0, failed 0" in err
    assert "outbox worker stopped" in err
    db.session.expire_all()
    states = db.session.scalars(select(OutboxMessage.state)).all()
    assert states == ["sent"] * 3


def test_a_certificate_the_worker_does_not_trust_is_refused_and_retried(app, mailing):
    app.config["MAIL_CA_FILE"] = None  # only the system's CAs: our self-signed one is not there
    message = queue_for(make_participant(make_edition()))
    assert email.deliver() == {"sent": 0, "retry": 1, "failed": 0}
    assert "CERTIFICATE_VERIFY_FAILED" in message.last_error
    assert mailing.messages == []


def test_wrong_smtp_password_is_retried_once_it_is_fixed(app, mailing):
    app.config["MAIL_PASSWORD"] = "wrong"
    message = queue_for(make_participant(make_edition()))
    assert email.deliver()["retry"] == 1
    assert "535" in message.last_error and message.state == "queued"
    app.config["MAIL_PASSWORD"] = PASSWORD
    set_now(now() + timedelta(seconds=61))
    assert email.deliver()["sent"] == 1


def test_a_4xx_reply_is_retried_with_growing_backoff_then_sent(app, mailing):
    person = make_participant(make_edition())
    message = queue_for(person)
    mailing.temporary[person.email] = 2
    start = now()
    set_now(start)
    assert email.deliver() == {"sent": 0, "retry": 1, "failed": 0}
    assert message.next_attempt_at == start + timedelta(seconds=60)
    assert "451" in message.last_error
    page = outbox_page(app, "queued")
    assert "451 4.3.0 Mailbox busy" in page and "Próximo intento" in page
    set_now(start + timedelta(seconds=30))
    assert email.deliver()["retry"] == 0, "not before its time"
    set_now(start + timedelta(seconds=61))
    assert email.deliver()["retry"] == 1
    assert message.next_attempt_at == start + timedelta(seconds=61 + 120), "doubled"
    set_now(start + timedelta(seconds=182))
    assert email.deliver()["sent"] == 1
    assert (message.state, message.attempts, message.last_error) == ("sent", 3, "")
    assert [m["To"] for m in mailing.messages] == [person.email]


def test_the_last_attempt_marks_the_message_failed(app, mailing):
    app.config["OUTBOX_MAX_ATTEMPTS"] = 2
    person = make_participant(make_edition())
    message = queue_for(person)
    mailing.temporary[person.email] = 99
    set_now(now())
    assert email.deliver()["retry"] == 1
    set_now(now() + timedelta(seconds=61))
    assert email.deliver() == {"sent": 0, "retry": 0, "failed": 1}
    assert (message.state, message.attempts) == ("failed", 2)
    page = outbox_page(app, "failed")
    assert person.email in page and "451 4.3.0" in page


def test_a_5xx_reply_fails_at_once_and_the_others_are_still_sent(app, mailing):
    edition = make_edition()
    refused, fine = make_participant(edition), make_participant(edition)
    first, second = queue_for(refused), queue_for(fine)
    mailing.reject_data.add(refused.email)
    assert email.deliver() == {"sent": 1, "retry": 0, "failed": 1}
    assert (first.state, first.attempts) == ("failed", 1) and "554" in first.last_error
    assert second.state == "sent"
    assert "554 5.7.1 Message refused" in outbox_page(app, "failed")


def test_a_hanging_server_times_out_after_mail_timeout_and_the_rest_wait(app, mailing):
    app.config["MAIL_TIMEOUT"] = 1
    mailing.hang_seconds = 4
    edition = make_edition()
    first, second = (queue_for(make_participant(edition)) for _ in range(2))
    started = time.monotonic()
    counts = email.deliver()
    elapsed = time.monotonic() - started
    assert elapsed < 3.5, f"waited {elapsed:.1f} s for a silent server"
    assert counts == {"sent": 0, "retry": 1, "failed": 0}
    assert (first.state, first.attempts) == ("queued", 1) and "timed out" in first.last_error
    assert (second.state, second.attempts) == ("queued", 0), "not tried on a dead connection"
    assert second.next_attempt_at == first.next_attempt_at
    assert "timed out" in outbox_page(app, "queued")


def test_implicit_tls_on_port_465_delivers_too(app, tls_files):
    server = TlsSmtpServer(*tls_files, implicit_tls=True)
    server.start()
    try:
        app.config.update(
            mail_settings(server, tls_files[0]), MAIL_USE_TLS=False, MAIL_USE_SSL=True
        )
        person = make_participant(make_edition())
        message = queue_for(person)
        assert email.deliver() == {"sent": 1, "retry": 0, "failed": 0}, message.last_error
        # The whole session was TLS (the server speaks nothing else); the login went through it.
        assert [login for _, login in server.sessions] == [USER.encode()]
    finally:
        server.stop()
