"""Who gets a certificate, issuing it, name corrections and revocation.

Eligibility comes from real check-in records (`Attendance`: one row per person per day, in the
edition's time zone). Days outside the edition's dates are rehearsals and never count.

- rule "days": attended on at least `min_days` days of the edition (default: one day);
- rule "workshops": assigned to at least one workshop and, for each workshop assigned, attended
  on the day of its round (the local date of `Round.starts_at`; a round without a time counts
  any day of the edition);
- rule "doors": the same, but each workshop must have been attended for real: scanned at its door
  by a check-in station set to that workshop (`WorkshopAttendance`);
- a virtual edition: online at least `min_minutes` in all (default 30), or `min_share` of the
  programme's minutes when set, from the platforms' reports (seminar/attendance); a hybrid
  edition accepts either the rule above or these minutes;
- an organiser's decision (include / exclude, with a reason) beats the rule.
"""

from collections import Counter
from dataclasses import dataclass, field

from flask_babel import LazyString, force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from seminar import audit, email, wording
from seminar.certificates import eligibility
from seminar.certificates.codes import grouped, new_code, normalise
from seminar.certificates.eligibility import Standing
from seminar.clock import now
from seminar.content import localized
from seminar.extensions import db
from seminar.models import (
    Certificate,
    CertificateOverride,
    CertificateSettings,
    Edition,
    NameCorrection,
    Participant,
)
from seminar.models.certificate import ELIGIBILITY_RULES
from seminar.models.participant import fold
from seminar.paging import Page, paginate
from seminar.urls import external

__all__ = ["Standing"]


class CertificateError(ValueError):
    """A rule said no: the message is for organisers and the CLI, `code` for holders' pages."""

    def __init__(self, message: str | LazyString, code: str = ""):
        super().__init__(message)
        self.code = code


@dataclass
class IssueReport:
    issued: list[Certificate] = field(default_factory=list)
    unchanged: int = 0
    revoked_skipped: int = 0
    not_eligible: int = 0

    def summary(self) -> str:
        return (
            f"issued {len(self.issued)}, already issued {self.unchanged}, "
            f"revoked (skipped) {self.revoked_skipped}, not eligible {self.not_eligible}, "
            f"emails queued {len(self.issued)}"
        )


def settings_for(edition: Edition) -> CertificateSettings:
    """The edition's settings, created with the defaults the first time they are needed."""
    settings = db.session.scalars(
        select(CertificateSettings).where(CertificateSettings.edition_id == edition.id)
    ).first()
    if settings is None:
        settings = CertificateSettings(
            edition_id=edition.id, rule="days", min_days=1, hours=0, wording={}
        )
        db.session.add(settings)
        db.session.flush()
    return settings


def save_settings(
    edition: Edition,
    *,
    rule: str,
    min_days: int,
    hours: int,
    wording: dict[str, str],
    min_minutes: int | None = None,
    min_share: float | None = None,
) -> CertificateSettings:
    """`min_minutes` / `min_share` (0 < share <= 1, None: use minutes) judge online attendance."""
    if rule not in ELIGIBILITY_RULES:
        raise CertificateError(
            _l("unknown rule '%(rule)s' (%(known)s)", rule=rule, known=", ".join(ELIGIBILITY_RULES))
        )
    if min_days < 1 or hours < 0:
        raise CertificateError(_l("days must be at least 1 and hours cannot be negative"))
    if min_minutes is not None and min_minutes < 1:
        raise CertificateError(_l("the minutes online must be at least 1"))
    if min_share is not None and not 0 < min_share <= 1:
        raise CertificateError(_l("the share of the programme must be above 0 % and at most 100 %"))
    settings = settings_for(edition)
    settings.rule, settings.min_days, settings.hours = rule, min_days, hours
    if min_minutes is not None:
        settings.min_minutes = min_minutes
    settings.min_share = min_share
    settings.wording = {lang: text.strip() for lang, text in wording.items() if text.strip()}
    db.session.flush()
    audit.record("certificates.settings", edition.slug, edition.id, rule=rule, min_days=min_days)
    return settings


def set_override(
    participant: Participant,
    *,
    decision: str | None,
    reason: str = "",
    kind: str | None = None,
    session_title: str = "",
) -> CertificateOverride:
    """Include or exclude someone by hand (a reason is required), or name their role."""
    if decision not in (None, "include", "exclude"):
        raise CertificateError(_l("unknown decision '%(decision)s'", decision=decision))
    if decision and not reason.strip():
        raise CertificateError(_l("say why this person is included or excluded by hand"))
    override = db.session.scalars(
        select(CertificateOverride).where(CertificateOverride.participant_id == participant.id)
    ).first() or CertificateOverride(edition_id=participant.edition_id, participant=participant)
    override.decision, override.reason = decision, reason.strip()
    override.kind, override.session_title = kind or None, session_title.strip()
    db.session.add(override)
    db.session.flush()
    audit.record(
        "certificates.override", participant.email, participant.edition_id, decision=decision
    )
    return override


