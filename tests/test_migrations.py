"""Upgrades on both databases: data written under the first migration survives every later one,
and the models and the migrations describe the same schema (CHECK constraints too)."""

import uuid
from datetime import UTC, date, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import CheckConstraint, inspect, select, text

from seminar.extensions import db
from seminar.models import Participant
from tests.conftest import BACKENDS, POSTGRES_URL, _pg_admin, _pg_url, make_app


@pytest.fixture(params=BACKENDS)
def empty_database(request, tmp_path):
    """A database no migration has touched yet."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/empty.sqlite3"
        return
    name = f"seminar_mig_{uuid.uuid4().hex[:8]}"
    with _pg_admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield _pg_url(name)
    with _pg_admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


NOW = datetime(2017, 9, 1, 12, 0, tzinfo=UTC)
FIRST_DATA = [
    (
        "INSERT INTO editions (id, slug, name, city, country, venue, description, starts_on, "
        "ends_on, timezone, capacity, seats_taken, languages, status, requires_approval, "
        "reserve_share, max_actor_share, max_country_share, created_at) VALUES (1, "
        "'puerto-montt-2017', 'Ciudades de América Latina', 'Puerto Montt', 'CL', 'Hotel', '', "
        ":starts, :ends, 'America/Santiago', 300, 2, 'es,pt,en', 'open', false, 0.05, 0.4, 0.3, "
        ":now)",
        {"starts": date(2017, 10, 4), "ends": date(2017, 10, 7)},
    ),
    (
        "INSERT INTO users (id, email, password_hash, role, active, created_at) VALUES "
        "(1, 'admin@example.org', 'scrypt:x', 'admin', true, :now)",
        {},
    ),
    *[
        (
            "INSERT INTO participants (id, edition_id, first_name, last_name, email, email_key, "
            "country, city, institution, position, actor_type, language, role, accessibility, "
            "dietary, status, source, consent_at, manage_token, badge_code, search_text, "
            "registered_at, updated_at) VALUES (:id, 1, :first, 'Núñez', :email, :email, 'CL', "
            "'Concepción', 'Municipalidad', '', 'local_government', :lang, 'participant', '', '', "
            "'confirmed', 'web', :now, :token, :badge, 'maria nunez', :now, :now)",
            {
                "id": n,
                "first": first,
                "email": f"p{n}@example.org",
                "lang": lang,
                "token": f"token-{n}",
                "badge": f"BADGE{n}",
            },
        )  # fmt: skip
        for n, first, lang in ((1, "María José", "es"), (2, "João", "pt"))
    ],
    *[
        (
            "INSERT INTO preferences (participant_id, rank, ods) VALUES (:p, :r, :o)",
            {"p": p, "r": r, "o": o},
        )  # fmt: skip
        for p in (1, 2)
        for r, o in enumerate((11, 6, 13), 1)
    ],
    (
        "INSERT INTO outbox (edition_id, participant_id, recipient, language, template, context, "
        "transactional, state, attempts, last_error, created_at, next_attempt_at) VALUES (1, 1, "
        "'p1@example.org', 'es', 'registration_confirmed', '{}', true, 'queued', 0, '', :now, "
        ":now)",
        {},
    ),
]


def test_data_written_under_the_first_migration_survives_every_upgrade(empty_database):
    app = make_app(empty_database)
    with app.app_context():
        upgrade(revision="0001_foundation")
        with db.engine.begin() as conn:
            for sql, values in FIRST_DATA:
                conn.execute(text(sql), {"now": NOW, **values})
        upgrade()
        db.session.remove()
        people = db.session.scalars(select(Participant).order_by(Participant.id)).all()
        assert [(p.first_name, p.language, p.ranking) for p in people] == [
            ("María José", "es", [11, 6, 13]),
            ("João", "pt", [11, 6, 13]),
        ]
        assert [p.badge_code for p in people] == ["BADGE1", "BADGE2"]
        assert people[0].edition.slug == "puerto-montt-2017"
        heads = db.session.execute(text("SELECT version_num FROM alembic_version")).scalars()
        assert list(heads) == [_head(app)]
        db.session.remove()
        db.engine.dispose()
    result = app.test_cli_runner().invoke(
        args=["participants", "export", "--edition", "puerto-montt-2017"]
    )
    assert result.exit_code == 0, result.output
    assert "María José" in result.output and "BADGE2" in result.output
    with app.app_context():
        db.engine.dispose()


def _head(app) -> str:
    from alembic.script import ScriptDirectory

    config = app.extensions["migrate"].migrate.get_config()
    (head,) = ScriptDirectory.from_config(config).get_heads()
    return head


def test_the_models_and_the_migrations_describe_the_same_schema(app):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


@pytest.mark.skipif(not POSTGRES_URL, reason="SEMINAR_TEST_POSTGRES is not set")
@pytest.mark.parametrize("database_url", BACKENDS[1:], indirect=True)
def test_every_check_constraint_of_the_models_is_in_the_postgresql_schema(database_url):
    app = make_app(database_url)
    with app.app_context():
        inspector = inspect(db.engine)
        for table in db.metadata.sorted_tables:
            declared = {
                c.name for c in table.constraints if isinstance(c, CheckConstraint) and c.name
            }
            found = {c["name"] for c in inspector.get_check_constraints(table.name)}
            assert declared <= found, f"{table.name}: {declared - found} missing in the database"
            assert found <= declared, f"{table.name}: {found - declared} not in the models"
        db.engine.dispose()
