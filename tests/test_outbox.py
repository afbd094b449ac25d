import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from seminar import email
from seminar.clock import now, set_now
from seminar.extensions import db
from seminar.models import OutboxMessage
from tests.conftest import BACKENDS, make_app
from tests.factories import make_edition, make_participant


def queue_confirmation(participant) -> OutboxMessage:
    from seminar.registration.seats import notify

    notify(participant, "registration_confirmed")
    db.session.commit()
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()


def test_nothing_is_sent_without_a_mail_server_and_messages_stay_queued(app):
    person = make_participant(make_edition())
    message = queue_confirmation(person)
    assert email.deliver() == {"sent": 0, "retry": 0, "failed": 0}
    assert message.state == "queued"


def test_smtp_down_keeps_messages_and_retries_with_backoff_until_it_returns(app, smtp):
    app.config["OUTBOX_BACKOFF"] = 60
    person = make_participant(make_edition(), language="pt")
    message = queue_confirmation(person)
    smtp.stop()
    assert email.deliver()["retry"] == 1
    assert (message.state, message.attempts) == ("queued", 1)
    assert "Connection" in message.last_error or "refused" in message.last_error
    assert message.next_attempt_at > now() + timedelta(seconds=59)
    smtp.start()
    assert email.deliver()["sent"] == 0, "not due before its backoff"
    set_now(now() + timedelta(seconds=61))
    assert email.deliver()["sent"] == 1
    (received,) = smtp.messages
    assert received["Subject"].startswith("Inscrição confirmada")


def test_recipient_refused_by_the_server_fails_without_retry(app, smtp):
    person = make_participant(make_edition())
    message = queue_confirmation(person)
    smtp.reject.add(person.email)
    assert email.deliver() == {"sent": 0, "retry": 0, "failed": 1}
    assert message.state == "failed" and "550" in message.last_error


def test_a_message_rolled_back_with_its_change_is_never_sent(app, smtp):
    person = make_participant(make_edition())
    from seminar.registration.seats import notify

    notify(person, "registration_confirmed")
    db.session.rollback()
    assert email.deliver()["sent"] == 0
    assert smtp.messages == []


@pytest.mark.parametrize("database_url", BACKENDS[1:], indirect=True)
def test_two_workers_on_postgresql_never_send_the_same_message_twice(database_url, smtp_server):
    app = make_app(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    with app.app_context():
        edition = make_edition(capacity=300)
        for _ in range(120):
            queue_confirmation(make_participant(edition))
        db.session.remove()

    def worker():
        with app.app_context():
            email.deliver(batch=10)

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    recipients = [m["To"] for m in smtp_server.messages]
    assert len(recipients) == 120
    assert len(set(recipients)) == 120
    with app.app_context():
        db.engine.dispose()