def standings(edition: Edition, only: set[int] | None = None) -> list[Standing]:
    """Everyone who registered (but did not cancel) or was included by hand, with their standing
    (only the people in `only`, when given)."""
    return eligibility.standings(edition, settings_for(edition), only)


def tally(edition: Edition) -> Counter:
    """How many people stand where (a key of eligibility.REASONS), without loading anyone."""
    return eligibility.tally(edition, settings_for(edition))


def latest(participant_id: int) -> Certificate | None:
    return db.session.scalars(
        select(Certificate)
        .where(Certificate.participant_id == participant_id)
        .order_by(Certificate.version.desc())
    ).first()


def _next_version(participant_id: int) -> int:
    current = db.session.scalar(
        select(func.max(Certificate.version)).where(Certificate.participant_id == participant_id)
    )
    return (current or 0) + 1


def new_certificate(edition: Edition, participant: Participant | None, **fields) -> Certificate:
    """A valid certificate with a fresh code, issued now; not added to the session. `fields`:
    version, kind, session_title, holder_name, language, hours, days, workshops."""
    return Certificate(
        edition=edition,
        edition_id=edition.id,
        participant=participant,
        code=new_code(),
        status="valid",
        issued_at=now(),
        **fields,
    )


def _from_standing(standing: Standing | None, settings: CertificateSettings) -> dict:
    return {
        "session_title": standing.session_title if standing else "",
        "holder_name": standing.participant.full_name if standing else "",
        "hours": settings.hours,
        "days": [d.isoformat() for d in standing.days] if standing else [],
        "workshops": standing.workshops if standing else [],
    }


def _create(
    edition: Edition, standing: Standing, settings: CertificateSettings, version: int
) -> Certificate:
    person = standing.participant
    certificate = new_certificate(
        edition,
        person,
        **_from_standing(standing, settings),
        version=version,
        kind=standing.kind,
        language=person.language,
    )
    db.session.add(certificate)
    return certificate


def sample(edition: Edition, language: str, kind: str) -> Certificate:
    """What a certificate of this edition looks like (nothing is issued): the first eligible
    person's, or a sample name's."""
    settings = settings_for(edition)
    first = next((v for v in eligibility.verdicts(edition, settings) if v.eligible), None)
    standing = standings(edition, {first.participant_id})[0] if first else None
    fields = _from_standing(standing, settings)
    fields["session_title"] = fields["session_title"] or "ODS 11"
    fields["holder_name"] = fields["holder_name"] or "María José Ñúñez-D'Ávila"
    return new_certificate(edition, None, **fields, version=1, kind=kind, language=language)


def issue(edition: Edition, participant_ids: set[int] | None = None) -> IssueReport:
    """Issue to everyone eligible who has none yet, and queue their emails. Safe to repeat.

    A revoked certificate is not replaced by a batch; `participant_ids` names people to issue
    to even then (the organiser's explicit choice on the admin page).
    """
    settings = settings_for(edition)
    report = IssueReport()
    current = {
        c.participant_id: c
        for c in db.session.scalars(
            select(Certificate)
            .where(Certificate.edition_id == edition.id)
            .order_by(Certificate.version)
        )
    }
    for standing in standings(edition, participant_ids):
        person = standing.participant
        if not standing.eligible:
            report.not_eligible += 1
            continue
        existing = current.get(person.id)
        if existing and existing.status == "valid":
            report.unchanged += 1
            continue
        if existing and existing.status == "revoked" and participant_ids is None:
            report.revoked_skipped += 1
            continue
        version = existing.version + 1 if existing else 1
        report.issued.append(_create(edition, standing, settings, version))
    db.session.flush()
    with db.session.no_autoflush:
        for certificate in report.issued:
            notify(certificate)
    if report.issued:
        audit.record("certificates.issue", edition.slug, edition.id, issued=len(report.issued))
    return report


def notify(certificate: Certificate) -> None:
    """Queue the holder's email, in their language, with the PDF attached."""
    person, edition = certificate.participant, certificate.edition
    email.queue(
        "certificate_issued",
        person.email,
        person.language,
        {
            "certificate_id": certificate.id,
            "first_name": person.first_name,
            "holder_name": certificate.holder_name,
            "edition_name": localized(edition, "name", person.language),
            "edition_city": edition.city,
            **_named(edition, person.language),
            "code": grouped(certificate.code),
            "verify_url": verify_url(certificate),
            "download_url": download_url(certificate),
            "version": certificate.version,
            "attachments": ["certificate"],
        },
        edition_id=edition.id,
        participant_id=person.id,
    )


def _named(edition: Edition, language: str) -> dict[str, str]:
    """The edition as a sentence names it, in the holder's language."""
    with force_locale(language):
        return {
            "edition_designation": wording.designation(edition),
            "edition_place": wording.place(edition),
        }


