"""Certificates: eligibility from check-in records, issuing, verification, corrections."""

from datetime import UTC, date, datetime

from sqlalchemy import func, select

from seminar.certificates import codes, services
from seminar.extensions import db
from seminar.models import Assignment, Certificate, OutboxMessage
from tests.factories import make_attendance, make_edition, make_participant

DAY1, DAY2, DAY3 = date(2017, 10, 4), date(2017, 10, 5), date(2017, 10, 6)


def eligible_ids(edition) -> set[int]:
    return {s.participant.id for s in services.standings(edition) if s.eligible}


def issue(edition):
    report = services.issue(edition)
    db.session.commit()
    return report


def test_default_rule_takes_everyone_checked_in_on_at_least_one_day(app):
    edition = make_edition()
    came, stayed_home = make_participant(edition), make_participant(edition)
    make_attendance(came, DAY2)
    assert eligible_ids(edition) == {came.id}
    assert stayed_home.id not in eligible_ids(edition)


def test_a_rehearsal_check_in_before_the_edition_does_not_count(app):
    edition = make_edition()
    person = make_participant(edition)
    make_attendance(person, date(2017, 10, 3))
    assert eligible_ids(edition) == set()


def test_min_days_rule_needs_that_many_days(app):
    edition = make_edition()
    two, one = make_participant(edition), make_participant(edition)
    make_attendance(two, DAY1, DAY3)
    make_attendance(one, DAY1)
    services.save_settings(edition, rule="days", min_days=2, hours=16, wording={})
    assert eligible_ids(edition) == {two.id}


def _assign(person, edition, position: int, ods: int, starts: datetime):
    round_ = next(r for r in edition.rounds if r.position == position)
    round_.starts_at = starts
    workshop = next(w for w in round_.workshops if w.ods == ods)
    db.session.add(Assignment(participant=person, round_id=round_.id, workshop_id=workshop.id))
    db.session.commit()


def test_workshop_rule_needs_attendance_on_the_day_of_each_assigned_round(app):
    edition = make_edition(rounds=2)
    # 23:30 in Santiago on 4 October is already 5 October in UTC: the local day counts.
    late = datetime(2017, 10, 5, 2, 30, tzinfo=UTC)
    both, missed = make_participant(edition), make_participant(edition)
    for person in (both, missed):
        _assign(person, edition, 1, 11, late)
        _assign(person, edition, 2, 6, datetime(2017, 10, 6, 14, tzinfo=UTC))
    make_attendance(both, DAY1, DAY3)
    make_attendance(missed, DAY2, DAY3)
    services.save_settings(edition, rule="workshops", min_days=1, hours=0, wording={})
    standings = {s.participant.id: s for s in services.standings(edition)}
    assert standings[both.id].eligible
    assert [w["ods"] for w in standings[both.id].workshops] == [11, 6]
    assert not standings[missed.id].eligible
    assert standings[missed.id].why == "missed_workshops"
    # the page's count, which reads the workshops only when the rule looks at them, agrees
    assert services.tally(edition) == {"rule": 1, "missed_workshops": 1}


def test_organiser_can_include_and_exclude_by_hand_with_a_reason(app):
    edition = make_edition()
    absent, present = make_participant(edition), make_participant(edition)
    make_attendance(present, DAY1)
    services.set_override(absent, decision="include", reason="Attended online")
    services.set_override(present, decision="exclude", reason="Left after ten minutes")
    db.session.commit()
    assert eligible_ids(edition) == {absent.id}


def test_a_decision_by_hand_without_a_reason_is_refused(app):
    edition = make_edition()
    person = make_participant(edition)
    try:
        services.set_override(person, decision="include", reason=" ")
    except services.CertificateError:
        pass
    else:
        raise AssertionError("an override without a reason was accepted")


def test_issuing_twice_does_not_duplicate_a_valid_certificate(app):
    edition = make_edition()
    person = make_participant(edition)
    make_attendance(person, DAY1)
    assert len(issue(edition).issued) == 1
    again = issue(edition)
    assert (len(again.issued), again.unchanged) == (0, 1)
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 1
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1


def test_issued_certificate_snapshots_name_language_and_queues_email_in_it(app):
    edition = make_edition()
    person = make_participant(
        edition, first_name="João", last_name="Gonçalves", language="pt", role="speaker"
    )
    make_attendance(person, DAY1, DAY2)
    (certificate,) = issue(edition).issued
    assert certificate.holder_name == "João Gonçalves"
    assert certificate.kind == "speaker"
    assert certificate.session_title.startswith("ODS 11")
    assert certificate.days == ["2017-10-04", "2017-10-05"]
    message = db.session.scalars(select(OutboxMessage)).one()
    assert (message.template, message.language) == ("certificate_issued", "pt")
    assert message.context["attachments"] == ["certificate"]


def test_codes_are_long_random_and_typed_back_in_any_case_with_or_without_dashes():
    code = codes.new_code()
    assert len(code) == 25 and code != codes.new_code()
    typed = codes.grouped(code).lower().replace("-", " ", 2)
    assert codes.normalise(typed) == code
    assert codes.normalise(code[:-1]) is None


def test_revoked_certificate_is_not_reissued_by_the_next_batch(app):
    edition = make_edition()
    person = make_participant(edition)
    make_attendance(person, DAY1)
    (certificate,) = issue(edition).issued
    services.revoke(certificate, "Issued by mistake")
    db.session.commit()
    report = issue(edition)
    assert (len(report.issued), report.revoked_skipped) == (0, 1)
