"""What a certificate says, in its holder's language: plain data for templates/pdf/certificate.html.

The statement under the name has a default per role (participant, speaker "expositor/a",
facilitator "facilitador/a"); organisers may replace it per language, with the placeholders
{edition}, {city}, {dates}, {session} and {hours}.
"""

import re
from datetime import date

from babel.dates import format_date, format_interval
from flask_babel import force_locale
from flask_babel import gettext as _

from seminar import ods
from seminar.certificates import signatures
from seminar.certificates.codes import grouped
from seminar.models import Certificate, CertificateSettings, Edition
from seminar.textfit import fit_text

# The name's line on an A4 landscape page, inside 24 mm margins.
NAME_WIDTH_MM = 249
PLACEHOLDER = re.compile(r"\{(edition|city|dates|session|hours)\}")


def default_statement(kind: str, has_session: bool) -> str:
    """The sentence after the holder's name, in the current locale, with placeholders."""
    if kind == "speaker" and has_session:
        return _(
            "took part as a speaker in %(edition)s, held in %(city)s %(dates)s, "
            "presenting «%(session)s»."
        )
    if kind == "speaker":
        return _("took part as a speaker in %(edition)s, held in %(city)s %(dates)s.")
    if kind == "facilitator" and has_session:
        return _(
            "took part as a facilitator in %(edition)s, held in %(city)s %(dates)s, "
            "leading «%(session)s»."
        )
    if kind == "facilitator":
        return _("took part as a facilitator in %(edition)s, held in %(city)s %(dates)s.")
    return _("took part in %(edition)s, held in %(city)s %(dates)s.")


def dates_text(edition: Edition, language: str) -> str:
    if edition.starts_on == edition.ends_on:
        return _("on %(date)s", date=format_date(edition.starts_on, "long", locale=language))
    span = format_interval(edition.starts_on, edition.ends_on, "yMMMMd", locale=language)
    return _("from %(span)s", span=span)


def fill(template: str, values: dict[str, str]) -> str:
    """Replace known {placeholders} only: organisers' text is never a format string."""
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def _statement(certificate: Certificate, edition: Edition, settings: CertificateSettings) -> str:
    values = {
        "edition": edition.name,
        "city": edition.city,
        "dates": dates_text(edition, certificate.language),
        "session": certificate.session_title,
        "hours": str(certificate.hours),
    }
    custom = (settings.wording or {}).get(certificate.language)
    if custom:
        return fill(custom, values)
    return default_statement(certificate.kind, bool(certificate.session_title)) % values


def context(
    certificate: Certificate,
    settings: CertificateSettings,
    verify_url: str,
    signature_rows: list | None = None,
) -> dict:
    """Everything the certificate template shows, already worded in the holder's language."""
    edition = certificate.edition
    language = certificate.language
    rows = signature_rows if signature_rows is not None else signatures.for_edition(edition.id)
    with force_locale(language):
        workshops = []
        for item in certificate.workshops:
            goal = ods.goal(item["ods"])
            workshops.append(
                {
                    "number": goal.number,
                    "colour": goal.colour,
                    "name": goal.name(language),
                    "title": item.get("title") or "",
                }
            )
        return {
            "language": language,
            "title": _("Certificate"),
            "lead": _("This certifies that"),
            "holder_name": certificate.holder_name,
            "name_pt": fit_text(
                certificate.holder_name, NAME_WIDTH_MM, max_pt=34, min_pt=14, max_lines=1
            ).size_pt,
            "statement": _statement(certificate, edition, settings),
            "edition_name": edition.name,
            "city": edition.city,
            "dates": dates_text(edition, language),
            "hours": (
                _("Total: %(hours)s hours", hours=certificate.hours) if certificate.hours else ""
            ),
            "days_label": _("Days attended"),
            "days": [
                format_date(date.fromisoformat(d), "d MMM", locale=language)
                for d in certificate.days
            ],
            "workshops_label": _("ODS workshops attended"),
            "workshops": workshops,
            "signatures": [
                {"id": s.id, "name": s.signer_name, "title": s.signer_title} for s in rows
            ],
            "issued_label": _(
                "Issued on %(date)s",
                date=format_date(
                    certificate.issued_at.astimezone(edition.tz).date(), "long", locale=language
                ),
            ),
            "code_label": _("Verification code"),
            "code": grouped(certificate.code),
            "verify_label": _("Check that this certificate is genuine at"),
            "verify_url": verify_url,
            "version": certificate.version,
        }