def verify_url(certificate: Certificate) -> str:
    return external("certificates.verify", code=grouped(certificate.code))


def download_url(certificate: Certificate) -> str:
    return external(
        "certificates.download",
        token=certificate.participant.manage_token,
        code=grouped(certificate.code),
    )


def revoke(certificate: Certificate, reason: str) -> None:
    if certificate.status != "valid":
        raise CertificateError(_l("only a valid certificate can be revoked"))
    if not reason.strip():
        raise CertificateError(
            _l("say why the certificate is revoked: the verification page shows it")
        )
    certificate.status, certificate.reason = "revoked", reason.strip()
    certificate.revoked_at = now()
    db.session.flush()
    audit.record(
        "certificates.revoke", grouped(certificate.code), certificate.edition_id, reason=reason
    )


def request_correction(
    certificate: Certificate, first_name: str, last_name: str, note: str = ""
) -> NameCorrection:
    """The holder asks, from their manage page, for their name to be written differently."""
    first_name, last_name = first_name.strip(), last_name.strip()
    if certificate.status != "valid":
        raise CertificateError(_l("only a valid certificate can be corrected"), "not_valid")
    if not first_name or not last_name:
        raise CertificateError(_l("both first and last name are needed"), "names_required")
    if f"{first_name} {last_name}" == certificate.holder_name:
        raise CertificateError(_l("the name is already written this way"), "same_name")
    if pending_correction(certificate):
        raise CertificateError(_l("a correction is already waiting for the organisers"), "pending")
    correction = NameCorrection(
        edition_id=certificate.edition_id,
        certificate=certificate,
        first_name=first_name,
        last_name=last_name,
        note=note.strip(),
    )
    db.session.add(correction)
    db.session.flush()
    return correction


def pending_correction(certificate: Certificate) -> NameCorrection | None:
    return db.session.scalars(
        select(NameCorrection).where(
            NameCorrection.certificate_id == certificate.id, NameCorrection.status == "pending"
        )
    ).first()


def approve_correction(correction: NameCorrection) -> Certificate:
    """Correct the registered name and issue a new version; the old code then says superseded."""
    if correction.status != "pending":
        raise CertificateError(_l("this correction has been decided already"))
    old = correction.certificate
    if old.status != "valid":
        raise CertificateError(_l("the certificate is no longer valid"))
    person = old.participant
    person.first_name, person.last_name = correction.first_name, correction.last_name
    person.refresh_search_text()
    old.status = "superseded"
    db.session.flush()  # the old one stops being valid before the new one is
    new = new_certificate(
        old.edition,
        person,
        version=_next_version(old.participant_id),
        kind=old.kind,
        session_title=old.session_title,
        holder_name=person.full_name,
        language=person.language,
        hours=old.hours,
        days=old.days,
        workshops=old.workshops,
    )
    db.session.add(new)
    db.session.flush()
    old.superseded_by_id, old.reason = new.id, "name corrected"
    correction.status, correction.decided_at, correction.new_certificate_id = (
        "approved",
        now(),
        new.id,
    )
    db.session.flush()
    notify(new)
    audit.record("certificates.correct", grouped(old.code), old.edition_id, new=grouped(new.code))
    return new


def reject_correction(correction: NameCorrection) -> None:
    if correction.status != "pending":
        raise CertificateError(_l("this correction has been decided already"))
    correction.status, correction.decided_at = "rejected", now()
    db.session.flush()
    audit.record("certificates.correction_rejected", str(correction.id), correction.edition_id)


def issued(edition: Edition, query: str = "", status: str = "", page: int = 1) -> Page:
    """One page of the edition's certificates by holder, newest version first; `query` is a
    code, or words of the holder's name, email or institution (accents ignored); `status` keeps
    one status."""
    found = select(Certificate).where(Certificate.edition_id == edition.id)
    if status:
        found = found.where(Certificate.status == status)
    code = normalise(query)
    if code:
        found = found.where(Certificate.code == code)
    else:
        words = fold(query).split()
        if words:
            found = found.join(Participant, Participant.id == Certificate.participant_id)
        for word in words:
            found = found.where(Participant.search_text.contains(word, autoescape=True))
    return paginate(found.order_by(Certificate.holder_name, Certificate.version.desc()), page)


def issued_counts(edition: Edition) -> dict[str, int]:
    """Certificates of the edition per status."""
    return dict(
        db.session.execute(
            select(Certificate.status, func.count())
            .where(Certificate.edition_id == edition.id)
            .group_by(Certificate.status)
        ).all()
    )


def by_code(code: str) -> Certificate | None:
    """A certificate by its normalised code."""
    return db.session.scalars(select(Certificate).where(Certificate.code == code)).first()


def for_participant(participant: Participant) -> list[Certificate]:
    """A holder's certificates, newest first (their manage page lists them)."""
    return list(
        db.session.scalars(
            select(Certificate)
            .where(Certificate.participant_id == participant.id)
            .order_by(Certificate.version.desc())
        )
    )
