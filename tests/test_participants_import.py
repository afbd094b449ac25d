import csv
import io

from sqlalchemy import func, select

from seminar.csvfile import COLUMNS
from seminar.demo.people import people
from seminar.extensions import db
from seminar.models import Participant
from tests.factories import make_edition, make_participant


def csv_bytes(rows, delimiter=",", bom=False) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode()


def count_participants() -> int:
    return db.session.scalar(select(func.count()).select_from(Participant))


def test_import_creates_confirmed_registrations_and_reimport_changes_nothing(runner, tmp_path):
    edition = make_edition(capacity=500)
    path = tmp_path / "people.csv"
    path.write_bytes(csv_bytes(people(120)))
    result = runner.invoke(args=["participants", "import", str(path), "--edition", edition.slug])
    assert result.exit_code == 0, result.output
    assert "created 120, updated 0, unchanged 0" in result.output
    assert db.session.scalar(select(func.count()).where(Participant.status == "confirmed")) == 120
    again = runner.invoke(args=["participants", "import", str(path), "--edition", edition.slug])
    assert "created 0, updated 0, unchanged 120" in again.output
    db.session.refresh(edition)
    assert edition.seats_taken == 120


def test_reimport_with_a_changed_row_updates_only_that_person(runner, tmp_path):
    edition = make_edition(capacity=500)
    rows = people(10)
    path = tmp_path / "people.csv"
    path.write_bytes(csv_bytes(rows))
    runner.invoke(args=["participants", "import", str(path), "--edition", edition.slug])
    rows[3]["preferences"] = "17;16;15"
    rows[3]["email"] = rows[3]["email"].upper()  # the same person: emails match case-insensitively
    path.write_bytes(csv_bytes(rows))
    result = runner.invoke(args=["participants", "import", str(path), "--edition", edition.slug])
    assert "created 0, updated 1, unchanged 9" in result.output
    assert count_participants() == 10


def test_one_bad_row_rejects_the_whole_file_naming_line_and_column(runner, tmp_path):
    edition = make_edition(capacity=500)
    rows = people(30)
    rows[4]["preferences"] = "11;42;3"
    rows[9]["email"] = "nobody-at-example.org"
    rows[19]["country"] = "XX"
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes(rows))
    result = runner.invoke(args=["participants", "import", str(path), "--edition", edition.slug])
    assert result.exit_code != 0
    assert "line 6, column preferences: unknown ODS '42'" in result.output
    assert "line 11, column email" in result.output
    assert "line 21, column country: unknown country 'XX'" in result.output
    assert count_participants() == 0


def test_excel_export_with_bom_and_semicolons_imports(runner, tmp_path):
    edition = make_edition()
    rows = people(5)
    rows[0]["first_name"] = "Conceição"
    path = tmp_path / "excel.csv"
    path.write_bytes(csv_bytes(rows, delimiter=";", bom=True))
    result = runner.invoke(args=["participants", "import", str(path), "--edition", edition.slug])
    assert result.exit_code == 0, result.output
    assert db.session.scalars(select(Participant.first_name)).all().count("Conceição") == 1


def test_dry_run_counts_and_writes_nothing(runner, tmp_path):
    edition = make_edition()
    path = tmp_path / "people.csv"
    path.write_bytes(csv_bytes(people(7)))
    result = runner.invoke(
        args=["participants", "import", str(path), "--edition", edition.slug, "--dry-run"]
    )
    assert "would have created 7" in result.output
    assert count_participants() == 0


def test_import_beyond_capacity_is_refused_and_writes_nothing(runner, tmp_path):
    edition = make_edition(capacity=5)
    path = tmp_path / "people.csv"
    path.write_bytes(csv_bytes(people(6)))
    result = runner.invoke(args=["participants", "import", str(path), "--edition", edition.slug])
    assert result.exit_code != 0
    assert "needs 6 seats" in result.output
    assert count_participants() == 0


def test_unknown_edition_exits_non_zero_with_a_reason(runner, tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(csv_bytes(people(1)))
    result = runner.invoke(args=["participants", "import", str(path), "--edition", "nope"])
    assert result.exit_code != 0
    assert "no edition with slug 'nope'" in result.output


def test_export_adds_workshops_badge_code_status_and_days(runner):
    edition = make_edition()
    person = make_participant(edition, first_name="Ñandú")
    result = runner.invoke(args=["participants", "export", "--edition", edition.slug])
    (row,) = list(csv.DictReader(io.StringIO(result.output)))
    assert list(row) == [*COLUMNS, "workshops", "badge_code", "status", "checked_in_days"]
    assert row["first_name"] == "Ñandú"
    assert row["badge_code"] == person.badge_code
    assert (row["status"], row["checked_in_days"], row["preferences"]) == (
        "confirmed",
        "0",
        "11;6;13",
    )
