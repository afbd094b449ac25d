"""Messages per second the outbox worker (seminar.email.deliver) delivers to a local SMTP server
(aiosmtpd), for 1,000 invitation emails (target: under 60 s).
Run: python -m tests.benchmarks.bench_outbox  [BENCH_MESSAGES=1000] [BENCH_DATABASE_URL=...]"""

import cProfile
import os
import pstats
import tempfile
import time

from flask_migrate import upgrade

from seminar import create_app, email
from seminar.extensions import db
from seminar.invitations import invitees, services
from tests.conftest import SmtpServer
from tests.factories import make_edition

MESSAGES = int(os.environ.get("BENCH_MESSAGES", "1000"))
LANGUAGES = ("es", "pt", "en")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite3"
        app = create_app(
            {"SQLALCHEMY_DATABASE_URI": url, "PUBLIC_URL": "https://seminario.example"}
        )
        smtp = SmtpServer()
        smtp.start()
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, MAIL_TIMEOUT=10)
        with app.app_context():
            upgrade()
            edition = make_edition("bench-outbox", rounds=0)
            for n in range(MESSAGES):
                invitees.save_invitee(
                    edition,
                    {
                        "first_name": f"Nombre{n}", "last_name": "Apellido",
                        "email": f"p{n}@example.org", "country": "CL",
                        "actor_type": "local_government", "language": LANGUAGES[n % 3],
                        "role": "participant", "organisation_level": "local", "greeting": "",
                    },
                )  # fmt: skip
            start = time.perf_counter()
            services.send(edition)
            db.session.commit()
            queued = time.perf_counter() - start
            profile = cProfile.Profile() if os.environ.get("BENCH_PROFILE") else None
            start = time.perf_counter()
            if profile:
                profile.enable()
            counts = email.deliver()
            if profile:
                profile.disable()
            elapsed = time.perf_counter() - start
            db.session.remove()
        smtp.stop()
    received = len(smtp.messages)
    print(f"queued {MESSAGES} invitations in {queued:.2f} s")
    print(f"delivered {counts['sent']} (server received {received}) in {elapsed:.2f} s")
    print(f"{counts['sent'] / elapsed:.0f} messages/s; target 1,000 in < 60 s: "
          f"{'met' if elapsed * 1000 / max(counts['sent'], 1) < 60 else 'NOT met'}")  # fmt: skip
    if profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
