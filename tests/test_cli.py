import csv
import io

from sqlalchemy import select

from seminar import users
from seminar.extensions import db
from seminar.models import Edition, Participant, User, Workshop
from tests.factories import make_edition


def test_editions_create_makes_an_edition(runner):
    result = runner.invoke(
        args=[
            "editions",
            "create",
            "--slug",
            "puerto-montt-ii",
            "--name",
            "Puerto Montt II",
            "--city",
            "Puerto Montt",
            "--starts",
            "2018-10-02",
            "--ends",
            "2018-10-05",
            "--timezone",
            "America/Santiago",
        ]
    )
    assert result.exit_code == 0, result.output
    edition = db.session.scalars(select(Edition).filter_by(slug="puerto-montt-ii")).one()
    assert (edition.starts_on.isoformat(), edition.timezone) == ("2018-10-02", "America/Santiago")


def test_editions_create_refuses_an_unknown_time_zone(runner):
    result = runner.invoke(
        args=[
            "editions",
            "create",
            "--slug",
            "x",
            "--name",
            "X",
            "--city",
            "Y",
            "--starts",
            "2018-10-02",
            "--ends",
            "2018-10-05",
            "--timezone",
            "Mars/Olympus",
        ]
    )
    assert result.exit_code != 0
    assert "unknown time zone 'Mars/Olympus'" in result.output
    assert db.session.scalars(select(Edition)).first() is None


def test_workshops_import_then_export_round_trips_with_assigned(runner, tmp_path):
    edition = make_edition(rounds=0)
    path = tmp_path / "w.csv"
    path.write_text(
        "round,ods,room,capacity\n1,11,Sala Chiloé,40\n1,6,Sala Tenglo,30\n2,11,Sala Chiloé,40\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["workshops", "import", str(path), "--edition", edition.slug])
    assert result.exit_code == 0, result.output
    again = runner.invoke(args=["workshops", "import", str(path), "--edition", edition.slug])
    assert "created 0, updated 0, unchanged 3" in again.output
    out = runner.invoke(args=["workshops", "export", "--edition", edition.slug])
    rows = list(csv.DictReader(io.StringIO(out.output)))
    assert rows[0] == {
        "round": "1",
        "ods": "6",
        "room": "Sala Tenglo",
        "capacity": "30",
        "assigned": "0",
    }
    assert len(rows) == 3


def test_workshops_import_rejects_a_bad_file_whole(runner, tmp_path):
    edition = make_edition(rounds=0)
    path = tmp_path / "w.csv"
    path.write_text("round,ods,room,capacity\n1,11,A,40\n1,18,B,30\n1,6,A,x\n", encoding="utf-8")
    result = runner.invoke(args=["workshops", "import", str(path), "--edition", edition.slug])
    assert result.exit_code != 0
    assert "line 3, column ods: unknown ODS '18'" in result.output
    assert db.session.scalars(select(Workshop)).first() is None


def test_users_create_generates_a_password_and_token_prints_on_last_line(runner):
    result = runner.invoke(args=["users", "create", "desk@example.org", "--role", "checkin"])
    assert result.exit_code == 0, result.output
    password = result.output.strip().splitlines()[-1].removeprefix("password: ")
    assert users.by_email("desk@example.org").check_password(password)
    token = (
        runner.invoke(args=["users", "token", "desk@example.org"]).output.strip().splitlines()[-1]
    )
    assert users.user_for_token(token).email == "desk@example.org"


def test_users_create_refuses_an_unknown_role(runner):
    result = runner.invoke(
        args=["users", "create", "x@example.org", "--role", "boss", "--password", "long-enough-pw"]
    )
    assert result.exit_code != 0


def table_counts() -> list[int]:
    return [
        db.session.scalar(select(db.func.count()).select_from(model))
        for model in (Participant, Workshop, User)
    ]


def test_demo_load_is_idempotent(runner):
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "organiser login: admin@seminario.demo" in first.output
    counts = table_counts()
    second = runner.invoke(args=["demo", "load"])
    assert "unchanged" in second.output
    assert counts == table_counts()
    # Two rounds of 17 workshops in each Puerto Montt edition; the virtual seminar has none.
    assert counts[1] == 4 * 17 and counts[0] > 600
